"""Scoped reads of evaluation records: every view fetches through these."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Role
from accounts.roles import has_role
from accounts.scope import filter_by_unit, get_in_scope_or_404, scope_for, units_covering
from evaluation.models import (
    DOSSIER_OPEN,
    Certificate,
    CertificateStatus,
    CouncilSeat,
    Dossier,
    Evidence,
    Inspection,
    InspectionOutcome,
    RosterEntry,
    Round,
    RoundStatus,
    SeatPosition,
    SheetStatus,
    status_q,
)
from evaluation.policies import INSPECTION, ROUND


def seats_held_by(user, *, on: datetime.date | None = None) -> QuerySet[CouncilSeat]:
    """The council seats a user holds on a date (today by default): their only way into rounds."""
    return (
        CouncilSeat.objects.active_on(on or timezone.localdate())
        .filter(user=user)
        .select_related("council", "council__unit")
        .order_by("council__name")
    )


def _seat_covering_round(user, round_path: str = ""):
    """A seat of the user on the round's council whose term overlaps the round's scoring
    window: access follows the seat's dates. A member whose seat ended reads no later round; a
    seat dated in the past opens no round outside its term; the rounds of one's own term stay
    readable (one's own sheet, the summary)."""
    return Exists(
        CouncilSeat.objects.filter(
            council=OuterRef(f"{round_path}council"),
            user=user,
            term_start__lte=OuterRef(f"{round_path}scoring_closes"),
        ).filter(Q(term_end__isnull=True) | Q(term_end__gte=OuterRef(f"{round_path}scoring_opens")))
    )


def certificate_list(user) -> QuerySet[Certificate]:
    return filter_by_unit(
        Certificate.objects.all(),
        user,
        "product__subject__commune",
        "product__subject__legacy_commune",
    ).select_related(
        "product__subject__commune",
        "product__subject__legacy_commune__parent",
        "product__product_set",
    )


def certificates_expiring(user, *, on: datetime.date | None = None) -> QuerySet[Certificate]:
    """Certificates in force inside the re-evaluation window (soonest first): what must be
    renewed (`evaluation.rules.renewal_terms`)."""
    day = on or timezone.localdate()
    return (
        certificate_list(user)
        .filter(status_q(CertificateStatus.EXPIRING, day), issued_on__lte=day)
        .order_by("expires_on", "pk")
    )


def inspection_list(user) -> QuerySet[Inspection]:
    return filter_by_unit(
        Inspection.objects.all(),
        user,
        "certificate__product__subject__commune",
        "certificate__product__subject__legacy_commune",
    ).select_related("certificate__product__subject")


def inspection_get(user, pk) -> Inspection:
    return get_in_scope_or_404(inspection_list(user), pk=pk)


def inspections_awaiting_follow_up(user) -> QuerySet[Inspection]:
    """Failed inspections whose follow-up is still due: tasks of province staff."""
    if not has_role(user, INSPECTION.step("follow_up").roles):
        return Inspection.objects.none()
    return (
        inspection_list(user)
        .filter(outcome=InspectionOutcome.PENDING)
        .order_by("follow_up_due", "pk")
    )


def latest_inspection(user, *, product=None, subject=None) -> Inspection | None:
    rows = inspection_list(user)
    if product is not None:
        rows = rows.filter(certificate__product=product)
    if subject is not None:
        rows = rows.filter(certificate__product__subject=subject)
    return rows.order_by("-date", "-pk").first()


def certificates_of(user, product) -> QuerySet[Certificate]:
    return certificate_list(user).filter(product=product).order_by("-decision_date")


def certificate_get(user, pk) -> Certificate:
    return get_in_scope_or_404(certificate_list(user), pk=pk)


def round_list(user) -> QuerySet[Round]:
    scope = scope_for(user)
    # A round is visible in its unit's area, and to everyone whose unit lies inside that unit
    # (commune officers file dossiers into the provincial round); members see their councils'.
    above = units_covering(scope.unit_id) if scope.unit_ids and scope.unit_id else frozenset()
    return (
        Round.objects.filter(
            Q(unit__any_of=scope.unit_ids) | Q(unit__in=above) | _seat_covering_round(user)
        )
        .select_related("unit", "council", "criteria_version", "procedure_rules")
        .order_by("-year", "-sequence")
    )


def rounds_taking_dossiers(user) -> list[Round]:
    """Rounds the user may register a dossier into now (a renewal or upgrade starts there)."""

    if not has_role(user, ROUND.step("register_dossier").roles):
        return []
    return list(round_list(user).filter(status__in=[RoundStatus.PLANNED, RoundStatus.OPEN]))


def round_get(user, pk) -> Round:
    return get_in_scope_or_404(round_list(user), pk=pk)


def sat_on(user, round_) -> bool:
    """Whether the user held a seat (any, the secretary's too) on the round's council during its
    scoring window: the same dated seats that keep the round visible to its members after their
    seat ends (`evaluation.policies.sat_on` asks it, once per round instance)."""
    return Round.objects.filter(pk=round_.pk).filter(_seat_covering_round(user)).exists()


def dossier_list(user) -> QuerySet[Dossier]:
    """Dossiers of products in the user's area, and those of rounds of the user's councils."""
    scope = scope_for(user)
    return (
        # A seat is tested with EXISTS rather than a join: the join needed DISTINCT, and
        # planning that over the selected relations took longer than running it.
        Dossier.objects.filter(
            Q(product__subject__commune__any_of=scope.unit_ids)
            | Q(product__subject__legacy_commune__any_of=scope.unit_ids)
            | _seat_covering_round(user, "round__")
        ).select_related(
            "round__council",
            "round__criteria_version",
            "round__procedure_rules",
            "product__subject__commune",
            "product__product_set",
            "result",
        )
    )


def dossier_get(user, pk) -> Dossier:
    return get_in_scope_or_404(dossier_list(user), pk=pk)


def evidence_get(user, pk) -> Evidence:
    evidence = Evidence.objects.filter(pk=pk).select_related("dossier").first()
    if evidence is None or not dossier_list(user).filter(pk=evidence.dossier_id).exists():
        raise Http404
    return evidence


def dossiers_to_score(user) -> QuerySet[Dossier]:
    """Dossiers of rounds in scoring where the user holds a scoring seat and has not yet
    submitted a sheet nor stepped aside: the member's inbox."""

    seats = seats_held_by(user).exclude(position=SeatPosition.SECRETARY)
    return (
        Dossier.objects.filter(
            round__council__in=seats.values("council"),
            round__in=RosterEntry.objects.filter(member=user, removed_on__isnull=True).values(
                "round"
            ),
            round__status=RoundStatus.SCORING,
            status__in=DOSSIER_OPEN,
        )
        .exclude(sheets__member=user, sheets__status=SheetStatus.SUBMITTED)
        .exclude(conflicts__member=user, conflicts__recused=True)
        .select_related("product", "round")
        .order_by("round__scoring_closes", "product__name")
    )


def pre_assessments_due(user) -> QuerySet[Dossier]:
    """Dossiers of the user's area waiting for the commune's Mẫu 03 (rules that require it),
    soonest due first: the commune officer's inbox task."""

    if scope_for(user).role != Role.COMMUNE_OFFICER:
        return Dossier.objects.none()
    return (
        dossier_list(user)
        .filter(
            round__procedure_rules__requires_pre_assessment=True,
            round__status__in=(RoundStatus.PLANNED, RoundStatus.OPEN),
            pre_assessed_on__isnull=True,
            status__in=DOSSIER_OPEN,
        )
        .select_related("product", "round")
        .order_by("pre_assessment_due", "product__name")
    )
