"""An upload of the historical register, checked and then imported by a Celery worker."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ocop_portal.jobs import BackgroundJob, status_field
from ocop_portal.storage import private_storage


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("In progress")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class ImportPhase(models.TextChoices):
    CHECK = "check", _("Checking the file")
    APPLY = "apply", _("Importing")


def import_file_path(instance, filename):
    # A random name: the uploader's file name is neither trusted nor shown back as a path.

    return f"register-imports/{uuid.uuid4().hex}.xlsx"


class ImportJob(BackgroundJob):
    """One uploaded register workbook: first checked (nothing written), then, when the file
    is valid and the importer confirms, imported. Both phases run on a worker, which records
    how far it got; the uploaded file is kept only until the import ends (and at most a day).
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="register_imports",
    )
    unit = models.ForeignKey(
        "accounts.AdministrativeUnit",
        verbose_name=_("scope"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    language = models.CharField(max_length=10, default="vi")
    file = models.FileField(upload_to=import_file_path, storage=private_storage, blank=True)
    file_name = models.CharField(_("file"), max_length=255)
    phase = models.CharField(
        _("step"), max_length=5, choices=ImportPhase.choices, default=ImportPhase.CHECK
    )
    status = status_field(ImportStatus)
    total_rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    processed_rows = models.PositiveIntegerField(default=0)
    new_rows = models.PositiveIntegerField(default=0)
    unchanged_rows = models.PositiveIntegerField(default=0)
    error_rows = models.PositiveIntegerField(default=0)
    # [[row number, [messages]], …] for the first SHOWN_ERRORS rows; [[message, rows], …]
    errors = models.JSONField(default=list, blank=True)
    error_counts = models.JSONField(default=list, blank=True)
    # what the import wrote: subjects_created, products_created, certificates_created, …
    counts = models.JSONField(default=dict, blank=True)
    failure = models.TextField(_("reason of failure"), blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "started_at"])]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:register_import_job", args=[self.pk])

    @classmethod
    def stalled_after(cls) -> datetime.timedelta:
        # No import takes that long: asked by the job page and by the sweep alike.
        return datetime.timedelta(seconds=settings.REGISTER_IMPORT_STALLED_AFTER_SECONDS)

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.finished else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def can_apply(self) -> bool:
        """Checked, valid, with rows to write, and the file still kept."""
        return (
            self.phase == ImportPhase.CHECK
            and self.status == ImportStatus.DONE
            and not self.error_rows
            and self.new_rows > 0
            and bool(self.file)
        )

    @property
    def hidden_error_rows(self) -> int:
        return max(self.error_rows - len(self.errors), 0)
