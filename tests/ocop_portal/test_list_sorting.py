"""The header grammar of every list: ?sort=KEY / -KEY, validated, stable, shown."""

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

LISTS = [
    "/products/",
    "/subjects/",
    "/ideas/",
    "/plans/",
    "/support/",
    "/campaigns/",
    "/evaluation/certificates/",
    "/evaluation/rounds/",
    "/units/",
    "/subjects/craft-villages/",
    "/subjects/raw-material-areas/",
    "/promotion/sales-points/",
    "/promotion/channels/",
    "/promotion/events/",
    "/promotion/partners/",
    "/evaluation/councils/",
    "/people/",
    "/reports/",
    "/plan/targets/",
    "/subjects/training/",
    "/plan/activities/",
]


PRODUCER_LISTS = ["/producer/ideas/", "/producer/dossiers/"]


def _sort_keys(html: str) -> list[str]:
    return re.findall(r'data-sort="([^"]+)"', html)


@pytest.mark.parametrize(
    "path", LISTS + [pytest.param(p, id=f"producer:{p}") for p in PRODUCER_LISTS]
)
def test_every_header_sorts_both_ways_and_nonsense_is_ignored(client_for, path):
    client = client_for("producer_a" if path in PRODUCER_LISTS else "province_staff")
    html = client.get(path).content.decode()
    keys = _sort_keys(html)
    assert keys, f"{path} has no sortable header"
    for key in keys:
        for value in (key, f"-{key}"):
            page = client.get(path, {"sort": value})
            assert page.status_code == 200, (path, value)
            body = page.content.decode()
            expected = "descending" if value.startswith("-") else "ascending"
            assert f'aria-sort="{expected}"' in body, (path, value)
    for nonsense in ("password", "-", "--name", "name;drop", "x" * 500, "subject__user__password"):
        assert client.get(path, {"sort": nonsense}).status_code == 200


def test_names_sort_in_vietnamese_order_and_ties_keep_one_order(client_for, cast, units):
    commune = units.current("19429")
    for name in ("Chuối", "Cà phê", "Đậu", "Dừa", "Ăn liền", "An Phú"):
        factories.subject(commune, name=name)
    for _n in range(3):
        factories.subject(commune, name="Trùng tên")
    client = client_for("commune_a")
    html = client.get("/subjects/", {"sort": "name"}).content.decode()
    names = re.findall(r'<td><a href="/subjects/\d+/">([^<]+)</a>', html)
    assert names[:6] == ["An Phú", "Ăn liền", "Cà phê", "Chuối", "Dừa", "Đậu"]
    ids_first = re.findall(r'<a href="/subjects/(\d+)/">Trùng tên', html)
    ids_again = re.findall(
        r'<a href="/subjects/(\d+)/">Trùng tên',
        client.get("/subjects/", {"sort": "name"}).content.decode(),
    )
    assert ids_first == ids_again == sorted(ids_first, key=int)
