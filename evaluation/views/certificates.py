from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.roles import has_role
from evaluation import selectors, services
from evaluation.certificate_pdf import certificate_facts
from evaluation.forms import InspectionFollowUpForm, InspectionForm, RevocationForm
from evaluation.models import (
    CertificateStatus,
    InspectionOutcome,
    RecognitionDecision,
    RecognitionLevel,
)
from evaluation.policies import CERTIFICATE, INSPECTION
from evaluation.rules import recognising_level
from evaluation.views.rounds import printout_refused
from ocop_portal.exceptions import TransitionError
from ocop_portal.history import history_of
from ocop_portal.pdf import pdf_response


@login_required
def certificate_detail(request, pk: int):
    certificate = selectors.certificate_get(request.user, pk)
    steps = CERTIFICATE.allowed_steps(request.user, certificate)
    inspections = list(certificate.inspections.all())
    for inspection in inspections:
        inspection.certificate = certificate
        inspection.steps = INSPECTION.allowed_steps(request.user, inspection)
    return render(
        request,
        "evaluation/certificate_detail.html",
        {
            "certificate": certificate,
            "inspections": inspections,
            "revocation": getattr(certificate, "revocation", None),
            # a revocation recorded ahead of its date: the certificate stays valid until then
            "revocation_pending": certificate.revoked_on is not None
            and certificate.status_on() != CertificateStatus.REVOKED,
            # every button of the page: exactly the steps the rulebook allows the user now
            "steps": steps,
            # stars the ministry recognises, it revokes (procedure rules in force)
            "revoked_by_ministry": recognising_level(certificate.stars) == RecognitionLevel.CENTRAL
            and not certificate.revoked_on,
            "renewal_rounds": selectors.rounds_taking_dossiers(request.user)
            if "renew" in steps
            else [],
            "history": history_of(certificate),
        },
    )


def _form_page(request, form, title, certificate):
    return render(
        request,
        "partials/form_page.html",
        {
            "form": form,
            "title": title,
            "cancel_url": reverse("evaluation:certificate_detail", args=[certificate.pk]),
        },
    )


@login_required
def certificate_revoke(request, pk: int):
    certificate = selectors.certificate_get(request.user, pk)
    if not has_role(request.user, CERTIFICATE.step("revoke").roles):
        raise PermissionDenied
    if not CERTIFICATE.can(request.user, certificate, "revoke"):
        # 5★ (the ministry's) or already revoked: say so instead of offering a form to refuse
        messages.error(request, _("This certificate cannot be revoked here."))
        return redirect("evaluation:certificate_detail", pk=pk)
    # the follow-up of a failed inspection opens the form with its ground and date filled
    initial = {k: request.GET[k] for k in ("ground", "finding_date") if k in request.GET}
    form = RevocationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_revoke(
                actor=request.user, certificate=certificate, **form.cleaned_data
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The certificate has been revoked."))
            return redirect("evaluation:certificate_detail", pk=pk)
    return _form_page(request, form, _("Revoke the certificate"), certificate)


@login_required
def inspection_create(request, pk: int):
    certificate = selectors.certificate_get(request.user, pk)
    if not CERTIFICATE.may_act(request.user, certificate, "inspect"):
        raise PermissionDenied
    form = InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_record(
                actor=request.user, certificate=certificate, **form.cleaned_data
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Inspection recorded."))
            return redirect("evaluation:certificate_detail", pk=pk)
    return _form_page(request, form, _("Post-certification inspection"), certificate)


@login_required
def inspection_follow_up(request, pk: int):
    """Close a failed inspection's task: "đạt", or on to the revocation form."""
    inspection = selectors.inspection_get(request.user, pk)
    certificate = inspection.certificate
    if not INSPECTION.may_act(request.user, inspection, "follow_up"):
        raise PermissionDenied
    form = InspectionFollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.inspection_follow_up(
                actor=request.user, inspection=inspection, **form.cleaned_data
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            if inspection.outcome == InspectionOutcome.PASSED:
                messages.success(request, _("Follow-up recorded: the product meets its dossier."))
            elif CERTIFICATE.can(request.user, certificate, "revoke"):
                messages.warning(request, _("Follow-up recorded: record the revocation decision."))
                query = urlencode(
                    {"ground": "criteria_not_met", "finding_date": inspection.followed_up_on}
                )
                return redirect(
                    reverse("evaluation:certificate_revoke", args=[certificate.pk]) + "?" + query
                )
            else:
                messages.warning(
                    request,
                    _(
                        "Follow-up recorded. A 5★ certificate is revoked by the Ministry of "
                        "Agriculture and Environment: send it the finding."
                    ),
                )
            return redirect("evaluation:certificate_detail", pk=certificate.pk)
    return _form_page(request, form, _("Follow-up of the inspection"), certificate)


def _certificates_pdf(request, certificates, filename):

    return pdf_response(
        "evaluation/pdf/certificate.html",
        {"certificates": [certificate_facts(c, request) for c in certificates]},
        filename,
        request,
    )


@login_required
def certificate_pdf(request, pk: int):
    """The certificate to print (A4 landscape), with its number and QR code to /verify/."""
    certificate = selectors.certificate_get(request.user, pk)
    return _certificates_pdf(
        request, [certificate], f"giay-chung-nhan-{certificate.number or certificate.pk}.pdf"
    )


@login_required
def decision_certificates_pdf(request, pk: int):
    """Every certificate of a decision, one page each, to print in one go."""

    decision = get_object_or_404(RecognitionDecision, pk=pk)
    # The round is read through the scope choke-point: another unit's decision is 404.
    refused = printout_refused(
        request, selectors.round_get(request.user, decision.round_id), "print_certificates"
    )
    if refused:
        return refused
    certificates = (
        selectors.certificate_list(request.user)
        .filter(decision=decision)
        .select_related("dossier__round__unit", "decision", "product__subject__commune")
        .order_by("number")
    )
    if not certificates:
        messages.error(request, _("This decision certifies no product."))
        return redirect("evaluation:round_detail", pk=decision.round_id)
    return _certificates_pdf(request, certificates, "giay-chung-nhan-quyet-dinh.pdf")
