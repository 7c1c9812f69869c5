"""Every printout is a document an office can sign and send (Nghị định 30/2020): each PDF is
read back — fonts embedded (Liberation Serif), pages rendered to images with pdftoppm, no
table row split across pages (the text of each row is found on one page), signature blocks
whole, dates written as the decree writes them. Set OCOP_KEEP_PDFS=DIR to keep the files
and their page images for a person to look at."""

import datetime
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from evaluation import services
from evaluation.models import CouncilSeat, RoundStatus, SeatPosition
from tests import factories
from tests.conftest import PASSWORD
from tests.evaluation.helpers import add_members, make_round

pytestmark = pytest.mark.django_db
D = datetime.date


def _keep(name: str, data: bytes, tmp_path: Path) -> Path:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    keep = os.environ.get("OCOP_KEEP_PDFS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)
    return path


def read_pdf(name: str, data: bytes, tmp_path: Path, *, symbol_font: str = "") -> list[str]:
    """Check what every printout shares; return the text of each page."""
    assert data[:5] == b"%PDF-"
    path = _keep(name, data, tmp_path)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in fonts.stdout.splitlines()[2:] if line.strip()]
    assert rows, "no font in the PDF"
    for row in rows:
        # a symbol the document face lacks (★) may come from one named fallback
        assert any(f in row[0] for f in ("Liberation-Serif", "Tinos", symbol_font or "\0")), row
        assert row[-5] == "yes", f"font not embedded: {row}"  # the "emb" column
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    images = tmp_path / f"{name}-page"
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(images)], check=True)
    rendered = sorted(tmp_path.glob(f"{name}-page*.png"))
    assert len(rendered) == pages
    keep = os.environ.get("OCOP_KEEP_PDFS")
    if keep:
        subprocess.run(
            ["pdftoppm", "-r", "80", "-png", str(path), str(Path(keep) / name)], check=True
        )
    texts = []
    for page in range(1, pages + 1):
        out = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        texts.append(" ".join(out.split()))
    whole = " ".join(texts)
    # Dates: dd/mm/yyyy, or "ngày 05 tháng 3 năm 2026" with a zero only for 1–9 / months 1–2.
    for day, month in re.findall(r"ngày (\d+) tháng (\d+) năm \d{4}", whole):
        assert len(day) == 2, day
        assert month == (f"{int(month):02d}" if int(month) <= 2 else str(int(month))), month
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", whole), "an ISO date in a printout"
    return texts


def on_one_page(texts: list[str], *parts: str) -> bool:
    """True when every part of a row (or block) is found on the same page (spaces ignored: a
    cell may wrap its text)."""

    def squeeze(text):
        return "".join(text.split()).replace("-", "")

    pages = [squeeze(page) for page in texts]
    return any(all(squeeze(part) in page for part in parts) for page in pages)


@pytest.fixture
def closed_round(cast, units):
    """A provincial round with a chair, a secretary, three scoring members and four dossiers
    (one of a producer registered in Thị trấn Khe Sanh before July 2025), scored, closed and
    decided."""
    from evaluation.services import dossier_sheet

    round_ = make_round(cast, units)
    council = round_.council
    seat = CouncilSeat.objects.get(council=council, user=cast["council_member"])
    seat.position = SeatPosition.CHAIR
    seat.save()
    members = [cast["council_member"], *add_members(cast, council, 2)]
    from accounts.models import Role
    from accounts.services import user_create

    secretary = user_create(
        username="t.secretary",
        full_name="Lê Thư Ký",
        role=Role.COUNCIL_MEMBER,
        unit=None,
        password=PASSWORD,
    )
    CouncilSeat.objects.create(
        council=council,
        user=secretary,
        position=SeatPosition.SECRETARY,
        term_start=council.term_start,
    )
    dossiers = []
    for n, name in enumerate(["Cà phê bột Khe Sanh", "Tiêu Cùa", "Mật ong rừng", "Trà Gừng"]):
        subject = factories.subject(
            units.current("19429"),
            name=f"HTX Sản xuất số {n + 1}",
            legacy_commune=units.legacy("19429") if n == 0 else None,
        )
        product = factories.product(cast["commune_a"], subject, name=name)
        dossiers.append(
            services.dossier_create(
                actor=cast["province_staff"],
                round_=round_,
                product=product,
                evaluation_type="first",
                representative="Nguyễn Văn A",
            )
        )
    from tests.evaluation.helpers import complete_steps

    for dossier in dossiers:  # intake and Mẫu 03, required before scoring
        complete_steps(cast, dossier)
    services.round_advance(actor=cast["province_staff"], round_=round_, to=RoundStatus.OPEN)
    services.round_advance(actor=cast["province_staff"], round_=round_, to=RoundStatus.SCORING)
    for i, dossier in enumerate(dossiers):
        for member in members:
            for criterion in dossier_sheet(dossier).criteria.prefetch_related("options"):
                ranked = sorted(criterion.options.all(), key=lambda o: o.points, reverse=True)
                option = ranked[min(i // 2, len(ranked) - 1)]
                services.sheet_answer(
                    member=member, dossier=dossier, criterion_id=criterion.pk, option_id=option.pk
                )
            services.sheet_submit(member=member, dossier=dossier)
        services.dossier_close_scoring(chair=members[0], dossier=dossier)
    services.round_advance(actor=cast["province_staff"], round_=round_, to=RoundStatus.CLOSED)
    decision = services.decision_issue(
        actor=cast["province_staff"],
        round_=round_,
        number="2050/QĐ-UBND",
        date=D(2026, 12, 5),
        signer="Phó Chủ tịch UBND tỉnh",
    )
    return {"round": round_, "members": members, "dossiers": dossiers, "decision": decision}


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_the_member_sheet_has_parts_subtotals_and_a_whole_signature(closed_round, tmp_path):
    member = closed_round["members"][1]
    dossier = closed_round["dossiers"][0]
    response = _client(member).get(f"/evaluation/dossiers/{dossier.pk}/score/pdf/")
    assert response.status_code == 200
    texts = read_pdf("member-sheet", response.content, tmp_path)
    whole = " ".join(texts)
    for part in ("Phần A", "Phần B", "Phần C"):
        assert part in whole
    assert whole.count("Cộng phần") == 3
    assert whole.count("TỔNG ĐIỂM") == 1  # the total once, not on every page
    assert "In phiếu để ký" in whole and "Ngày đánh giá" in whole
    assert on_one_page(texts, "THÀNH VIÊN HỘI ĐỒNG", member.full_name)
    sheet = services.dossier_sheet(dossier)
    for criterion in sheet.criteria.all():
        words = " ".join(criterion.name.split()[:4])
        assert on_one_page(texts, criterion.code, words), criterion.code


def test_the_council_summary_and_minutes_print(closed_round, cast, tmp_path):
    round_ = closed_round["round"]
    client = _client(cast["province_staff"])
    summary = client.get(f"/evaluation/rounds/{round_.pk}/summary.pdf")
    texts = read_pdf("council-summary", summary.content, tmp_path)
    whole = " ".join(texts)
    assert "HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG" in whole and "SẢN PHẨM OCOP CẤP TỈNH" in whole
    assert len(texts) == 1  # header and table on one landscape page, no blank page
    assert "Đạt, đề nghị công nhận" in whole
    assert on_one_page(texts, "THƯ KÝ HỘI ĐỒNG", "CHỦ TỊCH HỘI ĐỒNG", "Lê Thư Ký")
    assert "Nơi nhận:" in whole and "Các thành viên Hội đồng" in whole
    # a member seated after scoring started is not on this round's roster, nor in its minutes
    from accounts.models import Role
    from accounts.services import user_create

    later = user_create(
        username="t.later",
        full_name="Phan Văn Đến Sau",
        role=Role.COUNCIL_MEMBER,
        unit=None,
        password=PASSWORD,
    )
    CouncilSeat.objects.create(
        council=round_.council,
        user=later,
        position=SeatPosition.MEMBER,
        term_start=round_.scoring_opens,
    )
    minutes = client.get(f"/evaluation/rounds/{round_.pk}/minutes.pdf")
    assert minutes.status_code == 200
    texts = read_pdf("council-minutes", minutes.content, tmp_path)
    whole = " ".join(texts)
    assert "BIÊN BẢN" in whole and "THÀNH PHẦN" in whole and "KẾT LUẬN" in whole
    assert "Lê Thư Ký" in whole and "Có mặt" in whole
    assert "Phan Văn Đến Sau" not in whole
    roster = round_.roster.filter(removed_on__isnull=True)
    for entry in roster:
        assert entry.member.full_name in whole
    assert f"Số thành viên có mặt: {roster.count() + 1}/{roster.count() + 1}" in whole
    assert "Nơi nhận:" in whole
    for dossier in closed_round["dossiers"]:
        assert on_one_page(texts, dossier.product.name, dossier.product.subject.name)
    assert on_one_page(texts, "KẾT LUẬN", "THƯ KÝ HỘI ĐỒNG", "CHỦ TỊCH HỘI ĐỒNG")


def test_the_decision_annex_names_the_chair_and_where_each_producer_stood(
    closed_round, cast, tmp_path
):
    round_ = closed_round["round"]
    response = _client(cast["province_staff"]).get(
        f"/evaluation/rounds/{round_.pk}/decision/annex.pdf"
    )
    texts = read_pdf("decision-annex", response.content, tmp_path)
    whole = " ".join(texts)
    assert "ỦY BAN NHÂN DÂN" in whole and "TỈNH QUẢNG TRỊ" in whole
    assert "của Chủ tịch UBND tỉnh Quảng Trị" in whole
    assert "ngày 05 tháng 12 năm 2026" in whole
    for certificate in closed_round["decision"].certificates.all():
        assert on_one_page(texts, certificate.product.name, certificate.number)
    # signed by a Phó Chủ tịch (the decision says so): "KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH"
    assert on_one_page(texts, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


def test_the_certificate_names_its_signer_under_the_title_and_its_authority_in_bold(
    closed_round, cast, tmp_path
):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from evaluation.certificate_pdf import certificate_facts, signer_lines

    assert signer_lines("province", "Phó Chủ tịch UBND tỉnh, Hoàng Nam") == {
        "authority": "KT. CHỦ TỊCH",
        "title": "PHÓ CHỦ TỊCH",
        "name": "Hoàng Nam",
    }
    assert signer_lines("province", "Phó Chủ tịch UBND tỉnh")["name"] == ""
    assert signer_lines("province", "Võ Văn Hưng") == {
        "authority": "",
        "title": "CHỦ TỊCH",
        "name": "Võ Văn Hưng",
    }
    assert signer_lines("province", "Chủ tịch – Võ Văn Hưng")["name"] == "Võ Văn Hưng"
    assert signer_lines("central", "Thứ trưởng Trần Thanh Nam")["authority"] == "KT. BỘ TRƯỞNG"
    decision = closed_round["decision"]
    decision.signer = "Phó Chủ tịch UBND tỉnh, Hoàng Nam"
    decision.save()
    certificate = decision.certificates.first()
    facts = certificate_facts(certificate, RequestFactory().get("/"))
    html = render_to_string("evaluation/pdf/certificate.html", {"certificates": [facts]})
    assert "<strong>ỦY BAN NHÂN DÂN</strong><br><strong>TỈNH QUẢNG TRỊ</strong>" in html
    response = _client(cast["province_staff"]).get(
        f"/evaluation/certificates/{certificate.pk}/pdf/"
    )
    texts = read_pdf("certificate", response.content, tmp_path, symbol_font="DejaVu")
    assert on_one_page(texts, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hoàng Nam")
    whole = texts[0]
    assert whole.index("PHÓ CHỦ TỊCH") < whole.index("Hoàng Nam")


def test_qr_labels_fill_the_first_page(closed_round, cast, tmp_path):
    subject = closed_round["dossiers"][0].product.subject
    # three valid certificates: 3 × 6 = 18 labels
    for name in ("Cà phê hạt", "Cà phê hòa tan", "Cà phê phin giấy"):
        product = factories.product(cast["commune_a"], subject, name=name)
        from evaluation.models import Certificate

        Certificate.objects.create(
            product=product,
            stars=3,
            level="province",
            decision_number="1/QĐ",
            decision_date=D(2025, 9, 1),
            issued_on=D(2025, 9, 1),
            expires_on=D(2028, 9, 1),
            source="imported",
        )
    response = _client(cast["province_staff"]).get(f"/promotion/qr-labels/{subject.pk}/")
    assert response.status_code == 200
    texts = read_pdf("qr-labels", response.content, tmp_path)
    labels = texts[0].count("Quét mã để kiểm tra")
    assert labels >= 18  # the first page holds 18 labels, none left blank below 6
    assert len(texts) == 1 or texts[1].count("Quét mã") < labels


def test_the_kpi_report_prints_to_the_decree(closed_round, tmp_path, units):
    from reports import documents
    from reports.kpi import plan_territory

    report = documents.build(plan_territory(), D(2025, 12, 31))
    texts = read_pdf("kpi-report", documents.render(report, "pdf"), tmp_path)
    whole = " ".join(texts)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in whole and "Độc lập - Tự do - Hạnh phúc" in whole
    assert "Số: /BC-SNNMT" in whole  # the registry fills the number in
    assert "trước sắp xếp" in whole
    assert "Nơi nhận:" in whole and "PHÓ GIÁM ĐỐC" in whole
    assert on_one_page(texts, "Nơi nhận:", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    numbered = documents.build(plan_territory(), D(2025, 12, 31), number="125")
    assert "Số: 125/BC-SNNMT" in " ".join(
        read_pdf("kpi-report-numbered", documents.render(numbered, "pdf"), tmp_path)
    )


def test_the_criteria_sheet_prints_in_the_document_font(client_for, tmp_path):
    response = client_for("council_member").get("/evaluation/criteria/qd26-2026/I.6/pdf/")
    texts = read_pdf("criteria-sheet", response.content, tmp_path)
    assert "PHIẾU ĐÁNH GIÁ" in " ".join(texts)


def test_a_record_shows_where_it_stood_at_recognition(cast, units, client_for):
    """A district certificate of 2024 names the district People's Committee and the commune
    of that day, with the commune it is now."""
    from evaluation.models import Certificate

    maker = factories.subject(
        units.current("19429"), name="HTX Lao Bảo", legacy_commune=units.legacy("19429")
    )
    product = factories.product(cast["commune_a"], maker, name="Cà phê Lao Bảo")
    certificate = Certificate.objects.create(
        product=product,
        stars=3,
        level="district",
        decision_number="88/QĐ-UBND",
        decision_date=D(2024, 3, 5),
        issued_on=D(2024, 3, 5),
        expires_on=D(2027, 3, 5),
        source="imported",
    )
    legacy = units.legacy("19429")
    assert certificate.place_at_recognition.startswith(f"{legacy.name}, huyện Hướng Hóa")
    assert certificate.place_at_recognition.endswith(f"nay là {units.current('19429').name}")
    assert certificate.issuing_authority == "UBND huyện Hướng Hóa"
    page = client_for("province_staff").get(f"/products/{product.pk}/").content.decode()
    assert "UBND huyện Hướng Hóa" in page and "nay là" in page
    public = Client().get(f"/verify/{certificate.public_code}/").content.decode()
    assert "UBND huyện Hướng Hóa" in public and "huyện Hướng Hóa — nay là" in public
    # the lists say it too: the certificate list (place and authority), the product list
    listed = client_for("province_staff").get("/evaluation/certificates/").content.decode()
    assert "UBND huyện Hướng Hóa" in listed and "huyện Hướng Hóa — nay là" in listed
    products = client_for("province_staff").get("/products/").content.decode()
    assert "huyện Hướng Hóa — nay là" in products


def test_the_kpi_workbook_can_be_sent_as_is(cast, units, tmp_path):
    """`kpi_report --format xlsx` read back: Vietnamese sheet names, frozen headers, filters,
    percent formats, every part of each target, and the records behind each figure."""
    from io import StringIO

    from django.core.management import call_command
    from openpyxl import load_workbook

    from evaluation.models import Certificate

    maker = factories.subject(
        units.current("19429"), name="HTX Lao Bảo", legacy_commune=units.legacy("19429")
    )
    for name, number in (("Mật ong rừng", "77/QĐ-UBND"), ("Trà Gừng", "78/QĐ-UBND")):
        Certificate.objects.create(
            product=factories.product(cast["commune_a"], maker, name=name),
            stars=3,
            level="district",
            decision_number=number,
            decision_date=D(2024, 6, 5),
            issued_on=D(2024, 6, 5),
            expires_on=D(2027, 6, 5),
            source="imported",
        )
    out = tmp_path / "report.xlsx"
    call_command(
        "kpi_report",
        "--as-of",
        "2025-12-31",
        "--format",
        "xlsx",
        "--output",
        str(out),
        stdout=StringIO(),
    )
    book = load_workbook(out)
    assert book.sheetnames == [
        "Tổng hợp",
        *[f"Chỉ tiêu {n}" for n in range(1, 12)],
        "Tiến độ hoạt động",
    ]
    summary = book["Tổng hợp"]
    assert summary.freeze_panes == "A6" and summary.auto_filter.ref.startswith("A5:H")
    assert summary["B5"].value == "Chỉ tiêu" and summary["B5"].font.bold
    titles = [row[1].value for row in summary.iter_rows(min_row=6)]
    assert "Trong đó: tỷ lệ doanh nghiệp nhỏ và vừa" in titles  # T6's second share
    t4 = next(row for row in summary.iter_rows(min_row=6) if row[0].value == 4)
    assert t4[2].number_format == "0.0%" and t4[4].value == 0.5
    assert summary.column_dimensions["B"].width >= 50
    t1 = book["Chỉ tiêu 1"]
    header = next(row for row in t1.iter_rows() if row[0].value == "Mã sản phẩm")
    assert [c.value for c in header] == [
        "Mã sản phẩm",
        "Sản phẩm",
        "Chủ thể",
        "Đơn vị lúc công nhận",
        "Cơ quan công nhận",
        "Số quyết định",
        "Ngày quyết định",
        "Hạng sao",
    ]
    records = [
        [c.value for c in row] for row in t1.iter_rows(min_row=header[0].row + 1) if row[1].value
    ]
    names = {r[1] for r in records}
    assert {"Mật ong rừng", "Trà Gừng"} <= names
    honey = next(r for r in records if r[1] == "Mật ong rừng")
    assert honey[3].endswith("nay là " + units.current("19429").name)  # unit at the time
    assert honey[4] == "UBND huyện Hướng Hóa"
    assert honey[5] == "77/QĐ-UBND" and honey[6].date() == D(2024, 6, 5)
    assert t1.freeze_panes == f"A{header[0].row + 1}"
    t10 = book["Chỉ tiêu 10"]
    assert any(
        row[0].value == "Huyện, thị xã, thành phố (đến 30/6/2025)" for row in t10.iter_rows()
    )
    t5 = book["Chỉ tiêu 5"]
    assert any(row[0].value == "Năm" for row in t5.iter_rows())


def test_the_certificate_prints_in_the_document_font(closed_round, cast, tmp_path):
    certificate = closed_round["decision"].certificates.first()
    response = _client(cast["province_staff"]).get(
        f"/evaluation/certificates/{certificate.pk}/pdf/"
    )
    assert response.status_code == 200
    texts = read_pdf("certificate", response.content, tmp_path, symbol_font="DejaVu-Sans")
    assert len(texts) == 1 and "GIẤY CHỨNG NHẬN" in texts[0]
