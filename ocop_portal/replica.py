"""Reads that may go to a PostgreSQL read replica, and the ones that must not.

A national deployment points DATABASE_REPLICA_URL at a streaming replica. Dashboards, KPI
reports, exports, the report jobs and the public pages read from it: they are the heavy
readers, and a few seconds of replication lag does not change what they mean. Everything else
reads from the primary, and so does a user for a short while after they changed something
(a cookie set on every non-safe request), so nobody saves a form and then sees the old value.
Writes always go to the primary. Without DATABASE_REPLICA_URL there is one database and this
module changes nothing.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"
# Pages whose reads may lag the primary by a few seconds (view names, namespace included, so
# the kernel needs no domain import).
REPLICA_VIEWS = frozenset(
    {
        "reports:dashboard",
        "reports:report_download",
        "public:catalogue",
        "public:catalogue_product",
        "public:verify",
        "public:verify_qr",
        "public:partner_directory",
        "public:sitemap",
    }
)
# List exports are all named "<something>_export".
REPLICA_VIEW_SUFFIXES = ("_export",)
PIN_COOKIE = "ocop_primary"
PIN_SECONDS = 15

_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("use_replica", default=False)


def configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def reads_from_replica():
    """Within the block, reads go to the replica (when one is configured)."""
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_replica.get() and configured():
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def _replica_view(request) -> bool:
    match = request.resolver_match
    if match is None or match.url_name is None:
        return False
    return match.view_name in REPLICA_VIEWS or match.url_name.endswith(REPLICA_VIEW_SUFFIXES)


class ReplicaReadsMiddleware:
    """Sends the reads of the heavy read-only pages to the replica, except for a user who has
    just written: after a non-safe request they read from the primary for PIN_SECONDS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if configured() and request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not configured() or request.method not in ("GET", "HEAD"):
            return None
        if PIN_COOKIE in request.COOKIES or not _replica_view(request):
            return None
        with reads_from_replica():
            response = view_func(request, *view_args, **view_kwargs)
            # A template response renders later, outside this block: render it here.
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            return response
