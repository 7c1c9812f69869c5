import sys

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ocop_portal import health
from ocop_portal.typeahead import lookup as find
from ocop_portal.typeahead import source_named


@never_cache
@require_GET
def healthz(request):
    """503 "unavailable" when PostgreSQL or Redis does not answer; 200 "degraded" when both do
    but no Celery worker has been seen recently (pages work, queued jobs wait); 200 "ok" when
    all three are well. Never a traceback."""
    db_ok = health.check_postgresql()
    redis_ok = health.check_redis()
    heartbeat = health.last_worker_heartbeat() if db_ok else None
    worker_ok = health.worker_seen_recently(heartbeat)
    status = "ok" if worker_ok else "degraded"
    if not (db_ok and redis_ok):
        status = "unavailable"
    body = {
        "status": status,
        "postgresql": "ok" if db_ok else "unavailable",
        "redis": "ok" if redis_ok else "unavailable",
        "worker": "ok" if worker_ok else "not seen",
        "worker_last_heartbeat": heartbeat.isoformat() if heartbeat else None,
    }
    return JsonResponse(body, status=503 if status == "unavailable" else 200)


@never_cache
@require_GET
def ping(request):
    """Liveness without touching any service: for load balancers, and the benchmark's ceiling."""
    return HttpResponse("pong", content_type="text/plain")


@require_GET
def choose_language(request):
    """The language switcher as a plain GET form: the page that shows it carries no CSRF token,
    so public pages can be cached whole and served to every visitor. Choosing a language only
    sets a preference cookie; the redirect stays on this site."""
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    language = request.GET.get("language", "")
    if check_for_language(language) and language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


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
    found = source_named(source)
    if found is None:
        raise Http404
    params = {name: request.GET.get(name, "") for name in found.params if request.GET.get(name)}
    return JsonResponse(find(request.user, found, request.GET.get("q", ""), params))
