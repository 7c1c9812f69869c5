"""Plan 180's indicators, computed as of any date for any scope, from the recorded history.

Each indicator says its value, its target, numerator and denominator, a status, and which
records stand behind the number. The definitions follow the plan's section I.2 as the OCOP
brief (§8) makes them computable; each is documented on its function.

Territory: a target belongs to a plan and to the territory the plan was written for (plan
180: old Quảng Trị, its 10 districts until 30/6/2025 and the new communes formed from them).
A status is given only where the plan sets the target: for the territory itself, and for T10
also per old district. Inside the territory (a district, a commune) the figure is shown as a
contribution without a status; a wider or other area (the merged province, a former Quảng
Bình commune) is figures for reference, without a status.

Status (the terms of TERMS-vi.md): "met" (Đạt) when the value reaches the target's lower bound
(a range such as 2–3 is met at 2). Before the deadline a cumulative count is projected at its
pace so far to the deadline: "on_track" (Đúng tiến độ) when the projection reaches the target,
else "behind" (Chậm tiến độ); a share or a count of holdings has no pace and is "behind" until
met. After the deadline there is only "met" or "not_met" (Không đạt). "no_data" when the
denominator is empty.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import Min, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import AdministrativeUnit, Role, UnitLevel
from accounts.scope import area_unit_ids
from accounts.selectors import assignments_on
from evaluation.models import Certificate, CouncilSeat, Dossier, EvaluationType
from products.models import BusinessPlan, Product, ProductIdea
from promotion.models import MODERN_CHANNELS, SalesChannel, SalesPoint
from reports.models import PLAN_180, Target
from subjects.models import (
    Attendance,
    AttendeeRole,
    CraftVillage,
    GreenChainStatus,
    LegalForm,
    Subject,
)
from subjects.sme import UNKNOWN, classify, version_on

HUNDRED = Decimal(100)
PLAN = PLAN_180


# Where a scope stands against a target's territory.
TERRITORY, INSIDE, OUTSIDE = "territory", "inside", "outside"


@dataclass
class Indicator:
    target: Target
    value: Decimal | int
    numerator: int
    denominator: int | None
    status: str
    records: dict = field(default_factory=dict)  # kind → list of ids behind the number
    extra: dict = field(default_factory=dict)
    standing: str = TERRITORY

    @property
    def code(self) -> str:
        return self.target.code

    @property
    def unit_label(self) -> str:
        """The unit of the value (a commune's T10 counts its own sales points, not districts)."""
        return self.extra.get("unit", self.target.unit)

    @property
    def judged(self) -> bool:
        return self.status not in ("contribution", "outside")

    def as_json(self) -> dict:
        return {
            "title": self.target.title,
            "value": float(self.value) if isinstance(self.value, Decimal) else self.value,
            "target": float(self.target.target_min),
            "target_max": float(self.target.target_max) if self.target.target_max else None,
            "unit": self.unit_label,
            "status": self.status,
            "standing": self.standing,
            "numerator": self.numerator,
            "denominator": self.denominator,
            **{k: v for k, v in self.extra.items() if k != "chart"},
        }


@dataclass
class Scope:
    as_of: datetime.date
    unit: AdministrativeUnit
    unit_ids: frozenset[int]

    def subjects(self, queryset: QuerySet, prefix: str = "") -> QuerySet:
        return queryset.filter(
            Q(**{f"{prefix}commune__in": self.unit_ids})
            | Q(**{f"{prefix}legacy_commune__in": self.unit_ids})
        )


def scope_for_unit(unit: AdministrativeUnit, as_of: datetime.date) -> Scope:
    return Scope(as_of=as_of, unit=unit, unit_ids=area_unit_ids(unit.pk))


def share(numerator: int, denominator: int) -> Decimal:
    if not denominator:
        return Decimal(0)
    return (Decimal(numerator) * HUNDRED / denominator).quantize(Decimal("0.1"), ROUND_HALF_UP)


def valid_certificates(day: datetime.date) -> QuerySet[Certificate]:
    """Recognitions that count for the plan: in force on the day and at 3★ or more."""
    return Certificate.objects.valid_on(day).filter(stars__gte=3)


def ocop_subjects(scope: Scope) -> QuerySet[Subject]:
    """Subjects holding at least one valid certificate on the day (the plan's "OCOP subjects")."""
    holders = valid_certificates(scope.as_of).values("product__subject")
    return scope.subjects(Subject.objects.filter(pk__in=holders))


def status_of(
    target: Target,
    value,
    *,
    as_of: datetime.date,
    denominator=None,
    pace: bool = False,
    year_fraction: float | None = None,
    goal=None,
) -> str:
    if denominator == 0:
        return "no_data"
    goal = Decimal(goal if goal is not None else target.target_min)
    if Decimal(value) >= goal:
        return "met"
    if as_of >= target.deadline:
        return "not_met"
    if pace:
        elapsed = (as_of - target.period_start).days + 1
        total = (target.deadline - target.period_start).days + 1
        fraction = year_fraction if year_fraction is not None else elapsed / total
        projected = Decimal(value) / Decimal(max(fraction, 1e-6))
        return "on_track" if projected >= goal else "behind"
    return "behind"


def worst(*statuses: str) -> str:
    """The status of a target with several parts (T6): every part must be met."""
    order = ["no_data", "not_met", "behind", "on_track", "met"]
    return min(statuses, key=order.index)


def _period_end(target: Target, as_of: datetime.date) -> datetime.date:
    return min(as_of, target.deadline)


def _count(target: Target, scope: Scope, kind: str, ids: list, *, pace=False) -> Indicator:
    """An indicator that counts records (kind: what they are, for the drill-down)."""
    return Indicator(
        target,
        len(ids),
        len(ids),
        None,
        status_of(target, len(ids), as_of=scope.as_of, pace=pace),
        records={kind: ids},
    )


def _share(target: Target, scope: Scope, kind: str, ids: list, denominator: int) -> Indicator:
    """An indicator that is the share of `ids` in a denominator."""
    value = share(len(ids), denominator)
    return Indicator(
        target,
        value,
        len(ids),
        denominator,
        status_of(target, value, as_of=scope.as_of, denominator=denominator),
        records={kind: ids},
    )


def t1_new_products(target: Target, scope: Scope) -> Indicator:
    """Distinct products whose first ≥3★ recognition is dated within the period."""
    end = _period_end(target, scope.as_of)
    products = (
        scope.subjects(Product.objects.all(), "subject__")
        .annotate(first=Min("certificates__decision_date", filter=Q(certificates__stars__gte=3)))
        .filter(first__gte=target.period_start, first__lte=end)
    )
    ids = list(products.values_list("pk", flat=True))
    indicator = _count(target, scope, "products", ids, pace=True)
    # Renewals and upgrades are not "more" products: shown beside T1, never added to it.
    again = scope.subjects(
        Certificate.objects.filter(
            stars__gte=3,
            evaluation_type__in=[EvaluationType.UPGRADE, EvaluationType.RE_EVALUATION],
            decision_date__gte=target.period_start,
            decision_date__lte=end,
        ),
        "product__subject__",
    )
    indicator.extra["renewed_or_upgraded"] = again.values("product").distinct().count()
    return indicator


def _holding(scope: Scope, **certificate_filter) -> list[int]:
    certificates = valid_certificates(scope.as_of).filter(**certificate_filter)
    products = scope.subjects(
        Product.objects.filter(pk__in=certificates.values("product")), "subject__"
    )
    return list(products.values_list("pk", flat=True))


def t2_five_star(target: Target, scope: Scope) -> Indicator:
    """Products holding a valid 5★ certificate."""
    ids = _holding(scope, stars=5)
    return _count(target, scope, "products", ids)


def t3_tourism(target: Target, scope: Scope) -> Indicator:
    """Tourism-service products (set VI.1) holding a valid ≥3★ certificate."""
    ids = _holding(scope, product__product_set__code__startswith="VI.")
    return _count(target, scope, "products", ids)


def t4_consolidated(target: Target, scope: Scope) -> Indicator:
    """Of the products recognised ≥3★ before the period, the share re-evaluated or upgraded
    successfully (≥3★) within it."""
    end = _period_end(target, scope.as_of)
    base = scope.subjects(
        Product.objects.filter(
            certificates__stars__gte=3, certificates__decision_date__lt=target.period_start
        ),
        "subject__",
    ).distinct()
    renewed = base.filter(
        certificates__stars__gte=3,
        certificates__evaluation_type__in=[EvaluationType.UPGRADE, EvaluationType.RE_EVALUATION],
        certificates__decision_date__gte=target.period_start,
        certificates__decision_date__lte=end,
    ).distinct()
    denominator = base.count()
    ids = list(renewed.values_list("pk", flat=True))
    return _share(target, scope, "products", ids, denominator)


def t5_new_cooperatives(target: Target, scope: Scope) -> Indicator:
    """Cooperatives whose first ≥3★ product was recognised in the year (the as-of year, at
    most 2025); the other years of the period are given beside it."""
    end = _period_end(target, scope.as_of)
    cooperatives = (
        scope.subjects(Subject.objects.filter(legal_form=LegalForm.COOPERATIVE))
        .annotate(
            first=Min(
                "products__certificates__decision_date",
                filter=Q(products__certificates__stars__gte=3),
            )
        )
        .filter(first__isnull=False, first__lte=end)
    )
    by_year: dict[int, list[int]] = {}
    for pk, first in cooperatives.values_list("pk", "first"):
        if first >= target.period_start:
            by_year.setdefault(first.year, []).append(pk)
    year = end.year
    ids = by_year.get(year, [])
    day_of_year = (end - datetime.date(year, 1, 1)).days + 1
    length = (datetime.date(year, 12, 31) - datetime.date(year, 1, 1)).days + 1
    status = status_of(
        target, len(ids), as_of=scope.as_of, pace=True, year_fraction=day_of_year / length
    )
    if scope.as_of >= datetime.date(year, 12, 31) and len(ids) < target.target_min:
        status = "not_met"  # the year is over: its count can no longer change
    return Indicator(
        target,
        len(ids),
        len(ids),
        None,
        status,
        records={"subjects": ids},
        extra={
            "year": year,
            "per_year": {
                str(y): len(by_year.get(y, [])) for y in range(target.period_start.year, year + 1)
            },
        },
    )


def t6_legal_forms(target: Target, scope: Scope) -> Indicator:
    """Among OCOP subjects (holding a valid certificate): the share of cooperatives (≥ 40 %)
    and the share of small and medium-sized enterprises (≥ 30 %), each judged. An enterprise
    counts as an SME by its size class (Nghị định 80/2021/NĐ-CP: micro, small, medium),
    recorded by hand or else classified from its labour and revenue or capital by the
    thresholds in force (subjects/sme.py); an enterprise of unknown size is "not classified",
    shown apart and not counted, since the plan's wording is SMEs, not any enterprise."""
    subjects = ocop_subjects(scope)
    denominator = subjects.count()
    cooperatives = list(
        subjects.filter(legal_form=LegalForm.COOPERATIVE).values_list("pk", flat=True)
    )
    enterprises = subjects.filter(legal_form=LegalForm.ENTERPRISE).only(
        "pk", "sme_size", "sme_sector", "insured_labour", "annual_revenue", "total_capital"
    )
    sizes = {subject.pk: classify(subject, scope.as_of) for subject in enterprises}
    smes = sorted(pk for pk, found in sizes.items() if found.is_sme)
    unclassified = sorted(pk for pk, found in sizes.items() if found.size == UNKNOWN)
    value = share(len(cooperatives), denominator)
    second = share(len(smes), denominator)
    first_status = status_of(target, value, as_of=scope.as_of, denominator=denominator)
    second_status = status_of(
        target,
        second,
        as_of=scope.as_of,
        denominator=denominator,
        goal=target.secondary_min or 0,
    )
    return Indicator(
        target,
        value,
        len(cooperatives),
        denominator,
        worst(first_status, second_status),
        records={"subjects": cooperatives, "sme_subjects": smes, "unclassified": unclassified},
        extra={
            "cooperative_share": float(value),
            "cooperative_status": first_status,
            "enterprise_share": float(second),
            "enterprise_target": float(target.secondary_min or 0),
            "enterprise_status": second_status,
            "enterprises": len(smes),
            "unclassified_enterprises": len(unclassified),
            "other_enterprises": len(sizes) - len(smes) - len(unclassified),
            "sme_source": version_on(scope.as_of).legal_source,
        },
    )


def _share_of_subjects(target: Target, scope: Scope, numerator_qs) -> Indicator:
    subjects = ocop_subjects(scope)
    denominator = subjects.count()
    ids = list(numerator_qs(subjects).values_list("pk", flat=True))
    return _share(target, scope, "subjects", ids, denominator)


def t7_green_chains(target: Target, scope: Scope) -> Indicator:
    """OCOP subjects whose green / circular value chain is achieved by the day, evidenced, and
    tied to a raw-material area ("gắn với vùng nguyên liệu ổn định"). Reading where the plan is
    silent: "stable" means a raw-material area recorded for the subject in the registry."""
    return _share_of_subjects(
        target,
        scope,
        lambda subjects: (
            subjects.filter(
                green_chain_status=GreenChainStatus.ACHIEVED,
                green_chain_since__lte=scope.as_of,
                raw_material_areas__isnull=False,
            )
            .exclude(green_chain_evidence="")
            .distinct()
        ),
    )


def t9_modern_channels(target: Target, scope: Scope) -> Indicator:
    """OCOP subjects selling through a supermarket, convenience-store or e-commerce channel."""
    active = SalesChannel.objects.active_on(scope.as_of).filter(kind__in=MODERN_CHANNELS)
    return _share_of_subjects(
        target, scope, lambda subjects: subjects.filter(pk__in=active.values("subject"))
    )


def t8_craft_villages(target: Target, scope: Scope) -> Indicator:
    """Traditional craft villages with a subject holding a valid certificate."""
    villages = CraftVillage.objects.filter(
        Q(recognised_on__isnull=True) | Q(recognised_on__lte=scope.as_of),
        traditional=True,
        commune__any_of=scope.unit_ids,
    )
    denominator = villages.count()
    holders = valid_certificates(scope.as_of).values("product__subject")
    ids = list(villages.filter(subjects__in=holders).distinct().values_list("pk", flat=True))
    return _share(target, scope, "villages", ids, denominator)


def plan_districts(scope: Scope) -> list[AdministrativeUnit]:
    """The old districts of plan 180's province that lie in the scope's area."""
    districts = AdministrativeUnit.objects.filter(
        level=UnitLevel.DISTRICT, parent=plan_territory(), valid_to__isnull=False
    ).order_by("code")
    return [d for d in districts if area_unit_ids(d.pk) & scope.unit_ids]


def district_range(target: Target, district: AdministrativeUnit) -> tuple[int, int | None]:
    """The sales points the plan asks of a district, as its range (KH 180/KH-UBND, T10: Đông
    Hà 8–10, every other district 1–2). A quota kept as a bare number is a minimum alone."""
    needs = target.district_targets or {}
    need = needs.get(district.code, needs["*"])
    if isinstance(need, dict):
        high = need.get("max")
        return int(need["min"]), int(high) if high is not None else None
    return int(need), None


def range_text(low: int, high: int | None) -> str:
    """A quota as the plan writes it: "1–2", or "8" when it sets a minimum only."""
    return f"{low}–{high}" if high is not None and high != low else str(low)


def t10_sales_points(target: Target, scope: Scope) -> Indicator:
    """Per old district: active OCOP sales points against the plan's number for it; for the
    territory, the share of districts that have enough. A commune is not given a target by
    the plan: its own sales points are counted, as its contribution."""
    active = SalesPoint.objects.active_on(scope.as_of)
    if scope.unit.level == UnitLevel.COMMUNE:
        ids = list(active.filter(unit__any_of=scope.unit_ids).values_list("pk", flat=True))
        return Indicator(
            target,
            len(ids),
            len(ids),
            None,
            "contribution",
            records={"sales_points": ids},
            extra={"unit": "điểm bán"},
        )
    rows, met = [], []
    points: list[int] = []
    for district in plan_districts(scope):
        in_district = list(
            active.filter(unit__any_of=area_unit_ids(district.pk)).values_list("pk", flat=True)
        )
        points += in_district
        needed, needed_max = district_range(target, district)
        status = status_of(target, len(in_district), as_of=scope.as_of, goal=needed)
        rows.append(
            {
                "district": district.name,
                "code": district.code,
                "sales_points": len(in_district),
                "needed": needed,
                "needed_max": needed_max,
                "needed_text": range_text(needed, needed_max),
                "status": status,
            }
        )
        if len(in_district) >= needed:
            met.append(district.pk)
    if scope.unit.level == UnitLevel.DISTRICT and len(rows) == 1:
        # The plan sets this district's own number: judged here.
        row = rows[0]
        return Indicator(
            target,
            row["sales_points"],
            row["sales_points"],
            None,
            row["status"],
            records={"sales_points": sorted(set(points))},
            extra={
                "unit": "điểm bán",
                "districts": rows,
                "needed": row["needed"],
                "needed_text": row["needed_text"],
            },
        )
    value = share(len(met), len(rows))
    return Indicator(
        target,
        value,
        len(met),
        len(rows),
        status_of(target, value, as_of=scope.as_of, denominator=len(rows)),
        records={"units": met, "sales_points": sorted(set(points))},
        extra={"districts": rows, "sales_points_total": len(set(points))},
    )


def participating_subjects(target: Target, scope: Scope) -> QuerySet[Subject]:
    """Producers taking part in the programme by the day: an idea or a business plan
    submitted, a dossier registered since the plan began, or a certificate in force."""
    day = scope.as_of
    since = target.period_start
    ideas = ProductIdea.objects.filter(
        submitted_at__date__gte=since, submitted_at__date__lte=day
    ).values("proposer_subject")
    plans = BusinessPlan.objects.filter(
        submitted_at__date__gte=since, submitted_at__date__lte=day
    ).values("subject")
    dossiers = Dossier.objects.filter(
        created_at__date__gte=since, created_at__date__lte=day
    ).values("product__subject")
    holders = valid_certificates(day).values("product__subject")
    return scope.subjects(
        Subject.objects.filter(
            Q(pk__in=ideas) | Q(pk__in=plans) | Q(pk__in=dossiers) | Q(pk__in=holders)
        )
    )


def t11_training(target: Target, scope: Scope) -> Indicator:
    """Trained people over the plan's list, as it stood on the day: members of councils and
    their support groups (seats held that day, in councils of the area), commune officers
    (assignments held that day in the area, with or without an account), and the leaders of
    every producer taking part in the programme. Reading where the plan is silent: a leader
    is counted once per producer; a course counts from its first day; a person counts once
    however many roles they hold."""
    day = scope.as_of
    seats = CouncilSeat.objects.filter(
        Q(term_end__isnull=True) | Q(term_end__gte=day),
        term_start__lte=day,
        council__unit__any_of=scope.unit_ids,
    )
    people = {f"user:{pk}" for pk in seats.values_list("user_id", flat=True)}
    assignments = assignments_on(day, scope.unit_ids, [Role.COMMUNE_OFFICER, Role.COUNCIL_MEMBER])
    by_key = {a.person_key: a.pk for a in assignments.only("pk", "user_id")}
    people |= set(by_key)
    leaders = set(participating_subjects(target, scope).values_list("pk", flat=True))
    attended = Attendance.objects.filter(course__starts_on__lte=day)
    trained_keys = {
        f"user:{pk}" for pk in attended.exclude(user=None).values_list("user_id", flat=True)
    } | {
        f"person:{pk}"
        for pk in attended.exclude(assignment=None)
        .filter(assignment__user=None)
        .values_list("assignment_id", flat=True)
    }
    trained_people = people & trained_keys
    trained_leaders = leaders & set(
        attended.filter(role=AttendeeRole.SUBJECT_LEADER, subject__isnull=False).values_list(
            "subject_id", flat=True
        )
    )
    denominator = len(people) + len(leaders)
    numerator = len(trained_people) + len(trained_leaders)
    value = share(numerator, denominator)
    users = sorted(int(k.split(":")[1]) for k in trained_people if k.startswith("user:"))
    persons = sorted(int(k.split(":")[1]) for k in trained_people if k.startswith("person:"))
    return Indicator(
        target,
        value,
        numerator,
        denominator,
        status_of(target, value, as_of=day, denominator=denominator),
        records={"users": users, "assignments": persons, "subjects": sorted(trained_leaders)},
        extra={
            "officials": len(people),
            "officials_trained": len(trained_people),
            "leaders": len(leaders),
            "leaders_trained": len(trained_leaders),
        },
    )


INDICATORS = {
    "T1": t1_new_products,
    "T2": t2_five_star,
    "T3": t3_tourism,
    "T4": t4_consolidated,
    "T5": t5_new_cooperatives,
    "T6": t6_legal_forms,
    "T7": t7_green_chains,
    "T8": t8_craft_villages,
    "T9": t9_modern_channels,
    "T10": t10_sales_points,
    "T11": t11_training,
}


def standing_of(target: Target, unit: AdministrativeUnit) -> str:
    """Where a scope stands against the territory a target was set for."""
    if target.territory_id is None or unit.pk == target.territory_id:
        return TERRITORY
    if area_unit_ids(unit.pk) <= area_unit_ids(target.territory_id):
        return INSIDE
    return OUTSIDE


def plan_territory(plan: str = PLAN) -> AdministrativeUnit | None:
    """The unit a plan's targets were set for (plan 180: old Quảng Trị, code 45, as the plan's
    data records it: reports/data/plan180_targets.json).

    Reference data, asked by every dashboard view: kept ten minutes in the shared cache."""

    key = f"ocop:plan-territory:{plan}"
    found = cache.get(key)
    if found is None:
        target = (
            Target.objects.filter(plan=plan, territory__isnull=False)
            .select_related("territory")
            .first()
        )
        found = (target.territory if target else None,)
        cache.set(key, found, 600)
    return found[0]


def plan_period(plan: str = PLAN) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a plan, as its targets record them (plan 180: 2022–2025)."""
    target = Target.objects.filter(plan=plan).order_by("pk").first()
    if target is None:
        raise Target.DoesNotExist(f"no targets of plan {plan}; run load_reference_data")
    return target.period_start, target.deadline


def plan_years(plan: str = PLAN, *, until: datetime.date | None = None) -> list[int]:
    """The plan's years, up to `until`'s year when given (a report as of mid-2024 has no 2025)."""
    start, end = plan_period(plan)
    last = end.year if until is None else min(until.year, end.year)
    return list(range(start.year, last + 1))


def compute(
    as_of: datetime.date,
    unit: AdministrativeUnit,
    codes: Iterable[str] | None = None,
    *,
    plan: str = PLAN,
) -> list[Indicator]:
    scope = scope_for_unit(unit, as_of)
    targets = Target.objects.filter(plan=plan, code__in=list(codes or INDICATORS))
    by_code = {t.code: t for t in targets}
    results = []
    for code in INDICATORS:
        if code not in by_code:
            continue
        target = by_code[code]
        indicator = INDICATORS[code](target, scope)
        indicator.standing = standing_of(target, unit)
        district_judged = code == "T10" and unit.level == UnitLevel.DISTRICT
        if indicator.standing == INSIDE and not district_judged:
            indicator.status = "contribution"
        elif indicator.standing == OUTSIDE:
            indicator.status = "outside"
        results.append(indicator)
    return results


def scope_label(unit: AdministrativeUnit) -> str:
    """A scope's name as reports must say it: the two provinces called "Tỉnh Quảng Trị" (before
    and after July 2025) are told apart, and old units carry their end date."""
    if unit.level == UnitLevel.PROVINCE and unit.valid_to is not None:
        if unit == plan_territory():
            return _(
                "%(name)s before the reorganisation – the territory of plan 180 (until "
                "%(end)s, and the communes and wards formed from it)"
            ) % {"name": unit.name, "end": f"{unit.valid_to:%d/%m/%Y}"}
        return _("%(name)s (until %(end)s)") % {
            "name": unit.name,
            "end": f"{unit.valid_to:%d/%m/%Y}",
        }
    if unit.level == UnitLevel.PROVINCE and unit.valid_from is not None:
        return _("%(name)s after the reorganisation (merged province, from %(start)s)") % {
            "name": unit.name,
            "start": f"{unit.valid_from:%d/%m/%Y}",
        }
    if unit.valid_to is not None:
        return _("%(name)s (until %(end)s)") % {
            "name": unit.name,
            "end": f"{unit.valid_to:%d/%m/%Y}",
        }
    return unit.name


STANDING_NOTES = {
    TERRITORY: "",
    INSIDE: "Contribution to the province-wide target; the plan sets no target for this area.",
    OUTSIDE: "Figures for reference: this area is not the territory plan 180 was written for.",
}
