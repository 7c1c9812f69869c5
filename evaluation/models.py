from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit


class CouncilKind(models.TextChoices):
    COUNCIL = "council", _("Evaluation council")
    ADVISORY_GROUP = "advisory_group", _("Advisory group")


class CouncilLevel(models.TextChoices):
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")


class Council(models.Model):
    """An OCOP evaluation council (hội đồng) or its advisory group (tổ tư vấn), set up by a
    People's Committee decision for a unit and a term."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=CouncilKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=CouncilLevel.choices)
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    decision_number = models.CharField(_("establishing decision"), max_length=100, blank=True)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["-term_start", "name"]

    def __str__(self):
        return self.name


class SeatPosition(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


class CouncilSeat(models.Model):
    """A user's seat on a council for a term. A person may hold seats besides their own role."""

    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.CASCADE, related_name="seats"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="council_seats",
    )
    position = models.CharField(_("position"), max_length=20, choices=SeatPosition.choices)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council seat")
        verbose_name_plural = _("council seats")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "user", "term_start"], name="council_seat_unique"
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_start__lte=models.F("term_end")),
                name="council_seat_term_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_position_display()} – {self.council}"


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
    EXPIRING = "expiring", _("Expiring within 180 days")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Superseded")


def _new_public_code():
    import secrets

    return secrets.token_urlsafe(9)


class Certificate(models.Model):
    """A product's recognition at a star level by a decision (quyết định công nhận).

    Valid 36 months from issue (QĐ 148/2023 and QĐ 26/2026). Its status is derived from its
    dates and events as of any day, so reports can look back in time.
    """

    EXPIRING_WINDOW_DAYS = 180

    product = models.ForeignKey(
        "products.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
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
        _("verification code"), max_length=20, unique=True, default=_new_public_code, editable=False
    )
    source = models.CharField(_("source"), max_length=10, choices=CertificateSource.choices)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

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
        ]

    def __str__(self):
        return f"{self.product} – {self.stars}★ – {self.decision_number}"

    def status_on(self, day) -> str:
        if self.revoked_on and self.revoked_on <= day:
            return CertificateStatus.REVOKED
        if self.superseded_on and self.superseded_on <= day:
            return CertificateStatus.SUPERSEDED
        if day > self.expires_on:
            return CertificateStatus.EXPIRED
        if (self.expires_on - day).days <= self.EXPIRING_WINDOW_DAYS:
            return CertificateStatus.EXPIRING
        return CertificateStatus.VALID
