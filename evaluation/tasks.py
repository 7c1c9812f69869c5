import datetime

from celery import shared_task
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from evaluation import reminders
from evaluation.models import Certificate, ExpiryReminder, ImportJob, ImportPhase, ImportStatus
from ocop_portal.jobs import send_again
from ocop_portal.storage import private_storage


@shared_task(name="evaluation.tasks.send_expiry_reminders")
def send_expiry_reminders(today: str | None = None) -> int:
    """Daily (Celery beat): remind of certificates that have entered a reminder window
    (≤ 180, ≤ 120, ≤ 30 days before expiry) and were not yet reminded for it.

    A window is judged by "at most N days left", not "exactly N days", so a day without a
    worker (an outage, a holiday restart) delays a reminder but never loses it; the unique
    (certificate, window) row makes each window's reminder go out once, even when the job
    reruns or two workers run it at once. A certificate that enters several windows at once
    (imported late, or after a long outage) gets one message, for the nearest window.
    """
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    windows = reminders.windows(day)
    widest = max(windows)
    due = (
        Certificate.objects.valid_on(day)
        .filter(expires_on__lte=day + datetime.timedelta(days=widest))
        .select_related("product__subject")
        .prefetch_related("reminders")
    )
    sent = 0
    for certificate in due:
        days_left = (certificate.expires_on - day).days
        done = {r.days_before for r in certificate.reminders.all()}
        entered = [w for w in windows if days_left <= w and w not in done]
        if not entered:
            continue
        with transaction.atomic():
            # the lock orders concurrent runs; the unique rows make a second run send nothing
            locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
            if ExpiryReminder.objects.filter(certificate=locked, days_before__in=entered).exists():
                continue
            ExpiryReminder.objects.bulk_create(
                ExpiryReminder(certificate=locked, days_before=w, sent_on=day) for w in entered
            )
            reminders.notify_expiry(
                certificate,
                days_left=days_left,
                link=reverse("evaluation:certificate_detail", args=[certificate.pk]),
            )
            sent += 1
    return sent


@shared_task(name="evaluation.tasks.run_register_import", acks_late=True)
def run_register_import(job_id: int) -> str:
    """Check or import an uploaded register file (routed to the default queue: a long import
    must not hold up reminders and other maintenance)."""
    # local import: evaluation.tasks ↔ evaluation.register_import cycle
    from evaluation.register_import import job_run

    return job_run(job_id)


@shared_task(name="evaluation.tasks.sweep_register_imports")
def sweep_register_imports() -> dict[str, int]:
    """Celery beat, every five minutes: an import whose worker died (running far longer than
    any import takes) is marked failed, so its importer can run it again; one never sent (Redis
    was down) is sent again; uploaded register files are kept no longer than a day (and loose
    preview files of the register page with them)."""
    # local import: evaluation.tasks ↔ evaluation.register_import cycle
    from evaluation.register_import import job_mark_stalled

    now = timezone.now()
    stalled = sum(job_mark_stalled(job) for job in ImportJob.objects.stalled(now))
    # A job recorded while Redis did not answer never reached a worker: it is sent again (a
    # job already taken ignores the extra message).
    resent = send_again(
        run_register_import, ImportJob.objects.unsent(now).values_list("pk", flat=True)
    )
    day_ago = now - datetime.timedelta(days=1)
    removed = 0
    for job in (
        ImportJob.objects.filter(
            Q(created_at__lt=day_ago) | Q(status=ImportStatus.DONE, phase=ImportPhase.APPLY)
        )
        .exclude(file="")
        .exclude(status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING))
    ):
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")
        removed += 1
    storage = private_storage()
    kept = set(ImportJob.objects.exclude(file="").values_list("file", flat=True))
    try:
        _dirs, names = storage.listdir("register-imports")
    except FileNotFoundError:
        names = []
    for name in names:
        path = f"register-imports/{name}"
        if path not in kept and storage.get_modified_time(path) < day_ago:
            storage.delete(path)
            removed += 1
    return {"stalled": stalled, "resent": resent, "files_removed": removed}
