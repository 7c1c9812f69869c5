"""A task sent through a real Celery worker and the real Redis broker.

The worker runs in its own process against the test database; the task writes a row there.
A queue of its own keeps any other worker on the same Redis (a running `make run`) away.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from ocop_portal.celery import app as celery_app
from ocop_portal.models import WorkerHeartbeat
from ocop_portal.tasks import record_heartbeat

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    queue = f"test-{uuid.uuid4().hex[:12]}"
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "OCOP_ENV": "test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
            f"{connection.settings_dict['NAME']}"
        ),
        "REDIS_URL": settings.REDIS_URL,
    }
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ocop_portal",
            "worker",
            "--pool=solo",
            "--queues",
            queue,
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    # The test profile runs tasks in-process; this test needs them to go through the broker.
    celery_app.conf.task_always_eager = False
    yield queue
    celery_app.conf.task_always_eager = True
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
    log.close()
    print((tmp_path / "worker.log").read_text())  # shown by pytest when the test fails


@pytest.mark.celery_worker
def test_heartbeat_task_runs_in_a_real_worker_through_redis(celery_worker_process):
    assert not celery_app.conf.task_always_eager
    record_heartbeat.apply_async(queue=celery_worker_process)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if WorkerHeartbeat.objects.exists():
            break
        time.sleep(0.2)
    beat = WorkerHeartbeat.objects.get()
    assert beat.hostname
