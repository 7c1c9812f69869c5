"""T10 of plan 180 asks 1–2 OCOP sales points of each district and 8–10 of Đông Hà: the range
is kept with its legal source, shown as the plan writes it (page, PDF, XLSX), and a district is
judged met at the lower end."""

import datetime
import importlib
from io import BytesIO

import pytest
from django.apps import apps
from openpyxl import load_workbook

from promotion.models import SalesPoint
from reports import documents
from reports.kpi import compute, plan_territory
from reports.models import Target
from tests.reports.test_kpi import history  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
D = datetime.date


def t10(unit):
    return next(i for i in compute(D(2025, 12, 31), unit) if i.code == "T10")


def sales_points(unit, n, staff):
    for k in range(n):
        SalesPoint.objects.create(
            name=f"Điểm bán {unit.code} {k}",
            kind="showroom",
            address="x",
            unit=unit,
            operator="HTX",
            opened_on=D(2024, 1, 1),
            created_by=staff,
        )


def cells(book):
    return {str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value}


def test_the_reference_data_keeps_each_range_with_its_source(history):  # noqa: F811
    needs = Target.objects.get(code="T10").district_targets
    assert needs["461"] == {"min": 8, "max": 10, "source": "KH 180/KH-UBND"}
    assert needs["*"] == {"min": 1, "max": 2, "source": "KH 180/KH-UBND"}


def test_a_district_is_met_at_the_lower_end_and_shown_as_a_range(history, cast, units):  # noqa: F811
    dong_ha, cam_lo = units.legacy("461"), units.legacy("464")
    sales_points(dong_ha, 8, cast["province_staff"])
    sales_points(cam_lo, 1, cast["province_staff"])
    indicator = t10(dong_ha)
    assert (indicator.value, indicator.status) == (8, "met")
    assert indicator.extra["needed"] == 8 and indicator.extra["needed_text"] == "8–10"
    assert documents.goal_text(indicator) == "8–10 điểm bán"
    rows = {row["code"]: row for row in t10(plan_territory()).extra["districts"]}
    assert (rows["461"]["needed_text"], rows["461"]["status"]) == ("8–10", "met")
    assert (rows["464"]["needed_text"], rows["464"]["status"]) == ("1–2", "met")
    assert rows["465"]["needed_text"] == "1–2" and rows["465"]["status"] != "met"


def test_the_page_and_the_files_show_the_range(history, units, client_for):  # noqa: F811
    dong_ha = units.legacy("461")
    page = client_for("leader").get(
        "/dashboard/T10/", {"unit": plan_territory().pk, "as_of": "2025-12-31"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "/ 8–10" in html and "/ 1–2" in html
    dashboard = client_for("leader").get("/dashboard/", {"unit": dong_ha.pk, "as_of": "2025-12-31"})
    assert "8–10 điểm bán" in dashboard.content.decode()
    territory_book = load_workbook(
        BytesIO(documents.render_xlsx_report(documents.build(plan_territory(), D(2025, 12, 31))))
    )
    assert {"8–10", "1–2"} <= cells(territory_book)
    district_book = load_workbook(
        BytesIO(documents.render_xlsx_report(documents.build(dong_ha, D(2025, 12, 31))))
    )
    assert "8–10" in cells(district_book)


def test_quotas_kept_as_bare_minimums_become_the_plans_ranges(history):  # noqa: F811
    target = Target.objects.get(code="T10")
    target.district_targets = {"461": 8, "*": 1}
    target.save()
    migration = importlib.import_module("reports.migrations.0006_sales_point_ranges")
    migration.ranges_from_plan(apps, None)
    target.refresh_from_db()
    assert target.district_targets["461"] == {"min": 8, "max": 10, "source": "KH 180/KH-UBND"}
    assert target.district_targets["*"]["max"] == 2
