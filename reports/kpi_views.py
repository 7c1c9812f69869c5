"""Dashboards, KPI drill-down, report jobs, the activity schedule and the plan's targets. Each
view binds a form, calls one service or selector, and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import PROVINCE_OFFICE, REPORT_READERS, has_role, require_role
from accounts.scope import get_in_scope_or_404
from ocop_portal.health import worker_is_running
from ocop_portal.history import history_of
from ocop_portal.jobs import render_job
from ocop_portal.listing import sortable
from reports import kpi, selectors, services
from reports.forms import (
    ActivityStatusForm,
    ReportRequestForm,
    ScopeForm,
    TargetForm,
    default_report_unit,
)
from reports.models import Activity, ActivityStatus, JobStatus, Target

STATUS_STYLES = {
    "met": "success",
    "on_track": "primary",
    "behind": "warning",
    "not_met": "danger",
    "no_data": "secondary",
    "contribution": "light",
    "outside": "light",
}


def _scope(request):
    require_role(request.user, REPORT_READERS)
    form = ScopeForm(request.GET or None, user=request.user)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    unit = data.get("unit") or default_report_unit(request.user)
    if unit is None:
        raise PermissionDenied
    return form, unit, data.get("as_of") or timezone.localdate()


@login_required
def dashboard(request):
    form, unit, as_of = _scope(request)
    data = selectors.dashboard_data(unit, as_of)
    indicators = data["indicators"]
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "unit": unit,
            "as_of": as_of,
            "indicators": indicators,
            "styles": STATUS_STYLES,
            "charts": data["charts"],  # through json_script: names are data, not markup
            "computed_at": data["computed_at"],
            "scope_label": kpi.scope_label(unit),
            "standing": indicators[0].standing if indicators else kpi.TERRITORY,
        },
    )


@login_required
def kpi_detail(request, code: str):
    """The records behind one number: click a value to see what it counts."""
    form, unit, as_of = _scope(request)
    if code not in kpi.INDICATORS:
        raise Http404
    indicator, records = selectors.indicator_detail(unit, as_of, code)
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
    require_role(request.user, REPORT_READERS)
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
        selectors.report_jobs_visible_to(request.user),
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
    job = get_in_scope_or_404(selectors.report_jobs_visible_to(request.user), pk=pk)
    return render_job(
        request,
        job,
        page="reports/report_detail.html",
        partial="reports/partials/report_status.html",
        can_list=has_role(request.user, REPORT_READERS),
    )


@login_required
def report_download(request, pk: int):
    job = get_in_scope_or_404(selectors.report_jobs_visible_to(request.user), pk=pk)
    if job.status != JobStatus.DONE:
        messages.error(request, _("The report is not ready yet."))
        return redirect("reports:report_detail", pk=pk)
    name = f"bao-cao-ocop-{job.as_of:%Y%m%d}.{job.format}"
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=name)


@login_required
def activity_list(request):
    require_role(request.user, REPORT_READERS)
    years = kpi.plan_years()
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
    return render(
        request,
        "reports/activity_list.html",
        {
            "rows": selectors.activity_schedule(activities, years),
            "years": years,
            "headers": headers,
            "can_edit": has_role(request.user, PROVINCE_OFFICE),
        },
    )


@login_required
def activity_status_edit(request, pk: int, year: int):
    require_role(request.user, PROVINCE_OFFICE)
    activity = get_object_or_404(Activity, pk=pk)
    if year not in kpi.plan_years():
        raise Http404
    status = ActivityStatus.objects.filter(activity=activity, year=year).first() or ActivityStatus(
        activity=activity, year=year
    )
    form = ActivityStatusForm(request.POST or None, instance=status)
    if request.method == "POST" and form.is_valid():
        services.activity_status_save(actor=request.user, status=form.save(commit=False))
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
    require_role(request.user, REPORT_READERS)
    targets, headers = sortable(
        request,
        selectors.plan_targets(),
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
            "can_edit": has_role(request.user, PROVINCE_OFFICE),
        },
    )


@login_required
def target_edit(request, pk: int):
    require_role(request.user, PROVINCE_OFFICE)
    target = get_object_or_404(Target, pk=pk)
    form = TargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        services.target_update(actor=request.user, target=form.save(commit=False))
        messages.success(request, _("Target saved."))
        return redirect("reports:target_list")
    return render(
        request,
        "reports/target_edit.html",
        {"form": form, "target": target, "history": history_of(target)},
    )
