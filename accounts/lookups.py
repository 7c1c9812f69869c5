"""Type-ahead sources of accounts: administrative units and people (ocop_portal/typeahead.py)."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, UnitLevel, User
from accounts.roles import SUPERVISORS
from accounts.scope import scope_for, units_visible_to
from accounts.selectors import staff_visible_to
from ocop_portal.collation import vi
from ocop_portal.typeahead import register, short_date


def units(user, params: dict) -> QuerySet:
    rows = units_visible_to(user).select_related("parent")
    if params.get("level") in UnitLevel.values:
        rows = rows.filter(level=params["level"])
    if params.get("state") == "current":
        rows = rows.filter(valid_to__isnull=True)
    elif params.get("state") == "abolished":
        rows = rows.filter(valid_to__isnull=False)
    return rows.order_by(
        Case(
            When(valid_to__isnull=True, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        vi("name"),
        "pk",
    )


def search_units(rows: QuerySet, text: str) -> QuerySet:
    return rows.filter(Q(name__unaccent__icontains=text) | Q(code=text.strip()))


def unit_item(unit) -> dict:
    parts = [unit.get_kind_display()]
    if unit.parent_id:
        parts.append(unit.parent.name)
    if unit.valid_to:
        start = short_date(unit.valid_from) if unit.valid_from else "…"
        parts.append(_("%(start)s – %(end)s") % {"start": start, "end": short_date(unit.valid_to)})
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


def people(user, params: dict) -> QuerySet:
    """Staff of the person's area; organisers also see council members, who may have no unit."""
    rows = staff_visible_to(user)
    if scope_for(user).role in SUPERVISORS:
        rows = User.objects.filter(
            Q(pk__in=rows.values("pk")) | Q(role=Role.COUNCIL_MEMBER), is_active=True
        ).select_related("unit")
    if params.get("role") in Role.values:
        rows = rows.filter(role=params["role"])
    return rows.order_by(vi("full_name"), "pk")


def search_people(rows: QuerySet, text: str) -> QuerySet:
    return rows.filter(Q(full_name__unaccent__icontains=text) | Q(username__icontains=text.strip()))


def person_item(person) -> dict:
    parts = [person.get_role_display()]
    if person.unit_id:
        parts.append(person.unit.name)
    return {
        "value": person.pk,
        "text": person.full_name or person.username,
        "note": " · ".join(parts),
    }


register(
    "units",
    units,
    search=search_units,
    item=unit_item,
    params=("level", "state"),
    groups=UNIT_GROUPS,
)
register("people", people, search=search_people, item=person_item, params=("role",))
