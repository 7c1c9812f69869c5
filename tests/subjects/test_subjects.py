import pytest

from subjects.models import Subject
from tests import factories

pytestmark = pytest.mark.django_db


def _form(units, **overrides):
    data = {
        "name": "HTX Cà phê Hướng Phùng",
        "legal_form": "cooperative",
        "registration_number": "3200 999.111-2",
        "commune": units.current("19429").pk,
        "representative_name": "Hồ Văn Phùng",
        "status": "active",
        "green_chain_status": "none",
    }
    data.update(overrides)
    return data


def test_registration_number_is_normalised(client_for, units):
    response = client_for("commune_a").post("/subjects/new/", _form(units))
    assert response.status_code == 302
    assert Subject.objects.get().registration_number == "32009991112"


def test_a_duplicate_registration_number_is_refused_with_a_link(client_for, units):
    existing = factories.subject(units.current("19429"), registration_number="32009991112")
    response = client_for("commune_a").post("/subjects/new/", _form(units))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Đã có chủ thể đăng ký với mã số này" in content
    assert f'href="/subjects/{existing.pk}/"' in content
    assert 'value="HTX Cà phê Hướng Phùng"' in content  # what was typed is kept
    assert Subject.objects.count() == 1


def test_an_enterprise_needs_its_size_class(client_for, units):
    response = client_for("commune_a").post("/subjects/new/", _form(units, legal_form="enterprise"))
    assert "Chọn quy mô của doanh nghiệp".encode() in response.content


def test_an_enterprise_may_give_its_figures_instead_of_a_size_class(client_for, units):
    """Nghị định 80/2021: 40 insured workers and 20 tỷ revenue in trade make a small
    enterprise; the page says so, with the legal source."""
    figures = {
        "legal_form": "enterprise",
        "sme_sector": "trade_services",
        "insured_labour": 40,
        "annual_revenue": 20_000_000_000,
    }
    response = client_for("commune_a").post("/subjects/new/", _form(units, **figures))
    assert response.status_code == 302, response.content.decode()[-2000:]
    subject = Subject.objects.get()
    assert subject.sme_size == "" and subject.sme_class.size == "small"
    page = client_for("commune_a").get(f"/subjects/{subject.pk}/").content.decode()
    assert "Nhỏ" in page and "Nghị định 80/2021/NĐ-CP" in page


def test_commune_officer_cannot_register_a_producer_in_another_commune(client_for, units):
    response = client_for("commune_b").post("/subjects/new/", _form(units))
    assert response.status_code == 200  # the commune is not among their choices
    assert not Subject.objects.exists()


def test_search_ignores_accents(client_for, units):
    factories.subject(units.current("19429"), name="HTX Cà phê Đắk Lây")
    factories.subject(units.current("19429"), name="HTX Hồ tiêu")
    response = client_for("province_staff").get("/subjects/", {"q": "ca phe dak"})
    assert [s.name for s in response.context["page"]] == ["HTX Cà phê Đắk Lây"]


def test_the_old_district_filter_finds_producers_by_their_area(client_for, units):
    factories.subject(units.current("19429"), name="Ở Khe Sanh")
    factories.subject(units.current("19597"), name="Ở Cam Lộ")
    response = client_for("province_staff").get("/subjects/", {"unit": units.legacy("465").pk})
    assert [s.name for s in response.context["page"]] == ["Ở Khe Sanh"]


def test_the_history_shows_who_changed_what(client_for, cast, units):
    client = client_for("commune_a")
    client.post("/subjects/new/", _form(units))
    subject = Subject.objects.get()
    client.post(f"/subjects/{subject.pk}/edit/", _form(units, name="HTX Đổi tên"))
    page = client.get(f"/subjects/{subject.pk}/").content.decode()
    assert "HTX Cà phê Hướng Phùng → HTX Đổi tên" in page
    assert cast["commune_a"].full_name in page
