from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.views.decorators.http import require_POST

from accounts.roles import require_role
from accounts.scope import get_in_scope_or_404, scope_for
from evaluation import register_import
from evaluation.filters import CertificateFilter
from evaluation.forms import RegisterUploadForm
from evaluation.models import CertificateStatus, ImportJob
from evaluation.selectors import certificate_list as certificate_queryset
from ocop_portal.bounded_xlsx import WorkbookError, check_archive
from ocop_portal.exceptions import TransitionError
from ocop_portal.health import worker_is_running
from ocop_portal.jobs import render_job
from ocop_portal.listing import Column, ListDefinition, render_list

CERTIFICATES = ListDefinition(
    title=gettext_lazy("Certificates"),
    filterset_class=CertificateFilter,
    export_name="giay-chung-nhan",
    default_sort="-decision_date",
    columns=[
        Column(
            gettext_lazy("Decision number"),
            lambda c: c.decision_number,
            link=lambda c: reverse("evaluation:certificate_detail", args=[c.pk]),
            sort="decision_number",
        ),
        Column(
            gettext_lazy("Product"),
            lambda c: c.product.name,
            link=lambda c: reverse("products:product_detail", args=[c.product_id]),
            sort="product__name",
        ),
        Column(
            gettext_lazy("Producer"),
            lambda c: c.product.subject.name,
            sort="product__subject__name",
        ),
        Column(
            gettext_lazy("Place at recognition"),
            lambda c: c.place_at_recognition,
            sort="product__subject__commune__name",
        ),
        Column(
            gettext_lazy("Product set"),
            lambda c: c.product.product_set.code,
            sort="product__product_set__code",
        ),
        Column(gettext_lazy("Stars"), lambda c: c.stars, numeric=True, sort="stars"),
        Column(gettext_lazy("Score"), lambda c: c.score, numeric=True, sort="score"),
        Column(gettext_lazy("Recognition date"), lambda c: c.decision_date, sort="decision_date"),
        Column(gettext_lazy("Recognised by"), lambda c: c.issuing_authority, sort="level"),
        Column(
            gettext_lazy("Evaluation type"),
            lambda c: c.get_evaluation_type_display(),
            sort="evaluation_type",
        ),
        Column(gettext_lazy("Expires on"), lambda c: c.expires_on, sort="expires_on"),
        Column(
            gettext_lazy("Status"),
            lambda c: CertificateStatus(c.status_on(timezone.localdate())).label,
        ),
    ],
)


@login_required
def certificate_list(request):
    return render_list(request, CERTIFICATES, certificate_queryset(request.user))


def _require_importer(user):
    require_role(user, register_import.IMPORTERS)


def _jobs_visible_to(user):
    """The importer's jobs and those of colleagues whose unit lies in the importer's area."""
    return ImportJob.objects.filter(unit_id__in=scope_for(user).unit_ids).select_related(
        "created_by"
    )


@login_required
def register_template(request):
    _require_importer(request.user)
    response = HttpResponse(
        register_import.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-so-san-pham-ocop.xlsx"'
    return response


@login_required
def register_import_view(request):
    """Upload: the file becomes a job, checked at once when small, else by a worker."""
    _require_importer(request.user)
    form = RegisterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            # a workbook too large to read is refused from its directory, before any job
            check_archive(form.cleaned_data["file"], register_import.READ_LIMITS)
        except WorkbookError as error:
            form.add_error("file", str(error))
    if request.method == "POST" and form.is_valid():
        job = register_import.job_create(
            actor=request.user, upload=form.cleaned_data["file"], language=get_language()
        )
        register_import.job_start(job, inline_max_rows=settings.REGISTER_IMPORT_INLINE_ROWS)
        return redirect("evaluation:register_import_job", pk=job.pk)
    # the list shows no results: the rows' error lists and counts stay in the database
    jobs = _jobs_visible_to(request.user).defer("errors", "error_counts", "counts")[:50]
    return render(
        request,
        "evaluation/register_import.html",
        {"form": form, "jobs": jobs, "worker_running": worker_is_running()},
    )


@login_required
def register_import_job(request, pk: int):
    """The job's progress bar (updated by htmx polling), then its result."""
    _require_importer(request.user)
    job = get_in_scope_or_404(_jobs_visible_to(request.user), pk=pk)
    if register_import.job_mark_stalled(job):
        job.refresh_from_db()
    return render_job(
        request,
        job,
        page="evaluation/register_import_job.html",
        partial="evaluation/partials/register_import_job.html",
    )


@login_required
@require_POST
def register_import_apply(request, pk: int):
    """The importer confirms a checked file: it is imported (within the request when small)."""
    _require_importer(request.user)
    job = get_in_scope_or_404(_jobs_visible_to(request.user), pk=pk)
    try:
        register_import.job_apply(actor=request.user, job=job)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect("evaluation:register_import_job", pk=job.pk)
    register_import.job_start(job, inline_max_rows=settings.REGISTER_IMPORT_INLINE_ROWS)
    return redirect("evaluation:register_import_job", pk=job.pk)


@login_required
@require_POST
def register_import_retry(request, pk: int):
    """A failed job (its worker stopped) runs again from the same file, on a worker."""
    _require_importer(request.user)
    job = get_in_scope_or_404(_jobs_visible_to(request.user), pk=pk)
    try:
        register_import.job_retry(actor=request.user, job=job)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect("evaluation:register_import_job", pk=job.pk)
    register_import.job_start(job)
    return redirect("evaluation:register_import_job", pk=job.pk)
