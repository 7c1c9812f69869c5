"""Malformed input to any evaluation endpoint answers with a page or a 400 message, never a
server error: hypothesis posts arbitrary values under each form's own field names."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluation import services
from evaluation.models import CouncilSeat, RoundStatus, SeatPosition
from tests.evaluation.helpers import add_members, make_dossier, make_round

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
value = st.one_of(
    st.text(max_size=80),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(
        ["", "0", "1", "NaN", "inf", "-1", "1e9999", "\x00", "2026-02-30", "99999-1-1"]
    ),
)

# (actor, path with {round}/{dossier}/{sheet}/{council}/{seat}, field names)
ENDPOINTS = [
    (
        "council_member",
        "/evaluation/dossiers/{dossier}/score/answer/",
        ["criterion", "option", "revision", "tab"],
    ),
    (
        "council_member",
        "/evaluation/dossiers/{dossier}/score/answer/",
        ["c_{criterion}", "c_x", "revision", "tab"],
    ),
    ("council_member", "/evaluation/dossiers/{dossier}/score/submit/", ["x"]),
    ("council_member", "/evaluation/dossiers/{dossier}/conflict/", ["has_conflict", "reason"]),
    ("council_member", "/evaluation/dossiers/{dossier}/send-back/", ["reason", "back"]),
    ("council_member", "/evaluation/dossiers/{dossier}/exclude/", ["reason", "note"]),
    ("council_member", "/evaluation/dossiers/{dossier}/close/", ["back"]),
    ("council_member", "/evaluation/sheets/{sheet}/reopen/", ["reason"]),
    (
        "council_member",
        "/evaluation/rounds/{round}/roster/replace/",
        ["member", "newcomer", "reason"],
    ),
    ("council_member", "/evaluation/rounds/{round}/conflicts/", ["declaration", "recused", "note"]),
    ("province_staff", "/evaluation/dossiers/{dossier}/intake/", ["status", "notes"]),
    (
        "province_staff",
        "/evaluation/dossiers/{dossier}/central-result/",
        ["score", "stars", "decision_number", "decision_date", "certificate_number"],
    ),
    (
        "province_staff",
        "/evaluation/rounds/{round}/decision/",
        ["number", "date", "signer", "confirm_empty"],
    ),
    (
        "province_staff",
        "/evaluation/councils/new/",
        [
            "name",
            "kind",
            "level",
            "unit",
            "term_start",
            "term_end",
            "quorum",
            "max_spread",
            "minima_mode",
        ],
    ),
    (
        "province_staff",
        "/evaluation/councils/{council}/seats/",
        ["s-user", "s-position", "s-term_start", "s-term_end"],
    ),
    ("province_staff", "/evaluation/seats/{seat}/end/", ["on", "reason"]),
    (
        "province_staff",
        "/evaluation/rounds/new/",
        [
            "name",
            "level",
            "unit",
            "year",
            "sequence",
            "council",
            "dossier_deadline",
            "scoring_opens",
            "scoring_closes",
        ],
    ),
    ("commune_a", "/evaluation/dossiers/{dossier}/pre-assessment/", ["local_materials", "notes"]),
    (
        "commune_a",
        "/evaluation/rounds/{round}/dossiers/new/",
        ["product", "evaluation_type", "representative", "samples"],
    ),
]


@pytest.fixture
def scene(cast, units):
    round_ = make_round(cast, units)
    seat = CouncilSeat.objects.get(council=round_.council, user=cast["council_member"])
    seat.position = SeatPosition.CHAIR
    seat.save()
    add_members(cast, round_.council, 2)
    dossier = make_dossier(cast, units, round_)
    for step in (RoundStatus.OPEN, RoundStatus.SCORING):
        services.round_advance(actor=cast["province_staff"], round_=round_, to=step)
    criterion = services.dossier_sheet(dossier).criteria.first()
    from evaluation.models import ScoreSheet

    sheet = ScoreSheet.objects.create(dossier=dossier, member=cast["council_member"])
    return {
        "round": round_.pk,
        "dossier": dossier.pk,
        "sheet": sheet.pk,
        "council": round_.council_id,
        "seat": seat.pk,
        "criterion": criterion.pk,
    }


@FUZZ
@given(data=st.data())
def test_no_evaluation_endpoint_answers_a_server_error(client_for, scene, data):
    actor, path, fields = data.draw(st.sampled_from(ENDPOINTS))
    payload = {name.format(**scene): data.draw(value, label=name) for name in fields}
    client = client_for(actor)
    client.raise_request_exception = False
    response = client.post(
        path.format(**scene), payload, HTTP_HX_REQUEST=data.draw(st.sampled_from(["", "true"]))
    )
    assert response.status_code in {200, 302, 400, 403, 404}, (path, payload, response.status_code)
