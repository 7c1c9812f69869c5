"""Reading an uploaded workbook within limits of size, rows and time.

An .xlsx file is a zip archive of XML. A 0.78 MB register workbook held 300,000 rows and
160 MB of XML: reading it kept a web worker at a full core and 0.8 GB for 40 minutes. So a
workbook is checked before and while it is read:

- before: the archive's directory gives each part's uncompressed size (Python's zip reader
  stops at the declared size, so it cannot be exceeded by lying); the total, the number of
  parts and the compression ratio must stay within the limits, and the sheet's declared
  dimension (when present) within the row limit;
- while reading: rows are counted and a clock runs; the first row past the limit, or the
  first row after the time budget, stops the reading with `WorkbookTooLarge`;
- only the columns the caller needs are built (`columns`), so a row of 16,384 cells costs
  nothing.

`read_rows(file, limits)` yields `(row number, values)`; its errors are `WorkbookError`s with a
message for the user.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import load_workbook


class WorkbookError(ValueError):
    """The upload cannot be read as a workbook within the limits; the message says why."""


class NotAWorkbook(WorkbookError):
    pass


class WorkbookTooLarge(WorkbookError):
    pass


@dataclass(frozen=True)
class Limits:
    max_rows: int
    columns: int
    max_uncompressed: int  # bytes of XML, all parts together
    max_seconds: float
    max_parts: int = 200
    max_ratio: int = 200  # uncompressed ÷ compressed, for the archive as a whole


def check_archive(file, limits: Limits) -> None:
    """Refuse, from the archive's directory alone, a workbook too large to read."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise NotAWorkbook(_("The file is not an Excel workbook (.xlsx).")) from None
    finally:
        file.seek(0)
    uncompressed = sum(part.file_size for part in parts)
    compressed = sum(part.compress_size for part in parts) or 1
    if (
        len(parts) > limits.max_parts
        or uncompressed > limits.max_uncompressed
        or uncompressed / compressed > limits.max_ratio
        and uncompressed > 1_000_000
    ):
        raise WorkbookTooLarge(
            _(
                "The workbook is too large to read (%(size)s MB of data once unpacked); "
                "split it into smaller files."
            )
            % {"size": uncompressed // 1_000_000}
        )


def _too_many_rows(limits: Limits) -> WorkbookTooLarge:
    return WorkbookTooLarge(
        _("The workbook has more than %(limit)s rows; split it into smaller files.")
        % {"limit": limits.max_rows}
    )


def read_rows(file, limits: Limits, *, sheet: str | None = None) -> Iterator[tuple[int, tuple]]:
    """The rows of the first sheet (or of `sheet`), as (row number, values), within limits."""
    check_archive(file, limits)
    deadline = time.monotonic() + limits.max_seconds
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a file that is not a workbook
        raise NotAWorkbook(_("The file is not an Excel workbook (.xlsx).")) from error
    try:
        try:
            worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        except (KeyError, IndexError):
            raise NotAWorkbook(_("The workbook does not have the expected sheet.")) from None
        declared = getattr(worksheet, "max_row", None)
        if isinstance(declared, int) and declared > limits.max_rows + 1:
            raise _too_many_rows(limits)
        rows = worksheet.iter_rows(max_col=limits.columns, values_only=True)
        number = 0
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except WorkbookError:
                raise
            except Exception as error:  # a damaged part, a date cell beyond the calendar…
                raise NotAWorkbook(
                    _("Row %(row)s of the workbook cannot be read.") % {"row": number + 1}
                ) from error
            number += 1
            if number > limits.max_rows + 1:  # the header row does not count
                raise _too_many_rows(limits)
            if time.monotonic() > deadline:
                raise WorkbookTooLarge(
                    _("Reading the workbook took too long; split it into smaller files.")
                )
            yield number, values
    finally:
        workbook.close()
