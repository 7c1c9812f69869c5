import io
import time

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from evaluation import register_import
from evaluation.models import Certificate, CertificateStatus
from products.models import Product
from subjects.models import Subject

pytestmark = pytest.mark.django_db

GOOD = [
    # the same number 19429 read in the old list (Thị trấn Khe Sanh) and the new (Xã Khe Sanh)
    [
        "Cà phê bột Khe Sanh",
        "I.6",
        "HTX Nông sản Khe Sanh",
        "HTX",
        "3200-512-345",
        "19429",
        4,
        "78,5",
        "1620/QĐ-UBND",
        "20/12/2021",
        "tỉnh",
        "lần đầu",
        "",
    ],
    [
        "Cà phê bột Khe Sanh",
        "I.6",
        "HTX Nông sản Khe Sanh",
        "HTX",
        "3200512345",
        "19429",
        5,
        "91.2",
        "125/QĐ-BNN-KTHT",
        "15/01/2025",
        "trung ương",
        "nâng hạng",
        "",
    ],
    [
        "Hạt tiêu Cùa",
        "I.4.b",
        "HTX Tiêu Cùa",
        "HTX",
        "3200734567",
        "19621",
        4,
        "",
        "1550/QĐ-UBND",
        "10/08/2020",
        "tỉnh",
        "lần đầu",
        "10/08/2023",
    ],
    [
        "Bột sắn dây Hiếu Giang",
        "I.3.b",
        "HTX Hiếu Giang",
        "HTX",
        "3202512345",
        "19603",
        3,
        "62",
        "1980/QĐ-UBND",
        "20/10/2025",
        "tỉnh",
        "lần đầu",
        "",
    ],
]


def workbook(rows, headers=register_import.HEADERS) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_template_has_exactly_the_register_headers(client_for):
    response = client_for("province_staff").get("/evaluation/register/import/template.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == register_import.HEADERS


def test_a_good_file_imports_products_with_their_recognition_history(units):
    register = register_import.preview(workbook(GOOD))
    assert register.ok and register.new_count == 4
    counts = register_import.commit(register)
    assert counts["subjects_created"] == 3 and counts["products_created"] == 3
    coffee = Product.objects.get(name="Cà phê bột Khe Sanh")
    subject = coffee.subject
    assert subject.registration_number == "3200512345"
    assert subject.commune == units.current("19429")  # Xã Khe Sanh
    assert subject.legacy_commune == units.legacy("19429")  # Thị trấn Khe Sanh
    assert coffee.code == "44-19429-001-2021"
    assert coffee.legacy_code == "45-465-19429-001-2021"
    first, upgrade = coffee.certificates.order_by("decision_date")
    assert (first.stars, str(first.score), upgrade.stars) == (4, "78.50", 5)
    assert first.expires_on.isoformat() == "2024-12-20"  # 36 months
    assert first.superseded_on == upgrade.decision_date
    assert upgrade.level == "central" and upgrade.evaluation_type == "upgrade"
    pepper = Certificate.objects.get(decision_number="1550/QĐ-UBND")
    assert pepper.expires_on.isoformat() == "2023-08-10"
    assert pepper.status_on(pepper.expires_on.replace(year=2024)) == CertificateStatus.EXPIRED
    new_commune = Subject.objects.get(registration_number="3202512345")
    assert new_commune.commune == units.current("19603") and new_commune.legacy_commune is None


def test_bad_rows_are_reported_in_vietnamese_and_nothing_is_written(units):
    bad = [
        [
            "Sản phẩm A",
            "X.9",
            "Chủ thể A",
            "Công ty",
            "abc!",
            "99999",
            6,
            "120",
            "1/QĐ",
            "31/02/2023",
            "xã",
            "mới",
            "",
        ],
        [
            "Sản phẩm B",
            "I.6",
            "Hội B",
            "Hội",
            "3209999999",
            "19429",
            3,
            "",
            "2/QĐ",
            "10/10/2025",
            "huyện",
            "lần đầu",
            "",
        ],
        [
            "",
            "I.6",
            "Chủ thể C",
            "HTX",
            "3208888888",
            "19429",
            3,
            "",
            "3/QĐ",
            "10/10/2023",
            "tỉnh",
            "lần đầu",
            "",
        ],
        *GOOD,
    ]
    register = register_import.preview(workbook(bad))
    assert not register.ok
    errors = {row.number: row.errors for row in register.errors}
    assert set(errors) == {2, 3, 4}
    joined = " ".join(errors[2])
    for expected in (
        "Mã bộ sản phẩm",
        "HTX, THT, DN",
        "3, 4 hoặc 5",
        "từ 0 đến 100",
        "dd/mm/yyyy",
        "huyện, tỉnh hoặc Trung ương",
        "lần đầu, nâng hạng",
    ):
        assert expected in joined, expected
    assert "không còn công nhận sản phẩm từ ngày 01/7/2025" in " ".join(errors[3])
    assert "chỉ được có sản phẩm du lịch" in " ".join(errors[3])
    assert "“Tên sản phẩm” đang trống" in " ".join(errors[4])
    with pytest.raises(ValueError):
        register_import.commit(register)
    assert not Product.objects.exists() and not Certificate.objects.exists()


def test_a_commune_code_is_read_in_the_list_valid_on_the_recognition_date(units):
    # 19742 exists only in the new list (Đặc khu Cồn Cỏ); 19330 only in the old (Phường Đông Giang)
    rows = [
        [
            "P1",
            "VI.1",
            "Hội Du lịch",
            "Hội",
            "3207777777",
            "19742",
            3,
            "",
            "9/QĐ",
            "10/10/2024",
            "tỉnh",
            "lần đầu",
            "",
        ],
        [
            "P2",
            "I.6",
            "HTX X",
            "HTX",
            "3207777778",
            "19330",
            3,
            "",
            "9/QĐ",
            "10/10/2025",
            "tỉnh",
            "lần đầu",
            "",
        ],
    ]
    register = register_import.preview(workbook(rows))
    assert "trước ngày 01/7/2025" in register.rows[0].errors[0]
    assert "từ ngày 01/7/2025" in register.rows[1].errors[0]


def test_reimporting_the_same_file_changes_nothing(units):
    register_import.commit(register_import.preview(workbook(GOOD)))
    before = (Subject.objects.count(), Product.objects.count(), Certificate.objects.count())
    again = register_import.preview(workbook(GOOD))
    assert again.ok and again.new_count == 0 and again.unchanged_count == 4
    assert register_import.commit(again)["certificates_created"] == 0
    assert (Subject.objects.count(), Product.objects.count(), Certificate.objects.count()) == before


def test_a_file_with_wrong_headers_is_refused_as_a_whole(units):
    with pytest.raises(register_import.RegisterFileError, match="Hàng đầu tiên"):
        register_import.preview(workbook(GOOD, headers=["Tên", "Mã"]))
    with pytest.raises(register_import.RegisterFileError):
        register_import.preview(io.BytesIO(b"not a workbook"))


def test_a_5000_row_register_imports_in_one_go(units, django_assert_max_num_queries):
    communes = ["19429", "19621", "19612", "19672", "19498", "19414"]
    rows = [
        [
            f"Sản phẩm {n}",
            "I.6",
            f"HTX số {n % 1200}",
            "HTX",
            f"33{n % 1200:08d}",
            communes[n % 1200 % len(communes)],
            3 + n % 3,
            "",
            f"{n}/QĐ-UBND",
            f"{1 + n % 28:02d}/{1 + n % 12:02d}/{2019 + n % 6}",
            "tỉnh",
            "lần đầu",
            "",
        ]
        for n in range(5000)
    ]
    started = time.monotonic()
    register = register_import.preview(workbook(rows))
    assert register.ok, register.errors[:3]
    with django_assert_max_num_queries(600):
        counts = register_import.commit(register)
    assert counts["certificates_created"] == 5000
    assert counts["subjects_created"] == 1200
    assert time.monotonic() - started < 120


def test_the_command_line_import_with_dry_run(units, tmp_path, capsys):
    path = tmp_path / "register.xlsx"
    path.write_bytes(workbook(GOOD).getvalue())
    call_command("import_register", str(path), "--dry-run")
    assert not Certificate.objects.exists()
    call_command("import_register", str(path))
    assert Certificate.objects.count() == 4
    assert "4 dòng mới" in capsys.readouterr().out


def test_the_import_page_previews_then_commits(client_for):
    client = client_for("province_staff")
    preview = client.post("/evaluation/register/import/", {"file": workbook(GOOD)})
    assert preview.status_code == 200
    assert preview.context["register"].new_count == 4
    assert not Certificate.objects.exists()  # the preview writes nothing
    done = client.post(
        "/evaluation/register/import/", {"token": preview.context["token"]}, follow=True
    )
    assert Certificate.objects.count() == 4
    assert "Đã nhập: 4 lượt công nhận".encode() in done.content


def test_the_import_page_refuses_a_file_that_is_not_a_workbook(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("so-ocop.xlsx", b"<html>not excel</html>")
    response = client_for("province_staff").post("/evaluation/register/import/", {"file": fake})
    assert "không phải là tệp Excel".encode() in response.content
