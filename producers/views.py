from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import require
from accounts.scope import get_in_scope_or_404, scope_for
from evaluation import services as evaluation_services
from evaluation.certificate_pdf import certificate_facts
from evaluation.forms import posted_self_answers, self_assessment_saved
from evaluation.models import DossierStatus
from evaluation.policies import DOSSIER, ROUND
from ocop_portal.exceptions import TransitionError
from ocop_portal.listing import sortable
from ocop_portal.pdf import (
    pdf_response,  # not a cycle: WeasyPrint loads in 0.6 s, only for PDFs
)
from producers import selectors
from producers.forms import EvidenceUploadForm, ProducerIdeaForm, RegistrationForm
from products import services as product_services
from products.policies import IDEAS
from promotion import services as promotion_services
from promotion.forms import ProducerPageForm
from promotion.models import PageRevisionStatus
from promotion.views import qr_label_sheet


def producer_required(view):
    """Only a producer's own account enters the workspace; staff use their own screens."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not scope_for(request.user).is_producer:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@producer_required
def dashboard(request):
    subject = selectors.own_subject(request.user)
    certificates = selectors.certificates_with_renewal(request.user)
    return render(
        request,
        "producer/dashboard.html",
        {
            "subject": subject,
            "products": selectors.own_products(request.user),
            "ideas": selectors.own_ideas(request.user)[:10],
            "dossiers": selectors.own_dossiers(request.user)[:10],
            "certificates": certificates,
            "expiring": sorted((c for c in certificates if c.expiring), key=lambda c: c.expires_on),
        },
    )


# --- Ideas: proposed to the commune, which screens and forwards them ---------------------------


@producer_required
def idea_list(request):
    ideas, headers = sortable(
        request,
        selectors.own_ideas(request.user),
        [
            (_("Product name"), "product_name"),
            (_("Product set"), "product_set__code"),
            (_("Sent"), "submitted_at"),
            (_("Status"), "status"),
        ],
    )
    return render(request, "producer/idea_list.html", {"ideas": ideas, "headers": headers})


def _idea_form(request, idea=None):
    form = ProducerIdeaForm(request.POST or None, instance=idea)
    if request.method == "POST" and form.is_valid():
        try:
            idea = product_services.idea_propose(actor=request.user, idea=idea, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your idea has been sent to the commune."))
            return redirect("producer:idea_detail", pk=idea.pk)
    return render(
        request,
        "partials/form_page.html",
        {
            "form": form,
            "title": _("Propose a product idea") if idea is None else _("Revise and propose again"),
            "intro": _(
                "The commune officer reads your idea and forwards it for screening, or sends it "
                "back with written guidance."
            ),
            "buttons": [("propose", _("Send to the commune"), "success")],
            "cancel_url": reverse("producer:idea_list"),
        },
    )


@producer_required
def idea_create(request):
    return _idea_form(request)


@producer_required
def idea_edit(request, pk: int):
    idea = selectors.own_idea(request.user, pk)
    if not IDEAS.can(request.user, idea, "propose-again"):
        messages.error(request, _("Only a returned idea can be revised."))
        return redirect("producer:idea_detail", pk=idea.pk)
    return _idea_form(request, idea)


@producer_required
def idea_detail(request, pk: int):
    idea = selectors.own_idea(request.user, pk)
    return render(
        request,
        "producer/idea_detail.html",
        {"idea": idea, "allowed": IDEAS.allowed_steps(request.user, idea)},
    )


# --- Dossiers: register in an open round, self-assess, evidence per criterion ----------------


@producer_required
def round_list(request):
    dossiers, headers = sortable(
        request,
        selectors.own_dossiers(request.user),
        [
            (_("Product"), "product__name"),
            (_("Round"), "round__name"),
            (_("Registered"), "created_at"),
            (_("Status"), "status"),
            (_("Projected stars"), "self_stars"),
        ],
        default="-created_at",
    )
    rounds = list(selectors.open_rounds(request.user))
    for round_ in rounds:
        round_.steps = ROUND.allowed_steps(request.user, round_)
    return render(
        request,
        "producer/round_list.html",
        {
            "rounds": rounds,
            "dossiers": dossiers,
            "headers": headers,
            "renew": request.GET.get("renew", "") if request.GET.get("renew", "").isdigit() else "",
        },
    )


@producer_required
def dossier_register(request, pk: int):
    """Mẫu 01: the producer registers one of its products for an open round."""
    round_ = selectors.open_round(request.user, pk)
    subject = selectors.own_subject(request.user)
    initial = {"representative": subject.representative_name, "address": subject.address}
    # "Renew" on a certificate comes here with its product and the re-evaluation type chosen:
    # the form starts from the last dossier, and the service carries its answers and evidence
    chosen = request.GET.get("product", "")
    kind = request.GET.get("type", "")
    if chosen.isdigit() and kind in ("re_evaluation", "upgrade"):
        product = selectors.own_products(request.user).filter(pk=int(chosen)).first()
        if product is not None:
            initial = evaluation_services.dossier_initial(product, kind, round_=round_)
    form = RegistrationForm(
        request.POST or None, products=selectors.own_products(request.user), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            dossier = evaluation_services.dossier_create(
                actor=request.user, round_=round_, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Registered. Now fill the self-assessment and attach the evidence."),
            )
            return redirect("producer:dossier_detail", pk=dossier.pk)
    return render(
        request,
        "partials/form_page.html",
        {
            "form": form,
            "title": _("Register for %(round)s (Mẫu 01)") % {"round": round_.name},
            "intro": _("Dossiers are received until %(date)s.")
            % {"date": round_.dossier_deadline.strftime("%d/%m/%Y")},
            "cancel_url": reverse("producer:round_list"),
        },
    )


def _evidence_by_criterion(dossier) -> dict:
    grouped: dict = {}
    for item in dossier.evidence.select_related("criterion"):
        grouped.setdefault(item.criterion_id, []).append(item)
    return grouped


def _dossier_page(request, dossier, evidence_form=None, status=200):
    sheet = evaluation_services.dossier_sheet(dossier)
    result = getattr(dossier, "result", None)
    certificates = dossier.certificates.order_by("-issued_on") if result else []
    return render(
        request,
        "producer/dossier_detail.html",
        {
            "dossier": dossier,
            "sheet": sheet,
            "steps": selectors.dossier_steps(dossier),
            # the page's controls: exactly the dossier's steps the rulebook allows now (the
            # round's status decides what the producer may still change)
            "allowed": DOSSIER.allowed_steps(request.user, dossier),
            "evidence": _evidence_by_criterion(dossier),
            "criteria": sheet.criteria.order_by("position"),
            "evidence_form": evidence_form or EvidenceUploadForm(sheet=sheet),
            "more_documents": dossier.status == DossierStatus.MORE_DOCUMENTS,
            # the council's result once the chair has closed scoring; never members' sheets
            "result": result if dossier.scoring_done else None,
            "certificates": certificates,
        },
        status=status,
    )


@producer_required
def dossier_detail(request, pk: int):
    return _dossier_page(request, selectors.own_dossier(request.user, pk))


@producer_required
@require_POST
def evidence_upload(request, pk: int):
    dossier = selectors.own_dossier(request.user, pk)
    require(DOSSIER.may_act(request.user, dossier, "add_evidence"))
    sheet = evaluation_services.dossier_sheet(dossier)
    form = EvidenceUploadForm(request.POST, request.FILES, sheet=sheet)
    if not form.is_valid():
        return _dossier_page(request, dossier, evidence_form=form, status=400)
    files = form.cleaned_data["files"]
    try:
        with transaction.atomic():  # all files or none
            for index, (upload, extension) in enumerate(files, start=1):
                evaluation_services.evidence_add(
                    actor=request.user,
                    dossier=dossier,
                    upload=upload,
                    extension=extension,
                    title=form.title_for(upload, index, len(files)),
                    criterion=form.cleaned_data["criterion"],
                )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(count)s file(s) attached.") % {"count": len(files)})
    return redirect("producer:dossier_detail", pk=pk)


@producer_required
def evidence_download(request, pk: int):
    evidence = selectors.own_evidence(request.user, pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=f"{evidence.title[:60]}.{evidence.extension}",
    )


@producer_required
@require_POST
def evidence_confirm(request, pk: int):
    """A document carried over from the last dossier still holds: the producer says so."""
    evidence = selectors.own_evidence(request.user, pk)
    try:
        evaluation_services.evidence_confirm(actor=request.user, evidence=evidence)
    except TransitionError as error:
        messages.error(request, str(error))
    return redirect("producer:dossier_detail", pk=evidence.dossier_id)


@producer_required
@require_POST
def documents_completed(request, pk: int):
    dossier = selectors.own_dossier(request.user, pk)
    try:
        evaluation_services.dossier_documents_completed(actor=request.user, dossier=dossier)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The office has been told that the documents are complete."))
    return redirect("producer:dossier_detail", pk=pk)


@producer_required
def self_assessment(request, pk: int):
    """Mẫu 02 on the round's own sheet, with the stars it projects shown as answers change."""
    dossier = selectors.own_dossier(request.user, pk)
    sheet = evaluation_services.dossier_sheet(dossier)
    if request.method == "POST":
        try:
            dossier = evaluation_services.self_assess(
                actor=request.user, dossier=dossier, answers=posted_self_answers(request.POST)
            )
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, self_assessment_saved(dossier))
        return redirect("producer:dossier_detail", pk=pk)
    answers = dict(dossier.self_answers.values_list("criterion_id", "option_id"))
    return render(
        request,
        "producer/self_assessment.html",
        {
            "dossier": dossier,
            "criteria_sheet": sheet,
            "answers": answers,
            "evidence": _evidence_by_criterion(dossier),
            "parts": sheet.parts.prefetch_related("groups__criteria__options"),
            "projection": {"average": dossier.self_score, "final_stars": dossier.self_stars},
            "locked": not DOSSIER.can(request.user, dossier, "self_assess"),
        },
    )


@producer_required
@require_POST
def self_assessment_projection(request, pk: int):
    """What the answers on the page would give, recomputed on each change; nothing is saved."""
    dossier = selectors.own_dossier(request.user, pk)
    result = evaluation_services.self_projection(dossier, posted_self_answers(request.POST))
    return render(
        request,
        "producer/partials/projection.html",
        {"projection": {"average": result.average, "final_stars": result.final_stars}},
    )


@producer_required
def qr_labels(request):
    return qr_label_sheet(request, selectors.own_subject(request.user))


# --- The public page: proposed here, approved by staff, then shown on the product pages -----


@producer_required
def public_page(request):
    subject = selectors.own_subject(request.user)
    revisions = subject.page_revisions.select_related("submitted_by", "decided_by")
    live = promotion_services.approved_page(subject.pk)
    latest = revisions.first()
    form = ProducerPageForm(request.POST or None, request.FILES or None, instance=None)
    if request.method != "POST" and latest is not None:
        form = ProducerPageForm(
            initial={f: getattr(latest, f) for f in ProducerPageForm.Meta.fields}
        )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in ProducerPageForm.Meta.fields}
            try:
                promotion_services.page_revision_submit(
                    actor=request.user,
                    photo=form.cleaned_data.get("new_photo"),
                    photo_extension=form.photo_extension,
                    **fields,
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
                status = 400
            else:
                messages.success(
                    request, _("Your changes were sent; they are published once approved.")
                )
                return redirect("producer:public_page")
        else:
            status = 400
    return render(
        request,
        "producer/public_page.html",
        {
            "subject": subject,
            "live": live,
            "pending": revisions.filter(status=PageRevisionStatus.PENDING).first(),
            "form": form,
            "history": revisions,
        },
        status=status,
    )


@producer_required
def certificate_pdf(request, pk: int):
    """The producer's own certificate to print: the same document as the office's
    (evaluation/certificate_pdf.py), read through the producer's scope."""

    certificate = get_in_scope_or_404(selectors.own_certificates(request.user), pk=pk)
    return pdf_response(
        "evaluation/pdf/certificate.html",
        {"certificates": [certificate_facts(certificate, request)]},
        f"giay-chung-nhan-{certificate.number or certificate.pk}.pdf",
        request,
    )
