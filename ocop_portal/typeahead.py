"""Type-ahead choices: units, products, producers and people found by typing, not scrolling.

A plain <select> with every unit of a country (10,000 communes) or every product of a province
does not scale, and a long list of look-alike names is where people pick the wrong one. A field
that uses `TypeaheadSelect` renders only its current choice; the browser (Tom Select, vendored
in static/vendor/tom-select) asks `/lookup/<source>/?q=…` for matches as the person types.

Every source reads through the scope selectors, so the answers hold only what the person may
see; the form field's own queryset still validates what is posted. Matching ignores accents and
case ("ca phe" finds "Cà phê"), results come in Vietnamese alphabetical order, and units come
current first, abolished ones after them in a group of their own, labelled with their dates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop_portal.collation import vi
from ocop_portal.text import fold

LIMIT = 20
MAX_QUERY = 100


def _date(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


# --- Units ---------------------------------------------------------------------------------------


def _units(user, params: dict) -> QuerySet:
    from accounts.models import UnitLevel
    from accounts.scope import units_visible_to

    units = units_visible_to(user).select_related("parent")
    if params.get("level") in UnitLevel.values:
        units = units.filter(level=params["level"])
    if params.get("state") == "current":
        units = units.filter(valid_to__isnull=True)
    elif params.get("state") == "abolished":
        units = units.filter(valid_to__isnull=False)
    return units.order_by(
        Case(
            When(valid_to__isnull=True, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        vi("name"),
        "pk",
    )


def _search_units(units: QuerySet, text: str) -> QuerySet:
    return units.filter(Q(name__unaccent__icontains=text) | Q(code=text.strip()))


def _unit_item(unit) -> dict:
    parts = [unit.get_kind_display()]
    if unit.parent_id:
        parts.append(unit.parent.name)
    if unit.valid_to:
        start = _date(unit.valid_from) if unit.valid_from else "…"
        parts.append(_("%(start)s – %(end)s") % {"start": start, "end": _date(unit.valid_to)})
    return {
        "value": unit.pk,
        "text": unit.name,
        "note": " · ".join(parts),
        "group": "abolished" if unit.valid_to else "current",
    }


UNIT_GROUPS = [
    {"value": "current", "label": gettext_lazy("Current units")},
    {"value": "abolished", "label": gettext_lazy("Abolished units (with their dates)")},
]


# --- Products and producers ---------------------------------------------------------------------


def _products(user, params: dict) -> QuerySet:
    from products.selectors import product_list

    products = product_list(user)
    if str(params.get("producer", "")).isdigit():
        products = products.filter(subject_id=int(params["producer"]))
    return products.order_by(vi("name"), "pk")


def _product_item(product) -> dict:
    note = product.subject.name
    if product.code:
        note = f"{note} · {product.code}"
    # The dossier form takes its representative from the producer record (the browser fills
    # the field when the product is picked; the form does the same when it is left empty).
    return {
        "value": product.pk,
        "text": product.name,
        "note": note,
        "fill": {"representative": product.subject.representative_name},
    }


def _subjects(user, params: dict) -> QuerySet:
    from subjects.selectors import subject_list

    return subject_list(user).order_by(vi("name"), "pk")


def _search_text(rows: QuerySet, text: str) -> QuerySet:
    folded = fold(text)
    return rows.filter(search_text__contains=folded) if folded else rows


def _subject_item(subject) -> dict:
    parts = [subject.get_legal_form_display()]
    if subject.commune_id:
        parts.append(subject.commune.name)
    return {"value": subject.pk, "text": subject.name, "note": " · ".join(parts)}


# --- People ------------------------------------------------------------------------------------


def _people(user, params: dict) -> QuerySet:
    """Staff of the person's area; organisers also see council members, who may have no unit."""
    from accounts.models import Role, User
    from accounts.scope import scope_for
    from accounts.selectors import staff_visible_to

    people = staff_visible_to(user)
    if scope_for(user).role in {Role.PROVINCE_STAFF, Role.DISTRICT_STAFF}:
        people = User.objects.filter(
            Q(pk__in=people.values("pk")) | Q(role=Role.COUNCIL_MEMBER), is_active=True
        ).select_related("unit")
    if params.get("role") in Role.values:
        people = people.filter(role=params["role"])
    return people.order_by(vi("full_name"), "pk")


def _search_people(people: QuerySet, text: str) -> QuerySet:
    return people.filter(
        Q(full_name__unaccent__icontains=text) | Q(username__icontains=text.strip())
    )


def _person_item(person) -> dict:
    parts = [person.get_role_display()]
    if person.unit_id:
        parts.append(person.unit.name)
    return {
        "value": person.pk,
        "text": person.full_name or person.username,
        "note": " · ".join(parts),
    }


@dataclass(frozen=True)
class Source:
    rows: Callable[[object, dict], QuerySet]
    search: Callable[[QuerySet, str], QuerySet]
    item: Callable[[object], dict]
    params: tuple[str, ...] = ()
    groups: list = field(default_factory=list)


SOURCES: dict[str, Source] = {
    "units": Source(_units, _search_units, _unit_item, ("level", "state"), UNIT_GROUPS),
    "products": Source(_products, _search_text, _product_item, ("producer",)),
    "producers": Source(_subjects, _search_text, _subject_item),
    "people": Source(_people, _search_people, _person_item, ("role",)),
}


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
    (e.g. level="district", role="council_member").
    """

    def __init__(self, source: str, attrs=None, **params):
        if source not in SOURCES:
            raise ValueError(f"unknown type-ahead source {source!r}")
        unknown = set(params) - set(SOURCES[source].params)
        if unknown:
            raise ValueError(f"unknown parameters for {source!r}: {sorted(unknown)}")
        self.source = source
        self.params = params
        super().__init__(attrs)

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.params = dict(self.params)
        return copy

    def get_context(self, name, value, attrs):
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
            item = SOURCES[self.source].item
            found = queryset.filter(pk__in=[v for v in chosen if v.isdigit()])
            for index, obj in enumerate(found, start=1):
                options.append(self.create_option(name, obj.pk, item(obj)["text"], True, index))
        return [(None, options, 0)]
