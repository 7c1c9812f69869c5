"""Report jobs: requested by a person or the monthly schedule, built by a Celery worker."""

import datetime
import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import AdministrativeUnit
from ocop_portal.tasks import enqueue
from reports.models import ActivityStatus, JobStatus, ReportJob, Target, report_path
from reports.policies import ACTIVITY_STATUSES, PLAN_TARGETS, REPORT_JOBS

# A person may ask for this many new reports in this many seconds (identical requests while
# one is waiting do not count: they get the waiting job).
REPORT_RATE_LIMIT = (10, 600)


class TooManyReports(Exception):
    """The person asked for more reports than REPORT_RATE_LIMIT allows; they should wait."""


def _lock_same_reports(unit_id: int, as_of: datetime.date, fmt: str) -> None:
    """Serialise requests for the same report until the end of the transaction, so that five
    simultaneous clicks see each other's job instead of each creating one."""
    key = f"ocop:report:{unit_id}:{as_of.isoformat()}:{fmt}".encode()
    number = int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])


@transaction.atomic
def report_request(
    *,
    actor,
    unit: AdministrativeUnit,
    as_of: datetime.date,
    fmt: str,
    scheduled: bool = False,
    number: str = "",
) -> ReportJob:
    """Record the job, then hand it to a worker once the row is committed.

    A request for the same scope, date and format as a job still waiting or being built gets
    that job (everyone who may ask for a scope may read its reports); a person asking for more
    new reports than REPORT_RATE_LIMIT allows gets TooManyReports.
    """
    # local import: reports.services ↔ reports.tasks cycle (the task claims and stores here)
    from reports.tasks import build_report

    if actor is not None:
        REPORT_JOBS.check(actor, ReportJob(unit=unit), "request")
    if not scheduled:
        _lock_same_reports(unit.pk, as_of, fmt)
        waiting = (
            ReportJob.objects.filter(
                unit=unit,
                as_of=as_of,
                format=fmt,
                number=number,  # a numbered document is its own report
                status__in=(JobStatus.QUEUED, JobStatus.RUNNING),
            )
            .order_by("created_at")
            .first()
        )
        if waiting is not None:
            return waiting
    if actor is not None:
        limit, seconds = getattr(settings, "REPORT_RATE_LIMIT", REPORT_RATE_LIMIT)
        since = timezone.now() - datetime.timedelta(seconds=seconds)
        if ReportJob.objects.filter(requested_by=actor, created_at__gte=since).count() >= limit:
            raise TooManyReports
    job = ReportJob.objects.create(
        requested_by=actor,
        unit=unit,
        as_of=as_of,
        format=fmt,
        scheduled=scheduled,
        number=number,
    )
    transaction.on_commit(lambda: enqueue(build_report, job.pk))
    return job


def claim(job_id: int) -> int | None:
    """Take a queued job for this worker and return the attempt number it now holds.

    A duplicate delivery finds the job taken and gets None. The attempt number is the
    worker's ticket: only the holder of the latest attempt may store the finished file.
    """
    return ReportJob.objects.claim(job_id)


@transaction.atomic
def store_result(job_id: int, attempt: int, content: bytes) -> bool:
    """Store a finished report, if the worker still holds the job; False when it does not.

    A worker presumed dead (the sweeper handed its job to another) may still finish: its work
    is dropped, so that the job ends with exactly one file.
    """
    job = ReportJob.objects.select_for_update().get(pk=job_id)
    if job.status != JobStatus.RUNNING or job.attempts != attempt:
        return False
    name = report_path(job, "")
    if job.file.storage.exists(name):  # left by a worker killed between writing and commit
        job.file.storage.delete(name)
    job.file.save(name, ContentFile(content), save=False)
    ReportJob.objects.filter(pk=job.pk).finish(file=job.file.name)
    return True


# --- The plan's reference data that province staff keep -----------------------------------------


@transaction.atomic
def target_update(*, actor, target: Target) -> Target:
    """Saves a correction of a plan target (from its edit form); the history names the actor."""
    PLAN_TARGETS.check(actor, target, "edit")
    target.full_clean()
    target._history_user = actor
    target.save()
    return target


@transaction.atomic
def activity_status_save(*, actor, status: ActivityStatus) -> ActivityStatus:
    """Records where an activity of the plan stands in one of the plan's years."""
    ACTIVITY_STATUSES.check(actor, status, "record")
    status.full_clean()
    status._history_user = actor
    status.save()
    return status
