"""Public pages are served whole from the shared cache and retired exactly when what they show
changes: a revocation, an expiry at midnight, an edit of the product, its producer or its
sales points. Conditional requests get 304; proxies may keep verify pages a few seconds only."""

import datetime

import pytest
import time_machine
from django.core.cache import caches
from django.test import Client, override_settings

from evaluation import services as evaluation_services
from evaluation.models import Certificate
from products import services as product_services
from promotion.models import Partner, SalesPoint
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def coffee(cast, units):
    commune = units.current("19429")
    product = factories.product(
        cast["commune_a"],
        factories.subject(commune, name="HTX Nông sản Khe Sanh"),
        name="Cà phê bột Khe Sanh",
    )
    issued = TODAY - datetime.timedelta(days=100)
    return Certificate.objects.create(
        product=product,
        stars=4,
        level="province",
        decision_number="12/QĐ-UBND",
        decision_date=issued,
        issued_on=issued,
        expires_on=issued.replace(year=issued.year + 3),
        source="imported",
    )


def test_a_second_anonymous_request_is_served_from_the_cache(client, coffee):
    first = client.get("/catalogue/")
    second = client.get("/catalogue/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Cà phê bột Khe Sanh" in second.content.decode()
    assert "public" in second["Cache-Control"]
    assert "stale-while-revalidate" in second["Cache-Control"]


def test_a_conditional_request_gets_304(client, coffee):
    path = f"/catalogue/{coffee.product.code}/"
    etag = client.get(path)["ETag"]
    assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(path, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_verify_pages_may_be_kept_by_a_proxy_only_a_few_seconds(client, coffee):
    response = client.get(f"/verify/{coffee.public_code}/")
    assert "max-age=5," in response["Cache-Control"]


def test_a_revoked_certificate_says_so_on_the_very_next_request(client, coffee, cast):
    path = f"/verify/{coffee.public_code}/"
    client.get(path)
    assert client.get(path)["X-Page-Cache"] == "hit"
    evaluation_services.certificate_revoke(
        actor=cast["province_staff"],
        certificate=coffee,
        ground="mark_misuse",
        finding_date=TODAY,
        decision_number="99/QĐ-UBND",
        decision_date=TODAY,
        evidence="Biên bản kiểm tra",
    )
    after = client.get(path)
    assert after["X-Page-Cache"] == "miss"
    assert "thu hồi" in after.content.decode().lower()
    # ... and the product leaves the catalogue and its page at once.
    assert "Cà phê bột Khe Sanh" not in client.get("/catalogue/").content.decode()
    assert client.get(f"/catalogue/{coffee.product.code}/").status_code == 404


def test_pages_are_retired_at_midnight_in_vietnam(client, coffee):
    coffee.expires_on = TODAY + datetime.timedelta(days=1)
    coffee.save()
    path = f"/catalogue/{coffee.product.code}/"
    evening = datetime.datetime.combine(
        coffee.expires_on,
        datetime.time(23, 59),
        tzinfo=datetime.timezone(datetime.timedelta(hours=7)),
    )
    with time_machine.travel(evening, tick=False):
        assert client.get(path).status_code == 200
        assert client.get(path)["X-Page-Cache"] == "hit"
    with time_machine.travel(evening + datetime.timedelta(minutes=2), tick=False):
        # The day after the last day of validity: the product is no longer certified.
        assert client.get(path).status_code == 404
        assert "Cà phê bột Khe Sanh" not in client.get("/catalogue/").content.decode()


def test_editing_the_product_or_its_producer_retires_its_pages(client, coffee, cast):
    path = f"/catalogue/{coffee.product.code}/"
    client.get(path)
    client.get("/catalogue/")
    product_services.product_update(
        actor=cast["commune_a"], product=coffee.product, name="Cà phê rang xay Khe Sanh"
    )
    assert "Cà phê rang xay Khe Sanh" in client.get(path).content.decode()
    assert "Cà phê rang xay Khe Sanh" in client.get("/catalogue/").content.decode()
    subject = coffee.product.subject
    subject.name = "HTX Cà phê Hướng Hóa"
    subject.save()
    assert client.get(path)["X-Page-Cache"] == "miss"


def test_a_new_sales_point_shows_on_the_product_page_at_once(client, coffee, cast, units):
    path = f"/catalogue/{coffee.product.code}/"
    client.get(path)
    point = SalesPoint.objects.create(
        name="Điểm bán OCOP Khe Sanh",
        kind="fixed",
        address="Khe Sanh",
        unit=units.current("19429"),
        operator="HTX",
        opened_on=TODAY - datetime.timedelta(days=1),
        created_by=cast["province_staff"],
    )
    assert client.get(path)["X-Page-Cache"] == "hit"  # no product on sale there yet
    point.products.add(coffee.product)
    assert "Điểm bán OCOP Khe Sanh" in client.get(path).content.decode()


def test_a_partner_change_retires_the_directory(client, cast):
    client.get("/partners/")
    Partner.objects.create(
        name="Siêu thị Co.op Đông Hà",
        kind="retailer",
        profile="Bán lẻ",
        published=True,
        created_by=cast["province_staff"],
    )
    assert "Siêu thị Co.op Đông Hà" in client.get("/partners/").content.decode()


def test_each_language_has_its_own_copy(coffee):
    vietnamese, english = Client(), Client()
    english.cookies["django_language"] = "en"
    path = f"/catalogue/{coffee.product.code}/"
    assert vietnamese.get(path)["Content-Language"] == "vi"
    assert english.get(path)["Content-Language"] == "en"
    assert english.get(path)["X-Page-Cache"] == "hit"
    assert vietnamese.get(path)["Content-Language"] == "vi"


def test_staff_are_never_served_a_cached_page(client_for, coffee):
    staff = client_for("province_staff")
    assert "X-Page-Cache" not in staff.get("/catalogue/")
    assert "X-Page-Cache" not in staff.get("/catalogue/")


def test_public_pages_carry_no_csrf_token(client, coffee):
    # A token baked into a page served to everybody would be somebody else's.
    body = client.get(f"/catalogue/{coffee.product.code}/").content.decode()
    assert "csrfmiddlewaretoken" not in body


def test_the_language_switcher_sets_the_preference_and_stays_on_the_site(client):
    response = client.get("/i18n/choose/", {"language": "en", "next": "/catalogue/"})
    assert response.status_code == 302 and response["Location"] == "/catalogue/"
    assert response.cookies["django_language"].value == "en"
    away = client.get("/i18n/choose/", {"language": "en", "next": "https://evil.example/"})
    assert away["Location"] == "/"


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "ocop_portal.cache.TolerantRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
)
def test_public_pages_work_when_the_cache_is_down(client, coffee):
    assert caches["default"].get("anything") is None
    response = client.get(f"/catalogue/{coffee.product.code}/")
    assert response.status_code == 200
    assert "Cà phê bột Khe Sanh" in response.content.decode()


def test_the_landing_page_is_cached_and_retired_with_the_catalogue(client, coffee, cast):
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    product_services.product_update(
        actor=cast["commune_a"], product=coffee.product, name="Cà phê rang xay Khe Sanh"
    )
    assert client.get("/")["X-Page-Cache"] == "miss"
