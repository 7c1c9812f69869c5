import socket

from celery import shared_task
from django.utils import timezone

from ocop_portal.models import WorkerHeartbeat


@shared_task(name="ocop_portal.tasks.record_heartbeat")
def record_heartbeat() -> str:
    """Record that a worker is alive; scheduled every minute by Celery beat."""
    hostname = socket.gethostname()
    WorkerHeartbeat.objects.update_or_create(
        hostname=hostname, defaults={"beat_at": timezone.now()}
    )
    return hostname
