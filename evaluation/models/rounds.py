"""Evaluation rounds, dossiers, members' scoring sheets and results."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit
from evaluation.models.certificates import EvaluationType
from evaluation.models.councils import Council
from evaluation.models.criteria import (
    CriteriaVersion,
    Criterion,
    CriterionOption,
    ProcedureRuleSet,
)
from ocop_portal.storage import private_storage


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for dossiers")
    SCORING = "scoring", _("Scoring")
    CLOSED = "closed", _("Scoring closed")
    PUBLISHED = "published", _("Results published")


class Round(models.Model):
    """An evaluation round of a council at one level (district or province)."""

    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=10)  # RecognitionLevel: district / province
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveSmallIntegerField(_("round of the year"), default=1)
    criteria_version = models.ForeignKey(
        CriteriaVersion,
        verbose_name=_("criteria version"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    procedure_rules = models.ForeignKey(
        ProcedureRuleSet,
        verbose_name=_("procedure rules"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.PROTECT, related_name="rounds"
    )
    dossier_deadline = models.DateField(_("dossier deadline"))
    scoring_opens = models.DateField(_("scoring opens"))
    scoring_closes = models.DateField(_("scoring closes"))
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.PLANNED
    )
    # The day the scoring roster was fixed (scoring started); None before.
    roster_fixed_on = models.DateField(_("roster fixed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "level", "year", "sequence"], name="round_unique_per_unit_year"
            ),
            models.CheckConstraint(
                condition=Q(scoring_opens__lte=models.F("scoring_closes")),
                name="round_scoring_window_ordered",
            ),
        ]

    def __str__(self):
        return self.name


class RosterEntry(models.Model):
    """One person who scores in a round. The roster is fixed when scoring starts (members whose
    seat is active that day, secretaries left out); later seat changes leave it alone, except
    when the chair replaces a member explicitly, which ends the entry with its reason and adds
    the newcomer (`services.roster_replace`)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="roster")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="roster_entries",
    )
    position = models.CharField(_("position"), max_length=20)
    added_on = models.DateField(_("added on"))
    removed_on = models.DateField(_("replaced on"), null=True, blank=True)
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scoring roster entry")
        verbose_name_plural = _("scoring roster")
        ordering = ["round", "member__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "member"],
                condition=Q(removed_on__isnull=True),
                name="roster_member_once",
            )
        ]

    def __str__(self):
        return f"{self.member} – {self.round}"


class DossierStatus(models.TextChoices):
    """Where a dossier is in its life, one field for it all (the rulebook's `DOSSIER` policy
    says which step leaves which status):

    registered → (the intake check asks for) more documents → registered again → complete →
    closed (the chair closed scoring: the council's result exists); the chair may exclude a
    dossier that is not closed (excluded), and closing it then stores an "excluded" result
    (closed, its exclusion reason kept)."""

    REGISTERED = "registered", _("Registered: intake not yet checked")
    MORE_DOCUMENTS = "more_documents", _("More documents requested")
    COMPLETE = "complete", _("Intake complete")
    EXCLUDED = "excluded", _("Excluded by the council")
    CLOSED = "closed", _("Scoring closed")


# A dossier still in play: the intake may check it, the council score it, the chair exclude it.
DOSSIER_OPEN = frozenset(
    {DossierStatus.REGISTERED, DossierStatus.MORE_DOCUMENTS, DossierStatus.COMPLETE}
)


class ExclusionReason(models.TextChoices):
    # Each sheet's header: a dossier is excluded when forged, without the required food-safety
    # certificate, or incomplete; some criteria carry a knock-out of their own.
    FORGED = "forged", _("Forged dossier")
    FOOD_SAFETY = "food_safety", _("No required food-safety certificate")
    INCOMPLETE = "incomplete", _("Incomplete dossier")
    CRITERION = "criterion", _("Knock-out rule of a criterion")


class Dossier(models.Model):
    """A product's dossier (hồ sơ) in a round: Mẫu 01, Mẫu 02, evidence, intake, pre-assessment."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="dossiers"
    )
    product = models.ForeignKey(
        "products.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    evaluation_type = models.CharField(
        _("evaluation type"),
        max_length=15,
        choices=EvaluationType.choices,
        default=EvaluationType.FIRST,
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Mẫu 01: registration form
    representative = models.CharField(_("legal representative"), max_length=150)
    address = models.CharField(_("producer's address"), max_length=255, blank=True)
    samples = models.PositiveSmallIntegerField(_("number of samples"), default=5)
    # Mẫu 02: self-assessment report
    plan_results = models.TextField(_("results of the business plan"), blank=True)
    plan_ahead = models.TextField(_("plans ahead"), blank=True)
    self_score = models.DecimalField(
        _("self-assessed score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    self_stars = models.PositiveSmallIntegerField(_("projected stars"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=DossierStatus.choices,
        default=DossierStatus.REGISTERED,
    )
    # intake
    intake_notes = models.TextField(_("documents requested"), blank=True)
    # Mẫu 03: commune pre-assessment (rules from July 2025)
    pre_local_materials = models.BooleanField(_("local raw materials"), null=True, blank=True)
    pre_local_labour = models.BooleanField(_("local labour"), null=True, blank=True)
    pre_idea_origin = models.BooleanField(_("origin of the idea"), null=True, blank=True)
    pre_local_identity = models.BooleanField(_("local identity"), null=True, blank=True)
    pre_notes = models.TextField(_("pre-assessment notes"), blank=True)
    pre_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    pre_assessed_on = models.DateField(_("pre-assessed on"), null=True, blank=True)
    # Mẫu 03 is due within N working days of the commune receiving the dossier (rules' data).
    pre_assessment_due = models.DateField(_("pre-assessment due"), null=True, blank=True)
    # the council's exclusion (status "excluded"; kept once scoring is closed)
    exclusion_reason = models.CharField(
        _("reason for exclusion"), max_length=12, choices=ExclusionReason.choices, blank=True
    )
    exclusion_note = models.TextField(_("exclusion note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["round", "product__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "product"], name="dossier_once_per_round")
        ]

    def __str__(self):
        return f"{self.product} – {self.round}"

    @property
    def pre_assessed(self) -> bool:
        return self.pre_assessed_on is not None

    @property
    def ruled_out(self) -> bool:
        """The council excluded the dossier (before or after its scoring was closed)."""
        return self.status == DossierStatus.EXCLUDED or (
            self.status == DossierStatus.CLOSED and bool(self.exclusion_reason)
        )

    @property
    def scoring_done(self) -> bool:
        """The chair closed the dossier's scoring: the council's result exists."""
        return self.status == DossierStatus.CLOSED

    @property
    def intake_done(self) -> bool:
        """The intake found the dossier complete (a closed dossier had passed it when the rules
        required it)."""
        return self.status in (DossierStatus.COMPLETE, DossierStatus.CLOSED)


class SelfAnswer(models.Model):
    """The subject's own answer on the same sheet (Mẫu 02)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="self_answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(CriterionOption, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dossier", "criterion"], name="self_answer_unique")
        ]

    def __str__(self):
        return f"{self.criterion.code}: {self.option.points}"


def evidence_path(instance, filename):
    # A random name: nothing of the uploader's file name reaches the disk.
    return f"evidence/{instance.dossier_id}/{uuid.uuid4().hex}.{instance.extension}"


class Evidence(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("document"), max_length=255)
    file = models.FileField(_("file"), upload_to=evidence_path, storage=private_storage)
    extension = models.CharField(max_length=5)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Carried over from the previous dossier: still to be confirmed for this one ("cần xem lại").
    needs_review = models.BooleanField(_("needs review"), default=False)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["criterion__position", "uploaded_at"]

    def __str__(self):
        return self.title


class ConflictDeclaration(models.Model):
    """A member's declaration on a dossier; a recused member neither scores nor counts."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflict_declarations"
    )
    has_conflict = models.BooleanField(_("has a conflict of interest"))
    reason = models.TextField(_("reason"), blank=True)
    proposed_by_portal = models.BooleanField(_("proposed by the portal"), default=False)
    recused = models.BooleanField(_("recused"), default=False)
    declared_at = models.DateTimeField(auto_now=True)
    # When the portal proposed a conflict the member denied, the chair decides (and is logged).
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("the chair's reasons"), blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dossier", "member"], name="conflict_once")]

    def __str__(self):
        return f"{self.member} / {self.dossier}"


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Signed and submitted")


class ScoreSheet(models.Model):
    """One member's scoring sheet for one dossier: filled and signed by that member alone."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="sheets")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="score_sheets"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=2, default=0)
    # Incremented by every saved answer: a form rendered before another save is stale.
    revision = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scoring sheet of a member")
        verbose_name_plural = _("scoring sheets of members")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "member"], name="sheet_once_per_member")
        ]

    def __str__(self):
        return f"{self.member} – {self.dossier}"


class ScoreAnswer(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(CriterionOption, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    # The sheet revision of this answer's last save and the page (tab) that saved it: a page
    # that opened before another tab's save of this answer cannot overwrite it, while the same
    # page's own earlier saves never count against it.
    saved_revision = models.PositiveIntegerField(default=0)
    saved_by_tab = models.CharField(max_length=32, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="answer_once_per_sheet")
        ]

    def __str__(self):
        return f"{self.criterion.code}: {self.option.points}"


class DossierOutcome(models.TextChoices):
    RECOGNISED = "recognised", _("Recognised at this level")
    FORWARDED = "forwarded", _("Forwarded to the next level")
    NOT_RECOGNISED = "not_recognised", _("Not recognised (below 3★)")
    EXCLUDED = "excluded", _("Excluded")


class DossierResult(models.Model):
    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="result")
    average = models.DecimalField(_("average score"), max_digits=5, decimal_places=2)
    band_stars = models.PositiveSmallIntegerField(_("stars by score"))
    minima_stars = models.PositiveSmallIntegerField(_("stars allowed by the minima"))
    final_stars = models.PositiveSmallIntegerField(_("stars"))
    counted_members = models.PositiveSmallIntegerField(_("members counted"))
    outcome = models.CharField(_("outcome"), max_length=15, choices=DossierOutcome.choices)
    # What the council tells the producer (strengths, what to improve): the producer sees this,
    # never the members' own sheets.
    producer_comments = models.TextField(_("comments for the producer"), blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    def __str__(self):
        return f"{self.dossier}: {self.average} → {self.final_stars}★"


class RecognitionDecision(models.Model):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="decisions")
    number = models.CharField(_("decision number"), max_length=100, unique=True)
    date = models.DateField(_("decision date"))
    signer = models.CharField(_("signed by"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recognition decision")
        verbose_name_plural = _("recognition decisions")

    def __str__(self):
        return self.number
