import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOMES = [
    ("province_staff", "Cán bộ cấp tỉnh", "Tỉnh Quảng Trị", "78"),
    ("district_a", "Cán bộ cấp huyện", "Huyện Hướng Hóa", "0"),
    ("district_b", "Cán bộ cấp huyện", "Huyện Cam Lộ", "0"),
    ("commune_a", "Công chức cấp xã", "Xã Khe Sanh", "1"),
    ("commune_b", "Công chức cấp xã", "Xã Cam Lộ", "1"),
    ("leader", "Lãnh đạo", "Tỉnh Quảng Trị", "78"),
]


@pytest.mark.parametrize(("actor", "role_label", "unit_name", "current_communes"), HOMES)
def test_each_role_logs_in_to_its_vietnamese_home_page(
    cast, login, actor, role_label, unit_name, current_communes
):
    page = login(cast[actor].username)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")
    expect(page.get_by_test_id("home-scope")).to_contain_text(role_label)
    expect(page.get_by_test_id("home-scope")).to_contain_text(unit_name)
    if actor.startswith("district"):
        # districts were abolished in July 2025, so the area counts the old district's
        # communes plus the new communes they became
        expect(page.get_by_test_id("count-legacy-districts")).to_have_text("1")
    else:
        expect(page.get_by_test_id("count-current-communes")).to_have_text(current_communes)


def test_council_member_sees_their_seat(cast, login):
    page = login(cast["council_member"].username)
    expect(page.get_by_role("heading", name="Vị trí của bạn trong hội đồng")).to_be_visible()
    expect(page.get_by_text("Hội đồng OCOP tỉnh (thử)")).to_be_visible()


def test_system_administrator_reaches_django_admin_in_vietnamese(cast, login):
    page = login(cast["sysadmin"].username)
    page.get_by_role("link", name="Quản trị hệ thống").click()
    expect(page.get_by_text("Quản trị cổng OCOP").first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_commune_officer_cannot_open_another_communes_page(cast, login, units):
    page = login(cast["commune_a"].username)
    response = page.goto(f"/units/{units.current('19597').pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Không tìm thấy trang")).to_be_visible()


def test_wrong_password_keeps_the_username_and_explains_in_vietnamese(cast, new_page):
    page = new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("t.province")
    page.get_by_label("Mật khẩu").fill("not-the-password")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng")).to_be_visible()
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("t.province")


def test_language_switch_and_phone_width_navigation(cast, login):
    page = login(cast["province_staff"].username)
    page.set_viewport_size({"width": 375, "height": 740})
    page.get_by_role("button", name="Mở trình đơn").click()
    page.get_by_role("button", name="Cơ sở dữ liệu").click()
    expect(page.get_by_role("link", name="Đơn vị hành chính")).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
