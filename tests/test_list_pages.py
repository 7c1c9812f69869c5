"""List pages: a constant number of queries whatever the row count, and exports."""

import csv
import io

import pytest
from openpyxl import load_workbook

from evaluation import register_import
from tests import factories
from tests.evaluation.test_register_import import workbook

pytestmark = pytest.mark.django_db

LISTS = [
    "/subjects/",
    "/products/",
    "/ideas/",
    "/plans/",
    "/support/",
    "/campaigns/",
    "/evaluation/certificates/",
    "/subjects/craft-villages/",
    "/subjects/raw-material-areas/",
]


def _fill(cast, units, n):
    commune = units.current("19429")
    rows = [
        [
            f"Sản phẩm {i}",
            "I.6",
            f"HTX {i}",
            "HTX",
            f"34{i:08d}",
            "19429",
            3,
            "",
            f"{i}/QĐ",
            "10/10/2024",
            "tỉnh",
            "lần đầu",
            "",
        ]
        for i in range(n)
    ]
    register_import.commit(register_import.preview(workbook(rows)), actor=cast["province_staff"])
    for _ in range(n):
        idea = factories.idea(cast["commune_a"], commune, submit=True)
        from products import services

        idea = services.idea_accept(actor=cast["district_a"], idea=idea)
        factories.plan(cast["commune_a"], idea, factories.subject(commune))


def _count_queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # A first request fills the per-process caches (the user's area), which would otherwise be
    # counted only for whichever list the test happens to visit first.
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", LISTS)
def test_list_pages_use_a_constant_number_of_queries(
    cast, units, client_for, url, django_assert_max_num_queries
):
    client = client_for("province_staff")
    _fill(cast, units, 2)
    few = _count_queries(client, url, django_assert_max_num_queries)
    _fill(cast, units, 12)
    many = _count_queries(client, url, django_assert_max_num_queries)
    assert many == few, f"{url}: {few} queries with few rows, {many} with many"
    assert many <= 20


def test_lists_export_to_csv_and_xlsx_with_the_same_rows(cast, units, client_for):
    _fill(cast, units, 3)
    client = client_for("province_staff")
    response = client.get("/products/", {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["Sản phẩm", "Mã sản phẩm"]
    assert len(rows) == 4
    response = client.get("/products/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 4
    assert [c.value for c in sheet[1]][:2] == ["Sản phẩm", "Mã sản phẩm"]


def test_exports_respect_the_scope(cast, units, client_for):
    _fill(cast, units, 2)  # all in Khe Sanh
    response = client_for("commune_b").get("/products/", {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text)))) == 1  # the header only


def test_a_list_counts_up_to_its_limit_and_then_says_more_than(
    cast, units, client_for, monkeypatch
):
    """A national register is not counted row by row on every page: past the limit (10,000;
    3 here) the list says "more than", and its pages still walk in order."""
    from ocop_portal import listing

    client = client_for("province_staff")
    _fill(cast, units, 5)
    monkeypatch.setattr(listing, "COUNT_LIMIT", 3)
    page = client.get("/products/")
    assert "Hơn 3 bản ghi" in page.content.decode()
    assert page.context["page"].more_than == 3
    monkeypatch.setattr(listing, "COUNT_LIMIT", 10)
    page = client.get("/products/")
    assert page.context["page"].more_than is None
    assert page.context["page"].paginator.count == 5


def test_a_page_brings_its_count_in_the_same_query(cast, units, django_assert_num_queries):
    """The rows of a page and their count (up to the limit) come in one query; only an address
    past the end costs more (the count alone, then the last page)."""
    from ocop_portal.listing import paginate
    from products.models import Product

    _fill(cast, units, 5)
    rows = Product.objects.order_by("pk")
    keys = list(rows.values_list("pk", flat=True))
    with django_assert_num_queries(1):
        page = paginate(rows, 2, per_page=2, count_limit=10)
        assert [p.pk for p in page] == keys[2:4]
    assert (page.paginator.count, page.paginator.num_pages, page.more_than) == (5, 3, None)
    with django_assert_num_queries(3):
        page = paginate(rows, 9, per_page=2, count_limit=10)  # past the end: the last page
        assert [p.pk for p in page] == keys[4:]
    assert page.number == 3
    # past the limit: "more than 3", and the pages stop at the counted rows
    page = paginate(rows, 1, per_page=2, count_limit=3)
    assert (page.paginator.count, page.more_than, page.paginator.num_pages) == (4, 3, 2)
    page = paginate(rows, 3, per_page=2, count_limit=3)
    assert page.number == 2
    with django_assert_num_queries(1):
        page = paginate(rows.filter(pk__lt=0), 1, per_page=2)
        assert list(page) == []
    assert (page.paginator.count, page.more_than) == (0, None)
