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
from functools import cached_property
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import F, IntegerField, Subquery
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from openpyxl import Workbook

from ocop_portal.bounds import page_number
from ocop_portal.collation import vi
from ocop_portal.safe_export import safe_cell, safe_row

PER_PAGE = 25
EXPORT_LIMIT = 100_000  # an export larger than this is a job for the reports module


@dataclass(frozen=True)
class Column:
    """One column of a list. `sort` names the field (a lookup path, or an annotation of the
    list's queryset) that a click on the header orders by; a column without it is not
    sortable."""

    label: Any
    value: Callable[[Any], Any]
    link: Callable[[Any], str] | None = None
    numeric: bool = False
    sort: str | None = None
    nowrap: bool = False  # codes stay on one line (on screen and on paper)

    @cached_property  # read for every cell of the column
    def css(self) -> str:
        return " ".join(
            name for name, on in (("text-end", self.numeric), ("text-nowrap", self.nowrap)) if on
        )

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
    """A list: its filters and columns; `default_sort` ("name", "-created_at") is the order
    when the address asks for none, shown on its header like any other."""

    title: Any
    filterset_class: type
    columns: list[Column]
    export_name: str
    default_sort: str | None = None


# --- Sorting by column header -----------------------------------------------------------------
# One grammar on every list: `?sort=KEY` ascending, `?sort=-KEY` descending, KEY being a
# column's `sort`. Anything else in `sort` is ignored (the list keeps its own order), so a
# hand-edited or fuzzed address never fails. Names compare in Vietnamese alphabetical order
# (ICU collation, ocop_portal/collation.py); the primary key breaks ties, so equal names keep
# one order from page to page.

TEXT_FIELDS = (models.CharField, models.TextField)


def _sort_kind(queryset, path: str) -> str:
    """How a sort key compares and how its direction is said: "text", "date", "choice" or
    "number"."""
    annotation = queryset.query.annotations.get(path)
    if annotation is not None:
        field = annotation.output_field
    else:
        model, field = queryset.model, None
        for part in path.split("__"):
            try:
                field = model._meta.get_field(part)
            except FieldDoesNotExist:
                return "number"
            if field.is_relation and field.related_model is not None:
                model = field.related_model
    if isinstance(field, TEXT_FIELDS) and not field.choices:
        return "text"
    if isinstance(field, models.DateField | models.DateTimeField):
        return "date"
    if isinstance(field, TEXT_FIELDS):
        return "choice"
    return "number"


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key


def parse_sort(definition: ListDefinition, value: str | None) -> Sort | None:
    keys = {c.sort for c in definition.columns if c.sort}
    for candidate in (value, definition.default_sort):
        if isinstance(candidate, str) and candidate.lstrip("-") in keys:
            return Sort(candidate.lstrip("-"), candidate.startswith("-"))
    return None


def order_rows(rows, sort: Sort | None):
    if sort is None:
        return rows
    kind = _sort_kind(rows, sort.key)
    expression = vi(sort.key) if kind == "text" else F(sort.key)
    if sort.descending:
        return rows.order_by(expression.desc(nulls_last=True), "-pk")
    return rows.order_by(expression.asc(nulls_last=True), "pk")


def _direction_labels(kind: str) -> tuple[str, str]:
    if kind == "text":
        return _("A→Z"), _("Z→A")
    if kind == "date":
        return _("oldest first"), _("newest first")
    return _("ascending"), _("descending")


def header_cells(definition: ListDefinition, rows, sort: Sort | None, request) -> list[dict]:
    """What each <th> shows: its label, and for a sortable column the link that sorts by it
    (the other direction when it is already the order), the arrow and aria-sort."""
    cells = []
    for column in definition.columns:
        cell = {"column": column, "label": column.label, "url": "", "aria_sort": "", "hint": ""}
        if column.sort:
            kind = _sort_kind(rows, column.sort)
            ascending, descending = _direction_labels(kind)
            current = sort is not None and sort.key == column.sort
            # the first click on a date or a number shows the newest / largest first
            first_descending = kind in {"date", "number"}
            next_descending = (not sort.descending) if current else first_descending
            query = request.GET.copy()
            query.pop("page", None)
            query.pop("export", None)
            query["sort"] = f"-{column.sort}" if next_descending else column.sort
            cell["url"] = f"?{query.urlencode()}"
            direction = descending if next_descending else ascending
            cell["hint"] = _("Sort: %(label)s (%(direction)s)") % {
                "label": column.label,
                "direction": direction,
            }
            if current:
                cell["aria_sort"] = "descending" if sort.descending else "ascending"
                cell["arrow"] = "▼" if sort.descending else "▲"
                cell["now"] = f"{column.label} ({descending if sort.descending else ascending})"
        cells.append(cell)
    return cells


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


# A list counts its rows up to this many and then says "more than 10,000": an exact count over
# a national register (200,000 products, 600,000 certificates) would cost more than the page.
COUNT_LIMIT = 10_000


class BoundedCount(Subquery):
    """The number of rows of a (sliced) queryset, as a column of another query. It does not
    depend on the outer row, so PostgreSQL runs it once per query (an InitPlan), not per row."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS bounded_count)"
    empty_result_set_value = 0
    output_field = IntegerField()


def paginate(rows, number, per_page: int = PER_PAGE, count_limit: int | None = None) -> Page:
    """The requested page of `rows`, with a count that stops at `count_limit`.

    The page's rows are fetched with LIMIT/OFFSET in the list's order, so PostgreSQL can walk
    an index in that order and stop after a page instead of sorting every match. The count comes
    with them, in the same query: a subquery that only needs the matching keys and stops one
    past the limit (the page then says "more than 10,000", `page.more_than`), so its cost does
    not grow with the register. Only a page past the end costs a query more (the count alone,
    then the last page). A query whose rows are grouped or distinct goes through Django's
    Paginator as before.
    """
    count_limit = count_limit or COUNT_LIMIT
    number = page_number(number)
    query = getattr(rows, "query", None)
    if query is None or query.distinct or query.group_by is not None or query.combinator:
        page = Paginator(rows, per_page).get_page(number)
        page.more_than = None
        return page
    paginator = Paginator(rows, per_page)
    # Only the keys of the matching rows, unordered: no display joins, no sort, no per-row
    # subqueries (PostgreSQL drops the unused outer joins that annotations left behind).
    matching = rows.order_by().values("pk")[: count_limit + 1]
    offset = (number - 1) * per_page
    items = list(rows.annotate(_listing_total=BoundedCount(matching))[offset : offset + per_page])
    if items:
        counted = items[0]._listing_total
    elif number == 1:
        counted = 0  # nothing matches at all
    else:
        counted = matching.count()  # a page past the end: count alone
    paginator.count = counted  # count is a cached property: set, not computed
    if items and number <= paginator.num_pages:
        page = paginator._get_page(items, number, paginator)
    else:
        # a page past the end (or past the counted pages) shows the last one
        page = paginator.page(min(number, paginator.num_pages))
    page.more_than = count_limit if counted > count_limit else None
    return page


def sortable(request, rows, columns, default: str | None = None):
    """Header sorting for a list drawn by its own template: `columns` are (label, sort key or
    None) in table order. Returns the ordered rows and the header cells for
    partials/sort_headers.html, the same grammar as the lists of `render_list`."""
    definition = ListDefinition(
        title="",
        filterset_class=type(None),
        columns=[Column(label, lambda obj: None, sort=key) for label, key in columns],
        export_name="",
        default_sort=default,
    )
    sort = parse_sort(definition, request.GET.get("sort"))
    return order_rows(rows, sort), header_cells(definition, rows, sort, request)


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
    sort = parse_sort(definition, request.GET.get("sort"))
    rows = order_rows(rows, sort)
    export = request.GET.get("export")
    if export in {"csv", "xlsx"}:
        rows = rows[:EXPORT_LIMIT].iterator(chunk_size=2000)
        return export_csv(definition, rows) if export == "csv" else export_xlsx(definition, rows)
    page = paginate(rows, request.GET.get("page"))
    context = {
        "definition": definition,
        "filter": filterset,
        "page": page,
        "headers": header_cells(definition, queryset, sort, request),
        "sort": sort,
        "rows": [
            (obj, [(c, c.display(obj), c.link(obj) if c.link else "") for c in definition.columns])
            for obj in page
        ],
        **(extra or {}),
    }
    if request.headers.get("HX-Request"):
        return render(request, "partials/list_table.html", context)
    return render(request, template, context)
