import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from accounts.scope import scope_for
from evaluation import register_import
from evaluation.filters import CertificateFilter
from evaluation.forms import RegisterUploadForm
from evaluation.models import CertificateStatus
from evaluation.selectors import certificate_list as certificate_queryset
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
            gettext_lazy("Commune"),
            lambda c: c.product.subject.commune.name,
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
        Column(gettext_lazy("Recognising level"), lambda c: c.get_level_display(), sort="level"),
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
    # The register is the province's: its staff import it for the whole province.
    if scope_for(user).role != Role.PROVINCE_STAFF:
        raise PermissionDenied


def _upload_dir() -> Path:
    path = Path(settings.PRIVATE_FILES_ROOT) / "register-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


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
    """Upload → dry-run preview with per-row errors → commit of the same file, all or nothing."""
    _require_importer(request.user)
    scope_ids = scope_for(request.user).unit_ids
    if request.method == "POST" and "token" in request.POST:
        token = request.POST["token"]
        if token != request.session.get("register_import_token"):
            messages.error(request, _("The preview has expired; upload the file again."))
            return redirect("evaluation:register_import")
        path = _upload_dir() / f"{token}.xlsx"
        with path.open("rb") as file:
            register = register_import.preview(file, scope_unit_ids=scope_ids)
        if not register.ok:
            messages.error(request, _("The file has errors; nothing was imported."))
            return redirect("evaluation:register_import")
        counts = register_import.commit(register, actor=request.user)
        path.unlink(missing_ok=True)
        del request.session["register_import_token"]
        messages.success(
            request,
            _(
                "Imported: %(certificates_created)s recognitions, %(products_created)s new "
                "products, %(subjects_created)s new producers; %(rows_unchanged)s rows were "
                "already in the register."
            )
            % counts,
        )
        return redirect("evaluation:certificate_list")

    form = RegisterUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            register = register_import.preview(upload, scope_unit_ids=scope_ids)
        except register_import.RegisterFileError as error:
            form.add_error("file", str(error))
        else:
            context["register"] = register
            if register.ok:
                token = uuid.uuid4().hex
                upload.seek(0)
                (_upload_dir() / f"{token}.xlsx").write_bytes(upload.read())
                request.session["register_import_token"] = token
                context["token"] = token
    return render(request, "evaluation/register_import.html", context)
