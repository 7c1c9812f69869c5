"""The user guide: one manual per role in both languages, every screenshot a manual names is
taken by a browser journey (and present), each role reaches its manual from the menu, pages
link to their section, and each manual prints as a PDF with cover, contents and page numbers."""

import re
import subprocess
from pathlib import Path

import pytest

from guide import manuals

ROOT = Path(__file__).resolve().parents[2]
JOURNEYS = ROOT / "tests" / "browser" / "test_guide_journeys.py"


def _taken_by_journeys() -> set[str]:
    return set(re.findall(r'shot\(\s*page,\s*"([a-z0-9-]+)"', JOURNEYS.read_text()))


def test_every_screenshot_a_manual_names_is_taken_by_a_journey():
    taken = _taken_by_journeys()
    for manual, names in manuals.referenced_shots().items():
        assert names, f"{manual} shows no screen"
        assert names <= taken, f"{manual} names screenshots no journey takes: {names - taken}"


def test_every_screenshot_a_manual_names_is_in_the_repository():
    for manual, names in manuals.referenced_shots().items():
        language = manual.split("/")[0]
        missing = {n for n in names if not (manuals.SHOTS / language / f"{n}.png").exists()}
        assert not missing, f"{manual}: run `make guide` ({sorted(missing)})"


def test_each_role_has_a_manual_in_both_languages():
    for manual in manuals.MANUALS:
        for language in ("vi", "en"):
            assert (manuals.CONTENT / language / f"{manual.slug}.md").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "slug"),
    [
        ("province_staff", "province-staff"),
        ("district_a", "district-staff"),
        ("commune_a", "commune-officer"),
        ("leader", "leader"),
        ("council_member", "council-member"),
    ],
)
def test_the_menu_opens_the_readers_own_manual(client_for, actor, slug):
    client = client_for(actor)
    home = client.get("/").content.decode()
    assert 'href="/guide/"' in home
    answer = client.get("/guide/")
    assert answer.status_code == 302 and answer["Location"] == f"/guide/{slug}/"
    page = client.get(answer["Location"]).content.decode()
    assert 'src="/static/guide/shots/vi/' in page


@pytest.mark.django_db
def test_a_page_links_to_the_section_that_explains_it(client_for):
    page = client_for("commune_a").get("/ideas/").content.decode()
    assert 'href="/guide/commune-officer/#ideas"' in page


@pytest.mark.django_db
def test_the_manuals_are_vietnamese_first_with_english_for_the_english_interface(client_for):
    client = client_for("leader")
    assert "Bảng theo dõi chỉ tiêu" in client.get("/guide/leader/").content.decode()
    client.cookies["django_language"] = "en"
    assert "The targets dashboard" in client.get("/guide/leader/").content.decode()


@pytest.mark.django_db
def test_a_manual_prints_with_cover_contents_and_page_numbers(client_for, tmp_path):
    answer = client_for("province_staff").get("/guide/commune-officer/pdf/")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    pdf = tmp_path / "manual.pdf"
    pdf.write_bytes(answer.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = text.split("\f")
    assert "HƯỚNG DẪN SỬ DỤNG" in pages[0] and "Công chức cấp xã" in pages[0]
    assert "Phiên bản" in pages[0] or "Portal version" in pages[0]
    # The contents list every section with its page number (read without layout: the dot
    # leaders would otherwise run the lines together).
    contents = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for title in ("Đăng nhập và trang chủ", "Đăng ký ý tưởng sản phẩm", "Sản phẩm"):
        assert title in contents
    assert len(re.findall(r"\.{5,}\s*\d+", contents)) == 5
    # Numbered pages after the cover, and the screenshots inside.
    assert re.search(r"^\s*3\s*$", pages[2], re.M)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "Liberation" in fonts or "Tinos" in fonts
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    assert len(images.stdout.splitlines()) > 4
