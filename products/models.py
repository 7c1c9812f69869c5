import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit
from ocop_portal.text import fold
from subjects.models import Subject

# --- Classification: 6 sectors → 17 groups → 26 product sets ----------------------------------


class ProductSector(models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.code}. {self.name}"


class ProductGroup(models.Model):
    sector = models.ForeignKey(ProductSector, on_delete=models.PROTECT, related_name="groups")
    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("product group")
        verbose_name_plural = _("product groups")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.code} {self.name}"


class ProductSet(models.Model):
    """One of the 26 product sets (bộ sản phẩm); each has its own scoring sheet."""

    group = models.ForeignKey(ProductGroup, on_delete=models.PROTECT, related_name="sets")
    code = models.CharField(_("code"), max_length=10, unique=True)
    set_no = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=255)
    legal_basis = models.CharField(_("legal basis"), max_length=255)

    class Meta:
        verbose_name = _("product set")
        verbose_name_plural = _("product sets")
        ordering = ["set_no"]

    def __str__(self):
        return f"{self.code} – {self.name}"

    @property
    def is_tourism(self) -> bool:
        return self.code.startswith("VI.")


# --- Products --------------------------------------------------------------------------------


class ProductStatus(models.TextChoices):
    DEVELOPING = "developing", _("In development")
    ACTIVE = "active", _("On the market")
    DISCONTINUED = "discontinued", _("Discontinued")


class Product(models.Model):
    subject = models.ForeignKey(
        Subject, verbose_name=_("producer"), on_delete=models.PROTECT, related_name="products"
    )
    product_set = models.ForeignKey(
        ProductSet, verbose_name=_("product set"), on_delete=models.PROTECT, related_name="products"
    )
    name = models.CharField(_("product name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    packaging = models.CharField(_("packaging"), max_length=255, blank=True)
    # Current format: province-commune-sequence-year (e.g. 44-19429-003-2025). Records from
    # before July 2025 carried a district segment: province-district-commune-sequence-year.
    code = models.CharField(_("product code"), max_length=40, unique=True, null=True, blank=True)
    legacy_code = models.CharField(_("former product code"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=ProductStatus.choices, default=ProductStatus.DEVELOPING
    )
    search_text = models.TextField(editable=False, default="")
    name_key = models.CharField(editable=False, max_length=255, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )

    history = HistoricalRecords(excluded_fields=["search_text", "name_key"])

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]
        constraints = [
            # One product per name per producer: the register import matches on this.
            models.UniqueConstraint(fields=["subject", "name_key"], name="product_unique_name"),
        ]
        indexes = [
            models.Index(fields=["product_set", "status"]),
            GinIndex(
                fields=["search_text"], name="product_search_trgm", opclasses=["gin_trgm_ops"]
            ),
            # The list's default order (Vietnamese alphabetical, then id): a page of a filtered
            # list is read by walking this index and stops after 25 rows, whatever the size of
            # the register.
            models.Index(Collate(F("name"), "vietnamese"), F("id"), name="product_name_vi"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.set_derived_fields()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "name_key"}
        super().save(*args, **kwargs)

    def set_derived_fields(self):
        self.name_key = fold(self.name)
        self.search_text = fold(f"{self.name} {self.name_en} {self.code or ''}")


class StarsInForce(models.Model):
    """A product's stars in force and until when, kept by PostgreSQL itself.

    Lists show each product's best certificate in force; computing it per row from the
    certificate history cost a subquery per product. Triggers on the certificates table
    (products/migrations/0005) recompute a product's row whenever one of its certificates is
    added, changed (revoked, superseded) or removed — by the services, the register import or
    any bulk write alike. Time passing changes the answer too (a certificate expires, a later
    one starts), so each row says for which days it holds: from `as_of` to the day before
    `changes_on` (no end when nothing is scheduled). Outside those days readers compute the
    value from the certificates as before (`products.selectors.with_certificate_in_force`),
    and `refresh_stars_in_force` (the nightly maintenance) brings the rows forward.
    """

    product = models.OneToOneField(
        Product, primary_key=True, on_delete=models.CASCADE, related_name="stars_in_force"
    )
    stars = models.PositiveSmallIntegerField(null=True)
    valid_until = models.DateField(null=True)
    as_of = models.DateField()
    changes_on = models.DateField(null=True)

    def __str__(self):
        return f"{self.product_id}: {self.stars}"


def product_photo_path(instance, filename):
    # Stored under a random name: the uploader's file name is neither trusted nor revealed.

    return f"products/{instance.product_id}/{uuid.uuid4().hex}.{instance.extension}"


class ProductPhoto(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=product_photo_path)
    extension = models.CharField(max_length=5, editable=False)
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.caption or f"{self.product} #{self.pk}"


# --- Cycle step 2: product ideas -----------------------------------------------------------------


class IdeaStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    # A producer's own proposal, waiting for its commune officer to forward it for screening
    # or send it back with guidance.
    PROPOSED = "proposed", _("Proposed to the commune")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned with guidance")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ScreenedRecord(models.Model):
    """What ideas and business plans share: a status decided by a screener, with the written
    guidance a return must carry (plan 180, activity 5: steps 2 and 3), and who decided when."""

    guidance = models.TextField(_("written guidance"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        abstract = True


class ProductIdea(ScreenedRecord):
    """An idea registration form (phiếu đăng ký ý tưởng sản phẩm)."""

    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    proposer_subject = models.ForeignKey(
        Subject,
        verbose_name=_("proposing producer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ideas",
    )
    proposer_name = models.CharField(
        _("proposing person"),
        max_length=150,
        blank=True,
        help_text=_("When the idea comes from a person rather than a registered producer."),
    )
    proposer_phone = models.CharField(_("proposer's phone"), max_length=30, blank=True)
    product_name = models.CharField(_("product name"), max_length=255)
    product_set = models.ForeignKey(
        ProductSet, verbose_name=_("product set"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("description of the idea"))
    raw_material_origin = models.TextField(_("origin of raw materials"), blank=True)
    local_labour = models.PositiveIntegerField(_("local workers"), null=True, blank=True)
    intended_market = models.TextField(_("intended market"), blank=True)
    support_needed = models.TextField(_("support needed"), blank=True)
    year = models.PositiveSmallIntegerField(_("programme year"))
    status = models.CharField(
        _("status"), max_length=10, choices=IdeaStatus.choices, default=IdeaStatus.DRAFT
    )

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta(ScreenedRecord.Meta):
        verbose_name = _("product idea")
        verbose_name_plural = _("product ideas")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["commune", "status", "year"]),
            GinIndex(fields=["search_text"], name="idea_search_trgm", opclasses=["gin_trgm_ops"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(proposer_subject__isnull=True, proposer_name=""),
                name="idea_has_a_proposer",
            ),
        ]

    def __str__(self):
        return self.product_name

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.product_name} {self.proposer_name}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def proposer(self) -> str:
        return str(self.proposer_subject) if self.proposer_subject_id else self.proposer_name


# --- Cycle step 3: business plans ----------------------------------------------------------------


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned with guidance")


class AppraisalConclusion(models.TextChoices):
    APPROVED = "approved", _("Approved for budget support")
    REJECTED = "rejected", _("Not approved")


class BusinessPlan(ScreenedRecord):
    """A business plan (phương án/dự án kinh doanh) for an accepted idea or an existing product."""

    idea = models.ForeignKey(
        ProductIdea,
        verbose_name=_("product idea"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )
    subject = models.ForeignKey(
        Subject, verbose_name=_("producer"), on_delete=models.PROTECT, related_name="plans"
    )
    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255)
    objectives = models.TextField(_("objectives"))
    production_plan = models.TextField(_("production plan"))
    market_plan = models.TextField(_("market plan"))
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    year = models.PositiveSmallIntegerField(_("programme year"))
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    appraised_by = models.CharField(_("appraised by"), max_length=255, blank=True)
    appraised_on = models.DateField(_("appraisal date"), null=True, blank=True)
    appraisal_conclusion = models.CharField(
        _("appraisal conclusion"), max_length=10, choices=AppraisalConclusion.choices, blank=True
    )
    appraisal_notes = models.TextField(_("appraisal notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta(ScreenedRecord.Meta):
        verbose_name = _("business plan")
        verbose_name_plural = _("business plans")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["commune", "status", "year"]),
            GinIndex(fields=["search_text"], name="plan_search_trgm", opclasses=["gin_trgm_ops"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(idea__isnull=False) | Q(product__isnull=False),
                name="plan_for_idea_or_product",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="plan_period_ordered"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(self.title)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class FundingSource(models.TextChoices):
    CENTRAL_BUDGET = "central_budget", _("Central budget")
    PROVINCIAL_BUDGET = "provincial_budget", _("Provincial budget")
    DISTRICT_BUDGET = "district_budget", _("District budget")
    CREDIT = "credit", _("Credit")
    OWN_CAPITAL = "own_capital", _("Own capital")
    OTHER_PROGRAMMES = "other_programmes", _("Other programmes")


# Plan 180, section IV (funding): state money for a plan requires its appraisal.
STATE_BUDGET_SOURCES = frozenset(
    {FundingSource.CENTRAL_BUDGET, FundingSource.PROVINCIAL_BUDGET, FundingSource.DISTRICT_BUDGET}
)


class PlanFunding(models.Model):
    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(_("source"), max_length=20, choices=FundingSource.choices)
    amount = models.DecimalField(
        _("amount (VND)"), max_digits=15, decimal_places=0, validators=[MinValueValidator(0)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        constraints = [
            models.UniqueConstraint(fields=["plan", "source"], name="plan_funding_one_per_source")
        ]

    def __str__(self):
        return f"{self.get_source_display()}: {self.amount}"


# --- Cycle steps 1 and 4: communication and support ----------------------------------------------


class SupportKind(models.TextChoices):
    ADVICE = "advice", _("Advice")
    TRAINING = "training", _("Training")
    EQUIPMENT = "equipment", _("Equipment")
    BRANDING = "branding", _("Branding and packaging")
    LEGAL = "legal", _("Legal help")
    OTHER = "other", _("Other")


class SupportActivity(models.Model):
    subject = models.ForeignKey(
        Subject, verbose_name=_("producer"), on_delete=models.PROTECT, related_name="support"
    )
    plan = models.ForeignKey(
        BusinessPlan,
        verbose_name=_("business plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=SupportKind.choices)
    provided_by = models.CharField(_("provided by"), max_length=255)
    cost = models.DecimalField(
        _("cost (VND)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_source = models.CharField(
        _("funding source"), max_length=20, choices=FundingSource.choices, blank=True
    )
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support activity")
        verbose_name_plural = _("support activities")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} – {self.subject}"


class CampaignChannel(models.TextChoices):
    MEETING = "meeting", _("Meeting or conference")
    LOUDSPEAKER = "loudspeaker", _("Commune loudspeaker")
    RADIO_TV = "radio_tv", _("Radio or television")
    PRESS = "press", _("Press")
    ONLINE = "online", _("Website or social media")
    LEAFLET = "leaflet", _("Leaflets and posters")
    OTHER = "other", _("Other")


class CommunicationCampaign(models.Model):
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=255)
    channel = models.CharField(_("channel"), max_length=12, choices=CampaignChannel.choices)
    audience_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("communication campaign")
        verbose_name_plural = _("communication campaigns")
        ordering = ["-date"]

    def __str__(self):
        return self.title
