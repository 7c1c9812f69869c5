"""The scope choke-point: which administrative units a user may see and act in.

Every selector in the portal filters through this module, and every view fetches single objects
through `get_in_scope_or_404`, so "does not exist" and "belongs to another unit" give the same
404 and ids cannot be probed. 403 is kept for "you can see it, but your role may not change it".

A user's *area* is their unit together with everything below it, the older units it was formed
from and the newer units those became. That way district staff of plan 180's period still see
their old district's records after the July 2025 reorganisation (which abolished districts and
merged communes), and a commune officer of a new commune sees the records of the old communes
merged into it.

A producer's account (role PRODUCER) has no area at all: it reaches the records of its one
producer (`Scope.subject_id`) through `filter_by_subject`, and nothing of any other producer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404

from accounts.models import AdministrativeUnit, Role, UnitSuccession
from accounts.roles import AREA_STAFF


@dataclass(frozen=True)
class Scope:
    role: str
    unit_id: int | None
    unit_ids: frozenset[int]
    subject_id: int | None = None

    @property
    def is_producer(self) -> bool:
        return self.role == Role.PRODUCER

    def covers(self, unit_id: int | None) -> bool:
        return unit_id is not None and unit_id in self.unit_ids


EMPTY_SCOPE = Scope(role="", unit_id=None, unit_ids=frozenset())


def _units_generation() -> str:
    """Changes whenever the reference units are reloaded, so cached areas never go stale."""

    units = AdministrativeUnit.objects.aggregate(n=Count("pk"), top=Max("pk"))
    return f"{units['n']}:{units['top']}:{UnitSuccession.objects.count()}"


def units_generation_for(user) -> str:
    """`_units_generation`, asked once per request (kept on the user object, like the scope)."""
    generation = getattr(user, "_ocop_units_generation", None)
    if generation is None:
        generation = _units_generation()
        if user is not None:
            user._ocop_units_generation = generation
    return generation


def area_unit_ids(unit_id: int, generation: str | None = None) -> frozenset[int]:
    """The ids of a unit's area: itself, its predecessors, all below them, and their successors.

    Every request needs its user's area and units change only when reference data is loaded:
    the answer is cached per process, keyed by the units' generation.
    """

    key = f"ocop:area:{unit_id}:{generation or _units_generation()}"
    cached = cache.get(key)
    if cached is None:
        cached = _compute_area(unit_id)
        cache.set(key, cached, 3600)
    return cached


def _compute_area(unit_id: int) -> frozenset[int]:
    seeds = {unit_id}
    frontier = {unit_id}
    while frontier:  # predecessors of predecessors, for more than one reorganisation
        frontier = (
            set(
                UnitSuccession.objects.filter(successor_id__in=frontier).values_list(
                    "predecessor_id", flat=True
                )
            )
            - seeds
        )
        seeds |= frontier
    area = set(seeds)
    frontier = set(seeds)
    while frontier:
        frontier = (
            set(
                AdministrativeUnit.objects.filter(parent_id__in=frontier).values_list(
                    "id", flat=True
                )
            )
            - area
        )
        area |= frontier
    area |= set(
        UnitSuccession.objects.filter(predecessor_id__in=area).values_list(
            "successor_id", flat=True
        )
    )
    return frozenset(area)


def _ancestors(unit_ids: set[int]) -> set[int]:
    found: set[int] = set()
    frontier = set(unit_ids)
    while frontier:
        frontier = (
            set(
                AdministrativeUnit.objects.filter(
                    pk__in=frontier, parent__isnull=False
                ).values_list("parent_id", flat=True)
            )
            - found
        )
        found |= frontier
    return found


def units_covering(unit_id: int) -> frozenset[int]:
    """The units whose area contains `unit_id`: the inverse of `area_unit_ids`.

    Used to find who should act on a record (e.g. the district staff who screen an idea of a
    new commune formed from that district's old communes).
    """
    related = {unit_id}
    related |= set(
        UnitSuccession.objects.filter(successor_id=unit_id).values_list("predecessor_id", flat=True)
    )
    related |= set(
        UnitSuccession.objects.filter(predecessor_id=unit_id).values_list("successor_id", flat=True)
    )
    ancestors = _ancestors(related)
    # The new province of July 2025 covers the old districts too (they are in its area).
    ancestors |= set(
        UnitSuccession.objects.filter(predecessor_id__in=ancestors).values_list(
            "successor_id", flat=True
        )
    )
    return frozenset(related | ancestors)


def scope_for(user) -> Scope:
    """The user's scope, computed once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, "_ocop_scope", None)
    if cached is not None:
        return cached
    if user.role == Role.SYSTEM_ADMIN or user.is_superuser:
        unit_ids = frozenset(AdministrativeUnit.objects.values_list("id", flat=True))
    elif user.role == Role.COUNCIL_MEMBER or user.unit_id is None:
        # Council members reach dossiers only through their council seats (evaluation app).
        unit_ids = frozenset()
    else:
        unit_ids = area_unit_ids(user.unit_id, units_generation_for(user))
    subject_id = user.subject_id if user.role == Role.PRODUCER else None
    scope = Scope(role=user.role, unit_id=user.unit_id, unit_ids=unit_ids, subject_id=subject_id)
    user._ocop_scope = scope
    return scope


def filter_by_unit(queryset: QuerySet, user, *lookups: str) -> QuerySet:
    """Keep rows whose unit (any of `lookups`, e.g. "commune", "legacy_commune") is in scope."""
    scope = scope_for(user)
    if not scope.unit_ids:
        return queryset.none()
    condition = Q()
    for lookup in lookups or ("pk",):
        condition |= Q(**{f"{lookup}__any_of": scope.unit_ids})
    return queryset.filter(condition)


def filter_by_subject(queryset: QuerySet, user, lookup: str = "subject") -> QuerySet:
    """A producer's own rows: those whose producer (`lookup`, e.g. "product__subject") is theirs.

    Anyone else gets nothing here; staff read the same records through `filter_by_unit`.
    """
    scope = scope_for(user)
    if not scope.is_producer or scope.subject_id is None:
        return queryset.none()
    return queryset.filter(**{lookup: scope.subject_id})


def units_visible_to(user) -> QuerySet[AdministrativeUnit]:
    return filter_by_unit(AdministrativeUnit.objects.all(), user, "pk")


def get_in_scope_or_404(queryset: QuerySet, **lookup):
    """The one object matching `lookup` in an already scoped queryset, or 404.

    Whether the object is in scope is asked of the scoped queryset without its joins for
    display; the object and its relations are then read by primary key. PostgreSQL took
    longer to plan the scope conditions together with a dozen joined tables than to run them.

    Copying the display joins and prefetches onto the second query reads three attributes
    Django does not document (`query.select_related`, `_prefetch_related_lookups`,
    `query.annotations`); tests/accounts/test_scope_private_api.py fails if Django changes
    them. The public alternatives measured slower where it matters (`make bench` data, EXPLAIN
    ANALYZE, median planning + execution, November 2026): a dossier page's query took 9.8 to
    15.6 ms as one scoped `get` (or as the scoped queryset filtered again by primary key, which
    plans the same joins) against 3.3 to 3.9 ms in two steps, for commune, district and
    province staff; a product page's lighter query took 0.9 to 2.4 ms either way.
    """
    model = queryset.model
    try:
        if queryset.query.annotations or queryset.query.distinct:
            return queryset.get(**lookup)  # the row itself depends on the scoped query
        pk = (
            queryset.select_related(None)
            .prefetch_related(None)
            .order_by()
            .values_list("pk", flat=True)
            .get(**lookup)
        )
        row = model._default_manager.filter(pk=pk)
        row.query.select_related = queryset.query.select_related
        return row.prefetch_related(*queryset._prefetch_related_lookups).get()
    except (model.DoesNotExist, model.MultipleObjectsReturned, ValueError):
        raise Http404 from None


def ensure_can_act(user, unit_id: int | None, *, roles: Iterable[str] = AREA_STAFF) -> None:
    """403 unless the user's role may act here; callers have already scoped the object (404).

    Services ask their lifecycle's policy instead (`accounts.policy.Policy.check`), which adds
    the producer's own account and the record's status to this same role-and-area test."""
    scope = scope_for(user)
    if scope.role not in set(roles) or not scope.covers(unit_id):
        raise PermissionDenied
