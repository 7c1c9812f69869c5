"""Type-ahead choices: units, products, producers and people found by typing, not scrolling.

A plain <select> with every unit of a country (10,000 communes) or every product of a province
does not scale, and a long list of look-alike names is where people pick the wrong one. A field
that uses `TypeaheadSelect` renders only its current choice; the browser (Tom Select, vendored
in static/vendor/tom-select) asks `/lookup/<source>/?q=…` for matches as the person types.

The kernel knows no domain app: each app registers its own sources in `<app>/lookups.py`, loaded
from its AppConfig.ready(), with `register(name, rows, search=…, item=…)`. Every source reads
through the scope selectors, so the answers hold only what the person may see; the form field's
own queryset still validates what is posted. Matching ignores accents and case ("ca phe" finds
"Cà phê"), results come in Vietnamese alphabetical order, and units come current first,
abolished ones after them in a group of their own, labelled with their dates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.apps import apps
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from ocop_portal.text import fold

LIMIT = 20
MAX_QUERY = 100


def short_date(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def search_folded(rows: QuerySet, text: str) -> QuerySet:
    """Match against a model's accent-free `search_text` column (ocop_portal.text.fold)."""
    folded = fold(text)
    return rows.filter(search_text__contains=folded) if folded else rows


@dataclass(frozen=True)
class Source:
    """`rows(user, params)` is what the person may choose from, in display order; `search`
    narrows it by the typed text; `item(obj)` is one answer as the browser wants it."""

    rows: Callable[[object, dict], QuerySet]
    search: Callable[[QuerySet, str], QuerySet]
    item: Callable[[object], dict]
    params: tuple[str, ...] = ()
    groups: list = field(default_factory=list)


SOURCES: dict[str, Source] = {}


def register(
    name: str,
    rows: Callable[[object, dict], QuerySet],
    *,
    search: Callable[[QuerySet, str], QuerySet] = search_folded,
    item: Callable[[object], dict],
    params: tuple[str, ...] = (),
    groups: list | None = None,
) -> Source:
    """Offer `/lookup/<name>/`; called by the owning app's lookups module."""
    source = Source(rows, search, item, tuple(params), list(groups or []))
    existing = SOURCES.get(name)
    if existing is not None and existing != source:
        raise ValueError(f"type-ahead source {name!r} is registered twice")
    SOURCES[name] = source
    return source


def source_named(name: str) -> Source | None:
    return SOURCES.get(name)


def lookup(user, source: Source, text: str, params: dict) -> dict:
    """At most LIMIT matches of `text` among what `user` may see, as the browser wants them."""
    rows = source.rows(user, params)
    text = (text or "")[:MAX_QUERY].strip()
    if text:
        rows = source.search(rows, text)
    return {
        "results": [source.item(obj) for obj in rows[:LIMIT]],
        "optgroups": [{"value": g["value"], "label": str(g["label"])} for g in source.groups],
    }


class TypeaheadSelect(forms.Select):
    """A <select> filled as the person types, from `/lookup/<source>/`.

    Only the chosen value is rendered as an <option> (not the thousands a ModelChoiceField would
    list); without JavaScript the field still shows and posts it. `params` narrow the source
    (e.g. level="district", role="council_member"). Forms may be defined before every app has
    registered its sources, so the name is checked as soon as the registry is complete.
    """

    def __init__(self, source: str, attrs=None, **params):
        self.source = source
        self.params = params
        if apps.ready:
            self._check()
        super().__init__(attrs)

    def _check(self) -> Source:
        found = SOURCES.get(self.source)
        if found is None:
            raise ValueError(f"unknown type-ahead source {self.source!r}")
        unknown = set(self.params) - set(found.params)
        if unknown:
            raise ValueError(f"unknown parameters for {self.source!r}: {sorted(unknown)}")
        return found

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.params = dict(self.params)
        return copy

    def get_context(self, name, value, attrs):
        self._check()
        context = super().get_context(name, value, attrs)
        url = reverse("lookup", args=[self.source])
        if self.params:
            url = f"{url}?{urlencode(self.params)}"
        context["widget"]["attrs"].update(
            {
                "data-typeahead": url,
                "data-placeholder": _("Type to search…"),
                "data-no-results": _("Nothing found"),
                "data-loading": _("Searching…"),
                "data-clear": _("Clear"),
                "autocomplete": "off",
            }
        )
        return context

    def optgroups(self, name, value, attrs=None):
        chosen = [str(v) for v in value if v not in (None, "")]
        options = [self.create_option(name, "", "", not chosen, 0)]
        queryset = getattr(self.choices, "queryset", None)
        if chosen and queryset is not None:
            item = self._check().item
            found = queryset.filter(pk__in=[v for v in chosen if v.isdigit()])
            for index, obj in enumerate(found, start=1):
                options.append(self.create_option(name, obj.pk, item(obj)["text"], True, index))
        return [(None, options, 0)]
