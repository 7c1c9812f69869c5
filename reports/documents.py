"""One report definition (the indicators, the breakdown by district, the activity schedule)
written out as PDF or XLSX. Both renderers are pure functions of the report."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.models import AdministrativeUnit
from ocop_portal.safe_export import workbook_bytes
from reports import kpi
from reports.models import Activity, ActivityStatus

STATUS_LABELS = {
    "met": "Đạt",
    "on_track": "Đúng tiến độ",
    "at_risk": "Có nguy cơ chậm",
    "behind": "Chậm",
    "no_data": "Chưa có dữ liệu",
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
    years = list(range(2022, min(as_of.year, 2025) + 1))
    activities = [
        (a, [statuses.get(a.pk, {}).get(y) for y in years]) for a in Activity.objects.all()
    ]
    return KpiReport(
        unit=unit,
        as_of=as_of,
        indicators=indicators,
        activities=activities,
        number=number or f"{as_of:%m%Y}/BC-OCOP",
        issued_on=timezone.localdate(),
    )


def _bar_chart(rows: list[tuple[str, float]], *, width=460, bar_height=18) -> str:
    """A horizontal bar chart as inline SVG (WeasyPrint draws it; no script needed)."""
    top = max((value for _, value in rows), default=0) or 1
    height = bar_height * len(rows) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">']
    for i, (label, value) in enumerate(rows):
        y = 5 + i * bar_height
        length = int((width - 200) * value / top)
        parts.append(f'<text x="0" y="{y + 12}" font-size="9">{label}</text>')
        parts.append(
            f'<rect x="150" y="{y + 2}" width="{length}" height="{bar_height - 6}" fill="#1b6b3a"/>'
        )
        parts.append(f'<text x="{155 + length}" y="{y + 12}" font-size="9">{value:g}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_pdf_report(report: KpiReport) -> bytes:
    with override("vi"):
        sections = []
        for indicator in report.indicators:
            chart = ""
            if indicator.code == "T5":
                chart = _bar_chart(
                    [(year, count) for year, count in indicator.extra["per_year"].items()]
                )
            elif indicator.code == "T10":
                chart = _bar_chart(
                    [(row["district"], row["sales_points"]) for row in indicator.extra["districts"]]
                )
            elif indicator.denominator is not None:
                chart = _bar_chart(
                    [
                        ("Thực hiện", float(indicator.value)),
                        ("Mục tiêu", float(indicator.target.target_min)),
                    ]
                )
            else:
                chart = _bar_chart(
                    [
                        ("Thực hiện", float(indicator.value)),
                        ("Mục tiêu", float(indicator.target.target_min)),
                    ]
                )
            sections.append(
                {"indicator": indicator, "chart": chart, "status": STATUS_LABELS[indicator.status]}
            )
        from ocop_portal.pdf import render_pdf  # WeasyPrint loads in 0.6 s: only for PDFs

        return render_pdf(
            "reports/pdf/kpi_report.html",
            {
                "report": report,
                "sections": sections,
                "years": list(range(2022, min(report.as_of.year, 2025) + 1)),
            },
        )


def render_xlsx_report(report: KpiReport) -> bytes:
    """A sheet per section: the summary, one per target with its records, the schedule."""
    book = Workbook()
    summary = book.active
    summary.title = "Tong hop"
    summary.append(
        [
            f"Báo cáo tiến độ Kế hoạch 180/KH-UBND – {report.unit.name}",
            f"Tính đến {report.as_of:%d/%m/%Y}",
        ]
    )
    summary.append(
        ["Mã", "Chỉ tiêu", "Kết quả", "Mục tiêu", "Đơn vị", "Tử số", "Mẫu số", "Đánh giá"]
    )
    for cell in summary[2]:
        cell.font = Font(bold=True)
    for indicator in report.indicators:
        summary.append(
            [
                indicator.code,
                indicator.target.title,
                float(indicator.value),
                float(indicator.target.target_min),
                indicator.target.unit,
                indicator.numerator,
                indicator.denominator,
                STATUS_LABELS[indicator.status],
            ]
        )
        sheet = book.create_sheet(indicator.code)
        sheet.append([indicator.target.title])
        sheet.append([indicator.target.definition])
        sheet.append(
            ["Kết quả", float(indicator.value), "Mục tiêu", float(indicator.target.target_min)]
        )
        for kind, ids in indicator.records.items():
            sheet.append([])
            sheet.append([_records_heading(kind)])
            for name in _record_names(kind, ids):
                sheet.append([name])
    schedule = book.create_sheet("Tien do hoat dong")
    years = list(range(2022, min(report.as_of.year, 2025) + 1))
    schedule.append(["TT", "Hoạt động", "Kết quả cần đạt", "Thời gian", *map(str, years)])
    for activity, statuses in report.activities:
        schedule.append(
            [
                activity.code,
                activity.title,
                activity.expected_result,
                activity.timing,
                *[(s.get_status_display() if s else "") for s in statuses],
            ]
        )
    return workbook_bytes(book)  # names of records are text, never formulas


def _records_heading(kind: str) -> str:
    return {
        "products": "Sản phẩm",
        "subjects": "Chủ thể",
        "villages": "Làng nghề",
        "units": "Huyện đạt",
        "users": "Người đã tập huấn",
        "assignments": "Người đã tập huấn (chưa có tài khoản)",
    }.get(kind, kind)


def _record_names(kind: str, ids: list[int]) -> list[str]:
    from accounts.models import RoleAssignment
    from products.models import Product
    from subjects.models import CraftVillage, Subject

    model = {
        "assignments": RoleAssignment,
        "products": Product,
        "subjects": Subject,
        "villages": CraftVillage,
        "units": AdministrativeUnit,
    }.get(kind)
    if model is None:
        from accounts.models import User

        model = User
    return [str(obj) for obj in model.objects.filter(pk__in=ids).order_by("pk")]


def render(report: KpiReport, fmt: str) -> bytes:
    return render_pdf_report(report) if fmt == "pdf" else render_xlsx_report(report)
