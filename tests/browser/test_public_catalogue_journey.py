"""An anonymous visitor finds the Khe Sanh coffee without typing accents and checks its
certificate through the QR link."""

import datetime

import pytest
from playwright.sync_api import expect

from evaluation.models import Certificate
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_finds_the_coffee_and_verifies_its_certificate(cast, units, new_page):
    today = datetime.date.today()
    product = factories.product(
        cast["commune_a"],
        factories.subject(units.current("19429"), name="HTX Nông sản Khe Sanh"),
        name="Cà phê bột Khe Sanh",
    )
    Certificate.objects.create(
        product=product,
        stars=5,
        level="central",
        decision_number="125/QĐ-BNN",
        decision_date=today,
        issued_on=today,
        expires_on=today.replace(year=today.year + 3),
        source="imported",
    )
    page = new_page()
    page.goto("/catalogue/")
    page.get_by_label("Tìm kiếm").fill("ca phe")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Cà phê bột Khe Sanh").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("5★")
    page.get_by_test_id("qr-link").click()
    expect(page.get_by_test_id("verify-status")).to_have_text("Giấy chứng nhận CÒN HIỆU LỰC.")
