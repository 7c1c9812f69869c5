from django.db.models import Count, Q, QuerySet

from accounts.models import AdministrativeUnit, Role, RoleAssignment, UnitLevel, User
from accounts.roles import AREA_STAFF
from accounts.scope import filter_by_unit, get_in_scope_or_404, scope_for, units_visible_to


def unit_list(user) -> QuerySet[AdministrativeUnit]:
    return (
        units_visible_to(user)
        .select_related("parent")
        .annotate(children_count=Count("children"))
        .order_by("valid_from", "level", "code")
    )


def unit_get(user, pk) -> AdministrativeUnit:
    return get_in_scope_or_404(units_visible_to(user).select_related("parent"), pk=pk)


def staff_visible_to(user) -> QuerySet[User]:
    return filter_by_unit(User.objects.filter(is_active=True), user, "unit").select_related("unit")


def area_summary(user) -> dict[str, int]:
    """Counts of the units in a user's area, split by structure (before / after July 2025)."""
    units = units_visible_to(user)
    return units.aggregate(
        current_communes=Count("pk", filter=Q(level=UnitLevel.COMMUNE, valid_to__isnull=True)),
        legacy_districts=Count("pk", filter=Q(level=UnitLevel.DISTRICT, valid_to__isnull=False)),
        legacy_communes=Count("pk", filter=Q(level=UnitLevel.COMMUNE, valid_to__isnull=False)),
    )


def people_visible_to(user) -> QuerySet[User]:
    """The accounts a person may see on the people pages (active and disabled).

    Administrators see everyone; province staff every account of their area, the producers of
    its communes and the council members; district staff and commune officers the producers of
    their area. Nobody else sees accounts here.
    """
    people = User.objects.select_related("unit", "subject").order_by("full_name", "username")
    scope = scope_for(user)
    if user.is_system_admin and user.is_active:
        return people
    if not scope.unit_ids or scope.role not in AREA_STAFF:
        return people.none()
    producers = Q(role=Role.PRODUCER, subject__commune__any_of=scope.unit_ids) | Q(
        role=Role.PRODUCER, subject__legacy_commune__any_of=scope.unit_ids
    )
    if scope.role != Role.PROVINCE_STAFF:
        return people.filter(producers)
    return people.exclude(role=Role.SYSTEM_ADMIN).filter(
        producers | Q(unit__any_of=scope.unit_ids) | Q(role=Role.COUNCIL_MEMBER)
    )


def person_get(user, pk) -> User:
    return get_in_scope_or_404(people_visible_to(user), pk=pk)


def assignments_on(day, unit_ids, roles) -> QuerySet:
    """Role assignments held on `day` in an area (a set of unit ids), for reports of that date:
    the people of that day, with or without an account, wherever they are now."""

    return RoleAssignment.objects.valid_on(day).filter(role__in=roles, unit__any_of=list(unit_ids))


def assignments_visible_to(user) -> QuerySet:

    return filter_by_unit(RoleAssignment.objects.all(), user, "unit").select_related("unit", "user")
