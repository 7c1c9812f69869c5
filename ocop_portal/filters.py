"""Filters shared by the portal's lists."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import AdministrativeUnit
from accounts.scope import area_unit_ids, units_visible_to
from ocop_portal.text import fold
from ocop_portal.typeahead import TypeaheadSelect


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
        ids = area_unit_ids(value.pk)
        condition = Q()
        for lookup in self.lookups:
            condition |= Q(**{f"{lookup}__any_of": ids})
        return qs.filter(condition)


class SearchFilter(django_filters.CharFilter):
    """Accent-insensitive search on a model's folded `search_text` (trigram-indexed)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "search"}))
        super().__init__(*args, field_name="search_text", **kwargs)

    def filter(self, qs, value):
        value = fold(value)
        if not value:
            return qs
        return qs.filter(search_text__contains=value)
