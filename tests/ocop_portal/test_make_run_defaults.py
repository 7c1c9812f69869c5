"""What a newcomer gets from `make run`: the portal's own error pages unless debug pages are
asked for, e-mail links on the port actually served, one plain log line per refused request."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _settings(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_DEBUG", "OCOP_PORT", "OCOP_SITE_URL", "OCOP_ENV"}
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            "print(settings.DEBUG, settings.OCOP_SITE_URL)",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "ocop_portal.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_development_shows_the_portals_error_pages_unless_debug_is_asked_for():
    assert _settings(OCOP_ENV="development")[0] == "False"
    assert _settings(OCOP_ENV="development", DJANGO_DEBUG="1")[0] == "True"


def test_email_links_follow_the_port_served():
    assert _settings(OCOP_ENV="development")[1] == "http://127.0.0.1:8000"
    assert _settings(OCOP_ENV="development", OCOP_PORT="8123")[1] == "http://127.0.0.1:8123"
    site = "https://ocop.example.vn"
    assert _settings(OCOP_ENV="development", OCOP_PORT="8123", OCOP_SITE_URL=site)[1] == site


@pytest.mark.django_db
def test_a_refused_request_is_one_log_line_without_traceback(client_for, caplog):
    assert logging.getLogger("django").handlers == []  # no second copy under DEBUG
    with caplog.at_level(logging.INFO):
        response = client_for("leader").get("/products/new/")
    assert response.status_code == 403
    refused = [r for r in caplog.records if r.name == "django.request"]
    assert len(refused) == 1
    assert refused[0].exc_info is None and "/products/new/" in refused[0].getMessage()


@pytest.mark.django_db
def test_a_missing_page_is_the_portals_vietnamese_page(client_for):
    response = client_for("province_staff").get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()
