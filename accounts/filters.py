import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import AdministrativeUnit, UnitLevel


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
