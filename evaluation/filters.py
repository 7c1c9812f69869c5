import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.filters import AreaFilter
from evaluation.models import (
    Certificate,
    CertificateStatus,
    EvaluationType,
    RecognitionLevel,
    status_q,
)
from ocop_portal.text import fold
from products.models import ProductSet


class CertificateFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    unit = AreaFilter(lookups=("product__subject__commune", "product__subject__legacy_commune"))
    product_set = django_filters.ModelChoiceFilter(
        label=_("Product set"), queryset=ProductSet.objects.all(), field_name="product__product_set"
    )
    stars = django_filters.ChoiceFilter(label=_("Stars"), choices=[(s, f"{s}★") for s in (3, 4, 5)])
    level = django_filters.ChoiceFilter(
        label=_("Recognising level"), choices=RecognitionLevel.choices
    )
    evaluation_type = django_filters.ChoiceFilter(
        label=_("Evaluation type"), choices=EvaluationType.choices
    )
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="decision_date__year", min_value=1900, max_value=2199
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CertificateStatus.choices, method="by_status"
    )

    class Meta:
        model = Certificate
        fields = []

    def by_status(self, queryset, name, value):
        return queryset.filter(status_q(value, timezone.localdate()))

    def search(self, queryset, name, value):
        value = fold(value)
        if not value:
            return queryset
        return queryset.filter(product__search_text__contains=value)
