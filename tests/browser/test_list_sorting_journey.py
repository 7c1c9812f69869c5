"""Lists sort by a click on a column header, both ways, in Vietnamese alphabetical order."""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _first_column(page) -> list[str]:
    return page.locator("table.list-table tbody tr td:first-child").all_inner_texts()


def _click_header(page, name):
    """Click the header whose own label (before the hidden hint) is `name`."""
    page.locator("table.list-table thead th a.sort-link").filter(
        has=page.locator(f"xpath=self::*[normalize-space(text())='{name}']")
    ).click()


def test_three_lists_sort_by_header_in_vietnamese_order(cast, units, login):
    khe_sanh = units.current("19429")
    banana_maker = factories.subject(khe_sanh, name="Chuối Hướng Hóa")
    coffee_maker = factories.subject(khe_sanh, name="Cà phê Khe Sanh")
    factories.subject(khe_sanh, name="Đặc sản Lao Bảo")
    factories.product(cast["commune_a"], banana_maker, name="Chuối sấy dẻo")
    factories.product(cast["commune_a"], coffee_maker, name="Cà phê rang xay")
    factories.product(cast["commune_a"], coffee_maker, name="Dầu tràm")
    for name in ("Chuối ép", "Cà phê hòa tan", "Ớt bột"):
        factories.idea(cast["commune_a"], khe_sanh, name=name)

    page = login(cast["province_staff"].username)

    # products: by name, A→Z by default and shown as such; "Cà phê" before "Chuối", D before Đ
    page.goto("/products/")
    header = page.locator("th[aria-sort]")
    expect(header).to_have_attribute("aria-sort", "ascending")
    expect(header).to_contain_text("Sản phẩm")
    assert _first_column(page) == ["Cà phê rang xay", "Chuối sấy dẻo", "Dầu tràm"]
    _click_header(page, "Sản phẩm")
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "descending")
    assert _first_column(page) == ["Dầu tràm", "Chuối sấy dẻo", "Cà phê rang xay"]
    assert "sort=-name" in page.url
    # by producer, and back
    _click_header(page, "Chủ thể")
    expect(page.locator("th[aria-sort]")).to_contain_text("Chủ thể")
    producers = page.locator("table.list-table tbody tr td:nth-child(5)").all_inner_texts()
    assert producers == ["Cà phê Khe Sanh", "Cà phê Khe Sanh", "Chuối Hướng Hóa"]

    # producers: Vietnamese order, both ways, and a filter keeps the order
    page.goto("/subjects/")
    names = [
        n
        for n in _first_column(page)
        if n in {"Cà phê Khe Sanh", "Chuối Hướng Hóa", "Đặc sản Lao Bảo"}
    ]
    assert names == ["Cà phê Khe Sanh", "Chuối Hướng Hóa", "Đặc sản Lao Bảo"]
    _click_header(page, "Tên")
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "descending")
    names = [
        n
        for n in _first_column(page)
        if n in {"Cà phê Khe Sanh", "Chuối Hướng Hóa", "Đặc sản Lao Bảo"}
    ]
    assert names == ["Đặc sản Lao Bảo", "Chuối Hướng Hóa", "Cà phê Khe Sanh"]
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "descending")

    # ideas: newest year first by default; by name with a click
    page.goto("/ideas/")
    _click_header(page, "Tên sản phẩm")
    expect(page.locator("th[aria-sort]")).to_contain_text("Tên sản phẩm")
    assert _first_column(page) == ["Cà phê hòa tan", "Chuối ép", "Ớt bột"]
    _click_header(page, "Tên sản phẩm")
    assert _first_column(page) == ["Ớt bột", "Chuối ép", "Cà phê hòa tan"]
