"""The maintained "stars in force" of a product (products.StarsInForce, kept by triggers on the
certificates) always equals the value computed from the certificates: after a certificate is
issued, revoked, superseded, bulk-loaded, and after it expires (with the nightly refresh)."""

import datetime

import pytest
import time_machine
from django.db.models import OuterRef, Subquery

from evaluation import services as evaluation_services
from evaluation.models import Certificate
from products.models import Product, StarsInForce
from products.selectors import refresh_stars_in_force, with_certificate_in_force
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def computed(product, day):
    """From the certificates alone, as the lists computed it before the maintained row."""
    best = (
        Certificate.objects.valid_on(day)
        .filter(product=OuterRef("pk"))
        .order_by("-stars", "-expires_on")
    )
    row = (
        Product.objects.filter(pk=product.pk)
        .annotate(s=Subquery(best.values("stars")[:1]), v=Subquery(best.values("expires_on")[:1]))
        .get()
    )
    return row.s, row.v


def maintained(product):
    row = StarsInForce.objects.get(product=product)
    return row.stars, row.valid_until


def listed(product, day):
    row = with_certificate_in_force(Product.objects.filter(pk=product.pk), day).get()
    return row.stars, row.valid_until


def certificate(product, stars, issued, number, **extra):
    return Certificate.objects.create(
        product=product,
        stars=stars,
        level="province",
        decision_number=number,
        decision_date=issued,
        issued_on=issued,
        expires_on=issued.replace(year=issued.year + 3),
        source="imported",
        **extra,
    )


@pytest.fixture
def product(cast, units):
    commune = units.current("19429")
    return factories.product(
        cast["commune_a"], factories.subject(commune, name="HTX Mật ong Khe Sanh"), name="Mật ong"
    )


def test_issue_revoke_and_supersede_keep_the_maintained_stars_right(product, cast):
    first = certificate(product, 3, TODAY - datetime.timedelta(days=400), "1/QĐ")
    assert maintained(product) == computed(product, TODAY) == (3, first.expires_on)
    # an upgrade supersedes the first recognition (as decision_issue does)
    upgrade = certificate(product, 4, TODAY - datetime.timedelta(days=10), "2/QĐ")
    first.superseded_on = upgrade.issued_on
    first.save()
    assert maintained(product) == computed(product, TODAY) == (4, upgrade.expires_on)
    assert listed(product, TODAY) == (4, upgrade.expires_on)
    evaluation_services.certificate_revoke(
        actor=cast["province_staff"],
        certificate=upgrade,
        ground="mark_misuse",
        finding_date=TODAY,
        decision_number="99/QĐ-UBND",
        decision_date=TODAY,
        evidence="Biên bản kiểm tra",
    )
    # revoked today: nothing in force (the first one was superseded)
    assert maintained(product) == computed(product, TODAY) == (None, None)
    assert listed(product, TODAY) == (None, None)


def test_a_bulk_load_is_maintained_too(product):
    Certificate.objects.bulk_create(
        [
            Certificate(
                product=product,
                stars=stars,
                level="province",
                decision_number=f"{stars}/QĐ",
                decision_date=TODAY - datetime.timedelta(days=30 * stars),
                issued_on=TODAY - datetime.timedelta(days=30 * stars),
                expires_on=TODAY + datetime.timedelta(days=300 * stars),
                source="imported",
            )
            for stars in (3, 5, 4)
        ]
    )
    assert maintained(product) == computed(product, TODAY)
    assert maintained(product)[0] == 5
    Certificate.objects.filter(product=product, stars=5).update(revoked_on=TODAY)
    assert maintained(product) == computed(product, TODAY)
    assert maintained(product)[0] == 4


def test_expiry_and_a_certificate_starting_later_follow_the_calendar(product):
    ends = TODAY + datetime.timedelta(days=5)
    old = certificate(product, 4, ends.replace(year=ends.year - 3), "1/QĐ")
    assert old.expires_on == ends
    later = certificate(product, 3, TODAY + datetime.timedelta(days=20), "2/QĐ")
    assert maintained(product) == computed(product, TODAY) == (4, ends)
    for day in (ends, ends + datetime.timedelta(days=1), later.issued_on):
        moment = datetime.datetime.combine(day, datetime.time(0, 10))
        with time_machine.travel(moment, tick=False):
            # before the nightly refresh, the list computes what the row no longer knows
            assert listed(product, day) == computed(product, day)
            refresh_stars_in_force(day)
            assert maintained(product) == computed(product, day)
            assert listed(product, day) == computed(product, day)
    assert maintained(product) == (3, later.expires_on)
