import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_when_postgresql_and_redis_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["postgresql"] == "ok"
    assert response.json()["redis"] == "ok"


def test_healthz_answers_503_when_redis_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "postgresql": "ok",
        "redis": "unavailable",
        "worker": "not seen",
        "worker_last_heartbeat": None,
    }


def test_healthz_is_degraded_when_no_worker_has_been_seen_recently(client):
    from django.utils import timezone

    from ocop_portal.models import WorkerHeartbeat

    WorkerHeartbeat.objects.all().delete()
    body = client.get("/healthz").json()
    assert (body["status"], body["worker"]) == ("degraded", "not seen")

    WorkerHeartbeat.objects.create(
        hostname="w1", beat_at=timezone.now() - timezone.timedelta(minutes=30)
    )
    response = client.get("/healthz")
    # the portal serves (a load balancer keeps it), but the report queue does not move
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"

    WorkerHeartbeat.objects.update(beat_at=timezone.now())
    body = client.get("/healthz").json()
    assert (body["status"], body["worker"]) == ("ok", "ok")


def test_the_report_pages_say_when_no_worker_is_running(client_for, objects):
    from django.utils import timezone

    from ocop_portal.models import WorkerHeartbeat

    client = client_for("leader")
    WorkerHeartbeat.objects.all().delete()
    for path in ["/reports/", f"/reports/{objects['report']}/"]:
        page = client.get(path).content.decode()
        assert 'data-testid="worker-missing"' in page, path
        assert "không thấy tiến trình chạy nền" in page
    WorkerHeartbeat.objects.create(hostname="w1", beat_at=timezone.now())
    assert 'data-testid="worker-missing"' not in client.get("/reports/").content.decode()


def test_healthz_answers_503_without_a_traceback_when_postgresql_is_down():
    # A separate process whose database URL points at a port where nothing listens.
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {
        **os.environ,
        "OCOP_ENV": "test",
        "DJANGO_SETTINGS_MODULE": "ocop_portal.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nothing",
    }
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["status"] == 503
    assert result["body"]["postgresql"] == "unavailable"
    assert "Traceback" not in out.stdout
