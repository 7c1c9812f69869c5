import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.filters import AreaFilter
from ocop_portal.filters import SearchFilter
from subjects.models import (
    Certification,
    CraftVillage,
    GreenChainStatus,
    LegalForm,
    RawMaterialArea,
    Subject,
    SubjectStatus,
    TrainingCourse,
)


class SubjectFilter(django_filters.FilterSet):
    q = SearchFilter(help_text=_("Name, registration number or representative"))
    unit = AreaFilter(lookups=("commune", "legacy_commune"))
    legal_form = django_filters.ChoiceFilter(label=_("Legal form"), choices=LegalForm.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SubjectStatus.choices)
    green_chain_status = django_filters.ChoiceFilter(
        label=_("Green value chain"), choices=GreenChainStatus.choices
    )

    class Meta:
        model = Subject
        fields = []


class CraftVillageFilter(django_filters.FilterSet):
    q = SearchFilter()
    unit = AreaFilter(lookups=("commune",))
    traditional = django_filters.BooleanFilter(label=_("Traditional"))

    class Meta:
        model = CraftVillage
        fields = []


class RawMaterialAreaFilter(django_filters.FilterSet):
    q = SearchFilter()
    unit = AreaFilter(lookups=("communes",))
    certification = django_filters.ChoiceFilter(
        label=_("Certification"), choices=Certification.choices
    )

    class Meta:
        model = RawMaterialArea
        fields = []


class CourseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Search"))
    unit = AreaFilter(lookups=("unit",))

    class Meta:
        model = TrainingCourse
        fields = ["topic"]
