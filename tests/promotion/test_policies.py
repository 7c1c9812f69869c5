"""Trade promotion's rulebook: for each step one actor who may take it and one who may not."""

import pytest

from promotion.models import (
    PageRevisionStatus,
    Partner,
    ProducerPageRevision,
    SalesChannel,
    SalesPoint,
    TradeEvent,
)
from promotion.policies import CHANNELS, EVENTS, PAGE_REVISIONS, PARTNERS, SALES_POINTS
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def khe_sanh(units):
    return units.current("19429")


@pytest.mark.parametrize("step", ["create", "edit"])
def test_sales_points_are_kept_by_supervisors_of_their_area(cast, khe_sanh, step):
    point = SalesPoint(unit=khe_sanh)
    assert SALES_POINTS.can(cast["district_a"], point, step)
    assert not SALES_POINTS.can(cast["district_b"], point, step)
    assert not SALES_POINTS.can(cast["commune_a"], point, step)


@pytest.mark.parametrize("step", ["create", "edit"])
def test_channels_are_kept_by_area_staff(cast, khe_sanh, step):
    channel = SalesChannel(subject=factories.subject(khe_sanh))
    assert CHANNELS.can(cast["commune_a"], channel, step)
    assert not CHANNELS.can(cast["leader"], channel, step)


@pytest.mark.parametrize("step", ["create", "edit", "add-participation"])
def test_events_are_kept_by_supervisors(cast, khe_sanh, step):
    event = TradeEvent(unit=khe_sanh)
    assert EVENTS.can(cast["province_staff"], event, step)
    assert not EVENTS.can(cast["commune_a"], event, step)


@pytest.mark.parametrize("step", ["create", "edit"])
def test_partners_are_the_province_offices(cast, step):
    assert PARTNERS.can(cast["province_staff"], Partner(), step)
    assert not PARTNERS.can(cast["district_a"], Partner(), step)


def test_page_revisions(cast, producer_cast, khe_sanh):
    own, other = producer_cast["producer_a"], producer_cast["producer_b"]
    proposal = ProducerPageRevision(subject=own.subject)
    assert PAGE_REVISIONS.can(own, proposal, "propose")
    assert not PAGE_REVISIONS.can(other, proposal, "propose")
    for step in ("approve", "refuse"):
        assert PAGE_REVISIONS.can(cast["commune_a"], proposal, step)
        assert not PAGE_REVISIONS.can(cast["commune_b"], proposal, step)
        assert not PAGE_REVISIONS.can(own, proposal, step)
        decided = ProducerPageRevision(subject=own.subject, status=PageRevisionStatus.APPROVED)
        assert not PAGE_REVISIONS.can(cast["commune_a"], decided, step)
