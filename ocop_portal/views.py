import sys

from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ocop_portal import health


@never_cache
@require_GET
def healthz(request):
    """200 when PostgreSQL and Redis both answer, 503 otherwise; never a traceback."""
    db_ok = health.check_postgresql()
    redis_ok = health.check_redis()
    heartbeat = health.last_worker_heartbeat() if db_ok else None
    body = {
        "status": "ok" if db_ok and redis_ok else "unavailable",
        "postgresql": "ok" if db_ok else "unavailable",
        "redis": "ok" if redis_ok else "unavailable",
        "worker_last_heartbeat": heartbeat.isoformat() if heartbeat else None,
    }
    return JsonResponse(body, status=200 if db_ok and redis_ok else 503)


@never_cache
@require_GET
def ping(request):
    """Liveness without touching any service: for load balancers, and the benchmark's ceiling."""
    return HttpResponse("pong", content_type="text/plain")


# The database being out of reach (a restart, a failover) is not a bug in the page: the user
# is told to retry in a moment (503 with Retry-After), and the next request reconnects by
# itself (CONN_HEALTH_CHECKS). Both templates are plain HTML that needs no database.
DATABASE_DOWN = (OperationalError, InterfaceError)


def server_error(request):
    """handler500: called by Django inside its exception handler, so sys.exc_info() is set."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)


@login_required
@require_GET
def lookup(request, source: str):
    """Matches for a type-ahead field (ocop_portal/typeahead.py), read through the user's scope."""
    from ocop_portal.typeahead import SOURCES
    from ocop_portal.typeahead import lookup as find

    found = SOURCES.get(source)
    if found is None:
        raise Http404
    params = {name: request.GET.get(name, "") for name in found.params if request.GET.get(name)}
    return JsonResponse(find(request.user, found, request.GET.get("q", ""), params))
