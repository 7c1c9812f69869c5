"""The public face of the portal (no login): the catalogue of certified products, their pages
with where to buy, the partner directory, and certificate verification by QR code.

Public pages show no personal data of representatives, no scores and no internal notes.
"""

import datetime
import io

import django_filters
import segno
from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control

from accounts.models import AdministrativeUnit, UnitLevel
from accounts.scope import area_unit_ids, units_generation_for
from evaluation.models import Certificate
from ocop_portal.listing import PER_PAGE, paginate
from ocop_portal.text import fold
from products.models import Product, ProductSector
from products.selectors import with_certificate_in_force
from promotion.models import Partner, PartnerKind, SalesChannel, SalesPoint
from promotion.services import approved_page
from subjects.models import LegalForm


def catalogue_products(day: datetime.date | None = None) -> QuerySet[Product]:
    """Products holding a valid certificate on the day, with their best stars.

    Narrow on purpose (no joins but the maintained stars): the catalogue sorts every match by
    its stars before taking a page, and joining the producer and sector to thousands of rows
    only to keep 24 of them cost more than the sort. `with_details` adds what a page shows, for
    the rows it shows. The stars are the registry's own (`products.selectors.
    with_certificate_in_force`: the maintained `StarsInForce` row when it holds for the day,
    computed from the certificates otherwise), so the catalogue and the staff lists agree.
    """
    day = day or timezone.localdate()
    return (
        with_certificate_in_force(Product.objects.all(), day)
        .filter(stars__isnull=False)
        .order_by("-stars", "name")
    )


def with_details(products: QuerySet[Product]) -> QuerySet[Product]:
    return products.select_related(
        "subject__commune", "product_set__group__sector"
    ).prefetch_related("photos")


def _public_units():
    """The old districts of the provinces merged into today's province, and its communes."""
    return AdministrativeUnit.objects.filter(
        Q(
            level=UnitLevel.DISTRICT,
            valid_to__isnull=False,
            parent__successions__successor__level=UnitLevel.PROVINCE,
            parent__successions__successor__valid_to__isnull=True,
        )
        | Q(level=UnitLevel.COMMUNE, valid_to__isnull=True)
    ).order_by("-level", "name")


class CatalogueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", widget=forms.TextInput(attrs={"type": "search"})
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        queryset=ProductSector.objects.all(),
        field_name="product_set__group__sector",
    )
    stars = django_filters.ChoiceFilter(
        label=_("Stars"), method="by_stars", choices=[(s, f"{s}★") for s in (3, 4, 5)]
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("District (until 6/2025) or commune"), queryset=_public_units(), method="by_unit"
    )
    legal_form = django_filters.ChoiceFilter(
        label=_("Legal form"), choices=LegalForm.choices, field_name="subject__legal_form"
    )

    class Meta:
        model = Product
        fields = []

    def search(self, queryset, name, value):
        value = fold(value)
        return queryset.filter(search_text__contains=value) if value else queryset

    def by_stars(self, queryset, name, value):
        return queryset.filter(stars=int(value))

    def by_unit(self, queryset, name, value):
        # the units' generation is read once per request, as for every other area
        ids = area_unit_ids(value.pk, units_generation_for(getattr(self.request, "user", None)))
        return queryset.filter(
            Q(subject__commune__any_of=ids) | Q(subject__legacy_commune__any_of=ids)
        )


def catalogue(request):

    products = catalogue_products()
    catalogue_filter = CatalogueFilter(request.GET or None, queryset=products, request=request)
    rows = (
        catalogue_filter.qs
        if catalogue_filter.is_bound and catalogue_filter.is_valid()
        else products
    )
    page = paginate(rows.only("pk", "name"), request.GET.get("page"), PER_PAGE)
    shown = with_details(Product.objects.filter(pk__in=[row.pk for row in page])).in_bulk()
    for row in page:
        shown[row.pk].stars = row.stars
    page.object_list = [shown[row.pk] for row in page]
    return render(
        request, "promotion/public/catalogue.html", {"filter": catalogue_filter, "page": page}
    )


def product_page(request, code: str):
    product = get_object_or_404(with_details(catalogue_products()), code=code)
    day = timezone.localdate()
    certificate = (
        Certificate.objects.valid_on(day)
        .filter(product=product)
        .order_by("-stars", "-issued_on")
        .first()
    )
    return render(
        request,
        "promotion/public/product.html",
        {
            "product": product,
            "certificate": certificate,
            "sales_points": SalesPoint.objects.active_on(day)
            .filter(products=product)
            .select_related("unit"),
            "channels": SalesChannel.objects.active_on(day).filter(subject=product.subject),
            # the producer's own page, once staff approved it: description and contact
            "page": approved_page(product.subject_id),
            "english": get_language() == "en",
        },
    )


FEATURED_PER_SECTOR = 3


def landing(request):
    """`/` for a visitor who is not logged in: search, featured products, the way in."""
    products = catalogue_products()
    # the best-rated products of each sector (stars, then name): one narrow query per sector
    # over the same index the catalogue uses, then the details of the few shown
    featured_ids = []
    for sector in ProductSector.objects.order_by("pk"):
        featured_ids += list(
            products.filter(product_set__group__sector=sector).values_list("pk", flat=True)[
                :FEATURED_PER_SECTOR
            ]
        )
    shown = with_details(products.filter(pk__in=featured_ids)).order_by(
        "product_set__group__sector_id", "-stars", "name"
    )
    sectors: dict = {}
    for product in shown:
        sectors.setdefault(product.product_set.group.sector, []).append(product)
    return render(
        request,
        "promotion/public/landing.html",
        {
            "sectors": sectors,
            "product_count": products.count(),
            "english": get_language() == "en",
        },
    )


def partner_directory(request):
    partners = Partner.objects.filter(published=True).order_by("kind", "name")
    kind = request.GET.get("kind")
    if kind in PartnerKind.values:
        partners = partners.filter(kind=kind)
    return render(
        request,
        "promotion/public/partners.html",
        {
            "partners": partners,
            "kinds": PartnerKind.choices,
            "kind": kind,
            "english": get_language() == "en",
        },
    )


def verify(request, code: str):
    """States plainly whether a certificate is valid, expiring, expired, revoked or superseded:
    it keeps answering truthfully after the product has left the catalogue."""
    certificate = (
        Certificate.objects.select_related(
            "product__subject__commune", "product__subject__legacy_commune__parent", "revocation"
        )
        .filter(public_code=code)
        .first()
    )
    if certificate is None:
        return unknown_certificate(request, code)
    day = timezone.localdate()
    return render(
        request,
        "promotion/public/verify.html",
        {
            "certificate": certificate,
            "status": certificate.status_on(day),
            "listed": catalogue_products(day).filter(pk=certificate.product_id).exists(),
        },
    )


def unknown_certificate(request, code: str):
    """No certificate has this code: say so plainly, warn of counterfeits, name the office to
    report it to — with status 404, so nothing caches or indexes it as a real certificate."""

    return render(
        request,
        "promotion/public/verify_unknown.html",
        {"code": code[:64], "office": settings.OCOP_REPORT_OFFICE},
        status=404,
    )


def verify_lookup(request):
    """The certificate check form of the landing page: a typed code goes to its page."""

    code = request.GET.get("code", "").strip()
    if not code:
        return redirect("reports:home")
    if len(code) > 64 or not code.replace("-", "").isalnum():
        return unknown_certificate(request, code)
    return redirect("public:verify", code=code)


def verify_url(request, certificate) -> str:
    """The address a certificate's QR code carries: always the configured site address
    (OCOP_SITE_URL), never the host a request came in on, so a label printed from any
    machine points at the real portal. (`request` is kept for the callers' convenience.)"""

    return settings.OCOP_SITE_URL.rstrip("/") + reverse(
        "public:verify", args=[certificate.public_code]
    )


@cache_control(max_age=86400, public=True)
def verify_qr(request, code: str, fmt: str):
    certificate = Certificate.objects.filter(public_code=code).first()
    if certificate is None:
        raise Http404
    qr = segno.make(verify_url(request, certificate), error="m")
    buffer = io.BytesIO()
    if fmt == "svg":
        qr.save(buffer, kind="svg", scale=6, border=2, xmldecl=False)
        return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    qr.save(buffer, kind="png", scale=8, border=2)
    return HttpResponse(buffer.getvalue(), content_type="image/png")
