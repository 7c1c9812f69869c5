"""Trade promotion (cycle step 6): where OCOP products are sold and shown, and who helps."""

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit
from ocop_portal.text import fold


class DatedQuerySet(models.QuerySet):
    def active_on(self, day):
        """Open on `day`: started by then and not yet ended."""
        return self.filter(
            Q(**{f"{self.model.START_FIELD}__lte": day}),
            Q(**{f"{self.model.END_FIELD}__isnull": True})
            | Q(**{f"{self.model.END_FIELD}__gte": day}),
        )


class SalesPointKind(models.TextChoices):
    SHOWROOM = "showroom", _("OCOP showroom or shop")
    TOURIST_SITE = "tourist_site", _("Stall at a tourist site")
    SUPERMARKET_CORNER = "supermarket_corner", _("Corner in a supermarket")
    OTHER = "other", _("Other")


class SalesPoint(models.Model):
    """An OCOP sales point (điểm bán hàng OCOP): plan 180 wants 1–2 per district, 8–10 in
    Đông Hà city."""

    START_FIELD, END_FIELD = "opened_on", "closed_on"

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=SalesPointKind.choices)
    address = models.CharField(_("address"), max_length=255)
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    operator = models.CharField(_("operator"), max_length=255)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    products = models.ManyToManyField(
        "products.Product",
        verbose_name=_("products on sale"),
        blank=True,
        related_name="sales_points",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[products])
    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("sales point")
        verbose_name_plural = _("sales points")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="sales_point_dates_ordered",
            )
        ]

    def __str__(self):
        return self.name


class ChannelKind(models.TextChoices):
    SUPERMARKET = "supermarket", _("Supermarket chain")
    CONVENIENCE = "convenience", _("Convenience-store chain")
    ECOMMERCE = "ecommerce", _("E-commerce platform")
    WEBSITE = "website", _("Own website")
    LIVESTREAM = "livestream", _("Livestream selling")
    EXPORT = "export", _("Export market")


# Plan 180 target T9: modern channels are supermarkets, convenience stores and e-commerce.
MODERN_CHANNELS = frozenset(
    {ChannelKind.SUPERMARKET, ChannelKind.CONVENIENCE, ChannelKind.ECOMMERCE}
)


class SalesChannel(models.Model):
    START_FIELD, END_FIELD = "started_on", "ended_on"

    subject = models.ForeignKey(
        "subjects.Subject",
        verbose_name=_("producer"),
        on_delete=models.PROTECT,
        related_name="channels",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ChannelKind.choices)
    name = models.CharField(_("chain, platform or market"), max_length=255)
    url = models.URLField(_("store address (URL)"), blank=True)
    started_on = models.DateField(_("since"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), help_text=_("Contract, listing or invoice."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()
    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("sales channel")
        verbose_name_plural = _("sales channels")
        ordering = ["subject__name", "kind"]
        indexes = [models.Index(fields=["kind", "started_on"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"

    @property
    def is_modern(self) -> bool:
        return self.kind in MODERN_CHANNELS


class EventLevel(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
    INTERNATIONAL = "international", _("International")


class TradeEvent(models.Model):
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=15, choices=EventLevel.choices)
    place = models.CharField(_("place"), max_length=255)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    organiser = models.CharField(_("organiser"), max_length=255)
    funding = models.DecimalField(
        _("funding (VND)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trade fair or event")
        verbose_name_plural = _("trade fairs and events")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="event_dates_ordered"
            )
        ]

    def __str__(self):
        return self.name


class EventParticipation(models.Model):
    event = models.ForeignKey(TradeEvent, on_delete=models.CASCADE, related_name="participations")
    subject = models.ForeignKey(
        "subjects.Subject",
        verbose_name=_("producer"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    products = models.ManyToManyField(
        "products.Product", verbose_name=_("products shown"), blank=True, related_name="+"
    )
    contracts_signed = models.PositiveIntegerField(_("contracts signed"), default=0)
    sales_value = models.DecimalField(
        _("sales (VND)"),
        max_digits=15,
        decimal_places=0,
        default=0,
        validators=[MinValueValidator(0)],
    )

    history = HistoricalRecords(m2m_fields=[products])

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["event", "subject"], name="participation_once")
        ]

    def __str__(self):
        return f"{self.subject} @ {self.event}"


class PartnerKind(models.TextChoices):
    # Plan 180 section VI.9: the OCOP partner network.
    SUPPLIER = "supplier", _("Input supplier or service provider")
    PROCESSOR = "processor", _("Processor")
    RETAILER = "retailer", _("Retailer or distributor")
    INVESTOR = "investor", _("Investor in OCOP centres")
    INSTITUTE = "institute", _("Institute or university")
    PROMOTER = "promoter", _("Promoter or media")
    FINANCE = "finance", _("Bank or fund")
    INTERNATIONAL = "international", _("International organisation")
    JOURNALIST = "journalist", _("Journalist")


class Partner(models.Model):
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=15, choices=PartnerKind.choices)
    profile = models.TextField(_("profile"))
    profile_en = models.TextField(_("profile in English"), blank=True)
    services = models.TextField(_("services offered"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    subjects = models.ManyToManyField(
        "subjects.Subject", verbose_name=_("linked producers"), blank=True, related_name="partners"
    )
    agreements = models.TextField(_("agreements"), blank=True)
    published = models.BooleanField(
        _("listed in the public directory"),
        default=False,
        help_text=_("Name, kind, profile, services and website appear on the public site."),
    )
    # Contact details go on the public site only with the partner's agreement, field by field.
    publish_contact_name = models.BooleanField(
        _("the partner agreed to publish the contact person"), default=False
    )
    publish_phone = models.BooleanField(_("the partner agreed to publish the phone"), default=False)
    publish_email = models.BooleanField(
        _("the partner agreed to publish the e-mail"), default=False
    )
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["search_text"], m2m_fields=[subjects])

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search_text"], name="partner_search_trgm", opclasses=["gin_trgm_ops"])
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.name} {self.name_en} {self.services}")
        super().save(*args, **kwargs)


# --- The producer's own public page, changed by the producer and approved by staff ---------


class PageRevisionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")
    REPLACED = "replaced", _("Replaced by a newer proposal")


def producer_page_photo_path(instance, filename):
    # A random name: nothing of the uploader's file name reaches the disk.

    return f"producer-pages/{instance.subject_id}/{uuid.uuid4().hex}.{instance.photo_extension}"


class ProducerPageRevision(models.Model):
    """One version of what the public product pages say about a producer.

    The producer proposes; a member of staff of its area approves or refuses. The latest
    approved revision is what the public sees, and every revision stays: the history of the
    page is the list of its revisions, with who proposed and who decided when.
    """

    subject = models.ForeignKey(
        "subjects.Subject",
        verbose_name=_("producer"),
        on_delete=models.CASCADE,
        related_name="page_revisions",
    )
    description = models.TextField(_("description in Vietnamese"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    website = models.URLField(_("website"), blank=True)
    ecommerce_links = models.TextField(
        _("e-commerce links"), blank=True, help_text=_("One address per line.")
    )
    where_to_buy = models.TextField(_("where to buy"), blank=True)
    photo = models.ImageField(
        _("photo"), upload_to=producer_page_photo_path, blank=True, max_length=200
    )
    photo_extension = models.CharField(max_length=5, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PageRevisionStatus.choices,
        default=PageRevisionStatus.PENDING,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note to the producer"), blank=True)

    class Meta:
        verbose_name = _("producer page revision")
        verbose_name_plural = _("producer page revisions")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["subject", "status"])]

    def __str__(self):
        return f"{self.subject} – {self.submitted_at:%d/%m/%Y}"

    @property
    def links(self) -> list[str]:
        return [line.strip() for line in self.ecommerce_links.splitlines() if line.strip()]
