"""Each indicator on a hand-built history: dates before and after events, scopes, the end of
2025 and the July 2025 change of units."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from evaluation.models import Certificate, CouncilSeat
from promotion.models import SalesChannel, SalesPoint
from reports.kpi import compute
from reports.models import Activity
from subjects.models import Attendance, CraftVillage, TrainingCourse
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date


def certify(product, day, *, stars=3, kind="first", expires=None, **extra):
    return Certificate.objects.create(
        product=product,
        stars=stars,
        level="province",
        evaluation_type=kind,
        decision_number=f"{product.pk}-{day.isoformat()}",
        decision_date=day,
        issued_on=day,
        expires_on=expires or day.replace(year=day.year + 3),
        source="imported",
        **extra,
    )


@pytest.fixture
def history(cast, units):
    """Khe Sanh (old Hướng Hóa) and Cam Lộ (old Cam Lộ), before and after July 2025."""
    khe_sanh_old, khe_sanh = units.legacy("19429"), units.current("19429")
    cam_lo = units.current("19597")
    coop = factories.subject(khe_sanh, legal_form="cooperative", legacy_commune=khe_sanh_old)
    enterprise = factories.subject(cam_lo, legal_form="enterprise")
    household = factories.subject(cam_lo, legal_form="household")
    officer = cast["commune_a"]
    products = {
        "old": factories.product(officer, coop, name="Công nhận 2021"),
        "new2023": factories.product(officer, coop, name="Công nhận 2023"),
        "five": factories.product(cast["commune_b"], enterprise, name="Năm sao"),
        "tour": factories.product(cast["commune_b"], household, name="Du lịch", set_code="VI.1"),
    }
    household.legal_form = "household"
    certify(products["old"], D(2021, 5, 1))
    certify(products["old"], D(2024, 6, 1), stars=4, kind="upgrade")
    certify(products["new2023"], D(2023, 3, 1))
    certify(products["five"], D(2022, 9, 1), stars=4)
    certify(products["five"], D(2025, 1, 15), stars=5, kind="upgrade")
    certify(products["tour"], D(2025, 10, 20))
    return {
        "units": units,
        "products": products,
        "coop": coop,
        "enterprise": enterprise,
        "household": household,
    }


def kpis(as_of, unit):
    return {i.code: i for i in compute(as_of, unit)}


def test_t1_counts_first_recognitions_within_the_period(history, units):
    province = units.legacy("45")  # plan 180's territory
    assert kpis(D(2021, 12, 31), province)["T1"].value == 0
    assert kpis(D(2023, 12, 31), province)["T1"].value == 2  # new2023 and five (2022)
    end = kpis(D(2025, 12, 31), province)["T1"]
    assert end.value == 3 and end.status == "not_met"  # the 2021 product is not "new"
    assert set(end.records["products"]) == {
        history["products"][k].pk for k in ("new2023", "five", "tour")
    }


def test_t1_in_an_old_district_and_in_a_new_commune(history, units):
    assert kpis(D(2025, 12, 31), units.legacy("465"))["T1"].value == 1  # Hướng Hóa
    assert kpis(D(2025, 12, 31), units.legacy("468"))["T1"].value == 2  # Cam Lộ
    assert kpis(D(2025, 12, 31), units.current("19429"))["T1"].value == 1


def test_t2_and_t3_count_valid_holdings_on_the_day(history, units):
    province = units.legacy("45")  # plan 180's territory
    assert kpis(D(2025, 1, 14), province)["T2"].value == 0
    assert kpis(D(2025, 1, 15), province)["T2"].value == 1
    assert kpis(D(2025, 10, 19), province)["T3"].value == 0
    after = kpis(D(2025, 12, 31), province)
    assert after["T3"].value == 1 and after["T3"].status == "met"
    assert after["T2"].status == "not_met"  # 1 of the 2–3 at the deadline: "Không đạt"


def test_t4_share_of_earlier_products_renewed(history, units):
    province = units.legacy("45")  # plan 180's territory
    before = kpis(D(2024, 5, 31), province)["T4"]
    assert (before.numerator, before.denominator, before.value) == (0, 1, 0)
    after = kpis(D(2024, 6, 1), province)["T4"]
    assert (after.numerator, after.denominator, float(after.value)) == (1, 1, 100.0)
    assert after.status == "met"


def test_t5_new_cooperatives_per_year(history, units):
    province = units.legacy("45")  # plan 180's territory
    t5 = kpis(D(2023, 12, 31), province)["T5"]
    # the cooperative's first recognition was 2021, before the period: not a new one
    assert t5.value == 0 and t5.extra["per_year"] == {"2022": 0, "2023": 0}


def test_t6_t7_t9_shares_of_ocop_subjects(history, cast, units):
    province = units.legacy("45")  # plan 180's territory
    coop = history["coop"]
    coop.green_chain_status = "achieved"
    coop.green_chain_since = D(2024, 1, 1)
    coop.green_chain_evidence = "Liên kết vùng nguyên liệu"
    coop.save()
    SalesChannel.objects.create(
        subject=coop,
        kind="ecommerce",
        name="Postmart",
        url="https://postmart.vn",
        started_on=D(2024, 3, 1),
        evidence="HĐ",
        created_by=cast["province_staff"],
    )
    end = kpis(D(2025, 12, 31), province)
    assert (end["T6"].numerator, end["T6"].denominator) == (1, 3)
    # the enterprise's size is not recorded: not an SME yet, shown as not classified
    assert end["T6"].extra["enterprise_share"] == 0
    assert end["T6"].extra["unclassified_enterprises"] == 1
    # a green chain without a raw-material area does not count ("gắn với vùng nguyên liệu")
    assert end["T7"].numerator == 0
    from subjects.models import RawMaterialArea

    area = RawMaterialArea.objects.create(name="Vùng cà phê Khe Sanh", hectares=120)
    area.subjects.add(coop)
    enterprise = history["enterprise"]
    enterprise.sme_size = "small"
    enterprise.save()
    end = kpis(D(2025, 12, 31), province)
    assert end["T6"].extra["enterprise_share"] == pytest.approx(33.3)
    assert end["T6"].extra["unclassified_enterprises"] == 0
    assert (end["T7"].numerator, end["T7"].denominator) == (1, 3)
    assert (end["T9"].numerator, end["T9"].denominator) == (1, 3)
    assert kpis(D(2023, 12, 31), province)["T7"].numerator == 0  # chain from 2024
    assert kpis(D(2024, 2, 28), province)["T9"].numerator == 0  # channel from March 2024


def test_t8_traditional_craft_villages_with_an_ocop_subject(history, units):
    village = CraftVillage(
        name="Làng nghề A",
        commune=units.current("19429"),
        traditional=True,
        recognised_on=D(2010, 1, 1),
    )
    village.save()
    village.subjects.add(history["coop"])
    other = CraftVillage(name="Làng nghề B", commune=units.current("19597"), traditional=True)
    other.save()
    t8 = kpis(D(2025, 12, 31), units.legacy("45"))["T8"]
    assert (t8.numerator, t8.denominator, float(t8.value)) == (1, 2, 50.0)
    assert kpis(D(2025, 12, 31), units.legacy("465"))["T8"].value == 100


def test_t10_sales_points_per_district(history, cast, units):
    SalesPoint.objects.create(
        name="Điểm bán Khe Sanh",
        kind="showroom",
        address="x",
        unit=units.current("19429"),
        operator="HTX",
        opened_on=D(2024, 1, 1),
        created_by=cast["province_staff"],
    )
    t10 = kpis(D(2025, 12, 31), units.legacy("45"))["T10"]
    assert (t10.numerator, t10.denominator) == (1, 10)
    district = kpis(D(2025, 12, 31), units.legacy("465"))["T10"]
    assert district.status == "met"
    assert kpis(D(2023, 12, 31), units.legacy("465"))["T10"].status == "behind"


def test_t11_trained_officials_and_leaders(history, cast, units):
    course = TrainingCourse.objects.create(
        topic=Activity.objects.get(code="6.6"),
        title="Tập huấn cán bộ OCOP",
        starts_on=D(2024, 5, 1),
        ends_on=D(2024, 5, 2),
        organiser="Chi cục PTNT",
        unit=units.current("44"),
        created_by=cast["province_staff"],
    )
    Attendance.objects.create(
        course=course, person_name="A", role="commune_officer", user=cast["commune_a"]
    )
    Attendance.objects.create(
        course=course, person_name="B", role="subject_leader", subject=history["coop"]
    )
    t11 = kpis(D(2025, 12, 31), units.legacy("45"))["T11"]
    seats = CouncilSeat.objects.count()
    # 2 commune officers + council seats in the province + 3 OCOP subjects' leaders
    assert t11.denominator == 2 + seats + 3
    assert t11.numerator == 2
    assert kpis(D(2024, 4, 30), units.legacy("45"))["T11"].numerator == 0


def test_revocation_and_expiry_change_the_count_from_their_day(history, units):
    five = Certificate.objects.get(stars=5)
    five.revoked_on = D(2025, 6, 1)
    five.save()
    assert kpis(D(2025, 5, 31), units.legacy("45"))["T2"].value == 1
    assert kpis(D(2025, 6, 1), units.legacy("45"))["T2"].value == 0


def test_the_kpi_report_json_field_by_field(history):
    out = StringIO()
    call_command("kpi_report", "--as-of", "2025-12-31", stdout=out)
    data = json.loads(out.getvalue())
    assert list(data) == [f"T{n}" for n in range(1, 12)]
    assert data["T1"] == {
        "title": "Phấn đấu có thêm 100 sản phẩm OCOP được công nhận đạt từ 3 sao trở lên",
        "value": 3,
        "target": 100.0,
        "target_max": None,
        "unit": "sản phẩm",
        "status": "not_met",
        "standing": "territory",
        "numerator": 3,
        "denominator": None,
        "renewed_or_upgraded": 2,
    }
    assert data["T3"]["value"] == 1 and data["T3"]["status"] == "met"
    assert data["T4"]["value"] == 100.0 and data["T4"]["numerator"] == 1
    assert data["T4"]["denominator"] == 1
    for entry in data.values():
        assert set(entry) >= {"value", "target", "status", "numerator", "denominator"}


def test_the_kpi_report_for_an_old_district_and_as_files(history, tmp_path):
    out = StringIO()
    call_command("kpi_report", "--as-of", "2025-12-31", "--unit", "465", stdout=out)
    assert json.loads(out.getvalue())["T1"]["value"] == 1
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    call_command(
        "kpi_report",
        "--as-of",
        "2025-12-31",
        "--format",
        "pdf",
        "--output",
        str(pdf),
        stdout=StringIO(),
    )
    call_command(
        "kpi_report",
        "--as-of",
        "2025-12-31",
        "--format",
        "xlsx",
        "--output",
        str(xlsx),
        stdout=StringIO(),
    )
    assert pdf.read_bytes().startswith(b"%PDF")
    from openpyxl import load_workbook

    assert load_workbook(xlsx).sheetnames[:3] == ["Tổng hợp", "Chỉ tiêu 1", "Chỉ tiêu 2"]


def test_the_dashboard_and_the_drill_down(history, client_for):
    client = client_for("leader")
    response = client.get("/dashboard/", {"as_of": "2025-12-31"})
    assert response.status_code == 200
    assert [i.code for i in response.context["indicators"]][:2] == ["T1", "T2"]
    detail = client.get("/dashboard/T1/", {"as_of": "2025-12-31"})
    assert "Công nhận 2023" in detail.content.decode()


def test_province_staff_edit_a_target_with_history(cast, client_for):
    from reports.models import Target

    target = Target.objects.get(code="T10")
    response = client_for("province_staff").post(
        f"/plan/targets/{target.pk}/",
        {
            "title": target.title,
            "definition": target.definition,
            "target_min": "90",
            "unit": target.unit,
            "deadline": "2025-12-31",
            "legal_source": target.legal_source,
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.target_min == 90
    assert target.history.first().history_user == cast["province_staff"]
    assert client_for("leader").get(f"/plan/targets/{target.pk}/").status_code == 403


def test_t11_counts_people_without_accounts_and_the_people_of_the_date(history, cast, units):
    """2023: the old commune's officer (no account) counts, today's officers of the new
    communes (from 1/7/2025) do not; a producer with only a submitted idea is a leader to
    train."""
    from django.utils import timezone

    from accounts.models import Role
    from accounts.services import person_assign
    from products.models import ProductIdea

    old_officer = person_assign(
        full_name="Hồ Văn Lâm",
        role=Role.COMMUNE_OFFICER,
        unit=units.legacy("19429"),
        valid_from=D(2022, 1, 1),
        valid_to=D(2025, 6, 30),
    )
    course = TrainingCourse.objects.create(
        topic=Activity.objects.get(code="6.6"),
        title="Tập huấn cán bộ xã",
        starts_on=D(2023, 5, 1),
        ends_on=D(2023, 5, 2),
        organiser="Chi cục PTNT",
        unit=units.current("44"),
        created_by=cast["province_staff"],
    )
    Attendance.objects.create(
        course=course,
        person_name=old_officer.full_name,
        role="commune_officer",
        assignment=old_officer,
    )
    newcomer = factories.subject(units.current("19597"), legal_form="household")
    idea = ProductIdea.objects.create(
        commune=units.current("19597"),
        proposer_subject=newcomer,
        product_name="Ý tưởng",
        product_set=history["products"]["new2023"].product_set,
        description="x",
        year=2023,
        status="submitted",
        submitted_at=timezone.make_aware(datetime.datetime(2023, 4, 1, 9)),
        created_by=cast["commune_b"],
    )
    assert idea.pk
    province = units.legacy("45")  # plan 180's territory
    t11 = kpis(D(2023, 12, 31), province)["T11"]
    # officials: the old officer only (seats and today's officers start on 1/7/2025);
    # leaders: coop (2021, 2023), enterprise (2022) and the idea's producer
    assert t11.extra["officials"] == 1 and t11.extra["officials_trained"] == 1
    assert t11.records["assignments"] == [old_officer.pk]
    assert t11.extra["leaders"] == 3
    assert (t11.numerator, t11.denominator) == (1, 4)
    later = kpis(D(2025, 12, 31), province)["T11"]
    assert old_officer.pk not in later.records["assignments"]
    assert later.extra["officials"] == 2 + CouncilSeat.objects.count()


def test_the_t11_page_lists_people_without_accounts(history, cast, units, client_for):
    from accounts.models import Role
    from accounts.services import person_assign

    person = person_assign(
        full_name="Lê Thị Hoa",
        role=Role.COMMUNE_OFFICER,
        unit=units.current("19429"),
        valid_from=D(2025, 7, 1),
    )
    course = TrainingCourse.objects.create(
        topic=Activity.objects.get(code="6.6"),
        title="Tập huấn",
        starts_on=D(2025, 8, 1),
        ends_on=D(2025, 8, 1),
        organiser="Chi cục PTNT",
        unit=units.current("44"),
        created_by=cast["province_staff"],
    )
    Attendance.objects.create(
        course=course, person_name=person.full_name, role="commune_officer", assignment=person
    )
    page = client_for("province_staff").get(
        "/dashboard/T11/", {"as_of": "2025-12-31", "unit": units.current("44").pk}
    )
    assert page.status_code == 200
    assert "Lê Thị Hoa" in page.content.decode()


# --- SME size classes (Nghị định 80/2021/NĐ-CP, Điều 5: subjects/sme.py) --------------------

BILLION = 1_000_000_000


@pytest.mark.parametrize(
    "sector, labour, revenue, capital, size",
    [
        # agriculture and industry: micro ≤ 10 workers and ≤ 3 tỷ revenue or capital
        ("agriculture_industry", 10, 3 * BILLION, None, "micro"),
        ("agriculture_industry", 10, 3 * BILLION + 1, 3 * BILLION, "micro"),  # capital is enough
        ("agriculture_industry", 11, 1 * BILLION, None, "small"),  # labour over the micro limit
        ("agriculture_industry", 10, 3 * BILLION + 1, None, "small"),
        ("agriculture_industry", 100, 50 * BILLION, None, "small"),
        ("agriculture_industry", 101, 50 * BILLION, None, "medium"),
        ("agriculture_industry", 200, None, 100 * BILLION, "medium"),
        ("agriculture_industry", 201, 1 * BILLION, None, "large"),
        ("agriculture_industry", 200, 200 * BILLION + 1, 100 * BILLION + 1, "large"),
        # trade and services: micro up to 10 tỷ revenue, small ≤ 50 workers, medium ≤ 100
        ("trade_services", 10, 10 * BILLION, None, "micro"),
        ("trade_services", 50, 100 * BILLION, None, "small"),
        ("trade_services", 51, 100 * BILLION, None, "medium"),
        ("trade_services", 100, 300 * BILLION, None, "medium"),
        ("trade_services", 101, 1 * BILLION, None, "large"),
        # not enough to decide: "chưa phân loại"
        ("", 5, 1 * BILLION, None, ""),
        ("trade_services", None, 1 * BILLION, None, ""),
        ("trade_services", 5, None, None, ""),
    ],
)
def test_sme_size_at_the_thresholds(sector, labour, revenue, capital, size):
    from subjects.sme import classify_figures

    assert classify_figures(sector, labour, revenue, capital, day=D(2025, 12, 31)) == size


def test_t6_classifies_enterprises_from_their_figures_and_keeps_a_recorded_class(
    history, cast, units
):
    from subjects.sme import version_on

    province = units.legacy("45")
    enterprise = history["enterprise"]
    before = kpis(D(2025, 12, 31), province)["T6"]
    assert before.extra["unclassified_enterprises"] == 1 and before.extra["enterprises"] == 0
    assert "Nghị định 80/2021/NĐ-CP" in before.extra["sme_source"]
    assert version_on(D(2025, 12, 31)).code == "nd80-2021"
    # 150 insured workers, 120 tỷ revenue, in agriculture: a medium enterprise
    enterprise.sme_sector = "agriculture_industry"
    enterprise.insured_labour = 150
    enterprise.annual_revenue = 120 * BILLION
    enterprise.save()
    t6 = kpis(D(2025, 12, 31), province)["T6"]
    assert (t6.extra["enterprises"], t6.extra["unclassified_enterprises"]) == (1, 0)
    # 250 workers: a large enterprise, not an SME, and not "unclassified" either
    enterprise.insured_labour = 250
    enterprise.save()
    t6 = kpis(D(2025, 12, 31), province)["T6"]
    assert (t6.extra["enterprises"], t6.extra["unclassified_enterprises"]) == (0, 0)
    assert t6.extra["other_enterprises"] == 1
    # a class recorded by hand overrides the figures
    enterprise.sme_size = "small"
    enterprise.save()
    assert kpis(D(2025, 12, 31), province)["T6"].extra["enterprises"] == 1
