"""The front half of the OCOP cycle in real Chromium: an idea is registered, returned with
guidance, corrected, accepted; its business plan with budget support is appraised and accepted."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.helpers import pick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_idea_returned_corrected_accepted_then_plan_appraised_and_accepted(cast, units, login):
    producer = factories.subject(units.current("19429"), name="HTX Nông sản Khe Sanh")
    officer = login(cast["commune_a"].username)
    screener = login(cast["district_a"].username)

    # 1. the commune officer registers and submits the idea
    officer.goto("/ideas/new/")
    officer.locator("#id_product_name").fill("Cà phê hòa tan Khe Sanh")
    officer.locator("#id_product_set").select_option(label="I.6 – Cà phê, ca cao")
    pick(officer, "id_proposer_subject", producer.name, producer.name)
    officer.locator("#id_description").fill("Cà phê hòa tan từ cà phê Arabica.")
    officer.get_by_role("button", name="Lưu và gửi").click()
    expect(officer.get_by_test_id("idea-status")).to_have_text("Đã gửi")
    idea_url = officer.url

    # 2. district staff find it in their inbox and return it with guidance
    screener.goto("/inbox/")
    screener.get_by_test_id("waiting").get_by_role("link", name="Cà phê hòa tan Khe Sanh").click()
    screener.get_by_role("button", name="Trả lại kèm hướng dẫn").click()
    expect(screener.get_by_text("Viết hướng dẫn cho người đăng ký")).to_be_visible()
    screener.locator("#id_guidance").fill("Bổ sung nguồn nguyên liệu và thị trường dự kiến.")
    screener.get_by_role("button", name="Trả lại kèm hướng dẫn").click()
    expect(screener.get_by_test_id("idea-status")).to_have_text("Trả lại kèm hướng dẫn")

    # 3. the officer reads the guidance, corrects and resubmits
    officer.goto(idea_url)
    expect(officer.get_by_role("note")).to_contain_text("Bổ sung nguồn nguyên liệu")
    officer.get_by_role("link", name="Sửa").click()
    officer.locator("#id_raw_material_origin").fill("Cà phê Arabica của 120 hộ xã Khe Sanh")
    officer.locator("#id_intended_market").fill("Siêu thị trong tỉnh, sàn thương mại điện tử")
    officer.get_by_role("button", name="Lưu và gửi").click()
    expect(officer.get_by_test_id("idea-status")).to_have_text("Đã gửi")

    # 4. district staff accept it
    screener.goto(idea_url)
    screener.get_by_role("button", name="Chấp nhận ý tưởng").click()
    expect(screener.get_by_test_id("idea-status")).to_have_text("Được chấp nhận")

    # 5. the officer adds a business plan with provincial-budget support
    officer.goto(idea_url)
    officer.get_by_role("link", name="Thêm phương án kinh doanh").click()
    pick(officer, "id_subject", producer.name, producer.name)
    officer.locator("#id_objectives").fill("Đạt 3 sao OCOP năm 2027")
    officer.locator("#id_production_plan").fill("5 tấn mỗi năm")
    officer.locator("#id_market_plan").fill("Điểm bán OCOP và sàn điện tử")
    officer.locator("#id_starts_on").fill("2026-03-01")
    officer.locator("#id_ends_on").fill("2027-12-31")
    officer.locator("#id_funding_provincial_budget").fill("100000000")
    officer.locator("#id_funding_own_capital").fill("50000000")
    officer.get_by_role("button", name="Lưu và gửi").click()
    expect(officer.get_by_test_id("plan-status")).to_have_text("Đã gửi")
    plan_url = officer.url

    # 6. district staff cannot accept before the appraisal; they record it, then accept
    screener.goto(plan_url)
    screener.get_by_role("button", name="Chấp nhận phương án").click()
    expect(screener.get_by_text("phải được thẩm định và đồng ý")).to_be_visible()
    screener.get_by_role("link", name="Ghi kết quả thẩm định").click()
    screener.locator("#id_appraised_by").fill("Hội đồng thẩm định huyện Hướng Hóa")
    screener.locator("#id_appraised_on").fill("2026-04-10")
    screener.locator("#id_conclusion").select_option("approved")
    screener.get_by_role("button", name="Lưu").click()
    expect(screener.get_by_test_id("appraisal")).to_contain_text("Đồng ý hỗ trợ từ ngân sách")
    screener.get_by_role("button", name="Chấp nhận phương án").click()
    expect(screener.get_by_test_id("plan-status")).to_have_text("Được chấp nhận")

    # the officer sees the news in the inbox
    officer.goto("/inbox/")
    expect(
        officer.get_by_text(re.compile("Phương án kinh doanh .* đã được chấp nhận"))
    ).to_be_visible()
