import pytest

pytestmark = pytest.mark.django_db


def test_login_page_is_in_vietnamese_by_default(client):
    response = client.get("/accounts/login/")
    content = response.content.decode()
    assert '<html lang="vi">' in content
    assert "Đăng nhập cổng OCOP" in content
    assert "Tên đăng nhập" in content


def test_english_is_one_click_away(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    content = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in content
    assert "Log in to the OCOP portal" in content


def test_province_home_counts_the_whole_province(client_for):
    response = client_for("province_staff").get("/")
    summary = response.context["summary"]
    assert summary["area"] == {
        "current_communes": 78,
        "legacy_districts": 18,  # old Quảng Trị 10 + old Quảng Bình 8
        "legacy_communes": 264,
    }
    # the cast: province staff, 2 district, 2 commune, leader (+ the sysadmin has no unit)
    assert summary["staff_total"] == 6
    assert "Cán bộ cấp tỉnh" in response.content.decode()


def test_district_home_counts_only_the_old_district(client_for):
    summary = client_for("district_a").get("/").context["summary"]  # Hướng Hóa
    assert summary["area"]["legacy_districts"] == 1
    assert summary["area"]["legacy_communes"] == 21
    assert summary["staff_total"] == 2  # itself and the Khe Sanh commune officer


def test_commune_home_shows_the_commune_and_its_merged_communes(client_for):
    response = client_for("commune_a").get("/")
    summary = response.context["summary"]
    assert summary["area"] == {"current_communes": 1, "legacy_districts": 0, "legacy_communes": 4}
    assert "Xã Khe Sanh" in response.content.decode()


def test_council_member_home_lists_their_seats(client_for):
    content = client_for("council_member").get("/").content.decode()
    assert "Hội đồng OCOP tỉnh (thử)" in content
    assert "Thành viên" in content


def test_unit_search_ignores_vietnamese_accents(client_for):
    response = client_for("province_staff").get("/units/", {"q": "khe sanh"})
    names = [unit.name for unit in response.context["page"]]
    assert "Xã Khe Sanh" in names and "Thị trấn Khe Sanh" in names
    response = client_for("province_staff").get("/units/", {"q": "dong ha", "level": "district"})
    assert [u.name for u in response.context["page"]] == ["Thành phố Đông Hà"]


def test_unit_list_has_a_constant_number_of_queries(client_for, django_assert_max_num_queries):
    client = client_for("province_staff")
    client.get("/units/")  # warm the session
    with django_assert_max_num_queries(12):
        response = client.get("/units/", {"page": 2})
    assert len(response.context["page"]) == 50


def test_unit_table_is_one_partial_for_the_page_and_htmx(client_for):
    client = client_for("province_staff")
    partial = client.get("/units/", {"q": "cam lo"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content
    assert "Xã Cam Lộ" in partial.content.decode()


def test_signed_in_people_switch_language_on_their_account_visitors_by_cookie(client_for, db):
    # A visitor's page carries no CSRF token (it is cached for everyone); a signed-in person's
    # switch also remembers the language on the account, for the messages sent to them later.
    visitor = client_for("anonymous").get("/accounts/login/").content.decode()
    assert 'action="/i18n/choose/"' in visitor
    staff = client_for("commune_a").get("/").content.decode()
    assert 'method="post" action="/i18n/setlang/"' in staff
