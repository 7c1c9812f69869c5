import datetime
import logging

from celery import shared_task
from django.db import DatabaseError, OperationalError
from django.utils import timezone

from accounts.models import AdministrativeUnit
from ocop_portal.jobs import send_again
from reports import documents
from reports.kpi import plan_territory
from reports.models import JobStatus, ReportJob
from reports.services import claim, report_request, store_result

logger = logging.getLogger(__name__)

# Only failures that go away by themselves are retried; anything else fails the job at once,
# with its reason shown to the person who asked.
TRANSIENT = (OperationalError,)
MAX_RETRIES = 3


@shared_task(name="reports.tasks.build_report", bind=True, max_retries=MAX_RETRIES, acks_late=True)
def build_report(self, job_id: int) -> str:
    attempt = claim(job_id)
    if attempt is None:
        return "already taken"
    job = ReportJob.objects.select_related("unit").get(pk=job_id)
    try:
        report = documents.build(job.unit, job.as_of, number=job.number)
        content = documents.render(report, job.format)
    except TRANSIENT as error:
        ReportJob.objects.filter(pk=job_id).update(status=JobStatus.QUEUED)
        if self.request.retries >= MAX_RETRIES:
            _fail(job_id, f"{type(error).__name__}: {error}")
            return "failed"
        raise self.retry(exc=error, countdown=5 * (self.request.retries + 1)) from error
    except Exception as error:  # a bug or bad data: record it, do not retry
        logger.exception("report job %s failed", job_id)
        _fail(job_id, f"{type(error).__name__}: {error}")
        return "failed"
    return "done" if store_result(job_id, attempt, content) else "superseded"


def _fail(job_id: int, reason: str) -> None:
    try:
        ReportJob.objects.filter(pk=job_id).fail(reason)
    except DatabaseError:
        logger.exception("could not record the failure of report job %s", job_id)


@shared_task(name="reports.tasks.monthly_province_report")
def monthly_province_report() -> int:
    """Celery beat, on the 1st of each month: plan 180's report for the territory the plan was
    written for (old Quảng Trị, not the merged province), as of the month's eve."""
    today = timezone.localdate()
    territory = plan_territory()
    if territory is None:
        territory = AdministrativeUnit.objects.valid_on(today).get(code="44", level="province")
    month_end = today.replace(day=1) - datetime.timedelta(days=1)
    job = report_request(actor=None, unit=territory, as_of=month_end, fmt="pdf", scheduled=True)
    return job.pk


@shared_task(name="reports.tasks.requeue_stalled_reports")
def requeue_stalled_reports() -> int:
    """Celery beat, every few minutes: jobs whose message never reached the broker (Redis was
    down) are sent again, and jobs whose worker died mid-way are handed back. Claiming stays
    atomic, so a job still completes exactly once."""
    now = timezone.now()
    stalled = ReportJob.objects.stalled(now)
    handed_back = set(stalled.values_list("pk", flat=True))
    stalled.update(status=JobStatus.QUEUED)
    unsent = ReportJob.objects.unsent(now).values_list("pk", flat=True)
    return send_again(build_report, handed_back | set(unsent))
