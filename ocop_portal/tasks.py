import logging
import socket

from celery import shared_task
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from ocop_portal.models import WorkerHeartbeat


@shared_task(name="ocop_portal.tasks.record_heartbeat")
def record_heartbeat() -> str:
    """Record that a worker is alive; scheduled every minute by Celery beat."""
    hostname = socket.gethostname()
    WorkerHeartbeat.objects.update_or_create(
        hostname=hostname, defaults={"beat_at": timezone.now()}
    )
    return hostname


def enqueue(task, *args) -> bool:
    """Send a task to the broker without letting a broker outage fail the user's request.

    Work that must not be lost is recorded in the database first (a report job row, an inbox
    entry); if Redis does not answer, the message is simply not sent now and the sweeper
    (`reports.tasks.requeue_stalled_reports`) or the inbox make up for it later.
    """
    try:
        task.apply_async(args=args, retry=False)
        return True
    except (BrokerError, OSError, ConnectionError):
        logging.getLogger(__name__).warning(
            "broker unavailable: %s%s not sent now", task.name, args
        )
        return False
