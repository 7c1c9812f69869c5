"""Filters shared by the portal's lists."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ocop_portal.text import fold


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
