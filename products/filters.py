import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.filters import AreaFilter
from ocop_portal.filters import SearchFilter
from products.models import (
    BusinessPlan,
    CampaignChannel,
    CommunicationCampaign,
    IdeaStatus,
    PlanStatus,
    Product,
    ProductIdea,
    ProductSet,
    ProductStatus,
    SupportActivity,
    SupportKind,
)
from subjects.models import LegalForm


def _year_choices():
    return [(year, str(year)) for year in range(2019, 2031)]


class ProductFilter(django_filters.FilterSet):
    q = SearchFilter(help_text=_("Name or product code"))
    unit = AreaFilter(lookups=("subject__commune", "subject__legacy_commune"))
    product_set = django_filters.ModelChoiceFilter(
        label=_("Product set"), queryset=ProductSet.objects.all()
    )
    legal_form = django_filters.ChoiceFilter(
        label=_("Legal form"), choices=LegalForm.choices, field_name="subject__legal_form"
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProductStatus.choices)

    class Meta:
        model = Product
        fields = []


class IdeaFilter(django_filters.FilterSet):
    q = SearchFilter(help_text=_("Product name or proposer"))
    unit = AreaFilter(lookups=("commune",))
    product_set = django_filters.ModelChoiceFilter(
        label=_("Product set"), queryset=ProductSet.objects.all()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=IdeaStatus.choices)
    year = django_filters.ChoiceFilter(label=_("Year"), choices=_year_choices)

    class Meta:
        model = ProductIdea
        fields = []


class PlanFilter(django_filters.FilterSet):
    q = SearchFilter()
    unit = AreaFilter(lookups=("commune",))
    legal_form = django_filters.ChoiceFilter(
        label=_("Legal form"), choices=LegalForm.choices, field_name="subject__legal_form"
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PlanStatus.choices)
    year = django_filters.ChoiceFilter(label=_("Year"), choices=_year_choices)

    class Meta:
        model = BusinessPlan
        fields = []


class SupportFilter(django_filters.FilterSet):
    unit = AreaFilter(lookups=("subject__commune", "subject__legacy_commune"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SupportKind.choices)
    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=_year_choices, field_name="date__year"
    )

    class Meta:
        model = SupportActivity
        fields = []


class CampaignFilter(django_filters.FilterSet):
    unit = AreaFilter(lookups=("unit",))
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=CampaignChannel.choices)
    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=_year_choices, field_name="date__year"
    )

    class Meta:
        model = CommunicationCampaign
        fields = []
