"""Expiry reminders through a real Celery worker, with time travel: the worker is stopped for
ten days across the 120-day boundary, and the reminder still arrives, once."""

import datetime
import time

import pytest

from accounts.models import Notification
from evaluation.models import Certificate, ExpiryReminder
from evaluation.tasks import send_expiry_reminders
from ocop_portal.models import WorkerHeartbeat
from ocop_portal.tasks import record_heartbeat
from tests import factories
from tests.conftest import start_celery_worker, stop_celery_worker


def _run_in_worker(day: datetime.date) -> None:
    """Send the daily job for `day` and wait until the worker has done it: the heartbeat sent
    after it on the same queue is handled after it (one worker, one task at a time)."""
    WorkerHeartbeat.objects.all().delete()
    send_expiry_reminders.delay(day.isoformat())
    record_heartbeat.delay()
    deadline = time.monotonic() + 60
    while not WorkerHeartbeat.objects.exists():
        assert time.monotonic() < deadline, "the worker did not run the job"
        time.sleep(0.2)


@pytest.mark.celery_worker
def test_a_worker_stopped_ten_days_across_a_window_still_reminds_once(
    celery_queue, cast, units, settings, tmp_path
):
    product = factories.product(
        cast["commune_a"], factories.subject(units.current("19429")), name="Mật ong Rú Lịnh"
    )
    certificate = Certificate.objects.create(
        product=product,
        stars=3,
        level="province",
        decision_number="7/QĐ",
        decision_date=datetime.date(2024, 6, 1),
        issued_on=datetime.date(2024, 6, 1),
        expires_on=datetime.date(2027, 6, 1),
        source="imported",
    )
    boundary = certificate.expires_on - datetime.timedelta(days=120)
    log = tmp_path / "worker.log"

    worker = start_celery_worker(celery_queue, settings, log)
    try:
        # days before the boundary: the 180-day reminder went out the first day, once
        for day in (boundary - datetime.timedelta(days=3), boundary - datetime.timedelta(days=2)):
            _run_in_worker(day)
        assert list(ExpiryReminder.objects.values_list("days_before", flat=True)) == [180]
    finally:
        stop_celery_worker(worker)
    # The worker is down from two days before the boundary to eight days after it: the
    # daily job never runs on the day the certificate enters the 120-day window.
    worker = start_celery_worker(celery_queue, settings, log)
    try:
        back = boundary + datetime.timedelta(days=9)
        _run_in_worker(back)
        _run_in_worker(back + datetime.timedelta(days=1))  # and the day after: nothing twice
    finally:
        stop_celery_worker(worker)
        print(log.read_text())
    reminder = ExpiryReminder.objects.get(days_before=120)
    assert reminder.sent_on == back
    for person in (cast["province_staff"], cast["commune_a"]):
        messages = list(
            Notification.objects.filter(recipient=person).values_list("message", flat=True)
        )
        assert len(messages) == 2, messages  # the 180-day one and the 120-day one
        assert sum("còn 111 ngày" in m for m in messages) == 1
