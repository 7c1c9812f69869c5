"""Issue 11, items 6 and 8: uploaded workbooks are read within limits of size, rows and time.

A 0.78 MB register workbook of 300,000 rows (160 MB of XML) kept a worker busy for 40 minutes;
a small offline scoring upload took 46 s; NaN scores and year-9999 dates answered 500; 20,000
bad rows became a page listing each one.
"""

import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from evaluation import offline, register_import
from ocop_portal.bounded_xlsx import Limits, WorkbookTooLarge, read_rows
from tests.evaluation.test_register_import import GOOD, workbook

HEADER_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)


def _bomb(rows=300_000) -> io.BytesIO:
    """The register template with its first sheet replaced by `rows` rows of inline text."""
    template = zipfile.ZipFile(io.BytesIO(register_import.template_workbook()))
    out = io.BytesIO()
    cells = "".join('<c t="inlineStr"><is><t>xxxxxxxxxx</t></is></c>' for _ in "ABCDEFGHIJKLM")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for item in template.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(item, template.read(item))
                continue
            with archive.open(item.filename, "w", force_zip64=True) as sheet:
                sheet.write(HEADER_XML.encode())
                chunk = []
                for _ in range(rows):
                    chunk.append(f"<row>{cells}</row>")  # row numbers are optional
                    if len(chunk) == 5000:
                        sheet.write("".join(chunk).encode())
                        chunk = []
                sheet.write(("".join(chunk) + "</sheetData></worksheet>").encode())
    out.seek(0)
    return out


@pytest.fixture(scope="module")
def bomb():
    return _bomb().getvalue()


def test_the_bomb_is_what_the_issue_describes(bomb):
    assert len(bomb) < 1_200_000
    sizes = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    assert sizes > 150_000_000


@pytest.mark.django_db
def test_a_zip_bomb_register_is_refused_in_well_under_a_second(bomb, units):
    started = time.monotonic()
    with pytest.raises(register_import.RegisterFileError, match="quá lớn|too large"):
        register_import.preview(io.BytesIO(bomb))
    assert time.monotonic() - started < 0.5


@pytest.mark.django_db
def test_the_import_page_refuses_the_bomb_with_a_message(bomb, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("so.xlsx", bomb)
    client = client_for("province_staff")
    client.get("/evaluation/register/import/")  # templates and lookups loaded once
    started = time.monotonic()
    response = client.post("/evaluation/register/import/", {"file": upload})
    assert time.monotonic() - started < 1
    assert response.status_code == 200
    assert "quá lớn để đọc" in response.content.decode()


def _plain_workbook(rows: int, title="Data") -> io.BytesIO:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    for n in range(rows):
        sheet.append([n, "x"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_rows_beyond_the_limit_stop_the_reading():
    limits = Limits(max_rows=100, columns=5, max_uncompressed=10_000_000, max_seconds=10)
    with pytest.raises(WorkbookTooLarge):
        list(read_rows(_plain_workbook(1000), limits))
    assert len(list(read_rows(_plain_workbook(101), limits))) == 101  # header + 100


def test_the_time_budget_stops_the_reading():
    limits = Limits(max_rows=10_000, columns=5, max_uncompressed=10_000_000, max_seconds=0)
    with pytest.raises(WorkbookTooLarge):
        list(read_rows(_plain_workbook(50), limits))


@pytest.mark.django_db
def test_nan_scores_and_year_9999_dates_are_row_errors(units):
    bad = [list(GOOD[0]) for _ in range(4)]
    bad[0][7] = "NaN"
    bad[1][7] = "Infinity"
    bad[2][9] = "31/12/9999"
    bad[3][12] = "01/01/9999"
    for n, row in enumerate(bad):
        row[8] = f"{n}/QĐ"
    preview = register_import.preview(workbook(bad))
    assert [bool(row.errors) for row in preview.rows] == [True] * 4


@pytest.mark.django_db
def test_many_bad_rows_are_summarised_not_listed_one_by_one(units, client_for):
    rows = []
    for n in range(400):
        row = list(GOOD[0])
        row[6] = 7  # stars must be 3, 4 or 5
        row[8] = f"{n}/QĐ"
        rows.append(row)
    response = client_for("province_staff").post(
        "/evaluation/register/import/", {"file": workbook(rows)}, follow=True
    )
    page = response.content.decode()
    assert "400 dòng có lỗi" in page
    assert "400 dòng" in page  # the count of the one kind of error
    assert page.count('class="table-danger"') == register_import.SHOWN_ERRORS
    assert "và 350 dòng khác" in page
    assert len(page) < 200_000


@pytest.mark.django_db
def test_an_offline_scoring_upload_is_read_within_limits(cast, units, bomb):
    from tests.evaluation.helpers import make_dossier, make_round

    dossier = make_dossier(cast, units, make_round(cast, units))
    started = time.monotonic()
    report = offline.upload(dossier, cast["council_member"], io.BytesIO(bomb))
    assert time.monotonic() - started < 0.5
    assert report.errors and "quá lớn" in report.errors[0]
    too_long = _plain_workbook(5000, title=offline.SHEET_TITLE)
    report = offline.upload(dossier, cast["council_member"], too_long)
    assert report.errors and "1000" in report.errors[0].replace(".", "")
    assert not report.saved
