import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.filters import AreaFilter
from ocop_portal.filters import SearchFilter
from promotion.models import (
    ChannelKind,
    EventLevel,
    Partner,
    PartnerKind,
    SalesChannel,
    SalesPoint,
    SalesPointKind,
    TradeEvent,
)


class SalesPointFilter(django_filters.FilterSet):
    unit = AreaFilter(lookups=("unit",))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SalesPointKind.choices)

    class Meta:
        model = SalesPoint
        fields = []


class ChannelFilter(django_filters.FilterSet):
    unit = AreaFilter(lookups=("subject__commune", "subject__legacy_commune"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ChannelKind.choices)

    class Meta:
        model = SalesChannel
        fields = []


class EventFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(label=_("Level"), choices=EventLevel.choices)
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="starts_on__year", min_value=1900, max_value=2199
    )

    class Meta:
        model = TradeEvent
        fields = []


class PartnerFilter(django_filters.FilterSet):
    q = SearchFilter()
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PartnerKind.choices)
    published = django_filters.BooleanFilter(label=_("Public"))

    class Meta:
        model = Partner
        fields = []
