"""A task sent through a real Celery worker and the real Redis broker.

The worker runs in its own process against the test database; the task writes a row there.
A queue of its own keeps any other worker on the same Redis (a running `make run`) away.
"""

import time
from pathlib import Path

import pytest

from ocop_portal.celery import app as celery_app
from ocop_portal.models import WorkerHeartbeat
from ocop_portal.tasks import record_heartbeat

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.celery_worker
def test_heartbeat_task_runs_in_a_real_worker_through_redis(celery_worker_queue):
    assert not celery_app.conf.task_always_eager
    record_heartbeat.apply_async(queue=celery_worker_queue)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if WorkerHeartbeat.objects.exists():
            break
        time.sleep(0.2)
    beat = WorkerHeartbeat.objects.get()
    assert beat.hostname
