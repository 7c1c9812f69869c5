"""One report definition (the indicators, the breakdown by district, the activity schedule)
written out as PDF or XLSX. Both renderers are pure functions of the report."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from accounts.models import AdministrativeUnit, RoleAssignment, User
from accounts.places import place_on
from evaluation.models import Certificate
from ocop_portal.safe_export import workbook_bytes
from ocop_portal.templatetags.documents import issuer, signer, vn_number
from products.models import Product
from promotion.models import SalesPoint
from reports import kpi
from reports.models import Activity, ActivityStatus
from subjects.models import CraftVillage, LegalForm, Subject
from subjects.sme import classify

# The terms of TERMS-vi.md: "Chậm tiến độ" only before the deadline, "Không đạt" after it.
STATUS_LABELS = {
    "met": "Đạt",
    "on_track": "Đúng tiến độ",
    "behind": "Chậm tiến độ",
    "not_met": "Không đạt",
    "no_data": "Chưa có dữ liệu",
    "contribution": "Đóng góp vào chỉ tiêu toàn tỉnh",
    "outside": "Tham khảo (ngoài địa bàn kế hoạch)",
}


@dataclass
class KpiReport:
    unit: AdministrativeUnit
    as_of: datetime.date
    indicators: list
    activities: list  # (activity, {year: status})
    number: str
    issued_on: datetime.date


def build(unit: AdministrativeUnit, as_of: datetime.date, *, number: str = "") -> KpiReport:
    indicators = kpi.compute(as_of, unit)
    statuses: dict[int, dict[int, ActivityStatus]] = {}
    for status in ActivityStatus.objects.filter(year__lte=as_of.year):
        statuses.setdefault(status.activity_id, {})[status.year] = status
    years = kpi.plan_years(until=as_of)
    activities = [
        (a, [statuses.get(a.pk, {}).get(y) for y in years]) for a in Activity.objects.all()
    ]
    return KpiReport(
        unit=unit,
        as_of=as_of,
        indicators=indicators,
        activities=activities,
        # Only the registry gives numbers: empty leaves the blank on the printout.
        number=number,
        issued_on=timezone.localdate(),
    )


def _bar_chart(rows: list[tuple[str, float]], *, width=560, bar_height=20) -> str:
    """A horizontal bar chart as inline SVG (WeasyPrint draws it; no script needed), with
    the document's font and Vietnamese number format."""
    top = max((value for _, value in rows), default=0) or 1
    height = bar_height * len(rows) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="Liberation Serif" font-size="11">'
    ]
    for i, (label, value) in enumerate(rows):
        y = 5 + i * bar_height
        length = int((width - 240) * value / top)
        parts.append(f'<text x="0" y="{y + 13}">{escape(label)}</text>')
        parts.append(
            f'<rect x="170" y="{y + 3}" width="{length}" height="{bar_height - 7}" fill="#555"/>'
        )
        parts.append(f'<text x="{175 + length}" y="{y + 13}">{vn_number(value)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def value_text(indicator) -> str:
    """The result as a reader says it: "53,8 %", "17 sản phẩm", T6 with both shares."""
    unit = indicator.unit_label
    if indicator.code == "T6":
        return (
            f"HTX {vn_number(indicator.value)} %; "
            f"DN nhỏ và vừa {vn_number(indicator.extra['enterprise_share'])} %"
        )
    return f"{vn_number(indicator.value)} {unit}"


def goal_text(indicator) -> str:
    target = indicator.target
    if indicator.code == "T10" and "needed" in indicator.extra:
        return f"{indicator.extra.get('needed_text', indicator.extra['needed'])} điểm bán"
    if indicator.code == "T10" and indicator.status == "contribution":
        return "–"
    low = vn_number(target.target_min)
    text = f"{low}–{vn_number(target.target_max)}" if target.target_max else f"≥ {low}"
    if indicator.code == "T6":
        return f"HTX ≥ {low} %; DN nhỏ và vừa ≥ {vn_number(target.secondary_min or 0)} %"
    return f"{text} {target.unit}"


def render_pdf_report(report: KpiReport) -> bytes:
    with override("vi"):
        sections = []
        for indicator in report.indicators:
            if indicator.code == "T5":
                chart = _bar_chart(
                    [(year, count) for year, count in indicator.extra["per_year"].items()]
                )
            elif indicator.code == "T10" and indicator.extra.get("districts"):
                chart = _bar_chart(
                    [(row["district"], row["sales_points"]) for row in indicator.extra["districts"]]
                )
            elif indicator.code == "T10":
                chart = ""
            else:
                chart = _bar_chart(
                    [
                        ("Thực hiện", float(indicator.value)),
                        ("Mục tiêu", float(indicator.target.target_min)),
                    ]
                )
            sections.append(
                {
                    "indicator": indicator,
                    "chart": chart,
                    "status": STATUS_LABELS[indicator.status],
                    "value": value_text(indicator),
                    "goal": goal_text(indicator),
                    "district_rows": [
                        {**row, "status_label": STATUS_LABELS[row["status"]]}
                        for row in indicator.extra.get("districts", [])
                    ],
                }
            )
        standing = report.indicators[0].standing if report.indicators else kpi.TERRITORY
        # local import: lazy load of WeasyPrint (0.6 s), only when a PDF is made
        from ocop_portal.pdf import render_pdf

        org = issuer()
        return render_pdf(
            "reports/pdf/kpi_report.html",
            {
                "report": report,
                "sections": sections,
                "scope_label": kpi.scope_label(report.unit),
                "standing_note": _standing_note(standing),
                "years": kpi.plan_years(until=report.as_of),
                "doc_symbol": f"BC-{org['symbol']}",
                "doc_number": report.number,
                "doc_date": report.issued_on,
                "signer": signer("report"),
                "recipients": org["report_recipients"],
            },
        )


def _standing_note(standing: str) -> str:
    return {
        kpi.TERRITORY: "",
        kpi.INSIDE: (
            "Kế hoạch không giao chỉ tiêu cho địa bàn này: số liệu là phần đóng góp vào chỉ "
            "tiêu toàn tỉnh, không đánh giá đạt hay không đạt (riêng chỉ tiêu điểm bán hàng "
            "được đánh giá theo từng huyện, thị xã, thành phố)."
        ),
        kpi.OUTSIDE: (
            "Địa bàn này không phải địa bàn Kế hoạch 180/KH-UBND (tỉnh Quảng Trị trước sắp "
            "xếp): số liệu chỉ để tham khảo, không đánh giá theo chỉ tiêu của Kế hoạch."
        ),
    }[standing]


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBDD")
PERCENT = "0.0%"
COUNT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"


def _sheet_title(indicator) -> str:
    # Sheet names: Vietnamese, at most 31 characters, none of []:*?/\
    return f"Chỉ tiêu {indicator.code[1:]}"


def _table(sheet, header: list[str], rows: list[list], *, widths: list[int], formats=None):
    """A table at the foot of a sheet: bold shaded header, filter, frozen below the header,
    column widths and number formats; returns the header's row number."""
    top = sheet.max_row + (2 if sheet.max_row > 1 else 0)
    for col, title in enumerate(header, start=1):
        cell = sheet.cell(row=top, column=col, value=title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for offset, values in enumerate(rows, start=1):
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=top + offset, column=col, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if formats and formats[col - 1]:
                cell.number_format = formats[col - 1]
            elif isinstance(value, datetime.date):
                cell.number_format = DATE_FORMAT
    for col, width in enumerate(widths, start=1):
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = max(
            sheet.column_dimensions[letter].width or 0, width
        )
    last = get_column_letter(len(header))
    sheet.auto_filter.ref = f"A{top}:{last}{top + max(len(rows), 1)}"
    sheet.freeze_panes = f"A{top + 1}"
    return top


def _ratio(value) -> float:
    return float(value) / 100


def render_xlsx_report(report: KpiReport) -> bytes:
    with override("vi"):  # choice labels (roles, legal forms) in the workbook's language
        return _xlsx_report(report)


def _xlsx_report(report: KpiReport) -> bytes:
    """A workbook an officer can send as is: a summary with every part of each target, one
    sheet per target with its parts and the records behind the figure (code, product,
    producer, unit at the time, decision number and date), and the activity schedule."""
    book = Workbook()
    summary = book.active
    summary.title = "Tổng hợp"
    summary.append(["BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KẾ HOẠCH 180/KH-UBND"])
    summary["A1"].font = Font(bold=True, size=13)
    summary.append([f"Địa bàn: {kpi.scope_label(report.unit)}"])
    summary.append([f"Số liệu tính đến ngày {report.as_of:%d/%m/%Y}"])
    rows = []
    for n, indicator in enumerate(report.indicators, start=1):
        rows.append(_summary_row(n, indicator))
        if indicator.code == "T6":
            rows.append(
                [
                    "",
                    "Trong đó: tỷ lệ doanh nghiệp nhỏ và vừa",
                    _ratio(indicator.extra["enterprise_share"]),
                    "%",
                    _ratio(indicator.target.secondary_min or 0),
                    indicator.extra["enterprises"],
                    indicator.denominator,
                    STATUS_LABELS.get(indicator.extra["enterprise_status"], ""),
                ]
            )
    _table(
        summary,
        ["TT", "Chỉ tiêu", "Kết quả", "Đơn vị", "Mục tiêu", "Tử số", "Mẫu số", "Đánh giá"],
        rows,
        widths=[6, 60, 12, 12, 12, 10, 10, 22],
    )
    # Shares as percentages, counts as whole numbers, row by row (a sheet mixes both).
    for row in summary.iter_rows(min_row=5):
        unit = row[3].value or ""
        if isinstance(row[2].value, float) and "%" in unit:
            row[2].number_format = PERCENT
            if isinstance(row[4].value, float):
                row[4].number_format = PERCENT
        elif row[2].value is not None and not isinstance(row[2].value, str):
            row[2].number_format = COUNT
    for indicator in report.indicators:
        _target_sheet(book.create_sheet(_sheet_title(indicator)), indicator, report)
    schedule = book.create_sheet("Tiến độ hoạt động")
    years = kpi.plan_years(until=report.as_of)
    _table(
        schedule,
        ["TT", "Hoạt động", "Kết quả cần đạt", "Thời gian", *map(str, years)],
        [
            [
                activity.code,
                activity.title,
                activity.expected_result,
                activity.timing,
                *[(s.get_status_display() if s else "") for s in statuses],
            ]
            for activity, statuses in report.activities
        ],
        widths=[7, 50, 50, 18, *[14] * len(years)],
    )
    return workbook_bytes(book)  # names of records are text, never formulas


def _summary_row(n: int, indicator) -> list:
    share_unit = "%" in indicator.unit_label
    value = _ratio(indicator.value) if share_unit else float(indicator.value)
    goal = _ratio(indicator.target.target_min) if share_unit else float(indicator.target.target_min)
    if indicator.code == "T10" and "needed" in indicator.extra:
        goal = indicator.extra.get("needed_text", str(indicator.extra["needed"]))
    return [
        n,
        indicator.target.title,
        value,
        indicator.unit_label,
        goal,
        indicator.numerator,
        indicator.denominator,
        STATUS_LABELS[indicator.status],
    ]


def _target_sheet(sheet, indicator, report) -> None:
    sheet.append([indicator.target.title])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([f"Cách tính: {indicator.target.definition}"])
    sheet.append([f"Nguồn: {indicator.target.legal_source}"])
    sheet.column_dimensions["A"].width = 16
    parts = [["Kết quả", value_text(indicator)], ["Mục tiêu", goal_text(indicator)]]
    parts.append(["Đánh giá", STATUS_LABELS[indicator.status]])
    if indicator.denominator is not None:
        parts.append(["Tử số / mẫu số", f"{indicator.numerator} / {indicator.denominator}"])
    extra = indicator.extra
    if indicator.code == "T1":
        parts.append(["Đánh giá lại, nâng hạng (không tính)", extra["renewed_or_upgraded"]])
    if indicator.code == "T6":
        parts += [
            ["Tỷ lệ HTX", _ratio(extra["cooperative_share"])],
            ["Tỷ lệ DN nhỏ và vừa", _ratio(extra["enterprise_share"])],
            ["DN chưa phân loại quy mô", extra["unclassified_enterprises"]],
            ["Căn cứ xác định quy mô DN", extra.get("sme_source", "")],
        ]
    if indicator.code == "T11":
        parts += [
            [
                "Cán bộ đã tập huấn / tổng số",
                f"{extra['officials_trained']} / {extra['officials']}",
            ],
            [
                "Lãnh đạo chủ thể đã tập huấn / tổng số",
                f"{extra['leaders_trained']} / {extra['leaders']}",
            ],
        ]
    _table(sheet, ["Nội dung", "Giá trị"], parts, widths=[34, 40])
    for row in sheet.iter_rows(min_row=5):
        if isinstance(row[1].value, float):
            row[1].number_format = PERCENT
    if indicator.code == "T5":
        _table(
            sheet,
            ["Năm", "Số HTX có sản phẩm OCOP đầu tiên"],
            [[int(y), n] for y, n in extra["per_year"].items()],
            widths=[34, 40],
            formats=["0", COUNT],
        )
    if extra.get("districts"):
        _table(
            sheet,
            [
                "Huyện, thị xã, thành phố (đến 30/6/2025)",
                "Điểm bán đang hoạt động",
                "Kế hoạch giao",
                "Đánh giá",
            ],
            [
                [r["district"], r["sales_points"], r["needed_text"], STATUS_LABELS[r["status"]]]
                for r in extra["districts"]
            ],
            widths=[34, 40, 14, 22],
            formats=[None, COUNT, COUNT, None],
        )
    for kind, ids in indicator.records.items():
        header, rows, widths = _record_table(kind, ids, indicator, report.as_of)
        sheet.append([])
        sheet.append([_records_heading(kind)])
        sheet.cell(row=sheet.max_row, column=1).font = HEADER_FONT
        _table(sheet, header, rows, widths=widths)


SIZE_WORDS = {"micro": "Siêu nhỏ", "small": "Nhỏ", "medium": "Vừa", "large": "Lớn"}


def _size_text(subject, as_of) -> str:
    """The enterprise's size class, recorded or classified from its figures (subjects/sme.py);
    empty for other legal forms, "Chưa phân loại" for an enterprise of unknown size."""
    if subject.legal_form != LegalForm.ENTERPRISE:
        return ""
    found = classify(subject, as_of)
    if not found.size:
        return "Chưa phân loại"
    return SIZE_WORDS[found.size] + ("" if found.recorded else " (theo số liệu)")


def _records_heading(kind: str) -> str:
    return {
        "products": "Sản phẩm được tính",
        "subjects": "Chủ thể được tính",
        "sme_subjects": "Doanh nghiệp nhỏ và vừa được tính",
        "unclassified": "Doanh nghiệp chưa phân loại quy mô (không tính)",
        "villages": "Làng nghề có sản phẩm OCOP",
        "units": "Huyện, thị xã, thành phố đạt",
        "sales_points": "Điểm bán hàng OCOP đang hoạt động",
        "users": "Cán bộ đã tập huấn",
        "assignments": "Cán bộ đã tập huấn (chưa có tài khoản)",
    }.get(kind, kind)


def _record_table(kind: str, ids: list[int], indicator, as_of) -> tuple[list, list, list]:
    """The records behind a figure, traceable to their decisions."""
    if kind == "products":
        header = [
            "Mã sản phẩm",
            "Sản phẩm",
            "Chủ thể",
            "Đơn vị lúc công nhận",
            "Cơ quan công nhận",
            "Số quyết định",
            "Ngày quyết định",
            "Hạng sao",
        ]
        rows = []
        first = indicator.code == "T1"
        products = Product.objects.filter(pk__in=ids).select_related("subject").order_by("name")
        certificates = (
            Certificate.objects.filter(product__in=ids, stars__gte=3, decision_date__lte=as_of)
            .select_related("product__subject__commune", "product__subject__legacy_commune__parent")
            .order_by("decision_date")
        )
        chosen: dict[int, Certificate] = {}
        for cert in certificates:
            if first and cert.product_id in chosen:
                continue  # T1: the first recognition
            chosen[cert.product_id] = cert  # otherwise the latest by the day
        for product in products:
            cert = chosen.get(product.pk)
            rows.append(
                [
                    product.code or product.legacy_code,
                    product.name,
                    product.subject.name,
                    cert.place_at_recognition if cert else "",
                    cert.issuing_authority if cert else "",
                    cert.decision_number if cert else "",
                    cert.decision_date if cert else None,
                    cert.stars if cert else None,
                ]
            )
        return header, rows, [18, 34, 30, 36, 24, 18, 14, 9]
    if kind in ("subjects", "sme_subjects", "unclassified"):
        header = ["Mã số đăng ký", "Chủ thể", "Loại hình", "Quy mô", "Địa chỉ (xã, phường)"]
        subjects = (
            Subject.objects.filter(pk__in=ids)
            .select_related("commune", "legacy_commune__parent")
            .order_by("name")
        )
        rows = [
            [
                s.registration_number,
                s.name,
                s.get_legal_form_display(),
                _size_text(s, as_of),
                place_on(as_of, legacy=s.legacy_commune, current=s.commune),
            ]
            for s in subjects
        ]
        return header, rows, [16, 36, 26, 12, 40]
    if kind == "villages":
        villages = CraftVillage.objects.filter(pk__in=ids).select_related("commune")
        rows = [[v.name, v.commune.name, v.recognition_decision] for v in villages.order_by("name")]
        return ["Làng nghề", "Xã, phường", "Quyết định công nhận"], rows, [34, 30, 26]
    if kind == "units":
        rows = [[u.code, u.name] for u in AdministrativeUnit.objects.filter(pk__in=ids)]
        return ["Mã", "Huyện, thị xã, thành phố"], rows, [10, 40]
    if kind == "sales_points":
        points = SalesPoint.objects.filter(pk__in=ids).select_related("unit").order_by("name")
        rows = [[p.name, p.address, p.unit.name, p.opened_on] for p in points]
        return ["Điểm bán", "Địa chỉ", "Đơn vị", "Mở từ ngày"], rows, [34, 36, 26, 14]
    if kind == "users":
        users = User.objects.filter(pk__in=ids).select_related("unit").order_by("full_name")
        rows = [[u.full_name, u.get_role_display(), u.unit.name if u.unit else ""] for u in users]
        return ["Họ và tên", "Vai trò", "Đơn vị"], rows, [30, 26, 30]
    if kind == "assignments":
        people = RoleAssignment.objects.filter(pk__in=ids).select_related("unit")
        rows = [
            [
                a.full_name,
                a.get_role_display(),
                a.unit.name if a.unit else "",
                a.valid_from,
                a.valid_to,
            ]
            for a in people.order_by("full_name")
        ]
        return ["Họ và tên", "Vai trò", "Đơn vị", "Từ ngày", "Đến ngày"], rows, [30, 26, 30, 14, 14]
    return ["Mã"], [[pk] for pk in ids], [10]


def render(report: KpiReport, fmt: str) -> bytes:
    return render_pdf_report(report) if fmt == "pdf" else render_xlsx_report(report)
