"""The Vietnamese interface has no English left: every page reachable by links from the home
page is crawled as each role, and any visible text that is English (a msgid of the catalogue
shown untranslated, or a phrase of common English words that never went through gettext)
fails the test with the page it was found on."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest

pytestmark = pytest.mark.django_db

ROLES = ["province_staff", "district_a", "commune_a", "leader", "council_member", "producer_a"]
SKIP = re.compile(
    r"^/(admin|static|media|accounts/logout|logout|i18n|healthz|ping)"
    r"|\.(pdf|xlsx|csv|png|svg|xml)$|/(export|download|pdf|offline)/?"
    r"|^/producer/evidence/\d+/$"  # a producer's evidence file, not a page
)
ENGLISH = {
    "the",
    "of",
    "and",
    "to",
    "by",
    "for",
    "with",
    "from",
    "this",
    "that",
    "not",
    "no",
    "yes",
    "your",
    "you",
    "page",
    "next",
    "previous",
    "descending",
    "ascending",
    "none",
    "all",
    "save",
    "cancel",
    "delete",
    "edit",
    "new",
    "show",
    "search",
    "filter",
    "status",
    "date",
    "name",
    "list",
    "view",
    "back",
    "add",
    "download",
    "submit",
    "assessed",
}
ALLOWED = {"OCOP", "PDF", "XLSX", "CSV", "QR", "HTX", "THT", "DN", "VietGAP", "GlobalGAP"}
MAX_PAGES = 45


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.skip = 0
        self.texts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code", "pre", "textarea"):
            self.skip += 1
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("title", "aria-label", "placeholder"):
            if attrs.get(name):
                self.texts.append(attrs[name])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "pre", "textarea") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.texts.append(" ".join(data.split()))


def _english(text: str) -> bool:
    if not text.isascii() or re.match(r"^(https?://|/|[\w.+-]+@)", text):
        return False  # addresses and e-mails are data
    words = [w for w in re.findall(r"[A-Za-z]+", text) if w not in ALLOWED]
    return len(words) >= 2 and any(w.lower() in ENGLISH for w in words)


@pytest.mark.parametrize("role", ROLES)
def test_no_english_is_left_in_the_vietnamese_interface(client_for, objects, role):
    client = client_for(role)
    client.cookies["django_language"] = "vi"
    # a producer's home is its workspace (the portal's home sends it there)
    queue, seen, found = ["/producer/" if role == "producer_a" else "/"], set(), []
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="vi")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Text()
        parser.feed(response.content.decode())
        found += [(path, text) for text in parser.texts if _english(text)]
        for href in parser.links:
            url = urlparse(urljoin(path, href))
            if url.netloc or not url.path.startswith("/") or SKIP.search(url.path):
                continue
            target = url.path + (f"?{url.query}" if url.query and "page=" not in url.query else "")
            if target not in seen and len(queue) < 400:
                queue.append(target)
    assert len(seen) > 10
    assert not found, "\n".join(f"{p}: {t}" for p, t in sorted(set(found)))
