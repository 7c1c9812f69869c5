"""Issue 11, item 2: the council summary of a closed provincial round is the council's work.

Commune officers and district staff see the provincial round (they file dossiers into it) but
not the other units' dossiers; the summary lists every member's score for every dossier, so it
is the council's and its unit's only. They see the round, so it is the rulebook's print step
(evaluation.policies.ROUND, "print_summary") that turns them away: 403, and no link on the page.
"""

import pytest

from evaluation import services
from evaluation.models import RoundStatus
from tests.evaluation.helpers import make_round

pytestmark = pytest.mark.django_db

EXPECTED = {
    "province_staff": 200,
    "leader": 200,
    "council_member": 200,
    "sysadmin": 200,
    "district_a": 403,
    "district_b": 403,
    "commune_a": 403,
    "commune_b": 403,
}


@pytest.fixture
def closed_round(cast, units):
    round_ = make_round(cast, units)
    for step in (RoundStatus.OPEN, RoundStatus.SCORING, RoundStatus.CLOSED):
        round_ = services.round_advance(actor=cast["province_staff"], round_=round_, to=step)
    return round_


@pytest.mark.parametrize("actor", sorted(EXPECTED))
def test_the_council_summary_of_a_closed_round_follows_the_dossiers_scope(
    client_for, closed_round, actor
):
    response = client_for(actor).get(f"/evaluation/rounds/{closed_round.pk}/summary.pdf")
    assert response.status_code == EXPECTED[actor]
    if response.status_code == 200:
        assert response["Content-Type"] == "application/pdf"
    # the round itself stays visible to those who file into it
    assert client_for(actor).get(f"/evaluation/rounds/{closed_round.pk}/").status_code == 200
