"""Units and products are picked by typing without accents (ocop_portal/typeahead.py)."""

import pytest
from playwright.sync_api import expect

from evaluation.models import Dossier
from tests import factories
from tests.evaluation.helpers import make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pick_a_unit_and_a_product_by_typing_without_accents(cast, units, login):
    maker = factories.subject(units.current("19429"), name="HTX Nông sản Khe Sanh")
    maker.representative_name = "Lê Thị Mai"
    maker.address = "Thôn 3, xã Khe Sanh"
    maker.save()
    factories.product(cast["commune_a"], maker, name="Cà phê rang xay Khe Sanh")
    other = factories.subject(units.current("19597"), name="HTX Cam Lộ")
    factories.product(cast["commune_b"], other, name="Chuối sấy Cam Lộ")
    round_ = make_round(cast, units)

    page = login(cast["province_staff"].username)
    page.goto("/products/")
    expect(page.get_by_role("cell", name="Chuối sấy Cam Lộ")).to_be_visible()
    # the unit filter: "khe sanh" finds Xã Khe Sanh; abolished units are labelled as such
    page.locator("#id_unit-ts-control").fill("khe sanh")
    option = page.locator(".ts-dropdown .option", has_text="Xã Khe Sanh").first
    expect(option).to_be_visible()
    option.click()
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_role("cell", name="Chuối sấy Cam Lộ")).to_have_count(0)
    expect(page.get_by_role("link", name="Cà phê rang xay Khe Sanh")).to_be_visible()
    assert "unit=" in page.url  # the filter is kept in the address

    page.locator("#id_unit-ts-control").fill("huong hoa")
    abolished = page.locator(".ts-dropdown .optgroup", has_text="Huyện Hướng Hóa")
    expect(abolished.locator(".optgroup-header")).to_have_text("Đơn vị đã giải thể (kèm thời gian)")
    expect(abolished.locator(".option", has_text="Huyện Hướng Hóa")).to_contain_text("30/06/2025")

    # the dossier's product: "ca phe" finds it with its producer; the representative follows
    page.goto(f"/evaluation/rounds/{round_.pk}/dossiers/new/")
    page.locator("#id_product-ts-control").fill("ca phe")
    option = page.locator(".ts-dropdown .option", has_text="Cà phê rang xay Khe Sanh")
    expect(option).to_contain_text("HTX Nông sản Khe Sanh")
    option.click()
    expect(page.get_by_label("Người đại diện theo pháp luật")).to_have_value("Lê Thị Mai")
    expect(page.locator("#id_address")).to_have_value("Thôn 3, xã Khe Sanh")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã đăng ký hồ sơ.")).to_be_visible()
    dossier = Dossier.objects.get(round=round_)
    assert dossier.product.name == "Cà phê rang xay Khe Sanh"
    assert dossier.address == "Thôn 3, xã Khe Sanh"


def test_seat_a_council_member_by_typing_part_of_the_name_without_accents(cast, units, login):
    from accounts.models import Role
    from accounts.services import user_create
    from evaluation.models import Council, CouncilSeat

    council = Council.objects.get(seats__user=cast["council_member"])
    expert = user_create(
        username="t.expert",
        full_name="Trần Thị Hương Giang",
        role=Role.COUNCIL_MEMBER,
        unit=None,
        password="x-Long-enough-9",
    )
    page = login(cast["province_staff"].username)
    page.goto(f"/evaluation/councils/{council.pk}/")
    page.locator("#id_s-user-ts-control").fill("huong gi")
    option = page.locator(".ts-dropdown .option", has_text="Trần Thị Hương Giang")
    expect(option).to_be_visible()
    expect(
        page.locator(".ts-dropdown .option", has_text=cast["commune_a"].full_name)
    ).to_have_count(0)
    option.click()
    page.locator("#id_s-position").select_option("member")
    page.locator("#id_s-term_start").fill("2026-01-01")
    page.get_by_role("button", name="Thêm thành viên").click()
    expect(page.get_by_text("Đã thêm thành viên.")).to_be_visible()
    assert CouncilSeat.objects.filter(council=council, user=expert).exists()
