"""Rounds, dossiers and decisions: the organisers' side of evaluation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.places import place_on
from evaluation import selectors, services
from evaluation.certificate_pdf import signer_lines
from evaluation.forms import (
    CentralResultForm,
    ChairActionForm,
    ConflictDecisionForm,
    DecisionForm,
    DossierForm,
    EvidenceForm,
    ExclusionForm,
    IntakeForm,
    PreAssessmentForm,
    ProducerCommentsForm,
    ReasonForm,
    RosterReplaceForm,
    RoundForm,
    SelfAssessmentForm,
    SendBackForm,
    self_assessment_saved,
)
from evaluation.models import ConflictDeclaration, CouncilSeat, RoundStatus, SeatPosition
from evaluation.overview import chair_overview
from evaluation.policies import DOSSIER, ROUND, ROUND_ADVANCE, SHEET, chairs, may_create_round
from ocop_portal.exceptions import TransitionError
from ocop_portal.history import history_of
from ocop_portal.listing import sortable
from ocop_portal.pdf import pdf_response
from ocop_portal.remember import recall, remember
from ocop_portal.templatetags.documents import (
    council_bodies,
    council_document_signers,
    council_signers,
    issuer,
    recipients,
    signer,
)
from products.selectors import product_list


def _may(policy, user, record, step):
    """403 unless the rulebook lets the user take the step on the record (its status aside:
    the service says why a step is not possible now)."""
    if not policy.may_act(user, record, step):
        raise PermissionDenied


def _form_page(request, form, title, cancel_url):
    return render(
        request, "partials/form_page.html", {"form": form, "title": title, "cancel_url": cancel_url}
    )


@login_required
def round_list(request):
    rounds, headers = sortable(
        request,
        selectors.round_list(request.user),
        [
            (_("Round"), "name"),
            (_("Level"), "unit__name"),
            (_("Council"), "council__name"),
            (_("Criteria"), None),
            (_("Scoring window"), "scoring_opens"),
            (_("Status"), "status"),
        ],
        default="-scoring_opens",
    )
    return render(
        request,
        "evaluation/round_list.html",
        {
            "rounds": rounds,
            "headers": headers,
            "can_create": may_create_round(request.user),
        },
    )


@login_required
def round_create(request):
    if not may_create_round(request.user):
        raise PermissionDenied
    form = RoundForm(
        request.POST or None, user=request.user, last_council=recall(request, "council")
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("criteria_version")
        try:
            round_ = services.round_create(
                actor=request.user, criteria_version_code=version.code if version else None, **data
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            remember(request, "council", round_.council_id)
            messages.success(request, _("Round created."))
            return redirect("evaluation:round_detail", pk=round_.pk)
    return _form_page(request, form, _("New evaluation round"), reverse("evaluation:round_list"))


@login_required
def round_detail(request, pk: int):
    round_ = selectors.round_get(request.user, pk)
    return _round_page(request, round_)


def _round_page(request, round_, *, replace_form=None, status=200):

    is_chair = chairs(request.user, round_)
    dossiers = list(
        selectors.dossier_list(request.user).filter(round=round_).order_by("product__name")
    )
    for dossier in dossiers:
        dossier.round = round_  # one reading of the user's seat for every row
        dossier.steps = DOSSIER.allowed_steps(request.user, dossier)
    overview = chair_overview(round_, viewer=request.user) if is_chair else None
    for row in overview["rows"] if overview else ():
        row.dossier.round = round_
        row.steps = DOSSIER.allowed_steps(request.user, row.dossier)
    context = {
        "round": round_,
        "dossiers": dossiers,
        # the buttons of the round: exactly the steps the rulebook allows the user now
        "steps": ROUND.allowed_steps(request.user, round_),
        "is_chair": is_chair,
        "overview": overview,
        # a decision's certificates are offered to those who have some of them in their area
        "decisions": round_.decisions.annotate(
            yours=Exists(selectors.certificate_list(request.user).filter(decision=OuterRef("pk")))
        ),
    }
    if is_chair:
        roster = round_.roster.filter(removed_on__isnull=True).select_related(
            "member", "replaces__member"
        )
        context.update(
            roster=roster,
            ended_ids=set(roster.values_list("member_id", flat=True))
            - set(
                CouncilSeat.objects.active_on()
                .filter(council=round_.council)
                .values_list("user_id", flat=True)
            ),
            replace_form=replace_form or RosterReplaceForm(round_=round_),
            conflicts_pending=services.conflicts_to_decide(round_).count(),
        )
    return render(request, "evaluation/round_detail.html", context, status=status)


@login_required
@require_POST
def roster_replace(request, pk: int):
    """The chair replaces a member of a round in scoring, with the reason (logged)."""
    round_ = selectors.round_get(request.user, pk)
    _may(ROUND, request.user, round_, "replace_member")
    form = RosterReplaceForm(request.POST, round_=round_)
    if form.is_valid():
        try:
            services.roster_replace(chair=request.user, round_=round_, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(newcomer)s now scores in place of %(member)s.")
                % {
                    "newcomer": form.cleaned_data["newcomer"].full_name,
                    "member": form.cleaned_data["member"].full_name,
                },
            )
            return redirect("evaluation:round_detail", pk=pk)
    for error in form.non_field_errors():
        messages.error(request, error)
    return _round_page(request, round_, replace_form=form, status=400)


@login_required
def conflict_list(request, pk: int):
    """The chair decides the conflicts of interest the portal proposed (or members declared
    without stepping aside); every decision is logged with its reasons."""

    round_ = selectors.round_get(request.user, pk)
    _may(ROUND, request.user, round_, "decide_conflicts")
    form = ConflictDecisionForm(request.POST or None, round_=round_)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.conflict_decide(
                    chair=request.user,
                    declaration=form.cleaned_data["declaration"],
                    recused=form.cleaned_data["recused"],
                    note=form.cleaned_data["note"],
                )
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Decision recorded."))
                return redirect("evaluation:conflict_list", pk=pk)
        for error in form.errors.pop("declaration", []):
            form.add_error(None, error)  # the page shows it above the rows
        status = 400
    return render(
        request,
        "evaluation/conflict_list.html",
        {
            "round": round_,
            "pending": services.conflicts_to_decide(round_),
            "decided": ConflictDeclaration.objects.filter(
                dossier__round=round_, decided_at__isnull=False
            ).select_related("member", "decided_by", "dossier__product"),
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
def round_advance(request, pk: int, to: str):
    round_ = selectors.round_get(request.user, pk)
    if to not in ROUND_ADVANCE:
        raise PermissionDenied
    try:
        services.round_advance(actor=request.user, round_=round_, to=to)
        messages.success(
            request, _("The round is now: %(status)s.") % {"status": RoundStatus(to).label}
        )
    except TransitionError as error:
        messages.error(request, str(error))
    return redirect("evaluation:round_detail", pk=pk)


@login_required
def decision_issue(request, pk: int):
    round_ = selectors.round_get(request.user, pk)
    _may(ROUND, request.user, round_, "issue_decision")
    form = DecisionForm(request.POST or None)
    recognised = services.recognised_results(round_)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_issue(
                actor=request.user, round_=round_, **form.cleaned_data
            )
        except TransitionError as error:
            form.add_error(
                "confirm_empty" if isinstance(error, services.EmptyDecision) else None, str(error)
            )
        else:
            messages.success(
                request,
                _("Decision %(number)s recorded; %(n)s certificates issued.")
                % {"number": decision.number, "n": decision.certificates.count()},
            )
            return redirect("evaluation:round_detail", pk=pk)
    if not recognised.exists():
        messages.warning(
            request,
            _(
                "No dossier of this round is recognised at this level: the decision would certify "
                "no product."
            ),
        )
    else:
        form.fields.pop("confirm_empty")
    return render(
        request,
        "partials/form_page.html",
        {
            "form": form,
            "title": _("Recognition decision"),
            "cancel_url": reverse("evaluation:round_detail", args=[pk]),
            "intro": _("The decision certifies: %(list)s.")
            % {
                "list": "; ".join(
                    f"{r.dossier.product.name} ({r.final_stars}★)" for r in recognised
                )
            }
            if recognised.exists()
            else "",
        },
        status=400 if form.errors else 200,
    )


def printout_refused(request, round_, step: str):
    """The round's printout `step` (`ROUND`'s print steps, the same the round page offers its
    links by): a 403 for those who may not print it, back to the round with the reason when
    the round is not there yet; None when the printout may be made."""
    try:
        ROUND.check(request.user, round_, step)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect("evaluation:round_detail", pk=round_.pk)
    return None


@login_required
def decision_annex(request, pk: int):
    round_ = selectors.round_get(request.user, pk)
    refused = printout_refused(request, round_, "print_annex")
    if refused:
        return refused
    decision = round_.decisions.prefetch_related("certificates__product__subject").first()
    if decision is None:
        messages.error(request, _("The round has no decision yet."))
        return redirect("evaluation:round_detail", pk=pk)

    district = round_.level == "district"
    if district:
        name = round_.unit.name
        authority_lines = ["ỦY BAN NHÂN DÂN", name.upper()]
        decider = f"Chủ tịch UBND {name[:1].lower()}{name[1:]}"
    else:
        authority_lines = issuer()["province_authority"].split("|")
        decider = issuer()["province_chair"]
    rows = [
        {
            "cert": cert,
            "place": place_on(
                decision.date,
                legacy=cert.product.subject.legacy_commune,
                current=cert.product.subject.commune,
            ),
        }
        for cert in decision.certificates.select_related(
            "product__subject__commune", "product__subject__legacy_commune__parent"
        ).order_by("product__name")
    ]

    configured = signer("decision")
    signed = configured if configured.get("title") else signer_lines(round_.level, decision.signer)
    return pdf_response(
        "evaluation/pdf/decision_annex.html",
        {
            "round": round_,
            "decision": decision,
            "signer": signed,
            "recipients": recipients("decision"),
            "rows": rows,
            "authority_lines": authority_lines,
            "decider": decider,
        },
        "phu-luc-quyet-dinh.pdf",
        request,
    )


@login_required
def council_summary(request, pk: int):
    round_ = selectors.round_get(request.user, pk)
    refused = printout_refused(request, round_, "print_summary")
    if refused:
        return refused
    return pdf_response(
        "evaluation/pdf/council_summary.html",
        _council_document_context(round_),
        "tong-hop-hoi-dong.pdf",
        request,
    )


def _council_document_context(round_) -> dict:

    overview = chair_overview(round_, reveal=True)
    blocks = council_document_signers(round_.council, round_.scoring_closes)
    return {
        "round": round_,
        "overview": overview,
        "bodies": council_bodies(round_.council),
        "signers": council_signers(round_.council, round_.scoring_closes),
        "council_signers": [blocks["secretary"], blocks["chair"]],
        "recipients": recipients("council"),
        "doc_symbol": "BB-HĐ",
    }


def _minutes_roster(round_, present: set[int]) -> list[dict]:
    """Who the minutes list: the round's roster, fixed when scoring started (a member the chair
    replaced stays, with the day), and the secretary who recorded the meeting; not every
    seat the council has held before or since."""
    labels = dict(SeatPosition.choices)
    order = {"chair": 0, "vice_chair": 1, "member": 2, "secretary": 3}
    rows = [
        {
            "user": entry.member,
            "position": labels.get(entry.position, entry.position),
            "rank": order.get(entry.position, 9),
            "present": entry.member_id in present,
            "replaced_on": entry.removed_on,
        }
        for entry in round_.roster.select_related("member")
    ]
    day = round_.scoring_closes
    secretaries = (
        round_.council.seats.filter(position=SeatPosition.SECRETARY, term_start__lte=day)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=round_.scoring_opens))
        .select_related("user")
    )
    on_roster = {row["user"].pk for row in rows}
    rows += [
        {
            "user": seat.user,
            "position": labels[SeatPosition.SECRETARY],
            "rank": order["secretary"],
            "present": True,
            "replaced_on": None,
        }
        for seat in secretaries
        if seat.user_id not in on_roster
    ]
    rows.sort(key=lambda row: (row["rank"], row["replaced_on"] is not None, row["user"].full_name))
    return rows


@login_required
def council_minutes(request, pk: int):
    """Biên bản họp Hội đồng: who sat, who was present (a counted sheet), the result of each
    dossier and the two signatures; time and place are left to be written in by hand."""
    round_ = selectors.round_get(request.user, pk)
    refused = printout_refused(request, round_, "print_minutes")
    if refused:
        return refused
    context = _council_document_context(round_)
    present = {member.pk for row in context["overview"]["rows"] for member, _total in row.totals}
    seats = _minutes_roster(round_, present)
    district = round_.council.level == "district"
    context.update(
        {
            "seats": seats,
            "present": sum(seat["present"] for seat in seats),
            "level_words": "cấp huyện" if district else "cấp tỉnh",
            "authority": (
                f"Chủ tịch UBND {round_.council.unit.name}"
                if district
                else issuer()["province_chair"]
            ),
        }
    )
    return pdf_response(
        "evaluation/pdf/council_minutes.html", context, "bien-ban-hop-hoi-dong.pdf", request
    )


@login_required
def dossier_create(request, pk: int):
    round_ = selectors.round_get(request.user, pk)
    _may(ROUND, request.user, round_, "register_dossier")
    if not ROUND.can(request.user, round_, "register_dossier"):
        messages.error(request, _("The round no longer takes dossiers."))
        return redirect("evaluation:round_detail", pk=pk)
    initial = {}
    product_id = request.GET.get("product", "")
    if request.method == "GET" and product_id.isdigit():
        # a renewal or upgrade opened from a certificate or product: the form starts filled

        product = product_list(request.user).filter(pk=product_id).first()
        if product is not None:
            kind = request.GET.get("evaluation_type") or "first"
            initial = services.dossier_initial(product, kind, round_=round_)
            if "samples" in initial:  # there was a previous dossier to start from
                messages.info(
                    request,
                    _(
                        "The form is filled from the product's last dossier and the producer "
                        "record: check each field before saving."
                    ),
                )
    form = DossierForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.dossier_create(
                actor=request.user, round_=round_, **form.cleaned_data
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Dossier registered."))
            return redirect("evaluation:dossier_detail", pk=dossier.pk)
    return _form_page(
        request, form, _("Register a dossier"), reverse("evaluation:round_detail", args=[pk])
    )


def _dossier_page(request, dossier, **extra):
    user = request.user
    is_chair = chairs(user, dossier.round)
    criteria_sheet = services.dossier_sheet(dossier)
    # the chair sees who has submitted (not what they answered) to reopen a sheet; nobody else
    # is shown the sheets, so they are not read for them
    sheets = (
        list(dossier.sheets.select_related("member").order_by("member__full_name"))
        if is_chair
        else []
    )
    for sheet in sheets:
        sheet.dossier = dossier
        sheet.steps = SHEET.allowed_steps(user, sheet)
    context = {
        "dossier": dossier,
        "sheet": criteria_sheet,
        "evidence": dossier.evidence.select_related("criterion"),
        "conflicts": dossier.conflicts.select_related("member"),
        # every button and form of the page: exactly the steps the rulebook allows the user now
        "steps": DOSSIER.allowed_steps(user, dossier),
        "is_chair": is_chair,
        "central_pending": services.central_result_pending(dossier),
        # the certificates the user may open and print (a council member reads the dossier by
        # seat, not the certificates of its area)
        "certificates": selectors.certificate_list(user)
        .filter(dossier=dossier)
        .order_by("-issued_on"),
        "evidence_form": EvidenceForm(sheet=criteria_sheet),
        "intake_form": IntakeForm(
            initial={"status": dossier.status, "notes": dossier.intake_notes}
        ),
        "exclusion_form": ExclusionForm(),
        "comments_form": ProducerCommentsForm(
            initial={"comments": getattr(getattr(dossier, "result", None), "producer_comments", "")}
        ),
        "history": history_of(dossier),
        "self_assessment_restarted": services.self_assessment_restarted(dossier),
        "result": getattr(dossier, "result", None),
        "sheets": sheets,
        "reason_form": ReasonForm(),
    }
    context.update(extra)
    return render(request, "evaluation/dossier_detail.html", context, status=400 if extra else 200)


@login_required
def dossier_detail(request, pk: int):
    return _dossier_page(request, selectors.dossier_get(request.user, pk))


@login_required
@require_POST
def evidence_add(request, pk: int):
    dossier = selectors.dossier_get(request.user, pk)
    _may(DOSSIER, request.user, dossier, "add_evidence")
    form = EvidenceForm(request.POST, request.FILES, sheet=services.dossier_sheet(dossier))
    if not form.is_valid():
        return _dossier_page(request, dossier, evidence_form=form)
    try:
        services.evidence_add(
            actor=request.user,
            dossier=dossier,
            upload=form.cleaned_data["file"],
            extension=form.extension,
            title=form.cleaned_data["title"],
            criterion=form.cleaned_data["criterion"],
        )
        messages.success(request, _("Document attached."))
    except TransitionError as error:
        messages.error(request, str(error))
    return redirect("evaluation:dossier_detail", pk=pk)


@login_required
@require_POST
def evidence_confirm(request, pk: int):
    """A document carried over from the previous dossier is confirmed for this one."""
    evidence = selectors.evidence_get(request.user, pk)
    services.evidence_confirm(actor=request.user, evidence=evidence)
    messages.success(request, _("Document confirmed for this dossier."))
    return redirect("evaluation:dossier_detail", pk=evidence.dossier_id)


@login_required
def evidence_download(request, pk: int):
    evidence = selectors.evidence_get(request.user, pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=f"{evidence.title[:60]}.{evidence.extension}",
    )


@login_required
@require_POST
def result_comments(request, pk: int):
    dossier = selectors.dossier_get(request.user, pk)
    _may(DOSSIER, request.user, dossier, "comment_result")
    form = ProducerCommentsForm(request.POST)
    if form.is_valid():
        try:
            services.result_comments_set(
                actor=request.user, dossier=dossier, comments=form.cleaned_data["comments"]
            )
            messages.success(request, _("Comments for the producer saved."))
        except TransitionError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, " ".join(form.errors.get("comments", [])))
    return redirect("evaluation:dossier_detail", pk=pk)


@login_required
@require_POST
def dossier_intake(request, pk: int):
    dossier = selectors.dossier_get(request.user, pk)
    _may(DOSSIER, request.user, dossier, "intake")
    form = IntakeForm(request.POST)
    if form.is_valid():
        try:
            services.dossier_intake(
                actor=request.user,
                dossier=dossier,
                status=form.cleaned_data["status"],
                notes=form.cleaned_data["notes"],
            )
            messages.success(request, _("Intake check saved."))
        except TransitionError as error:
            messages.error(request, str(error))
    return redirect("evaluation:dossier_detail", pk=pk)


@login_required
def dossier_pre_assess(request, pk: int):
    dossier = selectors.dossier_get(request.user, pk)
    _may(DOSSIER, request.user, dossier, "pre_assess")
    form = PreAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_pre_assess(actor=request.user, dossier=dossier, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Pre-assessment recorded."))
            return redirect("evaluation:dossier_detail", pk=pk)
    return _form_page(
        request,
        form,
        _("Commune pre-assessment (Mẫu 03)"),
        reverse("evaluation:dossier_detail", args=[pk]),
    )


@login_required
@require_POST
def dossier_chair_action(request, pk: int, action: str):
    dossier = selectors.dossier_get(request.user, pk)
    steps = {"close": "close_scoring", "send-back": "send_back", "exclude": "exclude"}
    if action not in steps:
        raise PermissionDenied
    _may(DOSSIER, request.user, dossier, steps[action])
    to_round = ChairActionForm(request.POST).to_round  # the chair acted from the round's overview
    try:
        if action == "close":
            result = services.dossier_close_scoring(chair=request.user, dossier=dossier)
            messages.success(
                request,
                _("Scoring closed: %(avg)s points, %(stars)s★.")
                % {"avg": number_format(result.average, 2), "stars": result.final_stars},
            )
        elif action == "send-back":
            form = SendBackForm(request.POST)
            if not form.is_valid():
                return _dossier_page(request, dossier, reason_form=form)
            reason = form.cleaned_data["reason"].strip() or _("Spread between members' totals")
            count = services.dossier_send_back(chair=request.user, dossier=dossier, reason=reason)
            messages.success(request, _("%(n)s sheets sent back for re-scoring.") % {"n": count})
        elif action == "exclude":
            form = ExclusionForm(request.POST)
            if not form.is_valid():
                return _dossier_page(request, dossier, exclusion_form=form)
            services.dossier_exclude(
                chair=request.user,
                dossier=dossier,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("The dossier has been excluded."))
        else:
            raise PermissionDenied
    except TransitionError as error:
        messages.error(request, str(error))
    if to_round:
        return redirect("evaluation:round_detail", pk=dossier.round_id)
    return redirect("evaluation:dossier_detail", pk=pk)


@login_required
def dossier_self_assess(request, pk: int):
    """Mẫu 02: the producer's own scoring on the same sheet, with its projected stars."""
    dossier = selectors.dossier_get(request.user, pk)
    _may(DOSSIER, request.user, dossier, "self_assess")
    sheet = services.dossier_sheet(dossier)
    if request.method == "POST":
        form = SelfAssessmentForm(request.POST)
        form.is_valid()  # anything but a sheet's answer is left out
        try:
            dossier = services.self_assess(
                actor=request.user, dossier=dossier, answers=form.cleaned_data["answers"]
            )
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, self_assessment_saved(dossier))
        return redirect("evaluation:dossier_detail", pk=pk)
    answers = dict(dossier.self_answers.values_list("criterion_id", "option_id"))
    return render(
        request,
        "evaluation/self_assessment.html",
        {
            "dossier": dossier,
            "criteria_sheet": sheet,
            "answers": answers,
            "parts": sheet.parts.prefetch_related("groups__criteria__options"),
        },
    )


@login_required
def central_result(request, pk: int):
    """The ministry's result for a dossier the province forwarded (≥ 90 points)."""
    dossier = selectors.dossier_get(request.user, pk)
    _may(DOSSIER, request.user, dossier, "record_central_result")
    form = CentralResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = services.central_result_record(
                actor=request.user, dossier=dossier, **form.cleaned_data
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Recorded: %(stars)s★ (%(level)s).")
                % {"stars": certificate.stars, "level": certificate.get_level_display()},
            )
            return redirect("evaluation:dossier_detail", pk=pk)
    return _form_page(
        request,
        form,
        _("Result of the central council"),
        reverse("evaluation:dossier_detail", args=[pk]),
    )
