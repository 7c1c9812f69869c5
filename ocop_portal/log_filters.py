"""Logging filters: one plain line for a refused request.

Django logs every response of 400 and above on `django.request`, and for a refusal raised as an
exception (PermissionDenied, Http404, a bad request) it attaches the exception, so each 403 came
with a full traceback, and under runserver twice more (Django's own console handler and the
server's access line). A refusal is the portal working as designed: its line says what was
refused, where and with which status; tracebacks are kept for server errors (500 and above).
"""

import logging


class RefusalWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class NotLoggedByDjangoRequest(logging.Filter):
    """runserver's access line for a response of 400 and above repeats `django.request`'s."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        return status is None or status < 400
