"""Printing, defaults and accessibility, in real Chromium.

axe-core (vendored from npm in tests/browser/vendor/axe-core, never served by the portal) scans
each role's main pages; a serious or critical finding fails the test with its rule, the page and
the elements concerned.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import CHROMIUM_ARGS  # noqa: F401  (the same browser settings)
from tests.conftest import PASSWORD
from tests.evaluation.helpers import make_dossier, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"

# Each role's main pages: home, its lists and the pages of its most frequent work.
MAIN_PAGES = {
    "province_staff": [
        "/",
        "/inbox/",
        "/products/",
        "/subjects/",
        "/ideas/",
        "/plans/",
        "/evaluation/certificates/",
        "/evaluation/rounds/",
        "/evaluation/rounds/{round}/",
        "/evaluation/councils/",
        "/evaluation/councils/{council}/",
        "/evaluation/dossiers/{dossier}/",
        "/dashboard/",
        "/reports/",
        "/units/",
    ],
    "leader": ["/", "/dashboard/", "/reports/", "/products/", "/subjects/craft-villages/"],
    "district_a": ["/", "/ideas/", "/plans/", "/support/"],
    "commune_a": ["/", "/ideas/new/", "/products/new/", "/promotion/sales-points/"],
    "council_member": ["/", "/evaluation/rounds/", "/evaluation/criteria/"],
    "anonymous": ["/accounts/login/", "/catalogue/"],
}


def _context(browser, live_server):
    # The portal's Content-Security-Policy refuses inline scripts, which is how axe is put in
    # the page: the test context (only) sets it aside.
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        base_url=live_server.url,
        bypass_csp=True,
    )
    context.set_default_timeout(15_000)
    return context


def _log_in(context, username):
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")
    return page


def _axe_findings(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
        }"""
    )
    return [v for v in result if v["impact"] in {"serious", "critical"}]


def test_axe_finds_nothing_serious_on_each_roles_main_pages(browser, live_server, cast, units):
    round_ = make_round(cast, units)
    dossier = make_dossier(cast, units, round_)
    factories.idea(cast["commune_a"], units.current("19429"))
    values = {"round": round_.pk, "council": round_.council_id, "dossier": dossier.pk}

    findings = []
    for actor, paths in MAIN_PAGES.items():
        context = _context(browser, live_server)
        page = (
            context.new_page() if actor == "anonymous" else _log_in(context, cast[actor].username)
        )
        for path in paths:
            url = path.format(**values)
            response = page.goto(url)
            assert response.status == 200, f"{actor} {url}: {response.status}"
            findings += [
                f"{actor} {url}: {v['impact']} {v['id']} ({v['help']}) {v['nodes']}"
                for v in _axe_findings(page)
            ]
        context.close()
    assert not findings, "\n".join(findings)


def test_the_product_list_prints_without_navigation_and_with_address_and_date(cast, units, login):
    maker = factories.subject(units.current("19429"), name="HTX Nông sản Khe Sanh")
    factories.product(cast["commune_a"], maker, name="Cà phê rang xay Khe Sanh")
    page = login(cast["province_staff"].username)
    page.goto("/products/?sort=-name")
    expect(page.locator("nav.navbar")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.locator("main form[method=get]")).to_be_hidden()  # the filters
    expect(page.get_by_label("Ngôn ngữ")).to_be_hidden()
    expect(page.get_by_role("link", name="Xuất XLSX")).to_be_hidden()
    expect(page.locator("footer.site-footer")).to_be_hidden()
    expect(page.get_by_role("cell", name="Cà phê rang xay Khe Sanh")).to_be_visible()
    footer = page.locator(".print-footer")
    expect(footer).to_be_visible()
    expect(footer).to_contain_text("/products/?sort=-name")
    expect(footer).to_contain_text("In ngày")
    # the table fits the width of an A4 landscape page (297 mm less margins, at 96 dpi)
    page.set_viewport_size({"width": 1032, "height": 700})
    table = page.locator("table.list-table").bounding_box()
    assert table["width"] <= 1032
    code = page.get_by_role("cell", name="44-19429-001-2026")
    assert code.bounding_box()["height"] < 30  # the product code on one line
    pdf = page.pdf(format="A4", landscape=True)
    assert pdf.startswith(b"%PDF-")


def test_the_leaders_report_form_opens_with_the_province_and_today(cast, units, login):
    page = login(cast["leader"].username)
    for path in ("/reports/", "/dashboard/"):
        page.goto(path)
        # the province (the plan's territory by default), never an empty choice
        expect(page.locator("#id_unit option:checked")).to_contain_text("Tỉnh Quảng Trị")
        expect(page.locator("#id_as_of")).not_to_have_value("")
