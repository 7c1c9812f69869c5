"""Dashboards, KPI drill-down, report jobs, the activity schedule, targets and training."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Min, Q
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AdministrativeUnit, Role
from accounts.scope import get_in_scope_or_404, scope_for
from ocop_portal.health import worker_is_running
from ocop_portal.history import history_of
from ocop_portal.listing import sortable
from reports import kpi, services
from reports.forms import (
    ActivityStatusForm,
    AttendanceForm,
    CourseForm,
    ReportRequestForm,
    ScopeForm,
    TargetForm,
    default_report_unit,
)
from reports.models import Activity, ActivityStatus, JobStatus, Target, TrainingCourse
from reports.selectors import report_jobs_visible_to

EDITORS = (Role.PROVINCE_STAFF,)
STATUS_STYLES = {
    "met": "success",
    "on_track": "primary",
    "behind": "warning",
    "not_met": "danger",
    "no_data": "secondary",
    "contribution": "light",
    "outside": "light",
}


def _require(user, roles):
    if scope_for(user).role not in roles:
        raise PermissionDenied


def _default_unit(user):
    return default_report_unit(user)


def _scope(request):
    _require(request.user, services.READERS)
    form = ScopeForm(request.GET or None, user=request.user)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    unit = data.get("unit") or _default_unit(request.user)
    if unit is None:
        raise PermissionDenied
    return form, unit, data.get("as_of") or timezone.localdate()


DASHBOARD_SECONDS = 600  # indicators move with decisions, not by the minute


def _dashboard_data(unit, as_of):
    """The dashboard's indicators and charts, computed once per scope and day every few
    minutes: they read tens of thousands of records, and leaders open the page often."""
    from django.core.cache import cache

    key = f"ocop:dashboard:{unit.pk}:{as_of.isoformat()}"
    data = cache.get(key)
    if data is None:
        indicators = kpi.compute(as_of, unit)
        data = {
            "indicators": indicators,
            "charts": _charts(kpi.scope_for_unit(unit, as_of), indicators),
            "computed_at": timezone.now(),
        }
        cache.set(key, data, DASHBOARD_SECONDS)
    return data


@login_required
def dashboard(request):
    form, unit, as_of = _scope(request)
    data = _dashboard_data(unit, as_of)
    indicators, charts = data["indicators"], data["charts"]
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "unit": unit,
            "as_of": as_of,
            "indicators": indicators,
            "styles": STATUS_STYLES,
            "charts": charts,  # to the page through json_script: names are data, not markup
            "computed_at": data["computed_at"],
            "scope_label": kpi.scope_label(unit),
            "standing": indicators[0].standing if indicators else kpi.TERRITORY,
        },
    )


def _charts(scope, indicators) -> dict:
    from products.models import Product, ProductSector
    from subjects.models import LegalForm

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
    years = list(range(2019, max(scope.as_of.year, 2025) + 1))
    path = {2022: 25, 2023: 50, 2024: 75, 2025: 100}  # the straight road to T1's 100
    cumulative, total = [], 0
    for year in years:
        if 2022 <= year <= 2025:
            total += recognitions.get(year, 0)
        cumulative.append(total if year >= 2022 else None)
    holders = kpi.ocop_subjects(scope)
    forms_ = dict(holders.values_list("legal_form").annotate(n=Count("pk")).order_by())
    sectors = dict(
        scope.subjects(Product.objects.filter(pk__in=valid.values("product")), "subject__")
        .values_list("product_set__group__sector__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    districts = []
    for district in kpi.plan_districts(scope):
        ids = kpi.area_unit_ids(district.pk)
        row = {"name": district.name}
        for stars in (3, 4, 5):
            row[f"s{stars}"] = (
                valid.filter(stars=stars)
                .filter(
                    Q(product__subject__commune__any_of=ids)
                    | Q(product__subject__legacy_commune__any_of=ids)
                )
                .count()
            )
        districts.append(row)
    expiring = []
    for offset in range(6):
        month = (scope.as_of.month - 1 + offset) % 12 + 1
        year = scope.as_of.year + (scope.as_of.month - 1 + offset) // 12
        expiring.append(
            {
                "month": f"{month:02d}/{year}",
                "count": scope.subjects(
                    valid.filter(expires_on__year=year, expires_on__month=month),
                    "product__subject__",
                ).count(),
            }
        )
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


@login_required
def kpi_detail(request, code: str):
    """The records behind one number: click a value to see what it counts."""
    form, unit, as_of = _scope(request)
    if code not in kpi.INDICATORS:
        raise PermissionDenied
    indicator = kpi.compute(as_of, unit, codes=[code])[0]
    from accounts.models import RoleAssignment, User
    from products.models import Product
    from promotion.models import SalesPoint
    from subjects.models import CraftVillage, Subject

    models = {
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
    records = {
        kind: models[kind].objects.filter(pk__in=ids).order_by("pk")[:500]
        for kind, ids in indicator.records.items()
    }
    return render(
        request,
        "reports/kpi_detail.html",
        {
            "form": form,
            "unit": unit,
            "as_of": as_of,
            "indicator": indicator,
            "records": records,
            "styles": STATUS_STYLES,
        },
    )


@login_required
def report_list(request):
    _require(request.user, services.READERS)
    form = ReportRequestForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            job = services.report_request(
                actor=request.user,
                unit=form.cleaned_data["unit"],
                as_of=form.cleaned_data["as_of"],
                fmt=form.cleaned_data["format"],
                number=form.cleaned_data["number"],
            )
        except services.TooManyReports:
            form.add_error(
                None, _("You have asked for many reports in a short time; wait a few minutes.")
            )
            status = 429
        else:
            return redirect("reports:report_detail", pk=job.pk)
    jobs, headers = sortable(
        request,
        report_jobs_visible_to(request.user),
        [
            (_("Requested at"), "created_at"),
            (_("Scope"), "unit__name"),
            (_("As of"), "as_of"),
            (_("Format"), "format"),
            (_("Status"), "status"),
        ],
        default="-created_at",
    )
    return render(
        request,
        "reports/report_list.html",
        {
            "form": form,
            "jobs": jobs[:100],
            "headers": headers,
            "worker_running": worker_is_running(),
        },
        status=status,
    )


@login_required
def report_detail(request, pk: int):
    job = get_in_scope_or_404(report_jobs_visible_to(request.user), pk=pk)
    template = (
        "reports/partials/report_status.html"
        if request.headers.get("HX-Request")
        else "reports/report_detail.html"
    )
    return render(
        request,
        template,
        {"job": job, "JobStatus": JobStatus, "worker_running": worker_is_running()},
    )


@login_required
def report_download(request, pk: int):
    job = get_in_scope_or_404(report_jobs_visible_to(request.user), pk=pk)
    if job.status != JobStatus.DONE:
        messages.error(request, _("The report is not ready yet."))
        return redirect("reports:report_detail", pk=pk)
    name = f"bao-cao-ocop-{job.as_of:%Y%m%d}.{job.format}"
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=name)


@login_required
def activity_list(request):
    _require(request.user, services.READERS)
    years = list(range(2022, 2026))
    statuses = {(s.activity_id, s.year): s for s in ActivityStatus.objects.all()}
    activities, headers = sortable(
        request,
        Activity.objects.all(),
        [
            (_("No."), "position"),
            (_("Activity"), "title"),
            (_("Expected result"), None),
            (_("Timing"), None),
            *((str(year), None) for year in years),
        ],
        default="position",
    )
    rows = [
        (activity, [(year, statuses.get((activity.pk, year))) for year in years])
        for activity in activities
    ]
    return render(
        request,
        "reports/activity_list.html",
        {
            "rows": rows,
            "years": years,
            "headers": headers,
            "can_edit": scope_for(request.user).role in EDITORS,
        },
    )


@login_required
def activity_status_edit(request, pk: int, year: int):
    _require(request.user, EDITORS)
    activity = Activity.objects.filter(pk=pk).first()
    if activity is None or not 2022 <= year <= 2030:
        raise PermissionDenied
    status = ActivityStatus.objects.filter(activity=activity, year=year).first() or ActivityStatus(
        activity=activity, year=year
    )
    form = ActivityStatusForm(request.POST or None, instance=status)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            record = form.save(commit=False)
            record._history_user = request.user
            record.save()
        messages.success(request, _("Status saved."))
        return redirect("reports:activity_list")
    return render(
        request,
        "partials/form_page.html",
        {
            "form": form,
            "title": f"{activity.code}. {activity.title} – {year}",
            "cancel_url": reverse("reports:activity_list"),
        },
    )


@login_required
def target_list(request):
    _require(request.user, services.READERS)
    targets, headers = sortable(
        request,
        Target.objects.all(),
        [
            (_("Code"), "id"),
            (_("Target"), "title"),
            (_("Goal"), "target_min"),
            (_("Deadline"), "deadline"),
            (_("Legal source"), "legal_source"),
        ],
        default="id",
    )
    return render(
        request,
        "reports/target_list.html",
        {
            "targets": targets,
            "headers": headers,
            "can_edit": scope_for(request.user).role in EDITORS,
        },
    )


@login_required
def target_edit(request, pk: int):
    _require(request.user, EDITORS)
    target = Target.objects.filter(pk=pk).first()
    if target is None:
        raise PermissionDenied
    form = TargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        record._history_user = request.user
        record.save()
        messages.success(request, _("Target saved."))
        return redirect("reports:target_list")
    return render(
        request,
        "reports/target_edit.html",
        {
            "form": form,
            "target": target,
            "history": history_of(target),
        },
    )


@login_required
def course_list(request):
    _require(request.user, services.READERS)
    courses = (
        TrainingCourse.objects.filter(unit__in=scope_for(request.user).unit_ids)
        .select_related("topic", "unit")
        .annotate(attendees=Count("attendance"))
    )
    courses, headers = sortable(
        request,
        courses,
        [
            (_("Course"), "title"),
            (_("Topic"), "topic__code"),
            (_("Dates"), "starts_on"),
            (_("Unit"), "unit__name"),
            (_("Attendees"), "attendees"),
        ],
        default="-starts_on",
    )
    return render(
        request,
        "reports/course_list.html",
        {
            "courses": courses,
            "headers": headers,
            "can_edit": scope_for(request.user).can_act,
        },
    )


@login_required
def course_create(request):
    if not scope_for(request.user).can_act:
        raise PermissionDenied
    form = CourseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        course = form.save(commit=False)
        course.created_by = request.user
        course._history_user = request.user
        course.save()
        messages.success(request, _("Course recorded."))
        return redirect("reports:course_detail", pk=course.pk)
    return render(
        request,
        "partials/form_page.html",
        {
            "form": form,
            "title": _("New training course"),
            "cancel_url": reverse("reports:course_list"),
        },
    )


@login_required
def course_detail(request, pk: int):
    course = get_in_scope_or_404(
        TrainingCourse.objects.filter(unit__in=scope_for(request.user).unit_ids), pk=pk
    )
    form = AttendanceForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not scope_for(request.user).can_act:
            raise PermissionDenied
        if form.is_valid():
            attendance = form.save(commit=False)
            attendance.course = course
            attendance.save()
            messages.success(request, _("Attendance recorded."))
            return redirect("reports:course_detail", pk=pk)
    return render(
        request,
        "reports/course_detail.html",
        {
            "course": course,
            "attendance": course.attendance.select_related("user", "subject"),
            "form": form,
            "can_edit": scope_for(request.user).can_act,
        },
        status=400 if request.method == "POST" else 200,
    )
