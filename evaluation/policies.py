"""Who may take which step of evaluation: rounds, dossiers, scoring sheets, councils and their
seats, certificates and inspections (the grammar is `accounts.policy`'s).

Organisers act on a round, and on its dossiers' intake and result, when their area covers the
round's unit; the chair and members act through their seat on the round's council active today
(`services.seat_of`, the same dated seats the services have always read), whatever their unit.
Services call ``POLICY.check(actor, record, "step")``; views hand ``allowed_steps`` to the
templates, so a button is shown exactly when its step would succeed.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.policy import Policy, Step, register
from accounts.roles import (
    AREA_STAFF,
    COUNCIL_ROLES,
    PRE_ASSESSORS,
    PRODUCERS,
    PROVINCE_OFFICE,
    REGISTRY_READERS,
    ROUND_READERS,
    SUPERVISORS,
)
from accounts.scope import scope_for, units_covering
from evaluation.models import (
    DOSSIER_OPEN,
    CertificateStatus,
    ConflictDeclaration,
    CouncilLevel,
    DossierStatus,
    InspectionOutcome,
    RecognitionLevel,
    Round,
    RoundStatus,
    SeatPosition,
    SheetStatus,
)
from evaluation.rules import recognising_level

CHAIRS = (SeatPosition.CHAIR, SeatPosition.VICE_CHAIR)


def may_create_round(user) -> bool:
    """Whether the user may create a round in their own unit (the form offers their area)."""

    return ROUND.may_act(user, Round(unit_id=scope_for(user).unit_id), "create")


# --- seats and areas ---------------------------------------------------------------------------


def seat_today(user, round_):
    """The user's seat on the round's council today, read once per round instance (a page asks
    for several steps of the same round, and may show the seat itself)."""
    # local import: evaluation.policies ↔ evaluation.services cycle
    from evaluation.services import seat_of

    return _once_per_round(round_, "_seats_today", user, seat_of, None)


def _once_per_round(round_, key, user, read, anonymous):
    """`read(user, round_)`, remembered on the round instance under `key` (a page asks several
    steps of the same round); `anonymous` for a visitor who is not signed in."""
    if not getattr(user, "is_authenticated", False):
        return anonymous
    cache = round_.__dict__.setdefault(key, {})
    if user.pk not in cache:
        cache[user.pk] = read(user, round_)
    return cache[user.pk]


def chairs(user, round_) -> bool:
    """The user chairs (or vice-chairs) the round's council today."""
    seat = seat_today(user, round_)
    return seat is not None and seat.position in CHAIRS


def scores(user, round_) -> bool:
    """The user holds a seat that scores (not the secretary's) on the round's council today."""
    seat = seat_today(user, round_)
    return seat is not None and seat.position != SeatPosition.SECRETARY


def sits(user, round_) -> bool:
    """The user holds any seat (the secretary's too) on the round's council today."""
    return seat_today(user, round_) is not None


def organises(user, round_) -> bool:
    """The user's area covers the round's unit (the role is the step's)."""
    return scope_for(user).covers(round_.unit_id)


def sat_on(user, round_) -> bool:
    """The user held a seat (the secretary's too) on the round's council during its scoring
    window, whether or not it is still held (`selectors.sat_on`). Read once per round
    instance."""
    # local import: evaluation.policies ↔ evaluation.selectors cycle
    from evaluation.selectors import sat_on as held_seat

    return _once_per_round(round_, "_sat_on", user, held_seat, False)


def reads_council_work(user, round_) -> bool:
    """The council's own documents of a round (the summary and minutes carry every member's
    score for every dossier) are for staff whose area contains the round's unit and for those
    who sat on its council: not for everyone who sees the round (commune officers and district
    staff see the provincial round to file into it)."""
    return organises(user, round_) or sat_on(user, round_)


def on_roster(user, round_) -> bool:
    """The user scores in the round: on its roster once it is fixed (when scoring starts; a
    member the chair replaced is off it, the newcomer on it), before that by a scoring seat
    today (who would be on it). Read once per round instance."""
    if not round_.roster_fixed_on:
        return scores(user, round_)
    cache = round_.__dict__.setdefault("_on_roster", {})
    if user.pk not in cache:
        cache[user.pk] = round_.roster.filter(member_id=user.pk, removed_on__isnull=True).exists()
    return cache[user.pk]


def stepped_aside(user, dossier) -> bool:
    """The user stepped aside from the dossier (declared a conflict, or the chair so decided).
    The user's declarations are read once per round instance, for all its dossiers (the round
    page asks it of every row)."""
    round_ = dossier.round
    cache = round_.__dict__.setdefault("_stepped_aside", {})
    if user.pk not in cache:
        cache[user.pk] = frozenset(
            ConflictDeclaration.objects.filter(
                dossier__round_id=round_.pk, member_id=user.pk, recused=True
            ).values_list("dossier_id", flat=True)
        )
    return dossier.pk in cache[user.pk]


def sheet_refusal(user, dossier) -> str:
    """Why a scoring seat holds no sheet of the dossier, or "" when it holds one: it is not on
    the round's roster, or it stepped aside. Said once: the `read_sheet` and `score` steps ask
    it (so no scoring link is shown), and the scoring service gives its reason."""
    if not on_roster(user, dossier.round):
        return gettext(
            "You are not on this round's scoring roster: the chair may add you in a member's place."
        )
    if stepped_aside(user, dossier):
        return gettext("You have stepped aside from this dossier.")
    return ""


def takes_producer(user, round_) -> bool:
    """The round's area takes the producer's dossiers: its unit covers the producer's commune
    (`producers.selectors.open_rounds` lists the same rounds as a query)."""
    subject = getattr(user, "subject", None)
    return subject is not None and round_.unit_id in units_covering(subject.commune_id)


# --- rounds ------------------------------------------------------------------------------------

# The council has finished its work (scoring closed), and the decision is recorded.
COUNCIL_DONE = frozenset({RoundStatus.CLOSED, RoundStatus.PUBLISHED})
DECIDED = frozenset({RoundStatus.PUBLISHED})

ROUND = register(
    Policy(
        name="evaluation.round",
        statuses=RoundStatus,
        unit_of=lambda round_: round_.unit_id,
        steps=[
            Step("create", roles=SUPERVISORS),
            Step(
                "open",
                roles=SUPERVISORS,
                sources=frozenset({RoundStatus.PLANNED}),
                target=RoundStatus.OPEN,
            ),
            Step(
                "start_scoring",
                roles=SUPERVISORS,
                sources=frozenset({RoundStatus.OPEN}),
                target=RoundStatus.SCORING,
            ),
            Step(
                "close",
                roles=SUPERVISORS,
                sources=frozenset({RoundStatus.SCORING}),
                target=RoundStatus.CLOSED,
            ),
            Step(
                "issue_decision",
                roles=SUPERVISORS,
                sources=frozenset({RoundStatus.CLOSED}),
                target=RoundStatus.PUBLISHED,
                refusal=_("Close the round's scoring before the decision."),
            ),
            # Staff of the product's area file its dossier (the dossier's own check says where);
            # the commune files into the province's round.
            Step(
                "register_dossier",
                roles=AREA_STAFF,
                sources=frozenset({RoundStatus.PLANNED, RoundStatus.OPEN}),
                needs_area=False,
                refusal=_("The round no longer takes dossiers."),
            ),
            # The producer's own account registers its products while the round is open for
            # registration, into a round of its area (the product is its own: the dossier's
            # "edit" step).
            Step(
                "register_own_dossier",
                roles=PRODUCERS,
                sources=frozenset({RoundStatus.OPEN}),
                needs_area=False,
                condition=takes_producer,
                refusal=_("The round takes producers' registrations only while it is open."),
            ),
            Step(
                "replace_member",
                roles=COUNCIL_ROLES,
                sources=frozenset({RoundStatus.SCORING}),
                needs_area=False,
                condition=chairs,
                refusal=_("Members are replaced only while the round is in scoring."),
            ),
            Step("decide_conflicts", roles=COUNCIL_ROLES, needs_area=False, condition=chairs),
            # The round's printouts. The council's summary and minutes once its scoring is
            # closed, for those who may read the council's work; the decision's annex once the
            # decision is recorded, for everyone who sees the round; the decision's
            # certificates for the offices (each prints its area's: the view reads them through
            # the scope, and the round page offers a decision's only to those who have some).
            Step(
                "print_summary",
                roles=ROUND_READERS,
                sources=COUNCIL_DONE,
                needs_area=False,
                condition=reads_council_work,
                refusal=_("The summary is printed once scoring is closed."),
            ),
            Step(
                "print_minutes",
                roles=ROUND_READERS,
                sources=COUNCIL_DONE,
                needs_area=False,
                condition=reads_council_work,
                refusal=_("The minutes are printed once scoring is closed."),
            ),
            Step(
                "print_annex",
                roles=ROUND_READERS,
                sources=DECIDED,
                needs_area=False,
                refusal=_("The round has no decision yet."),
            ),
            Step(
                "print_certificates",
                roles=REGISTRY_READERS,
                sources=DECIDED,
                needs_area=False,
                refusal=_("The round has no decision yet."),
            ),
        ],
    )
)


def registration_step(user) -> str:
    """The round's step by which the user registers a dossier: the producer's own, or staff's."""
    return "register_own_dossier" if scope_for(user).is_producer else "register_dossier"


# The round's steps that the organisers' buttons take, by the status they reach.
ROUND_ADVANCE = {
    RoundStatus.OPEN: "open",
    RoundStatus.SCORING: "start_scoring",
    RoundStatus.CLOSED: "close",
}


# --- dossiers ----------------------------------------------------------------------------------


def _on_round(check):
    """A dossier's step asks the round-level `check` (chairs, scores, sits, organises) of the
    dossier's round: one lift instead of a wrapper per check."""

    def on_dossier(user, dossier) -> bool:
        return check(user, dossier.round)

    on_dossier.__name__ = f"{check.__name__}_on_round"
    return on_dossier


def _holds_sheet(user, dossier) -> bool:
    """A scoring seat on the round's council today, on the round's roster, not stepped aside
    from the dossier (`sheet_refusal`)."""
    return scores(user, dossier.round) and not sheet_refusal(user, dossier)


def _scores_now(user, dossier) -> bool:
    return dossier.round.status == RoundStatus.SCORING and _holds_sheet(user, dossier)


# What may still change of a dossier follows its round's status (the steps' `stage`). The
# producer's own account changes its self-assessment and evidence while the round is open for
# registration, and adds evidence later only when the intake check asks for more documents.
# Staff of the area, who keep the dossiers of producers without an account, change the
# self-assessment at any time and add evidence until the round's scoring is closed.
ROUND_TAKES_EVIDENCE = frozenset({RoundStatus.PLANNED, RoundStatus.OPEN, RoundStatus.SCORING})


def _self_assessment_open(user, dossier) -> bool:
    return not scope_for(user).is_producer or dossier.round.status == RoundStatus.OPEN


def _takes_evidence(user, dossier) -> bool:
    round_status = dossier.round.status
    if round_status not in ROUND_TAKES_EVIDENCE:
        return False
    return (
        not scope_for(user).is_producer
        or round_status == RoundStatus.OPEN
        or dossier.status == DossierStatus.MORE_DOCUMENTS
    )


DOSSIER = register(
    Policy(
        name="evaluation.dossier",
        statuses=DossierStatus,
        unit_of=lambda dossier: dossier.product.subject.commune_id,
        subject_of=lambda dossier: dossier.product.subject_id,
        steps=[
            # Mẫu 01 and confirming carried-over evidence: staff of the product's area or the
            # producer's own account. The self-assessment (Mẫu 02) and new evidence: the same
            # people while the round's status allows (above).
            Step("edit", roles=AREA_STAFF | PRODUCERS),
            Step(
                "self_assess",
                roles=AREA_STAFF | PRODUCERS,
                stage=_self_assessment_open,
                refusal=_("The round no longer takes changes to the self-assessment."),
            ),
            Step(
                "add_evidence",
                roles=AREA_STAFF | PRODUCERS,
                stage=_takes_evidence,
                refusal=_("The round is closed to new documents."),
            ),
            Step(
                "documents_completed",
                roles=AREA_STAFF | PRODUCERS,
                sources=frozenset({DossierStatus.MORE_DOCUMENTS}),
                target=DossierStatus.REGISTERED,
                refusal=_("No documents were requested for this dossier."),
            ),
            Step(
                "intake",
                roles=SUPERVISORS,
                sources=DOSSIER_OPEN,
                needs_area=False,
                condition=_on_round(organises),
                refusal=_("The council has excluded this dossier or closed its scoring."),
            ),
            Step(
                "pre_assess",
                roles=PRE_ASSESSORS,
                sources=DOSSIER_OPEN,
                refusal=_("The council has excluded this dossier or closed its scoring."),
            ),
            # A scoring seat (never the secretary's) on the round's roster that has not stepped
            # aside from the dossier reads its own sheet at any time, and fills it while the
            # round is in scoring and the dossier open.
            Step("read_sheet", roles=COUNCIL_ROLES, needs_area=False, condition=_holds_sheet),
            Step(
                "score",
                roles=COUNCIL_ROLES,
                sources=DOSSIER_OPEN,
                needs_area=False,
                condition=_scores_now,
                refusal=_("Scoring of this dossier is not open."),
            ),
            Step(
                "declare_conflict",
                roles=COUNCIL_ROLES,
                needs_area=False,
                condition=_on_round(sits),
            ),
            Step(
                "exclude",
                roles=COUNCIL_ROLES,
                sources=DOSSIER_OPEN,
                target=DossierStatus.EXCLUDED,
                needs_area=False,
                condition=_on_round(chairs),
                refusal=_("The council has excluded this dossier or closed its scoring."),
            ),
            Step(
                "send_back",
                roles=COUNCIL_ROLES,
                sources=DOSSIER_OPEN,
                needs_area=False,
                condition=_on_round(chairs),
                refusal=_("Scoring of this dossier is closed."),
            ),
            Step(
                "close_scoring",
                roles=COUNCIL_ROLES,
                sources=DOSSIER_OPEN | {DossierStatus.EXCLUDED},
                target=DossierStatus.CLOSED,
                needs_area=False,
                condition=_on_round(chairs),
                refusal=_("Scoring of this dossier is already closed."),
            ),
            Step(
                "comment_result",
                roles=SUPERVISORS,
                sources=frozenset({DossierStatus.CLOSED}),
                needs_area=False,
                condition=_on_round(organises),
                refusal=_("The council has no result for this dossier yet."),
            ),
            Step(
                "record_central_result",
                roles=SUPERVISORS,
                sources=frozenset({DossierStatus.CLOSED}),
                needs_area=False,
                condition=_on_round(organises),
                refusal=_("Only a dossier forwarded to the central council has its result."),
            ),
        ],
    )
)


# --- members' scoring sheets ------------------------------------------------------------------


def _own_sheet(user, sheet) -> bool:
    """The member's own sheet of a dossier they may score now (the dossier's `score` step:
    seat, roster, not stepped aside, the round in scoring and the dossier open)."""
    return sheet.member_id == getattr(user, "pk", None) and DOSSIER.can(
        user, sheet.dossier, "score"
    )


def _chairs_open_sheet(user, sheet) -> bool:
    """The chair reopens a sheet while the dossier's scoring is not closed."""
    return sheet.dossier.status != DossierStatus.CLOSED and chairs(user, sheet.dossier.round)


SHEET = register(
    Policy(
        name="evaluation.sheet",
        statuses=SheetStatus,
        steps=[
            Step(
                "answer",
                roles=COUNCIL_ROLES,
                sources=frozenset({SheetStatus.DRAFT}),
                needs_area=False,
                condition=_own_sheet,
                refusal=_("The sheet has been submitted and is locked."),
            ),
            Step(
                "submit",
                roles=COUNCIL_ROLES,
                sources=frozenset({SheetStatus.DRAFT}),
                target=SheetStatus.SUBMITTED,
                needs_area=False,
                condition=_own_sheet,
                refusal=_("The sheet has been submitted and is locked."),
            ),
            Step(
                "reopen",
                roles=COUNCIL_ROLES,
                sources=frozenset({SheetStatus.SUBMITTED}),
                target=SheetStatus.DRAFT,
                needs_area=False,
                condition=_chairs_open_sheet,
                refusal=_("Only a submitted sheet is reopened."),
            ),
        ],
    )
)


# --- councils and seats -----------------------------------------------------------------------


def _keeps_level(user, council) -> bool:
    """Province staff keep any council; district staff their district's (plan 180's period)."""
    keepers = PROVINCE_OFFICE if council.level == CouncilLevel.PROVINCE else SUPERVISORS
    return scope_for(user).role in keepers


COUNCIL = register(
    Policy(
        name="evaluation.council",
        statuses=CouncilLevel,
        unit_of=lambda council: council.unit_id,
        steps=[
            # Creating, changing the settings, adding and ending seats: one right.
            Step("keep", roles=SUPERVISORS, condition=_keeps_level),
        ],
    )
)


# --- certificates and inspections -------------------------------------------------------------


def certificate_status(certificate) -> str:
    """The status a certificate's steps leave from: `Certificate.status_on`, the one statement
    (a revocation counts from its decision's date), on the day the step takes effect — today,
    or the date of a decision that supersedes it (`Certificate.status_day`)."""
    return certificate.status_on(certificate.status_day)


def _revocable(user, certificate) -> bool:
    # The level that recognises the stars revokes them (procedure rules in force: the province
    # 3★ and 4★, the ministry 5★). A certificate is revoked once: a revocation recorded ahead
    # of its date leaves it valid until that day (its status says so), and is final nonetheless.
    pending = (
        certificate.revoked_on is not None
        and certificate_status(certificate) != CertificateStatus.REVOKED
    )
    return not pending and recognising_level(certificate.stars) == RecognitionLevel.PROVINCE


IN_FORCE = frozenset({CertificateStatus.VALID, CertificateStatus.EXPIRING})

CERTIFICATE = register(
    Policy(
        name="evaluation.certificate",
        statuses=CertificateStatus,
        unit_of=lambda certificate: certificate.product.subject.commune_id,
        status_of=certificate_status,
        steps=[
            Step(
                "revoke",
                roles=PROVINCE_OFFICE,
                sources=frozenset(
                    {
                        CertificateStatus.VALID,
                        CertificateStatus.EXPIRING,
                        CertificateStatus.EXPIRED,
                        CertificateStatus.SUPERSEDED,
                    }
                ),
                target=CertificateStatus.REVOKED,
                condition=_revocable,
                refusal=_("The certificate is already revoked."),
            ),
            # Re-evaluation or upgrade of a recognition in force: staff of the area file the
            # next dossier (the certificate changes only when its decision comes: "supersede").
            Step(
                "renew",
                roles=AREA_STAFF,
                sources=IN_FORCE,
            ),
            # The decision (or the central result) that recognises the product again replaces
            # the certificate in force on the decision's date: the organisers who record it.
            Step(
                "supersede",
                roles=SUPERVISORS,
                sources=IN_FORCE,
                target=CertificateStatus.SUPERSEDED,
                refusal=_("Only a certificate in force on the decision's date is superseded."),
            ),
            # The register kept on paper arrives in any order: a later recognition closes an
            # earlier one still open, even one that had lapsed in between (the province's
            # office imports it).
            Step(
                "supersede_in_register",
                roles=PROVINCE_OFFICE,
                sources=IN_FORCE | {CertificateStatus.EXPIRED},
                target=CertificateStatus.SUPERSEDED,
                refusal=_("A revoked or superseded certificate is not superseded again."),
            ),
            Step("inspect", roles=AREA_STAFF),
        ],
    )
)

INSPECTION = register(
    Policy(
        name="evaluation.inspection",
        statuses=InspectionOutcome,
        unit_of=lambda inspection: inspection.certificate.product.subject.commune_id,
        status_of=lambda inspection: inspection.outcome,
        steps=[
            Step(
                "follow_up",
                roles=PROVINCE_OFFICE,
                sources=frozenset({InspectionOutcome.PENDING}),
                refusal=_("This inspection is not awaiting a follow-up."),
            ),
        ],
    )
)
