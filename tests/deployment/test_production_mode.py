"""The portal as deployed: production settings, static files collected, gunicorn behind the
repository's nginx configuration over TLS, a real Celery worker. Public and logged-in pages are
crawled per role with no error; photos come from the proxy, reports and evidence from the portal.
"""

from __future__ import annotations

import re
import socket
import ssl
from collections import deque
from urllib.parse import urljoin, urlsplit

from tests.deployment.conftest import BODY_MAX_MB
from tests.deployment.proxy import SERVER_NAME
from tests.faults.stack import wait_until

# Per role, where the crawl starts; it then follows the links it finds, breadth first.
ROLES = {
    None: ["/", "/catalogue/", "/partners/", "/sitemap.xml", "/accounts/login/"],
    "tinh.ocop": ["/", "/dashboard/?as_of=2025-12-31", "/products/", "/evaluation/rounds/"],
    "lanhdao.tinh": ["/", "/dashboard/?as_of=2025-12-31", "/reports/"],
    "huyen.camlo": ["/", "/products/", "/ideas/"],
    "xa.khesanh": ["/", "/products/", "/ideas/", "/plans/"],
    "hoidong.chutich": ["/", "/evaluation/rounds/"],
    "quantri": ["/", "/admin/"],
}
PAGES_PER_ROLE = 24
# Not followed: leaving the session, and documents whose cost is WeasyPrint's, not the
# deployment's (one report PDF is built by the worker below).
SKIP = re.compile(r"/logout|/i18n/|\.pdf$|/export|/download/|/qr\.|/admin/.+/(delete|history)/")
LINK = re.compile(r'(?:href|src)="([^"]+)"')

PASSWORD = "ocop-demo-2026"


def log_in(client, username: str) -> None:
    page = client.get("/accounts/login/")
    assert page.status_code == 200, page.status_code
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = client.post(
        "/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
    )
    assert answer.status_code == 302, (username, answer.status_code, answer.text[:500])


def crawl(client, start: list[str], limit: int) -> tuple[dict[str, int], set[str]]:
    """GET pages breadth first from `start`; their statuses, and the static assets seen."""
    statuses: dict[str, int] = {}
    assets: set[str] = set()
    queue = deque(start)
    while queue and len(statuses) < limit:
        path = queue.popleft()
        if path in statuses:
            continue
        answer = client.get(path)
        statuses[path] = answer.status_code
        if "text/html" not in answer.headers.get("content-type", ""):
            continue
        for link in LINK.findall(answer.text):
            link = link.replace("&amp;", "&")
            url = urlsplit(urljoin(path, link))
            if url.scheme not in ("", "https") or url.netloc not in ("", SERVER_NAME):
                continue
            local = url.path + (f"?{url.query}" if url.query else "")
            if url.path.startswith("/static/"):
                assets.add(url.path)
            elif not SKIP.search(url.path) and local not in statuses:
                queue.append(local)
    return statuses, assets


def test_public_and_logged_in_pages_answer_without_errors(deployment):
    failures, crawled, assets = [], 0, set()
    for username, start in ROLES.items():
        with deployment.client() as client:
            if username:
                log_in(client, username)
            statuses, seen = crawl(client, start, PAGES_PER_ROLE)
            crawled += len(statuses)
            assets |= seen
            failures += [(username, path, code) for path, code in statuses.items() if code >= 400]
    assert crawled >= 5 * PAGES_PER_ROLE
    assert failures == [], "\n".join(map(str, failures))

    # Static files: collected, with hashed names from the manifest, compressed, cached for long
    assert assets and all(re.search(r"\.[0-9a-f]{12}\.", path) for path in assets), assets
    with deployment.client() as client:
        for path in sorted(assets):
            answer = client.get(path, headers={"Accept-Encoding": "gzip"})
            assert answer.status_code == 200, path
            assert "max-age=315360000" in answer.headers["cache-control"], path


def test_tls_through_the_proxy_secure_cookies_and_hsts(deployment):
    # plain HTTP only redirects to HTTPS, on the proxy
    import httpx

    plain = httpx.get(
        f"http://127.0.0.1:{deployment.proxy.http_port}/products/",
        headers={"Host": SERVER_NAME},
    )
    assert plain.status_code == 301
    assert plain.headers["location"] == f"https://{SERVER_NAME}/products/"

    with deployment.client() as client:
        page = client.get("/accounts/login/")
        assert page.status_code == 200
        assert "max-age=31536000" in page.headers["strict-transport-security"]
        assert "secure" in page.headers["set-cookie"].lower()
        log_in(client, "xa.khesanh")
        private = client.get("/products/")
        assert private.status_code == 200
        assert "no-store" in private.headers["cache-control"]

    # a host the portal does not serve is refused, not answered
    with deployment.client() as client:
        assert client.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_photos_come_from_the_proxy_and_private_files_only_from_the_portal(deployment):
    stack = deployment.stack
    # A product photo, stored as the portal stores one, for a product in the public catalogue.
    stored = deployment.manage(
        "shell",
        "-c",
        "import io; from PIL import Image; from django.core.files.base import ContentFile;"
        "import datetime; from products.models import ProductPhoto;"
        "from evaluation.models import Certificate;"
        "today = datetime.date.today();"
        "product = Certificate.objects.valid_on(today).order_by('pk').first().product;"
        "buffer = io.BytesIO(); Image.new('RGB', (8, 8), 'red').save(buffer, 'PNG');"
        "photo = ProductPhoto(product=product, extension='png');"
        "photo.image.save('x.png', ContentFile(buffer.getvalue()));"
        "print(product.code, photo.image.url)",
    )
    assert stored.returncode == 0, stored.stderr[-2000:]
    code, url = stored.stdout.split()[-2:]

    with deployment.client() as anonymous:
        page = anonymous.get(f"/catalogue/{code}/")
        assert page.status_code == 200
        assert url in page.text
        photo = anonymous.get(url)
        assert photo.status_code == 200
        assert photo.content.startswith(b"\x89PNG")
        assert photo.headers["server"].startswith("nginx")
        assert photo.headers["x-content-type-options"] == "nosniff"
        # nothing of the private folder is reachable through the media location
        for path in ["/media/../private/", "/media/reports/", "/media/evidence/"]:
            assert anonymous.get(path).status_code in (400, 403, 404), path

    # A report: built by the worker into the private folder, handed out by the portal.
    with deployment.client() as leader:
        log_in(leader, "lanhdao.tinh")
        province = stack.sql(
            "SELECT id FROM accounts_administrativeunit WHERE level = 'province'"
            " AND code = '44' AND valid_to IS NULL"
        )[0][0]
        form = leader.get("/reports/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        answer = leader.post(
            "/reports/",
            data={
                "csrfmiddlewaretoken": token,
                "unit": province,
                "as_of": "2025-12-31",
                "format": "pdf",
            },
        )
        assert answer.status_code == 302, answer.text[:1000]
        job = int(answer.headers["location"].rstrip("/").split("/")[-1])
        wait_until(
            lambda: (
                stack.sql("SELECT status FROM reports_reportjob WHERE id = %s", [job])[0][0]
                == "done"
            ),
            timeout=120,
            interval=0.5,
            what="the worker to build the report",
        )
        download = leader.get(f"/reports/{job}/download/")
        assert download.status_code == 200
        assert download.content.startswith(b"%PDF")
        assert "no-store" in download.headers["cache-control"]
        (name,) = stack.sql("SELECT file FROM reports_reportjob WHERE id = %s", [job])[0]
        # the same file is no media: the proxy does not have it
        assert leader.get(f"/media/{name}").status_code == 404

    with deployment.client() as stranger:
        log_in(stranger, "xa.camlo")  # a commune officer elsewhere, who may not read reports
        assert stranger.get(f"/reports/{job}/download/").status_code in (403, 404)


def test_bodies_over_the_limit_are_refused_by_the_proxy_and_by_the_portal(deployment):
    request = (
        f"POST /accounts/login/ HTTP/1.1\r\nHost: {SERVER_NAME}\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\n"
        f"Content-Length: {400 * 1024 * 1024}\r\nConnection: close\r\n\r\n"
    ).encode()

    def status_of(sock) -> int:
        sock.sendall(request)  # the headers only: nobody may wait for the 400 MB
        sock.settimeout(20)
        head = sock.recv(4096).decode("latin-1")
        return int(head.split()[1])

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with (
        socket.create_connection(("127.0.0.1", deployment.proxy.https_port)) as raw,
        context.wrap_socket(raw, server_hostname=SERVER_NAME) as tls,
    ):
        assert status_of(tls) == 413
    # straight to gunicorn, as if the proxy were missing or misconfigured
    with socket.create_connection(("127.0.0.1", deployment.stack.web_port)) as plain:
        assert status_of(plain) == 413
    assert BODY_MAX_MB * 1024 * 1024 < 400 * 1024 * 1024


def test_login_throttle_sees_each_client_through_the_proxy(deployment):
    """Five wrong passwords for the chair from one computer; the chair, at another computer
    behind the same proxy, still logs in."""
    with deployment.client(source="127.0.0.2") as attacker:
        page = attacker.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        for _ in range(5):
            attacker.post(
                "/accounts/login/",
                data={
                    "csrfmiddlewaretoken": token,
                    "username": "hoidong.tv2",
                    "password": "wrong-password",
                },
            )
        refused = attacker.post(
            "/accounts/login/",
            data={"csrfmiddlewaretoken": token, "username": "hoidong.tv2", "password": PASSWORD},
        )
        assert refused.status_code == 429
    with deployment.client(source="127.0.0.3") as chair:
        log_in(chair, "hoidong.tv2")
    # the throttle was recorded against the attacker's address, not the proxy's
    addresses = {
        row[0]
        for row in deployment.stack.sql(
            "SELECT ip_address FROM axes_accessattempt WHERE username = 'hoidong.tv2'"
        )
    }
    assert addresses == {"127.0.0.2"}


def test_healthz_through_the_proxy(deployment):
    with deployment.client() as client:
        answer = client.get("/healthz")
    assert answer.status_code == 200
    body = answer.json()
    assert (body["postgresql"], body["redis"]) == ("ok", "ok")
    assert body["status"] in ("ok", "degraded")  # no beat here: the worker may not have beaten
