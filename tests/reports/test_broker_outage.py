"""Redis stops: pages still work and a report requested meanwhile is kept and built later."""

import datetime

import pytest
import time_machine

from ocop_portal.celery import app as celery_app
from reports.models import JobStatus, ReportJob
from reports.tasks import requeue_stalled_reports
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down():
    """Point the broker at a port where nothing listens, as when Redis has stopped."""
    saved = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    celery_app.conf.task_always_eager = False
    _fresh_connections()
    yield
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved
    _fresh_connections()


def _fresh_connections():
    # Celery keeps its connection pools; drop them so the next message uses the new URL.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_a_report_requested_while_redis_is_down_is_kept_and_built_later(
    cast, units, client_for, broker_down, django_capture_on_commit_callbacks
):
    client = client_for("leader")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/reports/", {"unit": units.current("44").pk, "as_of": "2025-12-31", "format": "xlsx"}
        )
    assert response.status_code == 302  # the request did not fail
    job = ReportJob.objects.get()
    assert job.status == JobStatus.QUEUED
    assert client.get(f"/reports/{job.pk}/").status_code == 200
    # Redis is back: the sweeper sends what was not sent, and the job is built once.
    celery_app.conf.task_always_eager = True
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=5)
    with time_machine.travel(later):
        assert requeue_stalled_reports() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 1


def test_work_that_notifies_goes_on_while_redis_is_down(
    cast, units, broker_down, django_capture_on_commit_callbacks
):
    cast["district_a"].email = "huyen@example.vn"
    cast["district_a"].save()
    with django_capture_on_commit_callbacks(execute=True):
        idea = factories.idea(cast["commune_a"], units.current("19429"), submit=True)
    assert idea.status == "submitted"
    assert cast["district_a"].notifications.count() == 1  # the inbox has it; e-mail later


def test_a_job_whose_worker_died_is_handed_back_and_completes_once(cast, units):
    job = ReportJob.objects.create(
        requested_by=cast["leader"],
        unit=units.current("44"),
        as_of=datetime.date(2025, 12, 31),
        format="xlsx",
        status=JobStatus.RUNNING,
        attempts=1,
        started_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    assert requeue_stalled_reports() == 1  # eager in tests: built right away
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2
    assert requeue_stalled_reports() == 0  # nothing left to do: no second file
