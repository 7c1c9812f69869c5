"""Liveness of the services the portal depends on, for /healthz and for operators."""

import logging

import redis
from django.conf import settings
from django.db import connection

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


def last_worker_heartbeat():
    try:
        beat = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True)
        return beat.first()
    except Exception:
        return None
