"""Liveness of the services the portal depends on, for /healthz and for operators."""

import logging

import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from ocop_portal.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def check_postgresql() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "not answering"; details go to the log only
        logger.warning("PostgreSQL health check failed", exc_info=True)
        return False


def check_redis() -> bool:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        return bool(client.ping())
    except Exception:
        logger.warning("Redis health check failed", exc_info=True)
        return False


def worker_seen_recently(heartbeat) -> bool:
    """A worker ran beat's heartbeat task within WORKER_SEEN_WITHIN_SECONDS.

    Queued jobs (reports) wait for ever when no worker runs: the portal itself still serves,
    so this is "degraded", not "unavailable".
    """
    if heartbeat is None:
        return False
    age = (timezone.now() - heartbeat).total_seconds()
    return age <= settings.WORKER_SEEN_WITHIN_SECONDS


def worker_is_running() -> bool:
    return worker_seen_recently(last_worker_heartbeat())


def last_worker_heartbeat():
    try:
        beat = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True)
        return beat.first()
    except Exception:
        return None
