"""Fuzz wider: every POST endpoint of the portal and the query parameters of every list.

Each URL of the permission matrix (its objects filled in) is posted random values for the
fields its own page shows, by the actor that may act on it; each page without a parameter is
asked for with random page numbers, sorts, dates and units. No answer may be a server error.
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hardening.forms import form_data
from tests.test_permission_matrix import MATRIX

# the matrix of records is built once for the module (see conftest.shared_world)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_world")]

FUZZ = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NASTY = st.sampled_from(
    [
        "99999999999999999999",
        "-1",
        "NaN",
        "Infinity",
        "1e309",
        "9999-12-31",
        "0000-00-00",
        "31/12/9999",
        "\x00",
        "<script>x</script>",
        '=HYPERLINK("http://evil.example")',
        "",
        " ",
        "1",
        "0",
    ]
)
VALUE = st.one_of(NASTY, st.text(max_size=60), st.integers(-(10**20), 10**20).map(str))
FALLBACK_FIELDS = ["reason", "note", "notes", "title", "name", "status", "option", "criterion"]

POSTS = sorted({(path, method) for _name, path, method, _expected in MATRIX if method == "post"})
FORM_PAGES = sorted(
    {
        path
        for name, path, method, _expected in MATRIX
        if method == "get"
        and re.search(r"(new|edit|decision|import|password|intake|score|evidence)/$|\}/$", path)
    }
)
LISTS = sorted(
    {
        path
        for _name, path, method, _expected in MATRIX
        if method == "get" and "{" not in path and not path.endswith((".pdf", ".xlsx", ".xml"))
    }
)


def _actor_for(path: str) -> str:
    if "/score" in path or "/conflict" in path:
        return "council_member"
    return "province_staff"


def _read(response):
    if response.streaming:
        b"".join(response.streaming_content)  # reading a download to its end closes the file
    return response


def _fields(client, path) -> list[str]:
    page = _read(client.get(path))
    names = []
    if page.status_code == 200 and "html" in page.get("Content-Type", ""):
        names = [n for n in form_data(page.content.decode()) if n != "form_token"]
    return sorted(set(names)) or FALLBACK_FIELDS


@pytest.mark.parametrize("path", sorted({p for p, _m in POSTS} | set(FORM_PAGES)))
def test_every_post_endpoint_answers_without_a_server_error(client_for, objects, path):
    url = path.format(**objects)
    client = client_for(_actor_for(path))
    client.raise_request_exception = False
    names = _fields(client, url)

    @FUZZ
    @given(data=st.fixed_dictionaries(dict.fromkeys(names, VALUE)))
    def post(data):
        response = _read(client.post(url, data))
        assert response.status_code < 500, (url, data)

    post()


@pytest.mark.parametrize("path", LISTS)
def test_every_list_takes_any_query_parameters(client_for, path):
    client = client_for("province_staff")
    client.raise_request_exception = False

    @FUZZ
    @given(
        params=st.fixed_dictionaries(
            {},
            optional={
                "page": VALUE,
                "sort": VALUE,
                "o": VALUE,
                "q": VALUE,
                "as_of": VALUE,
                "date_from": VALUE,
                "date_to": VALUE,
                "year": VALUE,
                "unit": VALUE,
                "area": VALUE,
                "status": VALUE,
                "stars": VALUE,
                "export": st.sampled_from(["csv", "xlsx", "pdf", "", "\x00"]),
            },
        )
    )
    def get(params):
        response = _read(client.get(path, params))
        assert response.status_code < 500, (path, params)

    get()
