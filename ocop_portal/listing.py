"""One way to show a scoped list: filter form, sorting, pagination, and CSV / XLSX export.

A list is described once (its filter set and its columns); the page, its htmx refresh and the
two export formats all come from that description, so they never disagree.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.encoding import force_str
from openpyxl import Workbook

from ocop_portal.bounds import page_number
from ocop_portal.safe_export import safe_cell, safe_row

PER_PAGE = 25
EXPORT_LIMIT = 100_000  # an export larger than this is a job for the reports module


@dataclass(frozen=True)
class Column:
    label: Any
    value: Callable[[Any], Any]
    link: Callable[[Any], str] | None = None
    numeric: bool = False

    def display(self, obj) -> str:
        value = self.value(obj)
        if value is None or value == "":
            return "–"
        if isinstance(value, bool):
            return "✓" if value else "–"
        if isinstance(value, datetime.date | int | Decimal | float):
            return formats.localize(value, use_l10n=True)
        return force_str(value)


@dataclass(frozen=True)
class ListDefinition:
    title: Any
    filterset_class: type
    columns: list[Column]
    export_name: str


class _Echo:
    def write(self, value):
        return value


def _export_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, bool | int | float | Decimal | datetime.date):
        return value
    return safe_cell(force_str(value))


def export_csv(definition: ListDefinition, rows) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"  # so that Excel opens the UTF-8 file with Vietnamese letters intact
        yield writer.writerow(safe_row(force_str(c.label) for c in definition.columns))
        for obj in rows:
            yield writer.writerow([_export_value(c.value(obj)) for c in definition.columns])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{definition.export_name}.csv"'
    return response


def export_xlsx(definition: ListDefinition, rows) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(force_str(definition.title)[:31])
    header = safe_row(force_str(c.label) for c in definition.columns)
    sheet.append(header)
    for obj in rows:
        sheet.append([_export_value(c.value(obj)) for c in definition.columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{definition.export_name}.xlsx"'
    return response


def paginate(rows, number, per_page: int = PER_PAGE) -> Page:
    """The requested page of `rows`, counted by the page's own query.

    A list page used to run its filter twice: once for COUNT(*) and once for the rows. Here the
    total comes with the rows (COUNT(*) OVER ()), which halves the work of a filtered list at
    national scale. A page past the end, or a query whose rows are grouped or distinct (where a
    window count would count the wrong thing), goes through Django's Paginator as before.
    """
    number = page_number(number)
    query = getattr(rows, "query", None)
    if query is None or query.distinct or query.group_by is not None or query.combinator:
        return Paginator(rows, per_page).get_page(number)
    offset = (number - 1) * per_page
    items = list(rows.annotate(_listing_total=Window(Count("pk")))[offset : offset + per_page])
    if not items:
        return Paginator(rows, per_page).get_page(number)
    paginator = Paginator(rows, per_page)
    paginator.count = items[0]._listing_total  # count is a cached property: set, not computed
    return paginator._get_page(items, number, paginator)


def render_list(
    request,
    definition: ListDefinition,
    queryset,
    *,
    extra: dict | None = None,
    template: str = "partials/list_page.html",
):
    filterset = definition.filterset_class(request.GET or None, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    export = request.GET.get("export")
    if export in {"csv", "xlsx"}:
        rows = rows[:EXPORT_LIMIT].iterator(chunk_size=2000)
        return export_csv(definition, rows) if export == "csv" else export_xlsx(definition, rows)
    page = paginate(rows, request.GET.get("page"))
    context = {
        "definition": definition,
        "filter": filterset,
        "page": page,
        "rows": [
            (obj, [(c, c.display(obj), c.link(obj) if c.link else "") for c in definition.columns])
            for obj in page
        ],
        **(extra or {}),
    }
    if request.headers.get("HX-Request"):
        return render(request, "partials/list_table.html", context)
    return render(request, template, context)
