from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit
from ocop_portal.text import fold
from subjects.sme import SmeSize, classify

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class LegalForm(models.TextChoices):
    COOPERATIVE = "cooperative", _("Cooperative (HTX)")
    COOPERATIVE_GROUP = "cooperative_group", _("Cooperative group (THT)")
    ENTERPRISE = "enterprise", _("Enterprise (DN)")
    FARM = "farm", _("Farm")
    HOUSEHOLD = "household", _("Registered household business")
    ASSOCIATION = "association", _("Association")
    OPERATING_CENTRE = "operating_centre", _("Operating centre")


# Associations and operating centres may carry only tourism products (QĐ 148/2023 and
# QĐ 26/2026, Điều 3: subjects of the programme).
TOURISM_ONLY_FORMS = frozenset({LegalForm.ASSOCIATION, LegalForm.OPERATING_CENTRE})


class SmeSector(models.TextChoices):
    """Sector groups of Nghị định 80/2021/NĐ-CP, Điều 5 (subjects/sme.py)."""

    AGRICULTURE_INDUSTRY = (
        "agriculture_industry",
        _("Agriculture, forestry, fisheries; industry and construction"),
    )
    TRADE_SERVICES = "trade_services", _("Trade and services")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class SubjectStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CEASED = "ceased", _("Ceased")


class GreenChainStatus(models.TextChoices):
    NONE = "none", _("None")
    IN_PROGRESS = "in_progress", _("Building")
    ACHIEVED = "achieved", _("Achieved")


class Subject(models.Model):
    """A producer (chủ thể OCOP): the organisation that makes a product and applies."""

    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    description = models.TextField(_("public description"), blank=True)
    description_en = models.TextField(_("public description in English"), blank=True)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    sme_size = models.CharField(
        _("SME size class"), max_length=10, choices=SmeSize.choices, blank=True
    )
    # The figures the SME size class follows from (subjects/sme.py); a recorded class wins.
    sme_sector = models.CharField(
        _("sector group (SME size)"), max_length=25, choices=SmeSector.choices, blank=True
    )
    insured_labour = models.PositiveIntegerField(
        _("social-insured labour (yearly average)"), null=True, blank=True
    )
    annual_revenue = models.DecimalField(
        _("yearly revenue (đồng)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    total_capital = models.DecimalField(
        _("total capital (đồng)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    registration_number = models.CharField(
        _("tax / business-registration number"),
        max_length=30,
        unique=True,
        help_text=_("Spaces, dots and dashes are ignored."),
    )
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The commune or ward in the current structure (from 1 July 2025)."),
    )
    legacy_commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("former commune"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("For records from before 1 July 2025: the commune in the old structure."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    representative_name = models.CharField(_("legal representative"), max_length=150, blank=True)
    representative_title = models.CharField(_("representative's title"), max_length=100, blank=True)
    representative_gender = models.CharField(
        _("representative's gender"), max_length=10, choices=Gender.choices, blank=True
    )
    representative_ethnicity = models.CharField(
        _("representative's ethnicity"), max_length=50, blank=True
    )
    representative_disability = models.BooleanField(
        _("representative has a disability"), default=False
    )
    community_capital_share = models.DecimalField(
        _("local community capital (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    workforce = models.PositiveIntegerField(_("workforce"), null=True, blank=True)
    local_labour_share = models.DecimalField(
        _("local labour (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SubjectStatus.choices, default=SubjectStatus.ACTIVE
    )
    # Plan 180 target: ≥30 % of OCOP subjects run a green / circular value chain tied to a
    # stable raw-material area. The date makes the indicator computable as of any day.
    green_chain_status = models.CharField(
        _("green / circular value chain"),
        max_length=12,
        choices=GreenChainStatus.choices,
        default=GreenChainStatus.NONE,
    )
    green_chain_since = models.DateField(_("green value chain since"), null=True, blank=True)
    green_chain_evidence = models.TextField(_("green value chain evidence"), blank=True)
    search_text = models.TextField(editable=False, default="")

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["commune", "legal_form"]),
            models.Index(fields=["legacy_commune"]),
            GinIndex(
                fields=["search_text"], name="subject_search_trgm", opclasses=["gin_trgm_ops"]
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.set_derived_fields()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def sme_class(self):
        """The enterprise's size class: recorded, else from its figures (subjects/sme.py)."""

        return classify(self)

    def set_derived_fields(self):
        # Derived, not workflow state: keeps accent-insensitive search on an indexed column.
        self.search_text = fold(
            f"{self.name} {self.registration_number} {self.representative_name}"
        )


class CraftVillage(models.Model):
    name = models.CharField(_("name"), max_length=255)
    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    traditional = models.BooleanField(_("traditional craft village"), default=False)
    recognised_on = models.DateField(_("recognition date"), null=True, blank=True)
    recognition_decision = models.CharField(_("recognition decision"), max_length=100, blank=True)
    subjects = models.ManyToManyField(
        Subject, verbose_name=_("producers"), blank=True, related_name="craft_villages"
    )
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_text"], m2m_fields=[subjects])

    class Meta:
        verbose_name = _("craft village")
        verbose_name_plural = _("craft villages")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(self.name)
        super().save(*args, **kwargs)


class Certification(models.TextChoices):
    NONE = "none", _("None")
    VIETGAP = "vietgap", "VietGAP"
    ORGANIC = "organic", _("Organic")
    GLOBALGAP = "globalgap", "GlobalGAP"


class RawMaterialArea(models.Model):
    name = models.CharField(_("name"), max_length=255)
    communes = models.ManyToManyField(
        AdministrativeUnit, verbose_name=_("communes"), related_name="+"
    )
    hectares = models.DecimalField(
        _("area (ha)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    growing_area_code = models.CharField(_("growing-area code"), max_length=50, blank=True)
    certification = models.CharField(
        _("certification"), max_length=10, choices=Certification.choices, default=Certification.NONE
    )
    certified_until = models.DateField(_("certified until"), null=True, blank=True)
    subjects = models.ManyToManyField(
        Subject, verbose_name=_("producers"), blank=True, related_name="raw_material_areas"
    )
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_text"], m2m_fields=[subjects])

    class Meta:
        verbose_name = _("raw-material area")
        verbose_name_plural = _("raw-material areas")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.name} {self.growing_area_code}")
        super().save(*args, **kwargs)


# --- Training (plan 180's activities 6.x): courses and who attended them ---------------------


class TrainingCourse(models.Model):
    # The plan's training activity the course carries out (plan 180's activities 6.x).
    topic = models.ForeignKey(
        "reports.Activity",
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        related_name="courses",
        limit_choices_to=Q(code__startswith="6."),
    )
    title = models.CharField(_("title"), max_length=255)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    organiser = models.CharField(_("organiser"), max_length=255)
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    funding = models.DecimalField(
        _("funding (VND)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(table_name="reports_historicaltrainingcourse")

    class Meta:
        db_table = "reports_trainingcourse"  # the course records stayed where they were kept
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-starts_on"]

    def __str__(self):
        return self.title


class AttendeeRole(models.TextChoices):
    COUNCIL_MEMBER = "council_member", _("Council member")
    ADVISORY_MEMBER = "advisory_member", _("Advisory-group member")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    SUBJECT_LEADER = "subject_leader", _("Leader of an OCOP producer")
    OTHER = "other", _("Other")


class Attendance(models.Model):
    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="attendance")
    person_name = models.CharField(_("person"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=AttendeeRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.ForeignKey(
        Subject,
        verbose_name=_("producer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
    )
    # A person without an account (plan 180 counts them too) is known by their assignment.
    assignment = models.ForeignKey(
        "accounts.RoleAssignment",
        verbose_name=_("person without an account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
    )

    class Meta:
        db_table = "reports_attendance"
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        indexes = [models.Index(fields=["role"])]

    def __str__(self):
        return f"{self.person_name} – {self.course}"
