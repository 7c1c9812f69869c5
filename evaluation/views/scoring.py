"""A council member's own scoring sheet: autosaved answers, submission, conflicts; offline XLSX."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import require
from evaluation import offline, selectors, services
from evaluation.forms import (
    ConflictDeclarationForm,
    OfflineSheetForm,
    ReasonForm,
    ScoreAnswerForm,
)
from evaluation.models import CriterionOption, ScoreSheet, SeatPosition, SheetStatus
from evaluation.policies import SHEET, on_roster, scores, seat_today, stepped_aside
from evaluation.sheets import criteria_parts, printed_parts
from ocop_portal.exceptions import TransitionError
from ocop_portal.pdf import pdf_response
from ocop_portal.templatetags.documents import council_bodies


def _member_context(user, dossier):
    seat = seat_today(user, dossier.round)  # the same reading the steps below use
    if seat is None:
        raise PermissionDenied
    sheet = ScoreSheet.objects.filter(dossier=dossier, member=user).first()
    answers = dict(sheet.answers.values_list("criterion_id", "option_id")) if sheet else {}
    criteria_sheet = services.dossier_sheet(dossier)
    evidence = {}
    for item in dossier.evidence.all():
        evidence.setdefault(item.criterion_id, []).append(item)
    secretary = seat.position == SeatPosition.SECRETARY
    own_submitted = sheet is not None and sheet.status == SheetStatus.SUBMITTED
    # The form and the submit button are offered exactly when the sheet's steps would be taken
    # (a sheet not started yet is asked as the draft it would be).
    own = sheet or ScoreSheet(dossier=dossier, member=user)
    own.dossier = dossier
    sheet_steps = SHEET.allowed_steps(user, own)
    # Blind scoring: the others' sheets appear only after one's own is in and the chair closed.
    others = (
        services.counted_sheets(dossier).exclude(member=user)
        if own_submitted and dossier.scoring_done
        else None
    )
    return {
        "dossier": dossier,
        "criteria_sheet": criteria_sheet,
        "parts": criteria_parts(criteria_sheet),
        "sheet": sheet,
        "answers": answers,
        "evidence": evidence,
        "recused": stepped_aside(user, dossier),
        "proposed_conflict": services.proposed_conflict(user, dossier),
        "declaration": dossier.conflicts.filter(member=user).first(),
        "locked": "answer" not in sheet_steps,
        "sheet_steps": sheet_steps,
        "others": others,
        "seat": seat,
        # the secretary records the council's work and has no sheet
        "secretary": secretary,
        "on_roster": on_roster(user, dossier.round),
        # a token of this page: its own earlier saves never count as another tab's
        "tab": uuid.uuid4().hex,
    }


@login_required
def score_page(request, pk: int):
    dossier = selectors.dossier_get(request.user, pk)
    return render(request, "evaluation/score.html", _member_context(request.user, dossier))


def _may_score(user, dossier) -> None:
    """403 unless the user holds a scoring seat on the round's council: the service says why
    a save is not possible now (not on the roster, stepped aside, scoring not open)."""
    require(scores(user, dossier.round))


def _bad_request(message: str):
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


@login_required
@require_POST
def score_answer(request, pk: int):
    """Autosave of one answer (htmx), or of the whole form ("Save draft") without JavaScript.

    The page's revision and token travel with each save: an answer another page saved after
    this one opened is kept, and shown next to the refused one; the page's own earlier saves
    never count against it. Malformed input answers 400 with a message, never a 500."""
    dossier = selectors.dossier_get(request.user, pk)
    _may_score(request.user, dossier)
    form = ScoreAnswerForm(request.POST)
    if not form.is_valid():
        return _bad_request(form.first_error())
    revision, tab = form.cleaned_data["revision"], form.cleaned_data["tab"] or ""
    answers = form.cleaned_data["answers"]
    conflicts = []
    error_message = ""
    sheet = None
    for criterion_id, option_id in answers.items():
        try:
            sheet = services.sheet_answer(
                member=request.user,
                dossier=dossier,
                criterion_id=criterion_id,
                option_id=option_id,
                revision=revision,
                tab=tab,
            )
        except services.StaleSheet as error:
            # Keep both visible: what the member chose here and the newer answer that stays.
            options = CriterionOption.objects.in_bulk([option_id, error.current_option_id])
            conflicts.append(
                {
                    "message": str(error),
                    "criterion": criterion_id,
                    "mine": options.get(option_id),
                    "current": options.get(error.current_option_id),
                }
            )
        except TransitionError as error:
            error_message = str(error)
            break
    sheet = sheet or ScoreSheet.objects.filter(dossier=dossier, member=request.user).first()
    if request.headers.get("HX-Request"):
        conflict = (
            conflicts[0] if conflicts else ({"message": error_message} if error_message else None)
        )
        return render(
            request,
            "evaluation/partials/sheet_status.html",
            {
                "sheet": sheet,
                "conflict": conflict,
                "dossier": dossier,
                "refused": conflict is not None,
                "criterion_id": next(iter(answers), None),
            },
        )
    if error_message:
        messages.error(request, error_message)
    for conflict in conflicts:
        messages.warning(
            request,
            _("%(message)s Kept: “%(current)s”; your choice: “%(mine)s”.")
            % {
                "message": conflict["message"],
                "current": conflict["current"].text if conflict["current"] else "–",
                "mine": conflict["mine"].text if conflict["mine"] else "–",
            },
        )
    if not error_message and not conflicts:
        messages.success(request, _("Draft saved."))
    return redirect("evaluation:score", pk=pk)


@login_required
@require_POST
def score_submit(request, pk: int):
    dossier = selectors.dossier_get(request.user, pk)
    try:
        services.sheet_submit(member=request.user, dossier=dossier)
        messages.success(request, _("Your sheet has been submitted and signed."))
    except TransitionError as error:
        messages.error(request, str(error))
    return redirect("evaluation:score", pk=pk)


@login_required
@require_POST
def conflict_declare(request, pk: int):
    dossier = selectors.dossier_get(request.user, pk)
    form = ConflictDeclarationForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("evaluation:score", pk=pk)
    try:
        services.conflict_declare(
            member=request.user,
            dossier=dossier,
            has_conflict=form.cleaned_data["has_conflict"],
            reason=form.cleaned_data["reason"].strip(" -"),
        )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Declaration recorded."))
    return redirect("evaluation:score", pk=pk)


@login_required
@require_POST
def sheet_reopen(request, pk: int):
    sheet = ScoreSheet.objects.filter(pk=pk).select_related("dossier").first()
    if sheet is None:
        raise Http404
    dossier = selectors.dossier_get(request.user, sheet.dossier_id)
    sheet.dossier = dossier
    if not SHEET.may_act(request.user, sheet, "reopen"):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise TransitionError(_("Give the reason for reopening the sheet."))
        services.sheet_reopen(chair=request.user, sheet=sheet, reason=form.cleaned_data["reason"])
        messages.success(request, _("The sheet has been reopened."))
    except TransitionError as error:
        messages.error(request, str(error))
    return redirect("evaluation:dossier_detail", pk=dossier.pk)


@login_required
def score_pdf(request, pk: int):
    dossier = selectors.dossier_get(request.user, pk)
    context = _member_context(request.user, dossier)
    if context["sheet"] is None:
        messages.error(request, _("You have no sheet for this dossier yet."))
        return redirect("evaluation:score", pk=pk)

    return pdf_response(
        "evaluation/pdf/member_sheet.html",
        {
            **context,
            "member": request.user,
            "printed_parts": printed_parts(context["parts"], context["answers"]),
            "bodies": council_bodies(dossier.round.council),
        },
        "phieu-danh-gia.pdf",
        request,
    )


def _option_label(option) -> str:
    return f"{option.text} ({localize(option.points.normalize())})"


@login_required
def score_xlsx(request, pk: int):
    """Download the sheet as an Excel form (GET), or upload the filled form (POST)."""

    dossier = selectors.dossier_get(request.user, pk)
    _may_score(request.user, dossier)
    if request.method == "POST":
        form = OfflineSheetForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose the filled Excel sheet (at most 2 MB)."))
            return redirect("evaluation:score", pk=pk)
        try:
            report = offline.upload(dossier, request.user, form.cleaned_data["file"])
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect("evaluation:score", pk=pk)
        if report.errors:
            for line in report.errors:
                messages.error(request, line)
            messages.error(request, _("Nothing from the file was saved."))
            return redirect("evaluation:score", pk=pk)
        messages.success(request, _("%(n)s answers saved from the file.") % {"n": report.saved})
        options = CriterionOption.objects.select_related("criterion").in_bulk(
            [o for c in report.conflicts for o in (c.mine_option_id, c.current_option_id)]
        )
        for conflict in report.conflicts:
            mine, current = options[conflict.mine_option_id], options[conflict.current_option_id]
            messages.warning(
                request,
                _(
                    "Criterion %(code)s was changed on the web after the download: the file says "
                    "“%(mine)s”, the sheet keeps “%(current)s”. Change it on the page if the "
                    "file is right."
                )
                % {
                    "code": mine.criterion.code,
                    "mine": _option_label(mine),
                    "current": _option_label(current),
                },
            )
        return redirect("evaluation:score", pk=pk)
    response = HttpResponse(
        offline.build(dossier, request.user),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="phieu-cham-{dossier.pk}.xlsx"'
    return response
