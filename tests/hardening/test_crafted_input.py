"""Issue 11, item 8: crafted input answers a page or a 400/404, never a 500."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


def _list_urls(resolver=None, prefix=""):
    """Every URL without a parameter: the lists, the dashboards, the forms' GET pages."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if "admin" in route:
                continue
            yield from _list_urls(entry, route)
        elif isinstance(entry, URLPattern) and "<" not in route and "(?P" not in route:
            yield "/" + route.lstrip("^").rstrip("$")


def _urls():
    return sorted({u for u in _list_urls() if not u.startswith(("/static", "/media"))})


@pytest.mark.parametrize(
    "query",
    [
        f"page={HUGE}",
        "page=-1",
        "page=1e9",
        "page=%00",
        "sort=%00",
        "sort=-zzz",
        "as_of=9999-12-31",
        "as_of=0001-01-01",
        "as_of=%00",
        "unit=%00",
        f"unit={HUGE}",
        "q=%00",
        "year=99999999999",
    ],
)
def test_query_parameters_of_every_page_never_answer_500(client_for, query):
    client = client_for("province_staff")
    anonymous = client_for("anonymous")
    client.raise_request_exception = anonymous.raise_request_exception = False
    failures = []
    for url in _urls():
        for who in (client, anonymous):
            response = who.get(f"{url}?{query}")
            if response.streaming:
                b"".join(response.streaming_content)
            if response.status_code >= 500:
                failures.append((url, response.status_code, who is anonymous))
    assert failures == []


@pytest.mark.parametrize(
    "path", ["/catalogue/%00/", "/verify/%00/", "/catalogue/%00", "/evaluation/criteria/%00/x/"]
)
def test_nul_bytes_in_the_path_answer_404(client_for, path):
    for actor in ("anonymous", "province_staff"):
        client = client_for(actor)
        client.raise_request_exception = False
        assert client.get(path).status_code in (301, 302, 404)


HUGE_PAGE = f"?page={HUGE}"


def test_a_huge_page_number_shows_the_last_page(client_for):
    response = client_for("anonymous").get(f"/catalogue/{HUGE_PAGE}")
    assert response.status_code == 200
    response = client_for("province_staff").get(f"/products/{HUGE_PAGE}")
    assert response.status_code == 200


def test_a_date_beyond_the_calendar_is_a_message_next_to_the_field(client_for):
    response = client_for("province_staff").get("/dashboard/?as_of=9999-12-31")
    assert response.status_code == 200
    assert "31/12/2199" in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"criterion": "abc", "option": "1"},
        {"criterion": "1", "option": "NaN"},
        {"criterion": "1"},
        {"revision": "x", "c_1": "1"},
        {"c_x": "1"},
        {"criterion": HUGE, "option": HUGE},
        {"revision": HUGE},
    ],
)
def test_the_score_answer_endpoint_refuses_what_the_page_never_sends(cast, units, client_for, data):
    from evaluation import services
    from evaluation.models import RoundStatus
    from tests.evaluation.helpers import make_dossier, make_round

    round_ = make_round(cast, units)
    dossier = make_dossier(cast, units, round_)
    for step in (RoundStatus.OPEN, RoundStatus.SCORING):
        services.round_advance(actor=cast["province_staff"], round_=round_, to=step)
    client = client_for("council_member")
    client.raise_request_exception = False
    response = client.post(f"/evaluation/dossiers/{dossier.pk}/score/answer/", data)
    assert response.status_code in (200, 302, 400)
