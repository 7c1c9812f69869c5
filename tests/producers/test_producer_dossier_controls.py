"""The producer's own dossier page offers the self-assessment and the evidence form exactly when
the services accept them: both follow the dossier's "self_assess" and "add_evidence" steps,
whose stage is the round's status (evaluation/policies.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext

from evaluation import services
from evaluation.models import Dossier, DossierStatus, Round, RoundStatus
from ocop_portal.exceptions import TransitionError
from tests import factories
from tests.evaluation.helpers import complete_steps, make_round

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
NO_CHANGES = "The round no longer takes changes to the self-assessment."
NO_DOCUMENTS = "The round is closed to new documents."


@pytest.fixture
def dossier(cast, units, producer_cast):
    """producer_a's dossier, registered by the producer in an open provincial round."""
    round_ = make_round(cast, units)
    round_ = services.round_advance(
        actor=cast["province_staff"], round_=round_, to=RoundStatus.OPEN
    )
    product = factories.product(cast["commune_a"], producer_cast["producer_a"].subject)
    return services.dossier_create(
        actor=producer_cast["producer_a"],
        round_=round_,
        product=product,
        evaluation_type="first",
        representative="Nguyễn Văn A",
    )


def _fresh(dossier):
    return Dossier.objects.select_related("round", "product").get(pk=dossier.pk)


def _shown(client, dossier) -> set[str]:
    """The controls the producer's pages offer: the self-assessment's save button, the evidence
    form."""
    shown = set()
    page = client.get(f"/producer/dossiers/{dossier.pk}/").content.decode()
    if f'action="/producer/dossiers/{dossier.pk}/evidence/"' in page:
        shown.add("add_evidence")
    sheet = client.get(f"/producer/dossiers/{dossier.pk}/self-assessment/").content.decode()
    if gettext("Save the self-assessment") in sheet:
        shown.add("self_assess")
        assert gettext("Fill the self-assessment") in page
    else:
        assert gettext("See the self-assessment") in page
    return shown


def _accepted(producer, dossier) -> set[str]:
    """What the services take from the producer now."""
    accepted = set()
    try:
        services.self_assess(actor=producer, dossier=_fresh(dossier), answers={})
        accepted.add("self_assess")
    except TransitionError as error:
        assert str(error) == gettext(NO_CHANGES)
    try:
        services.evidence_add(
            actor=producer,
            dossier=_fresh(dossier),
            upload=SimpleUploadedFile("giay-to.pdf", PDF),
            extension="pdf",
            title="Giấy tờ",
        )
        accepted.add("add_evidence")
    except TransitionError as error:
        assert str(error) == gettext(NO_DOCUMENTS)
    return accepted


def test_the_controls_follow_the_round_and_both_refuse_once_scoring_starts(
    dossier, cast, producer_cast, client_for
):
    producer, client = producer_cast["producer_a"], client_for("producer_a")
    assert (
        _shown(client, dossier)
        == _accepted(producer, dossier)
        == {
            "self_assess",
            "add_evidence",
        }
    )
    complete_steps(cast, dossier)
    services.round_advance(
        actor=cast["province_staff"], round_=_fresh(dossier).round, to=RoundStatus.SCORING
    )
    assert _shown(client, dossier) == _accepted(producer, dossier) == set()
    # a page left open posts in vain, and is told why (not a 403)
    response = client.post(
        f"/producer/dossiers/{dossier.pk}/self-assessment/", {"c_1": "1"}, follow=True
    )
    assert response.status_code == 200
    assert gettext(NO_CHANGES) in response.content.decode()
    # the intake asks for more documents during scoring: evidence again, not the self-assessment
    services.dossier_intake(
        actor=cast["province_staff"],
        dossier=_fresh(dossier),
        status=DossierStatus.MORE_DOCUMENTS,
        notes="Thiếu hợp đồng nguyên liệu.",
    )
    assert _shown(client, dossier) == _accepted(producer, dossier) == {"add_evidence"}


@pytest.mark.parametrize("round_status", RoundStatus.values)
@pytest.mark.parametrize("dossier_status", [DossierStatus.REGISTERED, DossierStatus.MORE_DOCUMENTS])
def test_the_page_offers_exactly_what_the_services_take(
    dossier, producer_cast, client_for, round_status, dossier_status
):
    Round.objects.filter(pk=dossier.round_id).update(status=round_status)
    Dossier.objects.filter(pk=dossier.pk).update(status=dossier_status)
    shown = _shown(client_for("producer_a"), dossier)
    assert shown == _accepted(producer_cast["producer_a"], dossier)
    assert ("self_assess" in shown) == (round_status == RoundStatus.OPEN)
