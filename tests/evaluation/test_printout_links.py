"""The round's printouts (council summary and minutes, the decision's annex and certificates)
are offered by the rulebook's print steps, and their downloads take the same steps: for every
person of the cast, on a closed and on a published round, a link is on the page exactly when
the download answers 200 (a commune officer who sees the provincial round is shown no link that
would refuse them)."""

import datetime
import re

import pytest

from evaluation import services
from evaluation.models import CouncilSeat, DossierOutcome, RoundStatus, SeatPosition
from tests.conftest import ACTORS
from tests.evaluation.helpers import add_members, make_dossier, make_round

pytestmark = pytest.mark.django_db

PEOPLE = [actor for actor in ACTORS if actor != "anonymous"]  # the cast and the producers

# What each printout's link looks like on the round page, by the step that offers it.
ROUND_LINKS = {
    "print_summary": r"/evaluation/rounds/\d+/summary\.pdf",
    "print_minutes": r"/evaluation/rounds/\d+/minutes\.pdf",
    "print_annex": r"/evaluation/rounds/\d+/decision/annex\.pdf",
    "print_certificates": r"/evaluation/decisions/\d+/certificates\.pdf",
}
CERTIFICATE_LINK = r"/evaluation/certificates/\d+/pdf/"


@pytest.fixture
def closed_round(cast, units):
    """A provincial round whose council (the cast's member chairs) scored one dossier of a
    Khe Sanh product and recognised it; scoring is closed, the decision not yet issued."""
    round_ = make_round(cast, units)
    council = round_.council
    CouncilSeat.objects.filter(council=council, user=cast["council_member"]).update(
        position=SeatPosition.CHAIR
    )
    members = [cast["council_member"], *add_members(cast, council, 2)]
    dossier = make_dossier(cast, units, round_)
    for step in (RoundStatus.OPEN, RoundStatus.SCORING):
        services.round_advance(actor=cast["province_staff"], round_=round_, to=step)
    for member in members:
        for criterion in services.dossier_sheet(dossier).criteria.prefetch_related("options"):
            ranked = sorted(criterion.options.all(), key=lambda option: -option.points)
            services.sheet_answer(
                member=member,
                dossier=dossier,
                criterion_id=criterion.pk,
                option_id=ranked[min(1, len(ranked) - 1)].pk,
            )
        services.sheet_submit(member=member, dossier=dossier)
    result = services.dossier_close_scoring(chair=cast["council_member"], dossier=dossier)
    assert result.outcome == DossierOutcome.RECOGNISED  # so the decision certifies the product
    services.round_advance(actor=cast["province_staff"], round_=round_, to=RoundStatus.CLOSED)
    return {"round": round_, "dossier": dossier}


def _publish(cast, round_):
    services.decision_issue(
        actor=cast["province_staff"],
        round_=round_,
        number="99/QĐ-UBND",
        date=datetime.date(2026, 12, 20),
        signer="Chủ tịch UBND tỉnh",
    )


def _links(page: str, patterns) -> set[str]:
    return {match for pattern in patterns for match in re.findall(f'href="({pattern})"', page)}


def _answers_200(client, url) -> bool:
    response = client.get(url)
    if response.status_code == 200:
        assert response["Content-Type"] == "application/pdf", url
    return response.status_code == 200


@pytest.mark.parametrize("status", [RoundStatus.CLOSED, RoundStatus.PUBLISHED])
def test_a_printout_link_is_shown_exactly_when_its_download_answers(
    closed_round, cast, client_for, status
):
    round_, dossier = closed_round["round"], closed_round["dossier"]
    if status == RoundStatus.PUBLISHED:
        _publish(cast, round_)
    round_.refresh_from_db()
    assert round_.status == status
    candidates = {
        f"/evaluation/rounds/{round_.pk}/summary.pdf",
        f"/evaluation/rounds/{round_.pk}/minutes.pdf",
        f"/evaluation/rounds/{round_.pk}/decision/annex.pdf",
        *(
            f"/evaluation/decisions/{pk}/certificates.pdf"
            for pk in round_.decisions.values_list("pk", flat=True)
        ),
        *(
            f"/evaluation/certificates/{pk}/pdf/"
            for pk in dossier.certificates.values_list("pk", flat=True)
        ),
    }
    offered = {}
    for person in PEOPLE:
        client = client_for(person)
        shown = set()
        page = client.get(f"/evaluation/rounds/{round_.pk}/")
        if page.status_code == 200:
            shown |= _links(page.content.decode(), ROUND_LINKS.values())
        page = client.get(f"/evaluation/dossiers/{dossier.pk}/")
        if page.status_code == 200:
            shown |= _links(page.content.decode(), [CERTIFICATE_LINK])
        assert shown <= candidates, person
        answering = {url for url in candidates if _answers_200(client, url)}
        assert shown == answering, f"{person}: shown {sorted(shown)}, answering {sorted(answering)}"
        offered[person] = shown
    # the rule the links follow, in words: the council's documents are the council's and its
    # unit's; the annex is everyone's who sees the round; certificates are the areas' own
    council_documents = {"province_staff", "leader", "council_member", "sysadmin"}
    for person in PEOPLE:
        kinds = {re.sub(r"\d+", "N", url) for url in offered[person]}
        assert ("/evaluation/rounds/N/summary.pdf" in kinds) == (person in council_documents)
        assert ("/evaluation/rounds/N/minutes.pdf" in kinds) == (person in council_documents)
        decided = status == RoundStatus.PUBLISHED
        assert ("/evaluation/rounds/N/decision/annex.pdf" in kinds) == (
            decided and person not in ("producer_a", "producer_b")
        ), person
        areas = {"province_staff", "district_a", "commune_a", "leader", "sysadmin"}
        assert ("/evaluation/decisions/N/certificates.pdf" in kinds) == (
            decided and person in areas
        ), person
