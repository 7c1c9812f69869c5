import datetime
import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.places import issuing_authority, place_on
from evaluation.rules import renewal_terms

# --- Certificates: one record for imported and portal-issued recognitions --------------------


class RecognitionLevel(models.TextChoices):
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")
    CENTRAL = "central", _("Central")


class EvaluationType(models.TextChoices):
    FIRST = "first", _("First evaluation")
    UPGRADE = "upgrade", _("Upgrade")
    RE_EVALUATION = "re_evaluation", _("Re-evaluation")


class CertificateSource(models.TextChoices):
    IMPORTED = "imported", _("Imported register")
    PORTAL = "portal", _("Issued in the portal")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRING = "expiring", _("Expiring soon (renewal open)")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Superseded")


def new_public_code():

    return secrets.token_urlsafe(9)


class CertificateQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Certificates in force on the day: issued, not expired, revoked or superseded by then
        (the same rules as `Certificate.status_on`)."""
        return self.filter(
            Q(revoked_on__isnull=True) | Q(revoked_on__gt=day),
            Q(superseded_on__isnull=True) | Q(superseded_on__gt=day),
            issued_on__lte=day,
            expires_on__gte=day,
        )


class Certificate(models.Model):
    """A product's recognition at a star level by a decision (quyết định công nhận).

    Valid for the term its criteria version sets (evaluation.rules.certificate_validity_months);
    it counts as expiring once re-evaluation may be filed (evaluation.rules.renewal_terms). Its
    status is derived from its dates and events as of any day, so reports can look back in time.
    """

    product = models.ForeignKey(
        "products.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    number = models.CharField(_("certificate number"), max_length=50, blank=True)
    decision = models.ForeignKey(
        "evaluation.RecognitionDecision",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    dossier = models.ForeignKey(
        "evaluation.Dossier",
        verbose_name=_("dossier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    stars = models.PositiveSmallIntegerField(_("stars"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    level = models.CharField(
        _("recognising level"), max_length=10, choices=RecognitionLevel.choices
    )
    evaluation_type = models.CharField(
        _("evaluation type"),
        max_length=15,
        choices=EvaluationType.choices,
        default=EvaluationType.FIRST,
    )
    decision_number = models.CharField(_("decision number"), max_length=100)
    decision_date = models.DateField(_("recognition date"))
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    public_code = models.CharField(
        _("verification code"), max_length=20, unique=True, default=new_public_code, editable=False
    )
    source = models.CharField(_("source"), max_length=10, choices=CertificateSource.choices)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = CertificateQuerySet.as_manager()

    # Not stored: the day the rulebook reads the status on (evaluation.policies.CERTIFICATE).
    # None is today; a later decision supersedes a certificate as it stood on its own date.
    status_day: datetime.date | None = None

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-decision_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision_number", "product"], name="certificate_unique_per_decision"
            ),
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=5), name="certificate_stars_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(issued_on__lt=models.F("expires_on")), name="certificate_period_ordered"
            ),
        ]
        indexes = [
            models.Index(fields=["product", "decision_date"]),
            models.Index(fields=["expires_on"]),
            # "Valid on a day" for one product, answered from the index alone: the catalogue
            # asks it for every product matching a search.
            models.Index(
                fields=["product"],
                include=["stars", "issued_on", "expires_on", "revoked_on", "superseded_on"],
                name="certificate_validity",
            ),
        ]

    def __str__(self):
        return f"{self.product} – {self.stars}★ – {self.decision_number}"

    @property
    def place_at_recognition(self) -> str:
        """Where the producer stood on the decision's date, in that day's units
        ("Thị trấn Lao Bảo, huyện Hướng Hóa — nay là Xã Lao Bảo")."""

        subject = self.product.subject
        return place_on(self.decision_date, legacy=subject.legacy_commune, current=subject.commune)

    @property
    def issuing_authority(self) -> str:
        """Who recognised the product: a district certificate names the district People's
        Committee that issued it (QĐ 148/2023, until 30/6/2025)."""

        return issuing_authority(
            self.level, self.decision_date, legacy=self.product.subject.legacy_commune
        )

    def status_on(self, day: datetime.date | None = None) -> str:
        """The certificate's status on `day` (today by default): the one statement every page,
        the public check and the rulebook read (`valid_on` and `status_q` say it as queries).

        A revocation takes effect on its decision's date: a revocation recorded ahead of that
        date leaves the certificate valid (or expiring) until the day comes, and revoked from
        it on — as the public check shows, with the date. Likewise a certificate is superseded
        from the date of the decision that replaces it.
        """
        day = day or timezone.localdate()
        if self.revoked_on and self.revoked_on <= day:
            return CertificateStatus.REVOKED
        if self.superseded_on and self.superseded_on <= day:
            return CertificateStatus.SUPERSEDED
        if day > self.expires_on:
            return CertificateStatus.EXPIRED
        if (self.expires_on - day).days <= renewal_terms(day).opens_days:
            return CertificateStatus.EXPIRING
        return CertificateStatus.VALID


def status_q(status: str, day) -> Q:
    """Certificates whose `status_on(day)` is `status`, as a query (the same rules)."""

    revoked = Q(revoked_on__lte=day)
    superseded = Q(superseded_on__lte=day) & ~revoked
    ended = revoked | Q(superseded_on__lte=day)
    expired = Q(expires_on__lt=day) & ~ended
    soon = day + datetime.timedelta(days=renewal_terms(day).opens_days)
    return {
        CertificateStatus.REVOKED: revoked,
        CertificateStatus.SUPERSEDED: superseded,
        CertificateStatus.EXPIRED: expired,
        CertificateStatus.EXPIRING: Q(expires_on__gte=day, expires_on__lte=soon) & ~ended,
        CertificateStatus.VALID: Q(expires_on__gt=soon) & ~ended,
    }[status]


class RevocationGround(models.TextChoices):
    # QĐ 148/2023 and QĐ 26/2026: the grounds on which a recognition is withdrawn.
    FORGED = "forged", _("Forged dossier")
    CRITERIA_NOT_MET = "criteria_not_met", _("Criteria no longer met (inspection finding)")
    LAW_BREACH = "law_breach", _("Breach of quality, food-safety, environment, IP or labelling law")
    MARK_MISUSE = "mark_misuse", _("Misuse of the OCOP mark")
    PRODUCTION_STOPPED = "production_stopped", _("Production stopped")
    OTHER_FINDING = "other_finding", _("Other finding of a competent body")


class Revocation(models.Model):
    certificate = models.OneToOneField(
        Certificate, on_delete=models.PROTECT, related_name="revocation"
    )
    ground = models.CharField(_("ground"), max_length=20, choices=RevocationGround.choices)
    finding_date = models.DateField(_("date of the finding"))
    decision_number = models.CharField(_("revocation decision"), max_length=100)
    decision_date = models.DateField(_("decision date"))
    evidence = models.TextField(_("evidence"))
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("revocation")
        verbose_name_plural = _("revocations")

    def __str__(self):
        return self.decision_number


class InspectionKind(models.TextChoices):
    PERIODIC = "periodic", _("Periodic")
    AD_HOC = "ad_hoc", _("Ad hoc")


class InspectionOutcome(models.TextChoices):
    # A failed inspection is followed up by the province: the product meets its dossier again
    # ("đạt"), or the finding goes to revocation (QĐ 26/2026: within 15 days of the finding).
    NONE = "", _("Compliant")
    PENDING = "pending", _("Awaiting follow-up")
    PASSED = "passed", _("Compliant after follow-up")
    REVOCATION = "revocation", _("Sent to revocation")


class Inspection(models.Model):
    """Post-certification inspection (hậu kiểm): does the product still meet its dossier?"""

    FOLLOW_UP_DAYS = 30  # the follow-up's default due date after a failed inspection

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="inspections"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=InspectionKind.choices)
    date = models.DateField(_("date"))
    inspector = models.CharField(_("inspected by"), max_length=255)
    findings = models.TextField(_("findings"))
    compliant = models.BooleanField(_("still meets its dossier"))
    follow_up = models.TextField(_("follow-up"), blank=True)
    follow_up_due = models.DateField(_("follow-up due by"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=InspectionOutcome.choices, default="", blank=True
    )
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    follow_up_findings = models.TextField(_("findings of the follow-up"), blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.certificate} – {self.date}"

    @property
    def overdue(self) -> bool:

        return (
            self.outcome == InspectionOutcome.PENDING
            and self.follow_up_due is not None
            and self.follow_up_due < timezone.localdate()
        )


class ExpiryReminder(models.Model):
    """One reminder sent, so the daily job never sends the same one twice."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["certificate", "days_before"], name="reminder_once")
        ]

    def __str__(self):
        return f"{self.certificate} – {self.days_before}"
