"""What each role's home page, inbox, dashboard and plan pages show. Everything is read through
the scope choke-point."""

import datetime

from django.core.cache import cache
from django.db.models import Count, Min, Q
from django.utils import timezone

from accounts.models import AdministrativeUnit, Role, RoleAssignment, User
from accounts.roles import AREA_STAFF
from accounts.scope import scope_for
from accounts.selectors import area_summary, staff_visible_to
from evaluation.selectors import (
    certificate_list,
    certificates_expiring,
    dossiers_to_score,
    inspections_awaiting_follow_up,
    pre_assessments_due,
    seats_held_by,
)
from products.models import Product, ProductSector
from products.selectors import (
    idea_list,
    ideas_waiting_for,
    plan_list,
    plans_waiting_for,
    product_list,
)
from promotion.models import SalesPoint
from reports import kpi
from reports.models import ActivityStatus, ReportJob, Target
from subjects.models import CraftVillage, LegalForm, Subject
from subjects.selectors import subject_list


def _with_days_left(certificates) -> list:
    today = timezone.localdate()
    rows = list(certificates)
    for certificate in rows:
        certificate.days_left = (certificate.expires_on - today).days
    return rows


def home_summary(user) -> dict:
    staff = staff_visible_to(user)
    expiring = certificates_expiring(user) if user.role in AREA_STAFF else None
    by_role = dict(staff.order_by().values_list("role").annotate(n=Count("pk")))
    staff_counts = [(label, by_role.get(value, 0)) for value, label in Role.choices]
    return {
        "area": area_summary(user),
        "staff_counts": [row for row in staff_counts if row[1]],
        "staff_total": sum(by_role.values()),
        "seats": list(seats_held_by(user)),
        "registry": {
            "subjects": subject_list(user).count(),
            "products": product_list(user).count(),
            "ideas": idea_list(user).count(),
            "plans": plan_list(user).count(),
            "certificates": certificate_list(user).count(),
        },
        "expiring": _with_days_left(expiring[:10]) if expiring is not None else None,
        "expiring_count": expiring.count() if expiring is not None else 0,
        "waiting": ideas_waiting_for(user).count()
        + plans_waiting_for(user).count()
        + dossiers_to_score(user).count()
        + inspections_awaiting_follow_up(user).count()
        + pre_assessments_due(user).count(),
    }


def inbox(user) -> dict:
    return {
        "ideas": ideas_waiting_for(user)[:100],
        "plans": plans_waiting_for(user)[:100],
        "dossiers": dossiers_to_score(user)[:100],
        "inspections": inspections_awaiting_follow_up(user)[:100],
        "pre_assessments": pre_assessments_due(user)[:100],
        "today": timezone.localdate(),
        "notifications": user.notifications.all()[:50],
    }


def report_jobs_visible_to(user):
    """Reports on units in the user's area; leaders and province staff see the monthly ones."""
    scope = scope_for(user)
    return ReportJob.objects.filter(unit__any_of=scope.unit_ids).select_related(
        "unit", "requested_by"
    )


# --- The plan: its years, targets and activity schedule -----------------------------------------


def plan_targets(plan: str = kpi.PLAN):
    return Target.objects.filter(plan=plan)


def activity_schedule(activities, years: list[int]) -> list:
    """Each activity given with its status in each year (None: nothing recorded)."""
    statuses = {(s.activity_id, s.year): s for s in ActivityStatus.objects.filter(year__in=years)}
    return [
        (activity, [(year, statuses.get((activity.pk, year))) for year in years])
        for activity in activities
    ]


# --- Dashboard and drill-down -------------------------------------------------------------------

DASHBOARD_SECONDS = 600  # indicators move with decisions, not by the minute


def dashboard_data(unit: AdministrativeUnit, as_of: datetime.date) -> dict:
    """The dashboard's indicators and charts, computed once per scope and day every few
    minutes: they read tens of thousands of records, and leaders open the page often."""
    key = f"ocop:dashboard:{unit.pk}:{as_of.isoformat()}"
    data = cache.get(key)
    if data is None:
        indicators = kpi.compute(as_of, unit)
        data = {
            "indicators": indicators,
            "charts": dashboard_charts(kpi.scope_for_unit(unit, as_of)),
            "computed_at": timezone.now(),
        }
        cache.set(key, data, DASHBOARD_SECONDS)
    return data


FIRST_CHART_YEAR = 2019  # recognitions before the plan are shown for comparison


def _recognitions_path(plan_years_: list[int]) -> dict[int, float]:
    """The straight road to T1's number over the plan's years (plan 180: 25, 50, 75, 100)."""
    t1 = Target.objects.filter(plan=kpi.PLAN, code="T1").first()
    if t1 is None or not plan_years_:
        return {}
    step = t1.target_min / len(plan_years_)
    return {year: float(step * (i + 1)) for i, year in enumerate(plan_years_)}


def dashboard_charts(scope) -> dict:
    valid = kpi.valid_certificates(scope.as_of)
    # The same count as T1: a product counts in the year of its first recognition at 3★ or
    # more; renewals and upgrades are a series of their own, never added to the path to 100.
    firsts = (
        scope.subjects(Product.objects.all(), "subject__")
        .annotate(first=Min("certificates__decision_date", filter=Q(certificates__stars__gte=3)))
        .filter(first__isnull=False, first__lte=scope.as_of)
    )
    recognitions = {}
    for first in firsts.values_list("first", flat=True):
        recognitions[first.year] = recognitions.get(first.year, 0) + 1
    again = {}
    for year, count in (
        scope.subjects(
            kpi.Certificate.objects.filter(
                stars__gte=3,
                decision_date__lte=scope.as_of,
                evaluation_type__in=[
                    kpi.EvaluationType.UPGRADE,
                    kpi.EvaluationType.RE_EVALUATION,
                ],
            ),
            "product__subject__",
        )
        .values_list("decision_date__year")
        .annotate(n=Count("product", distinct=True))
        .order_by()
    ):
        again[year] = count
    in_plan = kpi.plan_years()
    years = list(range(FIRST_CHART_YEAR, max(scope.as_of.year, in_plan[-1]) + 1))
    path = _recognitions_path(in_plan)
    cumulative, total = [], 0
    for year in years:
        if year in in_plan:
            total += recognitions.get(year, 0)
        cumulative.append(total if year >= in_plan[0] else None)
    holders = kpi.ocop_subjects(scope)
    forms_ = dict(holders.values_list("legal_form").annotate(n=Count("pk")).order_by())
    sectors = dict(
        scope.subjects(Product.objects.filter(pk__in=valid.values("product")), "subject__")
        .values_list("product_set__group__sector__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # One query per district counts its three star classes together.
    by_stars = {f"s{stars}": Count("pk", filter=Q(stars=stars)) for stars in (3, 4, 5)}
    districts = []
    for district in kpi.plan_districts(scope):
        ids = kpi.area_unit_ids(district.pk)
        counts = valid.filter(
            Q(product__subject__commune__any_of=ids)
            | Q(product__subject__legacy_commune__any_of=ids)
        ).aggregate(**by_stars)
        districts.append({"name": district.name, **counts})
    # The six months ahead, counted in one grouped query.
    months = []
    for offset in range(6):
        month = (scope.as_of.month - 1 + offset) % 12 + 1
        year = scope.as_of.year + (scope.as_of.month - 1 + offset) // 12
        months.append((year, month))
    first_day = datetime.date(*months[0], 1)
    after_last = datetime.date(*months[-1], 1) + datetime.timedelta(days=31)
    after_last = after_last.replace(day=1)
    due = {
        (year, month): n
        for year, month, n in scope.subjects(
            valid.filter(expires_on__gte=first_day, expires_on__lt=after_last),
            "product__subject__",
        )
        .values_list("expires_on__year", "expires_on__month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    expiring = [
        {"month": f"{month:02d}/{year}", "count": due.get((year, month), 0)}
        for year, month in months
    ]
    return {
        "recognitions": {
            "labels": [str(y) for y in years],
            "per_year": [recognitions.get(y, 0) for y in years],
            "renewed": [again.get(y, 0) for y in years],
            "cumulative": cumulative,
            "path": [path.get(y) for y in years],
        },
        "legal_forms": {
            "labels": [str(LegalForm(k).label) for k in forms_],
            "values": list(forms_.values()),
        },
        "sectors": {"labels": list(sectors), "values": list(sectors.values())},
        "districts": districts,
        "expiring": expiring,
        "sector_names": [s.name for s in ProductSector.objects.all()],
    }


# The records an indicator counts, by the kind it names them (kpi.Indicator.records).
RECORD_MODELS = {
    "products": Product,
    "subjects": Subject,
    "villages": CraftVillage,
    "units": AdministrativeUnit,
    "users": User,
    "assignments": RoleAssignment,
    "sme_subjects": Subject,
    "unclassified": Subject,
    "sales_points": SalesPoint,
}


def indicator_detail(unit: AdministrativeUnit, as_of: datetime.date, code: str):
    """One indicator and the records behind its number (at most 500 of each kind)."""
    indicator = kpi.compute(as_of, unit, codes=[code])[0]
    records = {
        kind: RECORD_MODELS[kind].objects.filter(pk__in=ids).order_by("pk")[:500]
        for kind, ids in indicator.records.items()
    }
    return indicator, records
