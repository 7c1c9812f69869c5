"""A member's sheet as an Excel form, to fill without a connection and upload later.

The workbook carries the dossier, the criteria version and, per answer, the option the sheet
held when the file was made (a hidden column). An upload is checked like the web form (every
answer must be one of the criterion's options) and changes exactly the answers the member
changed in the file: an answer also changed on the web since the download keeps the web's value
and is reported with both, the others are stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from evaluation import services
from evaluation.models import ScoreSheet
from ocop_portal.bounded_xlsx import Limits, WorkbookTooLarge, read_rows
from ocop_portal.safe_export import workbook_bytes

SHEET_TITLE = "Phieu cham"
FIRST_ROW = 6  # rows 1–5 hold the dossier's identification
BASE_HEADER = "Mức khi tải về"  # column F, hidden: the answer the sheet held at download
# A sheet has a few dozen criteria: anything far larger is not one of ours (a 153 kB upload
# used to take 46 s and 630 MB).
READ_LIMITS = Limits(max_rows=1_000, columns=8, max_uncompressed=5_000_000, max_seconds=5)


def build(dossier, member) -> bytes:
    criteria_sheet = services.dossier_sheet(dossier)
    sheet = ScoreSheet.objects.filter(dossier=dossier, member=member).first()
    answers = dict(sheet.answers.values_list("criterion_id", "option_id")) if sheet else {}
    book = Workbook()
    ws = book.active
    ws.title = SHEET_TITLE
    ws.append(["Phiếu đánh giá, phân hạng sản phẩm OCOP", dossier.product.name])
    ws.append(["Hồ sơ", dossier.pk])
    ws.append(["Bộ tiêu chí", criteria_sheet.version.code, criteria_sheet.product_set.code])
    ws.append(["Phiên bản phiếu", sheet.revision if sheet else 0])
    ws.append(
        [
            "Mã chỉ tiêu",
            "Chỉ tiêu",
            "Điểm tối đa",
            "Các mức (số thứ tự: nội dung – điểm)",
            "Mức chọn (ghi số thứ tự)",
            BASE_HEADER,
        ]
    )
    for cell in ws[5]:
        cell.font = Font(bold=True)
    for criterion in criteria_sheet.criteria.prefetch_related("options").order_by("position"):
        options = list(criterion.options.all())
        chosen = next(
            (i for i, o in enumerate(options, 1) if o.pk == answers.get(criterion.pk)), None
        )
        ws.append(
            [
                criterion.code,
                criterion.name,
                float(criterion.max_points),
                "\n".join(f"{i}: {o.text} – {o.points:g}" for i, o in enumerate(options, 1)),
                chosen,
                chosen,
            ]
        )
        validation = DataValidation(
            type="whole",
            operator="between",
            formula1="1",
            formula2=str(len(options)),
            allow_blank=True,
            error="Ghi số thứ tự của một mức.",
        )
        ws.add_data_validation(validation)
        validation.add(f"E{ws.max_row}")
    for column, width in zip("ABCDE", [10, 45, 10, 80, 14], strict=True):
        ws.column_dimensions[column].width = width
    ws.column_dimensions["F"].hidden = True
    for row in ws.iter_rows(min_row=FIRST_ROW):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook_bytes(book)  # a product named "=HYPERLINK(…)" stays text


@dataclass
class UploadReport:
    errors: list[str] = field(default_factory=list)
    saved: int = 0
    conflicts: list[services.AnswerConflict] = field(default_factory=list)


def _index(value, count: int) -> int | None:
    """The 1-based option number written in a cell, or None when it is not one."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        index = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return index if 1 <= index <= count else None


def upload(dossier, member, file) -> UploadReport:
    report = UploadReport()
    try:
        rows = [values for _number, values in read_rows(file, READ_LIMITS, sheet=SHEET_TITLE)]
    except WorkbookTooLarge as error:
        report.errors.append(str(error))
        return report
    except Exception:  # not a workbook, or not ours
        report.errors.append(_("The file is not a scoring sheet downloaded from the portal."))
        return report
    criteria_sheet = services.dossier_sheet(dossier)
    try:
        same_dossier = int(rows[1][1]) == dossier.pk
        same_sheet = (rows[2][1], rows[2][2]) == (
            criteria_sheet.version.code,
            criteria_sheet.product_set.code,
        )
        has_base = len(rows[4]) > 5 and rows[4][5] == BASE_HEADER
    except (IndexError, TypeError, ValueError):
        same_dossier = same_sheet = has_base = False
    if not (same_dossier and same_sheet):
        report.errors.append(_("The file belongs to another dossier or another sheet."))
        return report
    if not has_base:
        # A file made before answers carried their base state cannot tell what changed.
        report.errors.append(
            _("The file was made by an older version of the portal: download it again.")
        )
        return report
    criteria = {c.code: c for c in criteria_sheet.criteria.prefetch_related("options")}
    changes: dict[int, tuple[int | None, int]] = {}
    for number, row in enumerate(rows[FIRST_ROW - 1 :], start=FIRST_ROW):
        if not row or row[0] is None:
            continue
        criterion = criteria.get(str(row[0]).strip())
        if criterion is None:
            report.errors.append(
                _("Row %(row)s: unknown criterion %(code)s.") % {"row": number, "code": row[0]}
            )
            continue
        value = row[4] if len(row) > 4 else None
        if value in (None, ""):
            continue
        options = list(criterion.options.all())
        index = _index(value, len(options))
        if index is None:
            report.errors.append(
                _("Row %(row)s (%(code)s): write a number from 1 to %(n)s.")
                % {"row": number, "code": criterion.code, "n": len(options)}
            )
            continue
        base = _index(row[5] if len(row) > 5 else None, len(options))
        if base == index:
            continue  # not changed in the file since the download
        changes[criterion.pk] = (options[base - 1].pk if base else None, options[index - 1].pk)
    if report.errors or not changes:
        return report
    report.saved, report.conflicts = services.sheet_apply_changes(
        member=member, dossier=dossier, changes=changes
    )
    return report
