"""Idempotent form posts: a double click makes one record.

Every form page rendered with `{% form_token %}` (the shared `partials/form_page.html` does)
carries a fresh random token. `SubmitOnceMiddleware` handles a POST that carries one inside a
single transaction: it first claims the token (a row with a unique token), then runs the view.

- The view answers with a redirect (it saved): the claim keeps the address it redirected to.
- It answers anything else (the form comes back with errors, 403, 404): the claim is dropped,
  so the same page may be sent again; an error (5xx) also rolls back what the view wrote.
- A second POST with the same token waits on the unique index until the first commits, then
  finds the claim and is redirected to the first one's result with a notice — one record, no
  IntegrityError. If the first was dropped, the second goes through as a first.

htmx requests (autosave) and requests without a token are not touched. Claims older than two
days are removed now and then by the middleware itself.
"""

from __future__ import annotations

import datetime
import random
import uuid

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.models import FormSubmission

FIELD = "form_token"
KEEP = datetime.timedelta(days=2)


def new_token() -> str:
    return uuid.uuid4().hex


def _token(request) -> uuid.UUID | None:
    if request.method != "POST" or request.headers.get("HX-Request"):
        return None
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return None
    raw = request.POST.get(FIELD, "")
    try:
        return uuid.UUID(raw[:64])
    except ValueError:
        return None


class SubmitOnceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _token(request)
        if token is None:
            return self.get_response(request)

        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = FormSubmission.objects.create(token=token, user_id=request.user.pk)
            except IntegrityError:
                return self._already_sent(request, token)
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            elif 300 <= response.status_code < 400 and response.has_header("Location"):
                claim.result_url = response["Location"][:500]
                claim.save(update_fields=["result_url"])
            else:
                claim.delete()
        if random.random() < 0.01:  # now and then, forget old claims
            FormSubmission.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
        return response

    def _already_sent(self, request, token):
        previous = FormSubmission.objects.filter(token=token, user_id=request.user.pk).first()
        messages.info(request, _("This form had already been sent; it was saved once."))
        if previous is not None and previous.result_url:
            return redirect(previous.result_url)
        return redirect(request.get_full_path())
