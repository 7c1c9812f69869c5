"""Trade promotion on the staff pages of producers and products, and the partner contact
details on the public directory (only those the partner agreed to publish)."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache

from promotion.models import EventParticipation, Partner, SalesChannel, SalesPoint, TradeEvent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def promoted(cast, units):
    khe_sanh = units.current("19429")
    subject = factories.subject(khe_sanh, name="HTX Cà phê Khe Sanh")
    product = factories.product(cast["commune_a"], subject, name="Cà phê Arabica Khe Sanh")
    staff = cast["province_staff"]
    point = SalesPoint.objects.create(
        name="Điểm OCOP Khe Sanh",
        kind="showroom",
        address="Thị trấn Khe Sanh",
        unit=khe_sanh,
        operator="HTX",
        opened_on=datetime.date(2025, 1, 1),
        created_by=staff,
    )
    point.products.add(product)
    SalesChannel.objects.create(
        subject=subject,
        kind="ecommerce",
        name="Shopee",
        url="https://shopee.vn/caphe",
        started_on=datetime.date(2025, 2, 1),
        evidence="Hợp đồng",
        created_by=staff,
    )
    event = TradeEvent.objects.create(
        name="Hội chợ OCOP Quảng Trị 2025",
        level="provincial",
        place="Đông Hà",
        unit=units.current("44"),
        starts_on=datetime.date(2025, 9, 1),
        ends_on=datetime.date(2025, 9, 5),
        organiser="Sở NN&MT",
        created_by=staff,
    )
    taking_part = EventParticipation.objects.create(
        event=event, subject=subject, contracts_signed=3, sales_value=Decimal("12000000")
    )
    taking_part.products.add(product)
    partner = Partner.objects.create(
        name="Siêu thị Co.opmart Đông Hà",
        kind="retailer",
        profile="Bán lẻ",
        contact_name="Trần Thị B",
        phone="0233 3 555 666",
        email="lienhe@coop.example.vn",
        published=True,
        publish_phone=True,
        created_by=staff,
    )
    partner.subjects.add(subject)
    return subject, product, partner


def test_producer_and_product_pages_show_their_promotion(promoted, client_for):
    subject, product, _partner = promoted
    staff = client_for("province_staff")
    for url in (f"/subjects/{subject.pk}/", f"/products/{product.pk}/"):
        page = staff.get(url).content.decode()
        assert 'data-testid="promotion-panel"' in page, url
        for text in (
            "Điểm OCOP Khe Sanh",
            "Shopee",
            "Hội chợ OCOP Quảng Trị 2025",
            "12.000.000",
            "Siêu thị Co.opmart Đông Hà",
        ):
            assert text in page, (url, text)
        assert ">3<" in page  # contracts signed
    # a commune officer of another commune never reaches the producer's page
    assert client_for("commune_b").get(f"/subjects/{subject.pk}/").status_code == 404


def test_the_public_directory_shows_only_the_contact_details_agreed(promoted, client):
    _subject, _product, partner = promoted
    cache.clear()
    page = client.get("/partners/").content.decode()
    assert "0233 3 555 666" in page
    assert "Trần Thị B" not in page and "lienhe@coop.example.vn" not in page
    partner.publish_email = True
    partner.save()
    cache.clear()
    page = client.get("/partners/").content.decode()
    assert "lienhe@coop.example.vn" in page and "Trần Thị B" not in page
