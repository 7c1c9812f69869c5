import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import AdministrativeUnit, UnitLevel
from accounts.scope import area_unit_ids, units_generation_for, units_visible_to
from ocop_portal.typeahead import TypeaheadSelect


class UnitFilter(django_filters.FilterSet):
    STRUCTURE_CHOICES = [
        ("current", _("Current (from 1 July 2025)")),
        ("legacy", _("Before 1 July 2025")),
    ]

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("Name or code")}),
    )
    structure = django_filters.ChoiceFilter(
        label=_("Structure"), choices=STRUCTURE_CHOICES, method="by_structure"
    )
    level = django_filters.ChoiceFilter(label=_("Level"), choices=UnitLevel.choices)

    class Meta:
        model = AdministrativeUnit
        fields = ["q", "structure", "level"]

    def search(self, queryset, name, value):
        # unaccent lets officers type without diacritics: "khe sanh" finds "Khe Sanh",
        # "dong ha" finds "Đông Hà".
        value = value.strip()
        return queryset.filter(Q(name__unaccent__icontains=value) | Q(code=value))

    def by_structure(self, queryset, name, value):
        return queryset.filter(valid_to__isnull=value == "current")


class AreaFilter(django_filters.ModelChoiceFilter):
    """Any unit the user sees; keeps the rows anywhere in that unit's area.

    Plan 180's figures group by the old districts, current work by the new communes: both are
    found by typing (current units first, abolished ones after them with their dates), instead
    of a list of a hundred names.
    """

    def __init__(self, *args, lookups=("commune",), **kwargs):
        self.lookups = lookups
        kwargs.setdefault("label", _("District (until 6/2025) or commune"))
        kwargs.setdefault("queryset", AdministrativeUnit.objects.none())
        kwargs.setdefault("widget", TypeaheadSelect("units"))
        super().__init__(*args, **kwargs)

    def get_queryset(self, request):
        return units_visible_to(getattr(request, "user", None))

    def filter(self, qs, value):
        if not value:
            return qs
        # the units' generation was read for the user's own scope in this request already
        user = getattr(getattr(self.parent, "request", None), "user", None)
        ids = area_unit_ids(value.pk, units_generation_for(user))
        condition = Q()
        for lookup in self.lookups:
            condition |= Q(**{f"{lookup}__any_of": ids})
        return qs.filter(condition)
