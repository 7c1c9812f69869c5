"""A member's sheet as an Excel form, to fill without a connection and upload later.

The workbook carries the dossier, the criteria version and the sheet's revision, so an upload
is checked like the web form: every answer must be one of the criterion's options, and an
answer changed on the web after the download is never overwritten by the older file.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from evaluation import services
from evaluation.models import ScoreSheet

SHEET_TITLE = "Phieu cham"
FIRST_ROW = 6  # rows 1–5 hold the dossier's identification


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
    for row in ws.iter_rows(min_row=FIRST_ROW):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass
class UploadReport:
    errors: list[str] = field(default_factory=list)
    saved: int = 0


def upload(dossier, member, file) -> UploadReport:
    report = UploadReport()
    try:
        book = load_workbook(file, read_only=True, data_only=True)
        ws = book[SHEET_TITLE]
        rows = list(ws.iter_rows(values_only=True))
        book.close()
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
        revision = int(rows[3][1] or 0)
    except (IndexError, TypeError, ValueError):
        same_dossier = same_sheet = False
        revision = 0
    if not (same_dossier and same_sheet):
        report.errors.append(_("The file belongs to another dossier or another sheet."))
        return report
    criteria = {c.code: c for c in criteria_sheet.criteria.prefetch_related("options")}
    chosen: dict[int, int] = {}
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
        try:
            index = int(value)
        except (TypeError, ValueError):
            index = 0
        if not 1 <= index <= len(options):
            report.errors.append(
                _("Row %(row)s (%(code)s): write a number from 1 to %(n)s.")
                % {"row": number, "code": criterion.code, "n": len(options)}
            )
            continue
        chosen[criterion.pk] = options[index - 1].pk
    if report.errors:
        return report
    with transaction.atomic():
        for criterion_id, option_id in chosen.items():
            services.sheet_answer(
                member=member,
                dossier=dossier,
                criterion_id=criterion_id,
                option_id=option_id,
                revision=revision,
            )
            report.saved += 1
    return report
