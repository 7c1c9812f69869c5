"""A leader requests the province's KPI report, waits for it and downloads the PDF."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_requests_waits_for_and_downloads_a_report(cast, units, login):
    page = login(cast["leader"].username)
    page.get_by_role("button", name="Kế hoạch 180").click()
    page.get_by_role("link", name="Báo cáo chỉ tiêu", exact=True).click()
    # plan 180's territory (old Quảng Trị) is the default scope, labelled as such
    expect(page.locator("#id_unit option:checked")).to_contain_text("trước sắp xếp")
    page.locator("#id_as_of").fill("2025-12-31")
    page.locator("#id_format").select_option("pdf")
    page.get_by_role("button", name="Lập báo cáo").click()
    expect(page.get_by_test_id("report-state")).to_have_text("Báo cáo đã sẵn sàng.", timeout=60_000)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải về").click()
    download = download_info.value
    assert download.suggested_filename == "bao-cao-ocop-20251231.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    page.goto("/reports/")
    expect(page.get_by_role("cell", name="Tỉnh Quảng Trị")).to_be_visible()
