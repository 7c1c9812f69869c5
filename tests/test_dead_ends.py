"""No dead ends: every link and form a person is shown leads somewhere they may go.

For each actor of the permission matrix, every page the matrix says they can open (200) is
opened; every same-site link (<a href>) and form action on it is then followed with GET. A 403
or 404 there means the page offered a way the person cannot take: the link should be hidden,
or the page behind it readable. A form posting to a POST-only address may answer 405 to the
GET, which is fine. The rules are not read from the policies: this test only looks at what
the pages show, as the person would.
"""

import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import ACTORS
from tests.test_permission_matrix import MATRIX

# the records are built once for the module (see conftest.shared_world)
pytestmark = pytest.mark.usefixtures("shared_world")

# Addresses not followed: leaving the session or changing the language has side effects, files
# are not pages, and Django admin has its own permission model (tested by the matrix).
SKIPPED_PREFIXES = (
    "/accounts/logout/",
    "/i18n/",
    "/static/",
    "/media/",
    "/admin/",
)
# Links of one kind (same path with other ids, other sort orders) followed at most this often
# per actor, so the test stays fast but sees every kind of page.
PER_KIND = 2
DEAD = (403, 404)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []  # (kind, url): kind is "a" or "form"

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.found.append(("a", attrs["href"]))
        elif tag == "form":
            # a form without an action posts to its own page
            self.found.append(("form", attrs.get("action") or ""))


def _same_site(base: str, url: str) -> str | None:
    if url.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    absolute = urljoin(f"http://testserver{base}", url)
    parts = urlsplit(absolute)
    if parts.netloc != "testserver" or parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _kind(url: str) -> str:
    path, _, query = url.partition("?")
    keys = sorted(part.split("=")[0] for part in query.split("&") if part)
    return re.sub(r"/\d+(?=/|$)", "/<n>", path) + "?" + "&".join(keys)


def _pages_for(actor: str) -> list[str]:
    return sorted(
        {
            path
            for _name, path, method, expected in MATRIX
            if method == "get" and expected.get(actor) == 200
        }
    )


def _html(response) -> str:
    if response.streaming:
        b"".join(response.streaming_content)  # reading a download to its end closes the file
        return ""
    if "text/html" not in response.get("Content-Type", ""):
        return ""
    return response.content.decode()


@pytest.mark.parametrize("actor", ACTORS)
def test_no_dead_ends(client_for, objects, actor):
    client = client_for(actor)
    pages = [path.format(**objects) for path in _pages_for(actor)]
    targets: dict[str, set[str]] = defaultdict(set)  # url -> pages that show it
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, f"{actor} cannot open {page} as the matrix says"
        parser = _Links()
        parser.feed(_html(response))
        for _kind_of_tag, url in parser.found:
            target = _same_site(page, url)
            if target is not None:
                targets[target].add(page)
    seen_kinds: dict[str, int] = defaultdict(int)
    dead = []
    for url in sorted(targets):
        kind = _kind(url)
        if seen_kinds[kind] >= PER_KIND:
            continue
        seen_kinds[kind] += 1
        response = client.get(url)
        _html(response)
        if response.status_code in DEAD:
            dead.append(f"{url} ({response.status_code}) shown on {sorted(targets[url])}")
    assert not dead, f"{actor} is shown ways they cannot take:\n" + "\n".join(dead)
