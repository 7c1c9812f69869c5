"""Scoring sheets (bộ tiêu chí) as versioned reference data, and the procedure rules by period.

A round is bound to one criteria version and one procedure rule set; a version that a round
uses is never edited again (the loader refuses).
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class CriteriaVersion(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)  # e.g. qd26-2026
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    legal_basis_title = models.TextField(_("title of the legal text"), blank=True)
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    certified_min_stars = models.PositiveSmallIntegerField(_("lowest certified stars"))
    certificate_validity_months = models.PositiveSmallIntegerField(_("certificate validity"))
    provenance = models.TextField(_("provenance"))
    content_hash = models.CharField(max_length=64, editable=False)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("criteria version")
        verbose_name_plural = _("criteria versions")
        ordering = ["effective_from"]

    def __str__(self):
        return self.legal_basis

    def stars_for_score(self, score: Decimal) -> int:
        for band in self.bands.all():  # ordered from 5★ down
            if score >= band.min_score:
                return band.stars
        return 0


class StarBand(models.Model):
    version = models.ForeignKey(CriteriaVersion, on_delete=models.CASCADE, related_name="bands")
    stars = models.PositiveSmallIntegerField(_("stars"))
    min_score = models.DecimalField(_("lowest score"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("star band")
        verbose_name_plural = _("star bands")
        ordering = ["-stars"]
        constraints = [
            models.UniqueConstraint(fields=["version", "stars"], name="star_band_unique")
        ]

    def __str__(self):
        return f"{self.stars}★ ≥ {self.min_score}"


class CriteriaSheet(models.Model):
    """The scoring sheet of one product set in one version (phiếu đánh giá)."""

    version = models.ForeignKey(CriteriaVersion, on_delete=models.CASCADE, related_name="sheets")
    product_set = models.ForeignKey(
        "products.ProductSet", on_delete=models.PROTECT, related_name="sheets"
    )
    exclusion_rule = models.TextField(_("exclusion rule"), blank=True)

    class Meta:
        verbose_name = _("scoring sheet")
        verbose_name_plural = _("scoring sheets")
        ordering = ["version", "product_set__set_no"]
        constraints = [
            models.UniqueConstraint(fields=["version", "product_set"], name="sheet_unique")
        ]

    def __str__(self):
        return f"{self.product_set} ({self.version.code})"


class CriteriaPart(models.Model):
    sheet = models.ForeignKey(CriteriaSheet, on_delete=models.CASCADE, related_name="parts")
    code = models.CharField(_("code"), max_length=2)
    name = models.CharField(_("name"), max_length=255)
    max_points = models.DecimalField(_("maximum"), max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return f"{self.code}. {self.name}"


class CriteriaGroup(models.Model):
    part = models.ForeignKey(CriteriaPart, on_delete=models.CASCADE, related_name="groups")
    number = models.CharField(_("number"), max_length=10)
    name = models.CharField(_("name"), max_length=500)
    max_points = models.DecimalField(_("maximum"), max_digits=5, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Criterion(models.Model):
    group = models.ForeignKey(CriteriaGroup, on_delete=models.CASCADE, related_name="criteria")
    sheet = models.ForeignKey(CriteriaSheet, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("code"), max_length=12)
    label = models.CharField(_("label"), max_length=10, blank=True)
    name = models.TextField(_("name"))
    max_points = models.DecimalField(_("maximum"), max_digits=5, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    knockout = models.TextField(_("knock-out rule"), blank=True)
    subgroup = models.CharField(_("subgroup"), max_length=255, blank=True)
    # QĐ 148/2023 marks 3.6 (intellectual property) on the heading, not an option (anomaly A03):
    # a product needs some points here to reach this many stars.
    min_stars_for_any_points = models.PositiveSmallIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "code"], name="criterion_code_unique")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class CriterionOption(models.Model):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="options")
    text = models.TextField(_("answer"))
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    # The printed ***, ****, ***** markers: the least answer a product needs on this criterion
    # to be ranked that many stars, whatever its total.
    min_for_stars = models.PositiveSmallIntegerField(null=True, blank=True)
    case = models.CharField(_("case"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return f"{self.text} ({self.points})"


class ProcedureRuleSet(models.Model):
    """Which levels evaluate and recognise what, in a period (QĐ 1048/2019, 148/2023, 1489/2025)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    commune_step = models.CharField(_("commune step"), max_length=255, blank=True)
    # Steps the procedure requires of every dossier before its scoring may start.
    requires_intake = models.BooleanField(_("intake check required before scoring"), default=False)
    requires_pre_assessment = models.BooleanField(
        _("commune pre-assessment (Mẫu 03) required before scoring"), default=False
    )
    pre_assessment_working_days = models.PositiveSmallIntegerField(
        _("working days for the pre-assessment"), null=True, blank=True
    )
    # Before a certificate expires: re-evaluation is filed from `renewal_opens_days` until
    # `renewal_closes_days` before expiry, and holders are called a last time
    # `expiry_notice_days` before it (QĐ 148/2023, QĐ 26/2026). Empty: these rules set none.
    renewal_opens_days = models.PositiveSmallIntegerField(
        _("re-evaluation opens (days before expiry)"), null=True, blank=True
    )
    renewal_closes_days = models.PositiveSmallIntegerField(
        _("re-evaluation closes (days before expiry)"), null=True, blank=True
    )
    expiry_notice_days = models.PositiveSmallIntegerField(
        _("last reminder (days before expiry)"), null=True, blank=True
    )
    renewal_basis = models.CharField(
        _("legal basis of the renewal terms"), max_length=255, blank=True
    )

    class Meta:
        verbose_name = _("procedure rules")
        verbose_name_plural = _("procedure rules")
        ordering = ["effective_from"]

    def __str__(self):
        return self.legal_basis


class PublicHoliday(models.Model):
    """A day off of Vietnam's public holidays (Bộ luật Lao động 2019, art. 112, and each
    year's announcement, compensating days included): reference data for working-day terms."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.name}"


class ProcedureLevel(models.Model):
    rules = models.ForeignKey(ProcedureRuleSet, on_delete=models.CASCADE, related_name="levels")
    level = models.CharField(_("level"), max_length=10)  # RecognitionLevel values
    evaluates = models.BooleanField(_("has an evaluation council"), default=True)
    recognises_min_stars = models.PositiveSmallIntegerField(null=True, blank=True)
    recognises_max_stars = models.PositiveSmallIntegerField(null=True, blank=True)
    forward_threshold = models.DecimalField(
        _("forwards to the next level from"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["rules", "level"], name="procedure_level_unique")
        ]

    def __str__(self):
        return f"{self.rules.code}: {self.level}"

    def recognises(self, stars: int) -> bool:
        return self.recognises_min_stars is not None and self.recognises_min_stars <= stars <= (
            self.recognises_max_stars or 5
        )
