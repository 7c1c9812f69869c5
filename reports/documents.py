"""One report definition (the indicators, the breakdown by district, the activity schedule)
written out as PDF or XLSX. Both renderers are pure functions of the report."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.models import AdministrativeUnit
from ocop_portal.safe_export import workbook_bytes
from reports import kpi
from reports.models import Activity, ActivityStatus

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
    years = list(range(2022, min(as_of.year, 2025) + 1))
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
    from ocop_portal.templatetags.documents import vn_number

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
    from ocop_portal.templatetags.documents import vn_number

    unit = indicator.unit_label
    if indicator.code == "T6":
        return (
            f"HTX {vn_number(indicator.value)} %; "
            f"DN nhỏ và vừa {vn_number(indicator.extra['enterprise_share'])} %"
        )
    return f"{vn_number(indicator.value)} {unit}"


def goal_text(indicator) -> str:
    from ocop_portal.templatetags.documents import vn_number

    target = indicator.target
    if indicator.code == "T10" and "needed" in indicator.extra:
        return f"{indicator.extra['needed']} điểm bán"
    if indicator.code == "T10" and indicator.status == "contribution":
        return "–"
    low = vn_number(target.target_min)
    text = f"{low}–{vn_number(target.target_max)}" if target.target_max else f"≥ {low}"
    if indicator.code == "T6":
        return f"HTX ≥ {low} %; DN nhỏ và vừa ≥ {vn_number(target.secondary_min or 0)} %"
    return f"{text} {target.unit}"


def render_pdf_report(report: KpiReport) -> bytes:
    from ocop_portal.templatetags.documents import issuer, signer

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
        from ocop_portal.pdf import render_pdf  # WeasyPrint loads in 0.6 s: only for PDFs

        org = issuer()
        return render_pdf(
            "reports/pdf/kpi_report.html",
            {
                "report": report,
                "sections": sections,
                "scope_label": kpi.scope_label(report.unit),
                "standing_note": _standing_note(standing),
                "years": list(range(2022, min(report.as_of.year, 2025) + 1)),
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
