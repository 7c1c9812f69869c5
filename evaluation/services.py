"""Every state change of evaluation: rounds, dossiers, conflicts, scoring, results, decisions,
certificates, revocations and inspections.

Each service checks who acts and the record's state (`TransitionError`, shown to the user as
is), writes in one transaction, names the actor in the history and schedules side effects on
commit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import Role, User
from accounts.roles import SUPERVISORS
from accounts.scope import area_unit_ids, units_covering
from accounts.services import notify
from evaluation import scoring
from evaluation.models import (
    DOSSIER_OPEN,
    Certificate,
    CertificateSource,
    ConflictDeclaration,
    Council,
    CouncilSeat,
    CriteriaSheet,
    CriteriaVersion,
    Dossier,
    DossierOutcome,
    DossierResult,
    DossierStatus,
    EvaluationType,
    Evidence,
    Inspection,
    InspectionOutcome,
    ProcedureRuleSet,
    RecognitionDecision,
    RecognitionLevel,
    Revocation,
    RosterEntry,
    Round,
    RoundStatus,
    ScoreAnswer,
    ScoreSheet,
    SeatPosition,
    SelfAnswer,
    SheetStatus,
)
from evaluation.notices import notify_commune
from evaluation.policies import (
    CERTIFICATE,
    COUNCIL,
    DOSSIER,
    INSPECTION,
    ROUND,
    ROUND_ADVANCE,
    SHEET,
    registration_step,
    scores,
    sheet_refusal,
)
from evaluation.rules import recognising_level, renewal_terms
from evaluation.sheets import sheet_criteria, version_bands
from evaluation.workdays import add_working_days
from ocop_portal.exceptions import TransitionError

# The intake check's answers: the dossier's status while it is being checked.
INTAKE_ANSWERS = (DossierStatus.REGISTERED, DossierStatus.COMPLETE, DossierStatus.MORE_DOCUMENTS)


def _by(instance, actor):
    instance._history_user = actor
    return instance


# --- Rounds ------------------------------------------------------------------------------------


def rules_in_force(day: datetime.date) -> ProcedureRuleSet:
    return ProcedureRuleSet.objects.filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=day), effective_from__lte=day
    ).get()


def criteria_in_force(day: datetime.date) -> CriteriaVersion:
    """The newest version in force on the day (dossiers lodged under the old sheets may still
    be finished under them: choose that version explicitly)."""
    return (
        CriteriaVersion.objects.filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=day), effective_from__lte=day
        )
        .order_by("-effective_from")
        .first()
    )


@transaction.atomic
def round_create(
    *,
    actor,
    name,
    level,
    unit,
    year,
    sequence,
    council,
    dossier_deadline,
    scoring_opens,
    scoring_closes,
    criteria_version_code: str | None = None,
) -> Round:
    ROUND.check(actor, Round(unit=unit), "create")
    rules = rules_in_force(dossier_deadline)
    if not rules.levels.filter(level=level, evaluates=True).exists():
        raise TransitionError(
            _("The rules in force (%(rules)s) have no council at this level.")
            % {"rules": rules.legal_basis}
        )
    version = (
        CriteriaVersion.objects.get(code=criteria_version_code)
        if criteria_version_code
        else criteria_in_force(dossier_deadline)
    )
    round_ = Round(
        name=name,
        level=level,
        unit=unit,
        year=year,
        sequence=sequence,
        council=council,
        criteria_version=version,
        procedure_rules=rules,
        dossier_deadline=dossier_deadline,
        scoring_opens=scoring_opens,
        scoring_closes=scoring_closes,
        created_by=actor,
    )
    round_.full_clean()
    _by(round_, actor).save()
    return round_


@transaction.atomic
def round_advance(*, actor, round_: Round, to: str) -> Round:
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    try:
        if to not in ROUND_ADVANCE:
            raise TransitionError(to)
        ROUND.check(actor, round_, ROUND_ADVANCE[to])
    except TransitionError:
        raise TransitionError(
            _("The round cannot move from “%(now)s” to that step.")
            % {"now": round_.get_status_display()}
        ) from None
    if to == RoundStatus.CLOSED and round_.dossiers.filter(status__in=DOSSIER_OPEN).exists():
        raise TransitionError(_("Close the scoring of every dossier first."))
    if to == RoundStatus.SCORING:
        _check_steps_done(round_.dossiers.filter(status__in=DOSSIER_OPEN).select_related("product"))
    round_.status = to
    _by(round_, actor).save(update_fields=["status"])
    if to == RoundStatus.SCORING:
        members = roster_fix(round_=round_, actor=actor)
        if not members:
            raise TransitionError(_("The council has no member with an active seat today."))
        notify(
            recipients=members,
            message=_("Scoring is open in “%(round)s”.") % {"round": round_.name},
            link=reverse("evaluation:round_detail", args=[round_.pk]),
        )
    return round_


def missing_steps(dossier: Dossier) -> list[str]:
    """The steps the round's procedure rules require before scoring that this dossier lacks."""
    rules = dossier.round.procedure_rules
    missing = []
    if rules.requires_intake and not dossier.intake_done:
        missing.append(_("intake check"))
    if rules.requires_pre_assessment and not dossier.pre_assessed:
        missing.append(_("commune pre-assessment (Mẫu 03)"))
    return missing


def _check_steps_done(dossiers) -> None:
    lacking = [
        f"{dossier.product.name} ({', '.join(steps)})"
        for dossier in dossiers
        if (steps := missing_steps(dossier))
    ]
    if lacking:
        raise TransitionError(
            _("The procedure rules require these steps before scoring: %(list)s.")
            % {"list": "; ".join(lacking)}
        )


# --- The scoring roster ------------------------------------------------------------------------


def roster_fix(*, round_: Round, actor, day: datetime.date | None = None) -> list:
    """Fix who scores in the round: members whose seat is active on the day, secretaries
    left out, one entry per person however many seats they hold."""
    day = day or timezone.localdate()
    members = {}
    for seat in round_.council.scoring_seats(on=day).select_related("user").order_by("term_start"):
        members.setdefault(seat.user_id, seat)
    RosterEntry.objects.filter(round=round_).delete()
    for seat in members.values():
        _by(
            RosterEntry(round=round_, member=seat.user, position=seat.position, added_on=day),
            actor,
        ).save()
    round_.roster_fixed_on = day
    round_.save(update_fields=["roster_fixed_on"])
    return [seat.user for seat in members.values()]


def round_scorers(round_: Round) -> list:
    """The people who score in the round: its fixed roster once scoring started; before that,
    those who would be on it today."""
    if round_.roster_fixed_on:
        return [
            entry.member
            for entry in round_.roster.filter(removed_on__isnull=True)
            .select_related("member")
            .order_by("member__full_name")
        ]
    seen = {}
    for seat in round_.council.scoring_seats().select_related("user").order_by("user__full_name"):
        seen.setdefault(seat.user_id, seat.user)
    return list(seen.values())


@transaction.atomic
def roster_replace(*, chair, round_: Round, member, newcomer, reason: str) -> RosterEntry:
    """The chair replaces a member of a round in scoring (a seat ended, illness): logged with
    its reason; the newcomer starts on fresh sheets, the member's drafts are dropped."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    ROUND.check(chair, round_, "replace_member")
    if not reason.strip():
        raise TransitionError(_("Give the reason for the replacement."))
    entry = round_.roster.filter(member=member, removed_on__isnull=True).first()
    if entry is None:
        raise TransitionError(_("That person does not score in this round."))
    if round_.roster.filter(member=newcomer, removed_on__isnull=True).exists():
        raise TransitionError(_("The newcomer already scores in this round."))
    seat = round_.council.scoring_seats().filter(user=newcomer).first()
    if seat is None:
        raise TransitionError(_("The newcomer needs an active scoring seat on the council."))
    today = timezone.localdate()
    entry.removed_on = today
    entry.reason = reason.strip()
    _by(entry, chair).save(update_fields=["removed_on", "reason"])
    ScoreSheet.objects.filter(
        dossier__round=round_, member=member, status=SheetStatus.DRAFT
    ).delete()
    added = _by(
        RosterEntry(
            round=round_,
            member=newcomer,
            position=seat.position,
            added_on=today,
            replaces=entry,
            reason=reason.strip(),
        ),
        chair,
    )
    added.save()
    # A sheet the newcomer may have started earlier (another round's seat) is not theirs here.
    ScoreSheet.objects.filter(dossier__round=round_, member=newcomer).delete()
    notify(
        recipients=[newcomer],
        message=_("You now score in “%(round)s” in place of %(member)s.")
        % {"round": round_.name, "member": member.full_name or member.username},
        link=reverse("evaluation:round_detail", args=[round_.pk]),
    )
    return added


# --- Dossiers ----------------------------------------------------------------------------------


def _current_certificate(product, day):
    return Certificate.objects.valid_on(day).filter(product=product).order_by("-issued_on").first()


def check_renewal_window(product, day: datetime.date) -> None:
    certificate = _current_certificate(product, day)
    if certificate is None:
        raise TransitionError(_("The product holds no valid certificate to re-evaluate."))
    # The window of the procedure rules in force (QĐ 148/2023, QĐ 26/2026: 180 to 120 days).
    terms = renewal_terms(day)
    opens = certificate.expires_on - datetime.timedelta(days=terms.opens_days)
    closes = certificate.expires_on - datetime.timedelta(days=terms.closes_days)
    if not opens <= day <= closes:
        raise TransitionError(
            _(
                "Re-evaluation is filed between %(opens)s and %(closes)s (%(from)s to %(to)s "
                "days before the certificate expires)."
            )
            % {
                "opens": opens.strftime("%d/%m/%Y"),
                "closes": closes.strftime("%d/%m/%Y"),
                "from": terms.opens_days,
                "to": terms.closes_days,
            }
        )


@transaction.atomic
def dossier_create(
    *,
    actor,
    round_: Round,
    product,
    evaluation_type: str,
    representative: str,
    address: str = "",
    samples: int = 5,
    plan_results: str = "",
    plan_ahead: str = "",
    today: datetime.date | None = None,
) -> Dossier:
    # The product: staff of its area, or the producer's own; the round: staff while it takes
    # dossiers, the producer's account while it is open (the producer's page reads the same).
    DOSSIER.check(actor, Dossier(round=round_, product=product), "edit")
    ROUND.check(actor, round_, registration_step(actor))
    today = today or timezone.localdate()
    if not CriteriaSheet.objects.filter(
        version=round_.criteria_version, product_set=product.product_set
    ).exists():
        raise TransitionError(_("The round's criteria have no sheet for this product set."))
    if evaluation_type == EvaluationType.RE_EVALUATION:
        check_renewal_window(product, today)
    elif evaluation_type == EvaluationType.UPGRADE and _current_certificate(product, today) is None:
        # An upgrade raises a recognition in force; without one, the product is evaluated anew.
        raise TransitionError(
            _("An upgrade needs a certificate in force: register a first evaluation instead.")
        )
    previous = (
        Dossier.objects.filter(product=product)
        .exclude(round=round_)
        .order_by("-created_at")
        .first()
    )
    dossier = Dossier(
        round=round_,
        product=product,
        evaluation_type=evaluation_type,
        representative=representative,
        address=address or product.subject.address,
        samples=samples,
        plan_results=plan_results,
        plan_ahead=plan_ahead,
        created_by=actor,
    )
    if previous is not None and evaluation_type != EvaluationType.FIRST:
        # A renewal or upgrade starts from the last dossier: nothing typed or uploaded twice.
        dossier.copied_from = previous
        dossier.plan_results = plan_results or previous.plan_results
        dossier.plan_ahead = plan_ahead or previous.plan_ahead
    dossier.full_clean(exclude=["round", "product"])
    try:
        with transaction.atomic():
            _by(dossier, actor).save()
    except IntegrityError:
        raise TransitionError(_("This product already has a dossier in the round.")) from None
    if dossier.copied_from_id:
        _copy_from(previous, dossier, actor)
    working_days = round_.procedure_rules.pre_assessment_working_days
    if round_.procedure_rules.requires_pre_assessment and working_days:
        # The commune's term runs from the day it receives the dossier (registration here).
        dossier.pre_assessment_due = add_working_days(today, working_days)
        dossier.save(update_fields=["pre_assessment_due"])
    notify_commune(
        dossier,
        _("Dossier of “%(product)s” registered in “%(round)s”.")
        % {"product": product.name, "round": round_.name}
        + (
            " "
            + _("The commune's pre-assessment (Mẫu 03) is due by %(due)s.")
            % {"due": dossier.pre_assessment_due.strftime("%d/%m/%Y")}
            if dossier.pre_assessment_due
            else ""
        ),
    )
    return dossier


def _commune_officers(commune_id: int):

    return User.objects.filter(
        role=Role.COMMUNE_OFFICER, unit_id__in=units_covering(commune_id), is_active=True
    )


def _organisers_of(round_: Round):

    return User.objects.filter(
        role__in=SUPERVISORS, unit_id__in=units_covering(round_.unit_id), is_active=True
    )


def producer_accounts(subject_id: int):
    """The active accounts of a producer: recipients of what concerns its own dossiers."""

    return User.objects.filter(role=Role.PRODUCER, subject_id=subject_id, is_active=True)


def _producer_dossier_link(dossier) -> str:
    return reverse("producer:dossier_detail", args=[dossier.pk])


def _copy_from(previous: Dossier, dossier: Dossier, actor) -> None:
    same_sheet = previous.round.criteria_version_id == dossier.round.criteria_version_id
    if same_sheet:
        SelfAnswer.objects.bulk_create(
            SelfAnswer(dossier=dossier, criterion_id=a.criterion_id, option_id=a.option_id)
            for a in previous.self_answers.all()
        )
        update_self_score(dossier)
    for item in previous.evidence.all():
        # the same stored file is referenced, not copied: evidence is immutable once uploaded
        Evidence.objects.create(
            dossier=dossier,
            criterion_id=item.criterion_id if same_sheet else None,
            title=item.title,
            file=item.file.name,
            extension=item.extension,
            size=item.size,
            uploaded_by=actor,
            needs_review=True,  # the member of staff confirms it still holds for this dossier
        )


def previous_dossier(product, *, exclude_round=None) -> Dossier | None:
    rows = Dossier.objects.filter(product=product).select_related("round__criteria_version")
    if exclude_round is not None:
        rows = rows.exclude(round=exclude_round)
    return rows.order_by("-created_at").first()


def dossier_initial(product, evaluation_type: str, *, round_=None) -> dict:
    """What the registration form (Mẫu 01/02) starts from for a renewal or an upgrade: the
    last dossier of the product, completed from the producer record; a first evaluation
    starts from the producer record alone."""
    subject = product.subject
    initial = {
        "product": product.pk,
        "evaluation_type": evaluation_type,
        "representative": subject.representative_name,
        "address": subject.address,
    }
    previous = previous_dossier(product, exclude_round=round_)
    if previous is not None and evaluation_type != EvaluationType.FIRST:
        initial.update(
            representative=previous.representative or subject.representative_name,
            address=previous.address or subject.address,
            samples=previous.samples,
            plan_results=previous.plan_results,
            plan_ahead=previous.plan_ahead,
        )
    return initial


def self_assessment_restarted(dossier: Dossier) -> bool:
    """A renewal under another criteria version starts its self-assessment from nothing."""
    previous = dossier.copied_from
    return previous is not None and (
        previous.round.criteria_version_id != dossier.round.criteria_version_id
    )


@transaction.atomic
def evidence_confirm(*, actor, evidence: Evidence) -> Evidence:
    """Confirm that a document carried over from the previous dossier still holds (staff of the
    area or the producer's own account)."""
    DOSSIER.check(actor, evidence.dossier, "edit")
    if evidence.needs_review:
        evidence.needs_review = False
        evidence.save(update_fields=["needs_review"])
    return evidence


def dossier_sheet(dossier: Dossier) -> CriteriaSheet:
    return CriteriaSheet.objects.get(
        version=dossier.round.criteria_version, product_set=dossier.product.product_set
    )


@transaction.atomic
def self_assess(*, actor, dossier: Dossier, answers: dict[int, int]) -> Dossier:
    """The subject's own scoring on the same sheet (Mẫu 02), with its projected stars."""
    DOSSIER.check(actor, dossier, "self_assess")
    sheet = dossier_sheet(dossier)
    valid = _valid_answers(sheet, answers)
    SelfAnswer.objects.filter(dossier=dossier).delete()
    SelfAnswer.objects.bulk_create(
        SelfAnswer(dossier=dossier, criterion_id=c, option_id=o) for c, o in valid.items()
    )
    return update_self_score(dossier, actor=actor)


def self_projection(dossier: Dossier, answers: dict) -> scoring.Result:
    """The score and stars that answers would give, without saving them (shown live)."""
    sheet = dossier_sheet(dossier)
    valid = _valid_answers(sheet, answers)
    return scoring.council_result(sheet_criteria(sheet), {0: valid}, version_bands(sheet.version))


def update_self_score(dossier: Dossier, actor=None) -> Dossier:
    sheet = dossier_sheet(dossier)
    criteria = sheet_criteria(sheet)
    answers = dict(dossier.self_answers.values_list("criterion_id", "option_id"))
    if not answers:
        # no answer is no self-assessment, not "0,00 points, 1★"
        dossier.self_score = dossier.self_stars = None
        _by(dossier, actor).save(update_fields=["self_score", "self_stars"])
        return dossier
    result = scoring.council_result(criteria, {0: answers}, version_bands(sheet.version))
    dossier.self_score = result.average
    dossier.self_stars = result.final_stars
    _by(dossier, actor).save(update_fields=["self_score", "self_stars"])
    return dossier


def _valid_answers(sheet, answers: dict[int, int]) -> dict[int, int]:
    allowed = {
        option_id: criterion_id
        for criterion_id, option_id in sheet.criteria.values_list("pk", "options__pk")
    }
    return {int(c): int(o) for c, o in answers.items() if allowed.get(int(o)) == int(c)}


@transaction.atomic
def evidence_add(
    *, actor, dossier: Dossier, upload, extension: str, title: str, criterion=None
) -> Evidence:
    DOSSIER.check(actor, dossier, "add_evidence")
    if (
        criterion is not None
        and not dossier_sheet(dossier).criteria.filter(pk=criterion.pk).exists()
    ):
        raise TransitionError(_("The criterion is not on this dossier's sheet."))
    item = Evidence(
        dossier=dossier,
        criterion=criterion,
        title=title,
        extension=extension,
        size=upload.size,
        uploaded_by=actor,
    )
    item.file.save(f"evidence.{extension}", upload, save=False)
    item.save()
    return item


@transaction.atomic
def dossier_intake(*, actor, dossier: Dossier, status: str, notes: str = "") -> Dossier:
    DOSSIER.check(actor, dossier, "intake")
    if status not in INTAKE_ANSWERS:
        raise TransitionError(_("Choose the intake check's answer."))
    if status == DossierStatus.MORE_DOCUMENTS and not notes.strip():
        raise TransitionError(_("Say which documents are missing."))
    dossier.status = status
    dossier.intake_notes = notes
    _by(dossier, actor).save(update_fields=["status", "intake_notes"])
    if status == DossierStatus.MORE_DOCUMENTS:
        message = _("More documents are requested for “%(product)s”.") % {
            "product": dossier.product.name
        }
        if dossier.created_by.role != Role.PRODUCER:
            notify(
                recipients=[dossier.created_by],
                message=message,
                link=reverse("evaluation:dossier_detail", args=[dossier.pk]),
            )
        notify(
            recipients=producer_accounts(dossier.product.subject_id),
            message=message,
            link=_producer_dossier_link(dossier),
        )
    return dossier


@transaction.atomic
def dossier_documents_completed(*, actor, dossier: Dossier) -> Dossier:
    """The producer (or its commune) has added what the intake asked for: back to the intake
    check, and the organisers and the commune hear of it."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    DOSSIER.check(actor, dossier, "documents_completed")
    dossier.status = DossierStatus.REGISTERED
    _by(dossier, actor).save(update_fields=["status"])
    notify(
        recipients={
            *_organisers_of(dossier.round),
            *_commune_officers(dossier.product.subject.commune_id),
        },
        message=_("The requested documents of “%(product)s” were added: check the dossier again.")
        % {"product": dossier.product.name},
        link=reverse("evaluation:dossier_detail", args=[dossier.pk]),
    )
    return dossier


@transaction.atomic
def dossier_pre_assess(
    *,
    actor,
    dossier: Dossier,
    local_materials: bool,
    local_labour: bool,
    idea_origin: bool,
    local_identity: bool,
    notes: str = "",
) -> Dossier:
    """Mẫu 03: the commune's pre-assessment, required by the rules in force from July 2025."""
    DOSSIER.check(actor, dossier, "pre_assess")
    if not dossier.round.procedure_rules.commune_step:
        raise TransitionError(_("The round's rules have no commune step."))
    dossier.pre_local_materials = local_materials
    dossier.pre_local_labour = local_labour
    dossier.pre_idea_origin = idea_origin
    dossier.pre_local_identity = local_identity
    dossier.pre_notes = notes
    dossier.pre_assessed_by = actor
    dossier.pre_assessed_on = timezone.localdate()
    _by(dossier, actor).save(
        update_fields=[
            "pre_local_materials",
            "pre_local_labour",
            "pre_idea_origin",
            "pre_local_identity",
            "pre_notes",
            "pre_assessed_by",
            "pre_assessed_on",
        ]
    )
    return dossier


# --- Council members: conflicts, scoring ------------------------------------------------------


def seat_of(user, round_: Round) -> CouncilSeat | None:
    """The user's seat on the round's council active today: the only way to act in it."""
    return (
        CouncilSeat.objects.active_on()
        .filter(council=round_.council, user=user)
        .order_by("position")
        .first()
    )


def proposed_conflict(member, dossier: Dossier) -> str:
    """Why the portal proposes that a member steps aside, or "" when it sees no reason."""
    subject = dossier.product.subject
    if (
        member.unit_id
        and member.unit_id in area_unit_ids(subject.commune_id)
        and (member.unit.level == "commune")
    ):
        return _("The member works in the producer's commune.")
    if member.email and subject.email and member.email.lower() == subject.email.lower():
        return _("The member is linked to the producer.")
    return ""


@transaction.atomic
def conflict_declare(
    *, member, dossier: Dossier, has_conflict: bool, reason: str = ""
) -> ConflictDeclaration:
    DOSSIER.check(member, dossier, "declare_conflict")
    if ConflictDeclaration.objects.filter(
        dossier=dossier, member=member, decided_at__isnull=False
    ).exists():
        raise TransitionError(_("The chair has decided this conflict of interest."))
    proposed = proposed_conflict(member, dossier)
    declaration, _created = ConflictDeclaration.objects.update_or_create(
        dossier=dossier,
        member=member,
        defaults={
            "has_conflict": has_conflict or bool(proposed),
            "reason": reason or proposed,
            "proposed_by_portal": bool(proposed),
            "recused": has_conflict,
        },
    )
    return declaration


@transaction.atomic
def conflict_decide(*, chair, declaration: ConflictDeclaration, recused: bool, note: str = ""):
    """The chair decides a conflict the portal proposed (or a member declared): logged."""
    ROUND.check(chair, declaration.dossier.round, "decide_conflicts")
    if declaration.member_id == chair.pk:
        raise TransitionError(_("The chair does not decide their own conflict."))
    if not note.strip():
        raise TransitionError(_("Give the reasons for the decision."))
    declaration.recused = recused
    declaration.decided_by = chair
    declaration.decided_at = timezone.now()
    declaration.decision_note = note.strip()
    _by(declaration, chair).save(
        update_fields=["recused", "decided_by", "decided_at", "decision_note"]
    )
    if recused:
        ScoreSheet.objects.filter(dossier=declaration.dossier, member=declaration.member).delete()
    notify(
        recipients=[declaration.member],
        message=(
            _("The chair decided that you step aside from “%(product)s”.")
            if recused
            else _("The chair decided that you score “%(product)s”.")
        )
        % {"product": declaration.dossier.product.name},
        link=reverse("evaluation:score", args=[declaration.dossier_id]),
    )
    return declaration


def conflicts_to_decide(round_: Round):
    """Declarations the chair still has to decide: a conflict the portal proposed that the
    member did not accept by stepping aside."""
    return (
        ConflictDeclaration.objects.filter(
            dossier__round=round_, has_conflict=True, recused=False, decided_at__isnull=True
        )
        .select_related("member", "dossier__product")
        .order_by("dossier__product__name", "member__full_name")
    )


def _open_sheet(member, dossier) -> ScoreSheet:
    """The member's sheet of a dossier they may score now (the dossier's `score` step), made
    on the first answer; a scoring seat is told why it may not (the round's roster, stepping
    aside, scoring not open), anyone else refused."""
    # Read the round's and dossier's state afresh: a caller's instances may predate a step.
    dossier = Dossier.objects.select_related("round__council").get(pk=dossier.pk)
    round_ = dossier.round
    if not DOSSIER.may_act(member, dossier, "read_sheet"):
        reason = sheet_refusal(member, dossier) if scores(member, round_) else ""
        if not reason:
            raise PermissionDenied
        raise TransitionError(reason)
    if round_.status != RoundStatus.SCORING or dossier.status == DossierStatus.CLOSED:
        raise TransitionError(_("Scoring of this dossier is not open."))
    if dossier.status == DossierStatus.EXCLUDED:
        raise TransitionError(_("The dossier has been excluded."))
    DOSSIER.check(member, dossier, "score")
    sheet, _created = ScoreSheet.objects.get_or_create(dossier=dossier, member=member)
    sheet.dossier = dossier
    return sheet


def _lock_sheet(sheet: ScoreSheet) -> ScoreSheet:
    """The sheet read again under a row lock (two saves of one sheet follow each other), with
    the dossier and round `_open_sheet` has just read, and the seats it found on them."""
    locked = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    locked.dossier = sheet.dossier
    return locked


class StaleSheet(TransitionError):
    """The member's form is older than the sheet: the newer answer is kept."""

    def __init__(self, message, current_option_id):
        super().__init__(message)
        self.current_option_id = current_option_id


@transaction.atomic
def sheet_answer(
    *,
    member,
    dossier: Dossier,
    criterion_id: int,
    option_id: int,
    revision: int | None = None,
    tab: str = "",
) -> ScoreSheet:
    """Save one answer of a draft sheet (autosave or "Save draft").

    `revision` is the sheet's revision when the page was rendered and `tab` that page's own
    token. An answer saved after that revision by another page (another tab, the offline
    sheet) is never overwritten: the member is told and both answers stay visible. The page's
    own earlier saves never count against it, however fast the clicks follow each other.
    Posting the answer already stored changes nothing.
    """
    sheet = _lock_sheet(_open_sheet(member, dossier))
    SHEET.check(member, sheet, "answer")
    valid = _valid_answers(dossier_sheet(dossier), {criterion_id: option_id})
    if not valid:
        raise TransitionError(_("That answer does not belong to this sheet."))
    current = ScoreAnswer.objects.filter(sheet=sheet, criterion_id=criterion_id).first()
    if current is not None and current.option_id == option_id:
        return sheet
    if (
        revision is not None
        and current is not None
        and current.saved_revision > revision
        and (not tab or current.saved_by_tab != tab)
    ):
        raise StaleSheet(
            _("This answer was changed elsewhere after your page was opened."), current.option_id
        )
    sheet.revision += 1
    ScoreAnswer.objects.update_or_create(
        sheet=sheet,
        criterion_id=criterion_id,
        defaults={"option_id": option_id, "saved_revision": sheet.revision, "saved_by_tab": tab},
    )
    sheet.total = _sheet_total(sheet)
    _by(sheet, member).save(update_fields=["revision", "total"])
    return sheet


@dataclass
class AnswerConflict:
    """An answer changed both in an offline file and on the web since the file was made."""

    criterion_id: int
    mine_option_id: int
    current_option_id: int


@transaction.atomic
def sheet_apply_changes(
    *, member, dossier: Dossier, changes: dict[int, tuple[int | None, int]]
) -> tuple[int, list[AnswerConflict]]:
    """Store the answers a member changed in an offline copy of the sheet.

    `changes` maps a criterion to (the option it had when the copy was made, the option now
    chosen). An answer is stored when the web still holds the copy's base (nobody else changed
    it) or already holds the same choice; otherwise the web's newer answer stays and the
    conflict is returned with both values. The sheet's revision is no guard here: other answers
    saved meanwhile do not make the copy stale, only a change to the same answer does.
    """
    sheet = _lock_sheet(_open_sheet(member, dossier))
    SHEET.check(member, sheet, "answer")
    wanted = {criterion_id: option_id for criterion_id, (_base, option_id) in changes.items()}
    if len(_valid_answers(dossier_sheet(dossier), wanted)) != len(wanted):
        raise TransitionError(_("That answer does not belong to this sheet."))
    current = dict(
        ScoreAnswer.objects.filter(sheet=sheet, criterion_id__in=wanted).values_list(
            "criterion_id", "option_id"
        )
    )
    saved, conflicts = 0, []
    revision = sheet.revision + 1
    for criterion_id, (base_option_id, option_id) in changes.items():
        now = current.get(criterion_id)
        if now == option_id:
            continue
        if now != base_option_id:
            conflicts.append(AnswerConflict(criterion_id, option_id, now))
            continue
        # Saved by the offline copy: a web page opened before this upload cannot overwrite it.
        ScoreAnswer.objects.update_or_create(
            sheet=sheet,
            criterion_id=criterion_id,
            defaults={
                "option_id": option_id,
                "saved_revision": revision,
                "saved_by_tab": "offline",
            },
        )
        saved += 1
    if saved:
        sheet.revision = revision
        sheet.total = _sheet_total(sheet)
        _by(sheet, member).save(update_fields=["revision", "total"])
    return saved, conflicts


def _sheet_total(sheet: ScoreSheet) -> Decimal:
    criteria = sheet_criteria(dossier_sheet(sheet.dossier))
    answers = dict(sheet.answers.values_list("criterion_id", "option_id"))
    return scoring.sheet_total(criteria, answers)


@transaction.atomic
def sheet_submit(*, member, dossier: Dossier) -> ScoreSheet:
    sheet = _lock_sheet(_open_sheet(member, dossier))
    # A double click or a second tab submits once: the second waits for the lock, finds the
    # sheet in and leaves it as it is (the member's own sheet, as the step says).
    if sheet.status == SheetStatus.SUBMITTED and SHEET.may_act(member, sheet, "submit"):
        return sheet
    step = SHEET.check(member, sheet, "submit")
    unanswered = (
        dossier_sheet(dossier).criteria.exclude(pk__in=sheet.answers.values("criterion_id")).count()
    )
    if unanswered:
        raise TransitionError(_("%(n)s criteria are not answered yet.") % {"n": unanswered})
    sheet.status = step.target
    sheet.submitted_at = timezone.now()
    _by(sheet, member).save(update_fields=["status", "submitted_at"])
    return sheet


@transaction.atomic
def sheet_reopen(*, chair, sheet: ScoreSheet, reason: str) -> ScoreSheet:
    if sheet.dossier.status == DossierStatus.CLOSED:
        raise TransitionError(_("Scoring of this dossier is closed."))
    SHEET.check(chair, sheet, "reopen")
    if not reason.strip():
        raise TransitionError(_("Give the reason for reopening the sheet."))
    sheet.status = SheetStatus.DRAFT
    sheet.reopen_reason = reason.strip()
    _by(sheet, chair).save(update_fields=["status", "reopen_reason"])
    notify(
        recipients=[sheet.member],
        message=_("Your sheet for “%(product)s” was reopened: %(reason)s")
        % {"product": sheet.dossier.product.name, "reason": reason.strip()},
        link=reverse("evaluation:score", args=[sheet.dossier_id]),
    )
    return sheet


def counted_sheets(dossier: Dossier):
    """Submitted sheets of the round's scorers (its roster, once fixed), recused excepted."""
    recused = ConflictDeclaration.objects.filter(dossier=dossier, recused=True).values("member")
    sheets = (
        ScoreSheet.objects.filter(dossier=dossier, status=SheetStatus.SUBMITTED)
        .exclude(member__in=recused)
        .select_related("member")
    )
    if RosterEntry.objects.filter(round_id=dossier.round_id).exists():
        sheets = sheets.filter(
            member__in=RosterEntry.objects.filter(
                round_id=dossier.round_id, removed_on__isnull=True
            ).values("member")
        )
    return sheets


def waiting_for(dossier: Dossier) -> list:
    """The people whose sheet the dossier still waits for: scorers, not recused, not submitted."""
    recused = set(
        ConflictDeclaration.objects.filter(dossier=dossier, recused=True).values_list(
            "member_id", flat=True
        )
    )
    submitted = set(counted_sheets(dossier).values_list("member_id", flat=True))
    return [
        member
        for member in round_scorers(dossier.round)
        if member.pk not in recused and member.pk not in submitted
    ]


def dossier_result(dossier: Dossier) -> scoring.Result:
    sheet = dossier_sheet(dossier)
    criteria = sheet_criteria(sheet)
    answers: dict[int, dict[int, int]] = {}
    for member_id, criterion_id, option_id in ScoreAnswer.objects.filter(
        sheet__in=counted_sheets(dossier)
    ).values_list("sheet__member_id", "criterion_id", "option_id"):
        answers.setdefault(member_id, {})[criterion_id] = option_id
    return scoring.council_result(
        criteria,
        answers,
        version_bands(sheet.version),
        minima_mode=dossier.round.council.minima_mode,
        ruled_out=dossier.ruled_out,
    )


@transaction.atomic
def dossier_exclude(*, chair, dossier: Dossier, reason: str, note: str) -> Dossier:
    DOSSIER.check(chair, dossier, "exclude")
    if not note.strip():
        raise TransitionError(_("Record the finding that excludes the dossier."))
    dossier.status = DossierStatus.EXCLUDED
    dossier.exclusion_reason = reason
    dossier.exclusion_note = note.strip()
    _by(dossier, chair).save(update_fields=["status", "exclusion_reason", "exclusion_note"])
    return dossier


@transaction.atomic
def dossier_send_back(*, chair, dossier: Dossier, reason: str) -> int:
    """After a spread alert: every submitted sheet goes back to its member for re-scoring."""
    DOSSIER.check(chair, dossier, "send_back")
    sheets = list(counted_sheets(dossier))
    for sheet in sheets:
        # the dossier (and the chair's seat read above) once, not re-read for every sheet
        sheet.dossier = dossier
        sheet_reopen(chair=chair, sheet=sheet, reason=reason)
    return len(sheets)


@transaction.atomic
def result_comments_set(*, actor, dossier: Dossier, comments: str) -> DossierResult:
    """The council's comments meant for the producer, written by the round's organisers once
    the council has a result (kept in the result's history)."""
    DOSSIER.check(actor, dossier, "comment_result")
    result = DossierResult.objects.select_for_update().filter(dossier=dossier).first()
    if result is None:
        raise TransitionError(_("The council has no result for this dossier yet."))
    result.producer_comments = comments.strip()
    result._history_user = actor
    result.save(update_fields=["producer_comments", "computed_at"])
    return result


@transaction.atomic
def dossier_close_scoring(*, chair, dossier: Dossier) -> DossierResult:
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    DOSSIER.check(chair, dossier, "close_scoring")
    council = dossier.round.council
    if not dossier.ruled_out:
        _check_steps_done([dossier])
        missing = waiting_for(dossier)
        if missing:
            raise TransitionError(
                _("Still waiting for the sheets of: %(names)s.")
                % {"names": ", ".join(m.full_name or m.username for m in missing)}
            )
        submitted = counted_sheets(dossier).count()
        if submitted < council.quorum:
            raise TransitionError(
                _("Fewer sheets than the council's quorum (%(q)s).") % {"q": council.quorum}
            )
        if conflicts_to_decide(dossier.round).filter(dossier=dossier).exists():
            raise TransitionError(_("Decide the proposed conflicts of interest first."))
    result = dossier_result(dossier)
    if not dossier.ruled_out and result.spread > council.max_spread:
        raise TransitionError(
            _(
                "Members' totals differ by %(spread)s points, more than the council's limit of "
                "%(limit)s: send the dossier back for re-scoring."
            )
            % {
                "spread": number_format(result.spread, 2),
                "limit": number_format(council.max_spread, 2),
            }
        )
    ruled_out = dossier.ruled_out
    dossier.status = DossierStatus.CLOSED
    _by(dossier, chair).save(update_fields=["status"])
    stored = _store_result(dossier, result, ruled_out=ruled_out)
    notify_commune(
        dossier,
        _("Council result for “%(product)s”: %(average)s points, %(stars)s★ — %(outcome)s.")
        % {
            "product": dossier.product.name,
            "average": number_format(stored.average, 2),
            "stars": stored.final_stars,
            "outcome": stored.get_outcome_display(),
        },
    )
    return stored


def forwards(level, version, final_stars: int) -> bool:
    """A product goes up to the next level when its result here (band and minima together)
    reaches the stars of the level's forwarding score — not its average alone: at 92 points
    with the 5★ minima failed it is a 4★ product, recognised at this level (OCOP brief §5)."""
    if level.forward_threshold is None:
        return False
    return final_stars >= scoring.band_stars(level.forward_threshold, version_bands(version))


def _store_result(dossier: Dossier, result: scoring.Result, *, ruled_out: bool) -> DossierResult:
    level = dossier.round.procedure_rules.levels.get(level=dossier.round.level)
    version = dossier.round.criteria_version
    if ruled_out:
        outcome = DossierOutcome.EXCLUDED
    elif forwards(level, version, result.final_stars):
        outcome = DossierOutcome.FORWARDED
    elif result.final_stars >= version.certified_min_stars and level.recognises(result.final_stars):
        outcome = DossierOutcome.RECOGNISED
    else:
        outcome = DossierOutcome.NOT_RECOGNISED
    stored, _created = DossierResult.objects.update_or_create(
        dossier=dossier,
        defaults={
            "average": result.average,
            "band_stars": result.band_stars,
            "minima_stars": result.minima_stars,
            "final_stars": result.final_stars,
            "counted_members": result.counted,
            "outcome": outcome,
        },
    )
    return stored


# --- Decisions and certificates -------------------------------------------------------------


def recognised_results(round_: Round):
    return DossierResult.objects.filter(
        dossier__round=round_, outcome=DossierOutcome.RECOGNISED
    ).select_related("dossier__product__subject")


class EmptyDecision(TransitionError):
    """A decision that would certify nothing: issued only when the organiser confirms it."""


@transaction.atomic
def decision_issue(
    *,
    actor,
    round_: Round,
    number: str,
    date: datetime.date,
    signer: str,
    confirm_empty: bool = False,
) -> RecognitionDecision:
    """The recognition decision: a certificate for every dossier recognised at this level."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    ROUND.check(actor, round_, "issue_decision")
    if RecognitionDecision.objects.filter(number=number).exists():
        raise TransitionError(_("A decision with this number already exists."))
    if not recognised_results(round_).exists() and not confirm_empty:
        raise EmptyDecision(
            _(
                "No dossier of this round is recognised at this level: the decision would "
                "certify no product. Confirm to record it anyway."
            )
        )
    decision = _by(
        RecognitionDecision(
            round=round_, number=number, date=date, signer=signer, created_by=actor
        ),
        actor,
    )
    decision.save()
    months = round_.criteria_version.certificate_validity_months
    recognised = recognised_results(round_)
    for position, result in enumerate(recognised, start=1):
        dossier = result.dossier
        certificate = certificate_issue(
            actor=actor,
            product=dossier.product,
            dossier=dossier,
            decision=decision,
            number=f"{number}/{position:03d}",
            stars=result.final_stars,
            score=result.average,
            level=round_.level,
            evaluation_type=dossier.evaluation_type,
            decision_number=number,
            decision_date=date,
            expires_on=date + relativedelta(months=months),
        )
        notify_commune(
            dossier,
            _(
                "Decision %(number)s recognises “%(product)s” at %(stars)s★: certificate "
                "%(certificate)s, valid until %(expires)s."
            )
            % {
                "number": number,
                "product": dossier.product.name,
                "stars": certificate.stars,
                "certificate": certificate.number,
                "expires": certificate.expires_on.strftime("%d/%m/%Y"),
            },
            link=reverse("evaluation:certificate_detail", args=[certificate.pk]),
        )
    for result in (
        DossierResult.objects.filter(dossier__round=round_)
        .exclude(outcome=DossierOutcome.RECOGNISED)
        .select_related("dossier__product__subject", "dossier__created_by")
    ):
        notify_commune(
            result.dossier,
            _("Decision %(number)s: “%(product)s” — %(outcome)s.")
            % {
                "number": number,
                "product": result.dossier.product.name,
                "outcome": result.get_outcome_display(),
            },
        )
    round_.status = RoundStatus.PUBLISHED
    _by(round_, actor).save(update_fields=["status"])
    return decision


@transaction.atomic
def certificate_issue(
    *,
    actor,
    product,
    stars: int,
    level: str,
    evaluation_type: str,
    decision_number: str,
    decision_date: datetime.date,
    expires_on: datetime.date,
    score: Decimal | None = None,
    number: str = "",
    dossier: Dossier | None = None,
    decision: RecognitionDecision | None = None,
    historical: bool = False,
) -> Certificate:
    """The one way a certificate comes to exist: a decision of a round, a central result, or a
    recognition of the historical register.

    Callers check who may issue (the round's organiser, province staff for the register). The
    certificate replaces the product's earlier recognitions from its decision date (an upgrade
    or a re-evaluation: the certificate policy's "supersede" step says which, and who), and
    the product becomes an OCOP product.

    `historical=True` is the register's mode (source "imported", dates years in the past):
    recognitions arrive in any order, so an earlier one still open is superseded even if it
    had expired in between, and one older than a recognition already recorded is itself
    superseded by the next later one.
    """
    if stars not in (3, 4, 5):
        raise TransitionError(_("Below 3★: no recognition."))
    if expires_on <= decision_date:
        raise TransitionError(_("The expiry date must be after the recognition date."))
    if number and Certificate.objects.filter(number=number).exists():
        raise TransitionError(_("A certificate with this number already exists."))
    if Certificate.objects.filter(product=product, decision_number=decision_number).exists():
        raise TransitionError(_("This decision already recognises this product."))
    earlier = Certificate.objects.select_for_update().filter(
        product=product, superseded_on__isnull=True, revoked_on__isnull=True
    )
    if historical:
        earlier = earlier.filter(decision_date__lt=decision_date)
    # Which earlier certificates the decision replaces, and who may, is the rulebook's: one in
    # force on the decision's date (an upgrade or re-evaluation), or in the register one still
    # open even if it lapsed in between.
    supersede = "supersede_in_register" if historical else "supersede"
    replaced = 0
    for older in earlier:
        older.product = product
        older.status_day = decision_date
        if not CERTIFICATE.step(supersede).leaves_from(CERTIFICATE.status_of(older)):
            continue  # it had expired before the decision: nothing in force to replace
        CERTIFICATE.check(actor, older, supersede)
        older.superseded_on = decision_date
        _by(older, actor).save(update_fields=["superseded_on"])
        replaced += 1
    later = None
    if historical:
        later = (
            Certificate.objects.filter(product=product, decision_date__gt=decision_date)
            .order_by("decision_date")
            .values_list("decision_date", flat=True)
            .first()
        )
    certificate = Certificate(
        product=product,
        dossier=dossier,
        decision=decision,
        number=number,
        stars=stars,
        score=score,
        level=level,
        evaluation_type=evaluation_type,
        decision_number=decision_number,
        decision_date=decision_date,
        issued_on=decision_date,
        expires_on=expires_on,
        superseded_on=later,
        source=CertificateSource.IMPORTED if historical else CertificateSource.PORTAL,
    )
    _by(certificate, actor).save()
    certificate.replaced = replaced  # how many earlier recognitions it superseded
    _product_recognised(product, actor)
    return certificate


def _product_recognised(product, actor) -> None:
    """A recognised product is an OCOP product: it leaves "in development"."""
    if product.status != "active":
        product.status = "active"
        _by(product, actor).save(update_fields=["status"])


def central_result_pending(dossier: Dossier) -> bool:
    result = getattr(dossier, "result", None)
    return (
        result is not None
        and result.outcome == DossierOutcome.FORWARDED
        and not Certificate.objects.filter(dossier=dossier).exists()
    )


@transaction.atomic
def central_result_record(
    *,
    actor,
    dossier: Dossier,
    score: Decimal,
    stars: int | None = None,
    decision_number: str,
    decision_date: datetime.date,
    certificate_number: str = "",
) -> Certificate:
    """A forwarded dossier comes back from the central council with its stars (band and
    minima, as the central council found them): 5★ is recognised by the ministry's decision
    with the ministry's certificate number; below that the province may recognise it at 3★ or
    4★ on that result (its own decision and number)."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    DOSSIER.check(actor, dossier, "record_central_result")
    result = getattr(dossier, "result", None)
    if result is None or result.outcome != DossierOutcome.FORWARDED:
        raise TransitionError(_("Only a dossier forwarded to the central council has its result."))
    if Certificate.objects.filter(dossier=dossier).exists():
        raise TransitionError(_("The central result of this dossier is already recorded."))
    version = dossier.round.criteria_version
    band = scoring.band_stars(score, version_bands(version))
    stars = min(stars, band) if stars else band
    if stars < version.certified_min_stars:
        raise TransitionError(_("Below 3★: no recognition."))
    if not certificate_number.strip():
        raise TransitionError(_("Enter the certificate number of the decision."))
    level = "central" if stars == 5 else dossier.round.level
    certificate = certificate_issue(
        actor=actor,
        product=dossier.product,
        dossier=dossier,
        stars=stars,
        score=score,
        level=level,
        evaluation_type=dossier.evaluation_type,
        decision_number=decision_number,
        decision_date=decision_date,
        expires_on=decision_date + relativedelta(months=version.certificate_validity_months),
        number=certificate_number.strip(),
    )
    notify_commune(
        dossier,
        _(
            "Central result for “%(product)s”: %(stars)s★, decision %(number)s, certificate "
            "%(certificate)s."
        )
        % {
            "product": dossier.product.name,
            "stars": stars,
            "number": decision_number,
            "certificate": certificate.number,
        },
        link=reverse("evaluation:certificate_detail", args=[certificate.pk]),
    )
    return certificate


@transaction.atomic
def certificate_revoke(
    *,
    actor,
    certificate: Certificate,
    ground: str,
    finding_date: datetime.date,
    decision_number: str,
    decision_date: datetime.date,
    evidence: str,
) -> Revocation:
    # The level that recognises the stars revokes them (procedure rules in force: the province
    # 3★ and 4★, the ministry 5★).
    if recognising_level(certificate.stars, decision_date) != RecognitionLevel.PROVINCE:
        raise TransitionError(_("A 5★ recognition is revoked by the ministry."))
    CERTIFICATE.check(actor, certificate, "revoke")
    if decision_date < finding_date:
        raise TransitionError(_("The decision cannot precede the finding."))
    revocation = _by(
        Revocation(
            certificate=certificate,
            ground=ground,
            finding_date=finding_date,
            decision_number=decision_number,
            decision_date=decision_date,
            evidence=evidence,
            created_by=actor,
        ),
        actor,
    )
    revocation.save()
    certificate.revoked_on = decision_date
    _by(certificate, actor).save(update_fields=["revoked_on"])
    return revocation


@transaction.atomic
def inspection_record(
    *, actor, certificate: Certificate, today: datetime.date | None = None, **fields
) -> Inspection:
    """Record a post-certification inspection. One that finds the product no longer meets
    its dossier is a task for province staff: it waits for a follow-up by a due date (30 days
    unless set), and they are told in their inboxes."""
    CERTIFICATE.check(actor, certificate, "inspect")
    today = today or timezone.localdate()
    if fields["date"] > today:
        raise TransitionError(_("An inspection cannot be dated in the future."))
    inspection = Inspection(certificate=certificate, created_by=actor, **fields)
    if inspection.compliant:
        inspection.follow_up_due = None
        inspection.outcome = InspectionOutcome.NONE
    else:
        inspection.follow_up_due = inspection.follow_up_due or inspection.date + datetime.timedelta(
            days=Inspection.FOLLOW_UP_DAYS
        )
        if inspection.follow_up_due < inspection.date:
            raise TransitionError(_("The follow-up cannot be due before the inspection."))
        inspection.outcome = InspectionOutcome.PENDING
    inspection = _by(inspection, actor)
    inspection.full_clean()
    inspection.save()
    if inspection.outcome == InspectionOutcome.PENDING:
        _notify_inspection_task(inspection)
    return inspection


def _notify_inspection_task(inspection: Inspection) -> None:

    certificate = inspection.certificate
    people = get_user_model().objects.filter(
        is_active=True,
        role__in=INSPECTION.step("follow_up").roles,
        unit_id__in=units_covering(certificate.product.subject.commune_id),
    )
    by_language: dict[str, list] = {}
    for person in people:
        by_language.setdefault(person.language or "vi", []).append(person)
    for language, group in by_language.items():
        with override(language):
            message = _(
                "Inspection of “%(product)s” on %(date)s found it no longer meets its dossier: "
                "follow up by %(due)s."
            ) % {
                "product": certificate.product.name,
                "date": inspection.date.strftime("%d/%m/%Y"),
                "due": inspection.follow_up_due.strftime("%d/%m/%Y"),
            }
        notify(
            recipients=group,
            message=message,
            link=reverse("evaluation:certificate_detail", args=[certificate.pk]),
        )


@transaction.atomic
def inspection_follow_up(
    *,
    actor,
    inspection: Inspection,
    on: datetime.date,
    findings: str,
    passed: bool,
    today: datetime.date | None = None,
) -> Inspection:
    """Close a failed inspection's task: the product meets its dossier again ("đạt"), or the
    finding goes to revocation (the caller then opens the revocation form)."""
    inspection = (
        Inspection.objects.select_for_update()
        .select_related("certificate__product__subject")
        .get(pk=inspection.pk)
    )
    INSPECTION.check(actor, inspection, "follow_up")
    if on > (today or timezone.localdate()):
        raise TransitionError(_("A follow-up cannot be dated in the future."))
    if on < inspection.date:
        raise TransitionError(_("The follow-up cannot precede the inspection."))
    inspection.followed_up_on = on
    inspection.follow_up_findings = findings
    inspection.outcome = InspectionOutcome.PASSED if passed else InspectionOutcome.REVOCATION
    _by(inspection, actor).save(update_fields=["followed_up_on", "follow_up_findings", "outcome"])
    return inspection


# --- Councils and seats ------------------------------------------------------------------------

# Who may keep a council of each level is the rulebook's (`policies.COUNCIL`); district councils
# exist while the procedure rules have them (plan 180's period, until 30/6/2025).


def _check_council_rules(*, actor, level, unit, term_start) -> None:

    COUNCIL.check(actor, Council(level=level, unit=unit), "keep")
    if unit.level != level:
        raise TransitionError(_("Choose a unit of the council's level."))
    rules = ProcedureRuleSet.objects.filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=term_start),
        effective_from__lte=term_start,
    ).first()
    if rules is None or not rules.levels.filter(level=level, evaluates=True).exists():
        raise TransitionError(
            _("The procedure rules in force on %(day)s have no council at this level.")
            % {"day": term_start.strftime("%d/%m/%Y")}
        )


@transaction.atomic
def council_create(*, actor, **fields):

    _check_council_rules(
        actor=actor, level=fields["level"], unit=fields["unit"], term_start=fields["term_start"]
    )
    council = Council(**fields)
    council.full_clean()
    _by(council, actor).save()
    return council


@transaction.atomic
def council_update(*, actor, council, **fields):
    COUNCIL.check(actor, council, "keep")
    for name, value in fields.items():
        setattr(council, name, value)
    council.full_clean()
    _by(council, actor).save()
    return council


def eligible_members(council):
    """Who may hold a seat: council members (experts), and staff of the council's unit area
    (province or district staff, e.g. the secretary); never administrators, leaders or
    commune officers."""

    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(role=Role.COUNCIL_MEMBER)
            | Q(
                role__in=SUPERVISORS,
                unit_id__in=area_unit_ids(council.unit_id),
            )
        )
        .select_related("unit")
        .order_by("full_name", "username")
    )


def _overlapping(council, user, term_start, term_end, *, exclude_pk=None):
    seats = council.seats.filter(user=user).filter(
        Q(term_end__isnull=True) | Q(term_end__gte=term_start)
    )
    if term_end is not None:
        seats = seats.filter(term_start__lte=term_end)
    if exclude_pk:
        seats = seats.exclude(pk=exclude_pk)
    return seats


@transaction.atomic
def seat_add(*, actor, council, user, position, term_start, term_end=None) -> CouncilSeat:
    COUNCIL.check(actor, council, "keep")
    # One seat change at a time per council: two clicks cannot both pass the overlap check.
    council = type(council).objects.select_for_update().get(pk=council.pk)
    if not eligible_members(council).filter(pk=user.pk).exists():
        raise TransitionError(_("This person cannot hold a seat on this council."))
    if term_end is not None and term_end < term_start:
        raise TransitionError(_("A seat cannot end before it starts."))
    if council.term_end and term_start > council.term_end:
        raise TransitionError(_("The seat starts after the council's term."))
    if _overlapping(council, user, term_start, term_end).exists():
        raise TransitionError(
            _("%(name)s already holds a seat on this council in that period.")
            % {"name": user.full_name or user.username}
        )
    if position == SeatPosition.CHAIR:
        chairs = council.seats.filter(position=SeatPosition.CHAIR).filter(
            Q(term_end__isnull=True) | Q(term_end__gte=term_start)
        )
        if term_end is not None:
            chairs = chairs.filter(term_start__lte=term_end)
        if chairs.exists():
            raise TransitionError(_("The council already has a chair; end that seat first."))
    seat = CouncilSeat(
        council=council, user=user, position=position, term_start=term_start, term_end=term_end
    )
    seat.full_clean()
    _by(seat, actor).save()
    return seat


@transaction.atomic
def seat_end(*, actor, seat: CouncilSeat, on: datetime.date, reason: str = "") -> CouncilSeat:
    """End a seat on a day, with its reason. A round already in scoring keeps its roster: the
    chair replaces the member there explicitly (`roster_replace`)."""
    COUNCIL.check(actor, seat.council, "keep")
    if not reason.strip():
        raise TransitionError(_("Give the reason the seat ends."))
    if on < seat.term_start:
        raise TransitionError(_("A seat cannot end before it starts."))
    if seat.term_end and seat.term_end < on:
        raise TransitionError(_("The seat has already ended."))
    seat.term_end = on
    seat.end_reason = reason.strip()
    _by(seat, actor).save(update_fields=["term_end", "end_reason"])
    chairs = [
        s.user
        for s in CouncilSeat.objects.active_on().filter(
            council=seat.council, position__in=(SeatPosition.CHAIR, SeatPosition.VICE_CHAIR)
        )
    ]
    in_scoring = RosterEntry.objects.filter(
        member=seat.user,
        removed_on__isnull=True,
        round__council=seat.council,
        round__status=RoundStatus.SCORING,
    ).select_related("round")
    for entry in in_scoring:
        notify(
            recipients=chairs,
            message=_(
                "The seat of %(member)s ends on %(day)s; they still score in “%(round)s”: "
                "replace them there if needed."
            )
            % {
                "member": seat.user.full_name or seat.user.username,
                "day": on.strftime("%d/%m/%Y"),
                "round": entry.round.name,
            },
            link=reverse("evaluation:round_detail", args=[entry.round_id]),
        )
    return seat
