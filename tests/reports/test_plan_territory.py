"""Plan 180's figures cover the territory it was written for (old Quảng Trị); statuses are
given only where the plan sets a target; T6 judges both shares with the SME size."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from promotion.models import SalesPoint
from reports.kpi import compute, plan_territory, scope_label
from tests import factories
from tests.reports.test_kpi import certify, history  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
D = datetime.date


def kpis(as_of, unit):
    return {i.code: i for i in compute(as_of, unit)}


def test_the_territory_of_plan_180_is_old_quang_tri(units):
    territory = plan_territory()
    assert (territory.code, territory.valid_to) == ("45", D(2025, 6, 30))
    assert "trước sắp xếp" in scope_label(territory) or "before" in scope_label(territory)


def test_a_former_quang_binh_product_moves_no_plan_180_figure(history, cast, units):  # noqa: F811
    before = {
        code: (i.value, i.numerator, i.denominator)
        for code, i in kpis(D(2025, 12, 31), plan_territory()).items()
    }
    dong_hoi = units.current("18880")  # Phường Đồng Hới, formed from former Quảng Bình
    maker = factories.subject(dong_hoi, legal_form="cooperative")
    product = factories.product(cast["province_staff"], maker, name="Khoai deo Quảng Bình")
    certify(product, D(2024, 5, 1), stars=3)
    after = {
        code: (i.value, i.numerator, i.denominator)
        for code, i in kpis(D(2025, 12, 31), plan_territory()).items()
    }
    assert after == before
    # the merged province counts it, labelled as reference, without a status
    merged = kpis(D(2025, 12, 31), units.current("44"))
    assert merged["T1"].value == before["T1"][0] + 1
    assert {i.status for i in merged.values()} == {"outside"}


def test_the_report_command_defaults_to_the_territory(history):  # noqa: F811
    out = StringIO()
    call_command("kpi_report", "--as-of", "2025-12-31", stdout=out)
    data = json.loads(out.getvalue())
    assert data["T1"]["standing"] == "territory"
    assert data["T1"]["status"] == "not_met"  # after the deadline: "Không đạt"


def test_a_commune_report_shows_no_province_status(history, cast, units):  # noqa: F811
    khe_sanh = units.current("19429")
    SalesPoint.objects.create(
        name="Điểm bán OCOP Hướng Hóa",
        kind="showroom",
        address="x",
        unit=units.legacy("465"),
        operator="HTX",
        opened_on=D(2024, 1, 1),
        created_by=cast["province_staff"],
    )
    commune = kpis(D(2025, 12, 31), khe_sanh)
    assert {i.status for i in commune.values()} == {"contribution"}
    # T10: the commune's own sales points (none), not its former district's
    assert commune["T10"].value == 0 and commune["T10"].unit_label == "điểm bán"
    # an old district is judged on its own T10 number only
    district = kpis(D(2025, 12, 31), units.legacy("465"))
    assert district["T10"].status == "met" and district["T10"].value == 1
    assert district["T1"].status == "contribution"


def test_dong_ha_needs_eight_sales_points(history, cast, units):  # noqa: F811
    for n in range(3):
        SalesPoint.objects.create(
            name=f"Điểm bán {n}",
            kind="showroom",
            address="x",
            unit=units.legacy("461"),
            operator="HTX",
            opened_on=D(2024, 1, 1),
            created_by=cast["province_staff"],
        )
    dong_ha = kpis(D(2025, 12, 31), units.legacy("461"))["T10"]
    assert (dong_ha.value, dong_ha.extra["needed"], dong_ha.status) == (3, 8, "not_met")
    assert kpis(D(2024, 12, 31), units.legacy("461"))["T10"].status == "behind"


def test_t6_is_judged_on_both_shares(history, units):  # noqa: F811
    t6 = kpis(D(2025, 12, 31), plan_territory())["T6"]
    # 1 cooperative of 3 (33,3 % < 40 %) and no classified SME: both parts fail
    assert t6.extra["cooperative_status"] == "not_met"
    assert t6.extra["enterprise_status"] == "not_met"
    assert t6.status == "not_met"


def test_the_report_form_offers_both_provinces_labelled(client_for, units):
    page = client_for("province_staff").get("/reports/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Kế hoạch 180" in text and "Quảng Bình" in text


def test_every_target_page_opens_for_the_territory_and_a_commune(history, client_for, units):  # noqa: F811
    client = client_for("province_staff")
    for unit in (plan_territory(), units.current("19429")):
        for n in range(1, 12):
            page = client.get(f"/dashboard/T{n}/", {"as_of": "2025-12-31", "unit": unit.pk})
            assert page.status_code == 200, (unit, n)
    dashboard = client.get(
        "/dashboard/", {"as_of": "2025-12-31", "unit": units.current("19429").pk}
    )
    assert 'data-testid="standing-note"' in dashboard.content.decode()


def test_a_registry_number_is_kept_and_text_is_refused(client_for, units, cast):
    from reports.models import ReportJob

    client = client_for("province_staff")
    territory = plan_territory()
    refused = client.post(
        "/reports/",
        {"unit": territory.pk, "as_of": "2025-12-31", "format": "xlsx", "number": "12a"},
    )
    assert refused.status_code == 200 and "Chỉ nhập số" in refused.content.decode()
    assert not ReportJob.objects.exists()
    client.post(
        "/reports/",
        {"unit": territory.pk, "as_of": "2025-12-31", "format": "xlsx", "number": "125"},
    )
    job = ReportJob.objects.get()
    assert job.number == "125"
    listing = client.get("/reports/").content.decode()
    assert "trước sắp xếp" in listing


@pytest.mark.django_db
def test_the_dashboard_scope_shows_the_territory_its_figures_are_for(client_for):
    # The select and the heading agree: plan 180's territory, not the merged province.
    response = client_for("leader").get("/dashboard/")
    assert response.context["form"]["unit"].value() == response.context["unit"].pk
    assert response.context["unit"].valid_to is not None
