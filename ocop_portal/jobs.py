"""What every background job of the portal shares: a database row that a worker claims and moves
from queued to running to done or failed, and the sweep's questions about it (whose message never
reached Redis, whose worker died).

A kind of job (a KPI report, an import of the register) is a model built on `BackgroundJob`: it
names the four states in its own words, keeps its own inputs, files and results, and decides
itself what becomes of a job whose worker died (a report is handed to another worker, an import
is failed so that its importer sees it). The page that follows a job is `render_job` with a
partial that extends ``partials/job_status.html``: it polls itself until the job has finished.

Nothing here knows a kind of job: the kernel imports no domain app.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop_portal.health import worker_is_running
from ocop_portal.tasks import enqueue

# The states of every job; each kind gives them its own words (`status_field`).
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATES = frozenset({QUEUED, RUNNING, DONE, FAILED})

FAILURE_MAX_LENGTH = 2000  # a reason is shown to a person: a traceback's worth is enough


def status_field(states: type[models.TextChoices]) -> models.CharField:
    """A job's status column, labelled with its kind's words for the four states."""
    if set(states.values) != STATES:
        raise ImproperlyConfigured(f"{states.__name__} must name exactly {sorted(STATES)}")
    return models.CharField(_("status"), max_length=10, choices=states.choices, default=QUEUED)


class JobQuerySet(models.QuerySet):
    def claim(self, pk: int) -> int | None:
        """Take a queued job for this worker; the attempt number it now holds, or None when the
        job was already taken (a duplicate delivery, another run). The attempt number is the
        worker's ticket: a kind of job lets only the latest attempt record its result."""
        taken = self.filter(pk=pk, status=QUEUED).update(
            status=RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1
        )
        if not taken:
            return None
        return self.filter(pk=pk).values_list("attempts", flat=True).get()

    def finish(self, **fields) -> int:
        """Mark these jobs done, with their results (`fields`)."""
        return self.update(status=DONE, finished_at=timezone.now(), **fields)

    def fail(self, reason: str, **fields) -> int:
        """Mark these jobs failed with the reason their requester reads."""
        failure = {self.model.failure_field: reason[:FAILURE_MAX_LENGTH]}
        return self.update(status=FAILED, finished_at=timezone.now(), **failure, **fields)

    def stalled(self, now: datetime.datetime | None = None) -> JobQuerySet:
        """Jobs running for longer than any job of their kind takes: their worker died."""
        return self.filter(status=RUNNING, started_at__lt=self.model.stalled_cutoff(now))

    def unsent(self, now: datetime.datetime | None = None) -> JobQuerySet:
        """Jobs still queued well after they were recorded: their message never reached the
        broker (Redis did not answer), so no worker will ever take them unless it is sent."""
        unsent_after = datetime.timedelta(seconds=settings.REPORT_UNSENT_AFTER_SECONDS)
        return self.filter(status=QUEUED, created_at__lt=(now or timezone.now()) - unsent_after)


class BackgroundJob(models.Model):
    """A piece of work done by a worker, recorded first as a row so that it is never lost.

    A kind of job declares, in its own words, ``status = status_field(ItsStates)``, a
    ``created_at`` (``auto_now_add``) and the text field that says why a job failed (named by
    `failure_field`), and answers `stalled_after` and `get_absolute_url` (the job's page).
    """

    # The field holding the reason of a failure (reports kept their older name, "error").
    failure_field: ClassVar[str] = "failure"

    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def stalled_after(cls) -> datetime.timedelta:
        """How long a job of this kind may run before its worker is presumed dead."""
        raise NotImplementedError

    @classmethod
    def stalled_cutoff(cls, now: datetime.datetime | None = None) -> datetime.datetime:
        """A job still running that started before this has lost its worker."""
        return (now or timezone.now()) - cls.stalled_after()

    @property
    def finished(self) -> bool:
        """Done or failed: nothing more will happen to it by itself."""
        return self.status in (DONE, FAILED)

    def stalled(self, now: datetime.datetime | None = None) -> bool:
        """Running for longer than any job of its kind takes: its worker died."""
        return (
            self.status == RUNNING
            and self.started_at is not None
            and self.started_at < self.stalled_cutoff(now)
        )


def send_again(task, job_ids: Iterable[int]) -> int:
    """Send the jobs' messages (again), each once; a job already taken ignores an extra message.
    How many reached the broker (none while Redis does not answer: the sweep tries later)."""
    return sum(enqueue(task, pk) for pk in sorted(set(job_ids)))


def render_job(
    request: HttpRequest, job: BackgroundJob, *, page: str, partial: str, **context
) -> HttpResponse:
    """A job's page, or only its status block when htmx polls it; both say whether a worker was
    seen lately (a job waits for ever when none runs)."""
    template = partial if request.headers.get("HX-Request") else page
    return render(request, template, {"job": job, "worker_running": worker_is_running(), **context})
