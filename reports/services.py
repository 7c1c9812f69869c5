"""Report jobs: requested by a person or the monthly schedule, built by a Celery worker."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import AdministrativeUnit, Role
from accounts.scope import scope_for
from ocop_portal.tasks import enqueue
from reports.models import JobStatus, ReportJob, report_path

READERS = (Role.PROVINCE_STAFF, Role.DISTRICT_STAFF, Role.COMMUNE_OFFICER, Role.LEADER)


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
    """Record the job, then hand it to a worker once the row is committed."""
    from reports.tasks import build_report

    if actor is not None:
        scope = scope_for(actor)
        if scope.role not in READERS or not scope.covers(unit.pk):
            raise PermissionDenied
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
    from django.db.models import F
    from django.utils import timezone

    taken = ReportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not taken:
        return None
    return ReportJob.objects.values_list("attempts", flat=True).get(pk=job_id)


@transaction.atomic
def store_result(job_id: int, attempt: int, content: bytes) -> bool:
    """Store a finished report, if the worker still holds the job; False when it does not.

    A worker presumed dead (the sweeper handed its job to another) may still finish: its work
    is dropped, so that the job ends with exactly one file.
    """
    from django.core.files.base import ContentFile
    from django.utils import timezone

    job = ReportJob.objects.select_for_update().get(pk=job_id)
    if job.status != JobStatus.RUNNING or job.attempts != attempt:
        return False
    name = report_path(job, "")
    if job.file.storage.exists(name):  # left by a worker killed between writing and commit
        job.file.storage.delete(name)
    job.file.save(name, ContentFile(content), save=False)
    job.status = JobStatus.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "status", "finished_at"])
    return True
