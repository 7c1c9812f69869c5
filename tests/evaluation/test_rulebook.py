"""Evaluation's rulebook (evaluation/policies.py): for every step, an actor who may take it,
one who may not (403), and a status it does not leave from (`TransitionError`); and the round
and dossier pages show a button exactly when its step is allowed."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Role
from accounts.services import user_create
from evaluation import policies, services
from evaluation.models import (
    CertificateStatus,
    CouncilSeat,
    DossierStatus,
    Inspection,
    InspectionOutcome,
    RoundStatus,
    ScoreSheet,
    SeatPosition,
    SheetStatus,
)
from ocop_portal.exceptions import TransitionError
from tests import factories
from tests.conftest import PASSWORD
from tests.evaluation.helpers import add_members, make_dossier, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast, units, producer_cast):
    """A provincial round: the cast's council member chairs, two members score, a secretary
    records; one dossier of commune A, a member's sheet, a certificate and an inspection."""
    round_ = make_round(cast, units)
    council = round_.council
    CouncilSeat.objects.filter(council=council, user=cast["council_member"]).update(
        position=SeatPosition.CHAIR
    )
    members = add_members(cast, council, 2)
    secretary = user_create(
        username="t.secretary",
        full_name="Thư ký",
        role=Role.COUNCIL_MEMBER,
        unit=None,
        password=PASSWORD,
    )
    CouncilSeat.objects.create(
        council=council,
        user=secretary,
        position=SeatPosition.SECRETARY,
        term_start=council.term_start,
    )
    dossier = make_dossier(cast, units, round_)
    sheet = ScoreSheet.objects.create(dossier=dossier, member=members[0])
    certificate = factories.certificate(dossier.product, stars=4, issued_on=datetime.date.today())
    inspection = Inspection(certificate=certificate, outcome=InspectionOutcome.PENDING)
    actors = dict(cast)
    actors.update(chair=cast["council_member"], member=members[0], secretary=secretary)
    actors.update(producer_cast)
    return {
        "actors": actors,
        "round": round_,
        "dossier": dossier,
        "sheet": sheet,
        "council": council,
        "certificate": certificate,
        "inspection": inspection,
    }


def _record(scene, kind):
    record = scene[kind]
    if kind in ("dossier", "sheet"):
        record.refresh_from_db()
    if kind == "dossier":
        record.round = scene["round"]
    if kind == "sheet":
        record.dossier = scene["dossier"]
        record.dossier.round = scene["round"]
    return record


def _set_status(record, kind, status):
    if kind == "certificate":
        if status == CertificateStatus.REVOKED:
            record.revoked_on = datetime.date.today()
        elif status == CertificateStatus.EXPIRED:
            record.expires_on = datetime.date.today() - datetime.timedelta(days=1)
        return
    if kind == "inspection":
        record.outcome = status
        return
    record.status = status


POLICY = {
    "round": policies.ROUND,
    "dossier": policies.DOSSIER,
    "sheet": policies.SHEET,
    "council": policies.COUNCIL,
    "certificate": policies.CERTIFICATE,
    "inspection": policies.INSPECTION,
}

# (record, step, may, may not, a status it leaves from, a status it does not leave from);
# a round in scoring unless the step says otherwise.
CASES = [
    ("round", "create", "province_staff", "leader", None, None),
    ("round", "open", "province_staff", "district_b", RoundStatus.PLANNED, RoundStatus.OPEN),
    (
        "round",
        "start_scoring",
        "province_staff",
        "commune_a",
        RoundStatus.OPEN,
        RoundStatus.PLANNED,
    ),
    ("round", "close", "province_staff", "chair", RoundStatus.SCORING, RoundStatus.OPEN),
    (
        "round",
        "issue_decision",
        "province_staff",
        "leader",
        RoundStatus.CLOSED,
        RoundStatus.SCORING,
    ),
    ("round", "register_dossier", "commune_a", "leader", RoundStatus.OPEN, RoundStatus.SCORING),
    (
        "round",
        "register_own_dossier",
        "producer_a",
        "commune_a",
        RoundStatus.OPEN,
        RoundStatus.PLANNED,
    ),
    ("round", "replace_member", "chair", "member", RoundStatus.SCORING, RoundStatus.CLOSED),
    ("round", "decide_conflicts", "chair", "secretary", None, None),
    ("round", "print_summary", "secretary", "commune_a", RoundStatus.CLOSED, RoundStatus.SCORING),
    ("round", "print_minutes", "leader", "district_a", RoundStatus.PUBLISHED, RoundStatus.OPEN),
    ("round", "print_annex", "commune_b", "producer_a", RoundStatus.PUBLISHED, RoundStatus.CLOSED),
    (
        "round",
        "print_certificates",
        "district_a",
        "chair",
        RoundStatus.PUBLISHED,
        RoundStatus.CLOSED,
    ),
    ("dossier", "edit", "commune_a", "commune_b", None, None),
    # staff of the area are not held by the round's status but for evidence once it closes
    # (the producer's account is: tests/producers/test_producer_dossier_controls.py)
    ("dossier", "self_assess", "district_a", "district_b", None, None),
    ("dossier", "add_evidence", "commune_a", "leader", None, None),
    (
        "dossier",
        "documents_completed",
        "commune_a",
        "commune_b",
        DossierStatus.MORE_DOCUMENTS,
        DossierStatus.REGISTERED,
    ),
    ("dossier", "intake", "province_staff", "district_a", DossierStatus.REGISTERED, "closed"),
    ("dossier", "pre_assess", "commune_a", "district_a", DossierStatus.COMPLETE, "excluded"),
    ("dossier", "read_sheet", "member", "secretary", None, None),
    ("dossier", "score", "member", "secretary", DossierStatus.COMPLETE, DossierStatus.CLOSED),
    ("dossier", "declare_conflict", "secretary", "province_staff", None, None),
    ("dossier", "exclude", "chair", "member", DossierStatus.COMPLETE, DossierStatus.EXCLUDED),
    ("dossier", "send_back", "chair", "member", DossierStatus.COMPLETE, DossierStatus.CLOSED),
    ("dossier", "close_scoring", "chair", "secretary", DossierStatus.EXCLUDED, "closed"),
    ("dossier", "comment_result", "province_staff", "chair", "closed", "complete"),
    ("dossier", "record_central_result", "province_staff", "leader", "closed", "excluded"),
    ("sheet", "answer", "member", "chair", SheetStatus.DRAFT, SheetStatus.SUBMITTED),
    ("sheet", "submit", "member", "secretary", SheetStatus.DRAFT, SheetStatus.SUBMITTED),
    ("sheet", "reopen", "chair", "member", SheetStatus.SUBMITTED, SheetStatus.DRAFT),
    ("council", "keep", "province_staff", "district_a", None, None),
    ("certificate", "revoke", "province_staff", "commune_a", "valid", "revoked"),
    ("certificate", "renew", "commune_a", "commune_b", "valid", "expired"),
    ("certificate", "supersede", "province_staff", "commune_a", "valid", "expired"),
    ("certificate", "supersede_in_register", "province_staff", "district_a", "expired", "revoked"),
    ("certificate", "inspect", "district_a", "leader", None, None),
    ("inspection", "follow_up", "province_staff", "commune_a", "pending", "passed"),
]


def test_every_step_of_every_evaluation_policy_is_tested():
    tested = {(kind, step) for kind, step, *_rest in CASES}
    named = {(kind, step.name) for kind, policy in POLICY.items() for step in policy.steps}
    assert named == tested


@pytest.mark.parametrize(
    ("kind", "step", "may", "may_not", "good", "wrong"),
    CASES,
    ids=[f"{kind}.{step}" for kind, step, *_rest in CASES],
)
def test_a_step_is_taken_by_its_actors_from_its_statuses(
    scene, kind, step, may, may_not, good, wrong
):
    policy, actors = POLICY[kind], scene["actors"]
    record = _record(scene, kind)
    scene["round"].status = RoundStatus.SCORING
    if good is not None:
        _set_status(record, kind, good)
    assert policy.check(actors[may], record, step)
    assert step in policy.allowed_steps(actors[may], record)
    with pytest.raises(PermissionDenied):
        policy.check(actors[may_not], record, step)
    assert step not in policy.allowed_steps(actors[may_not], record)
    if wrong is not None:
        _set_status(record, kind, wrong)
        with pytest.raises(TransitionError):
            policy.check(actors[may], record, step)
        assert step not in policy.allowed_steps(actors[may], record)


def test_the_secretary_may_neither_score_nor_save(scene):
    secretary = scene["actors"]["secretary"]
    services.round_advance(
        actor=scene["actors"]["province_staff"], round_=scene["round"], to=RoundStatus.OPEN
    )
    services.round_advance(
        actor=scene["actors"]["province_staff"], round_=scene["round"], to=RoundStatus.SCORING
    )
    criterion = services.dossier_sheet(scene["dossier"]).criteria.first()
    with pytest.raises(PermissionDenied):
        services.sheet_answer(
            member=secretary,
            dossier=scene["dossier"],
            criterion_id=criterion.pk,
            option_id=criterion.options.first().pk,
        )


# --- the pages show exactly the allowed steps -------------------------------------------------

ROUND_BUTTONS = {
    "open": "/rounds/{round}/open/",
    "start_scoring": "/rounds/{round}/scoring/",
    "close": "/rounds/{round}/closed/",
    "issue_decision": '/rounds/{round}/decision/"',
    "register_dossier": "/rounds/{round}/dossiers/new/",
    "replace_member": "/rounds/{round}/roster/replace/",
    "print_summary": "/rounds/{round}/summary.pdf",
    "print_minutes": "/rounds/{round}/minutes.pdf",
}
ROW_BUTTONS = {
    "score": 'btn-success" href="/evaluation/dossiers/{dossier}/score/"',
    "read_sheet": "/evaluation/dossiers/{dossier}/score/",
    "close_scoring": "/dossiers/{dossier}/close/",
}
DOSSIER_BUTTONS = {
    "score": 'btn-success" href="/evaluation/dossiers/{dossier}/score/"',
    "read_sheet": "/dossiers/{dossier}/score/",
    "add_evidence": "/dossiers/{dossier}/evidence/",
    "self_assess": "/dossiers/{dossier}/self-assessment/",
    "intake": "/dossiers/{dossier}/intake/",
    "exclude": "/dossiers/{dossier}/exclude/",
    "comment_result": "/dossiers/{dossier}/comments/",
    "record_central_result": "/dossiers/{dossier}/central-result/",
}
VIEWERS = ["province_staff", "member", "chair", "secretary", "leader"]


def _shown(content, buttons, **ids):
    return {step for step, marker in buttons.items() if marker.format(**ids) in content}


@pytest.mark.parametrize("status", [RoundStatus.OPEN, RoundStatus.SCORING])
def test_the_round_and_dossier_pages_show_exactly_the_allowed_steps(scene, client, status):
    staff = scene["actors"]["province_staff"]
    services.round_advance(actor=staff, round_=scene["round"], to=RoundStatus.OPEN)
    if status == RoundStatus.SCORING:
        services.round_advance(actor=staff, round_=scene["round"], to=RoundStatus.SCORING)
    ids = {"round": scene["round"].pk, "dossier": scene["dossier"].pk}
    for viewer in VIEWERS:
        user = scene["actors"][viewer]
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        round_ = services.Round.objects.get(pk=ids["round"])
        dossier = services.Dossier.objects.select_related("round").get(pk=ids["dossier"])

        page = client.get(f"/evaluation/rounds/{ids['round']}/").content.decode()
        allowed = policies.ROUND.allowed_steps(user, round_)
        assert _shown(page, ROUND_BUTTONS, **ids) == allowed & set(ROUND_BUTTONS), viewer
        row = policies.DOSSIER.allowed_steps(user, dossier) & set(ROW_BUTTONS)
        assert _shown(page, ROW_BUTTONS, **ids) == row, viewer

        page = client.get(f"/evaluation/dossiers/{ids['dossier']}/").content.decode()
        allowed = policies.DOSSIER.allowed_steps(user, dossier)
        assert _shown(page, DOSSIER_BUTTONS, **ids) == allowed & set(DOSSIER_BUTTONS), viewer
        if viewer == "secretary":
            assert not re.search(r"/dossiers/\d+/score/\"", page)
