"""Request bodies larger than any form of the portal accepts are refused before being read.

Django's own limits (DATA_UPLOAD_MAX_MEMORY_SIZE) do not cover file uploads, which it streams to
a temporary file: a 400 MB upload would be received whole and only then refused by the form.
The declared Content-Length decides here, before a byte of the body is read. The reverse proxy
applies the same cap (client_max_body_size); this is the second line for a deployment without
it, or with it misconfigured.
"""

from axes.helpers import get_cool_off
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django treats an unreadable length as no body at all
        if declared > settings.REQUEST_BODY_MAX_BYTES:
            # A plain page that needs neither the session nor the database.
            return HttpResponse(
                loader.render_to_string(
                    "413.html", {"limit_mb": settings.REQUEST_BODY_MAX_BYTES // (1024 * 1024)}
                ),
                status=413,
            )
        return self.get_response(request)


def login_throttled(request, original_response=None, credentials=None):
    """django-axes' answer to a throttled login: 429, how long to wait, and Retry-After."""
    wait = get_cool_off(request)
    minutes = max(1, round(wait.total_seconds() / 60)) if wait else None
    response = render(request, settings.AXES_LOCKOUT_TEMPLATE, {"minutes": minutes}, status=429)
    if wait:
        response["Retry-After"] = str(int(wait.total_seconds()))
    return response
