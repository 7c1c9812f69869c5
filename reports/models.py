"""Plan targets, the activity schedule and report jobs (training records are in subjects)."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import AdministrativeUnit
from ocop_portal.jobs import BackgroundJob, status_field
from ocop_portal.storage import private_storage

# The plan the portal's targets come from (reports/data/plan180_targets.json), by its symbol.
PLAN_180 = "180/KH-UBND"


class Target(models.Model):
    """A target of a plan (plan 180: T1–T11), with the territory it was set for: reference data
    that province staff may correct. A later plan of the merged province is a new set of rows
    (another `plan`, another `territory`), not a change of code."""

    plan = models.CharField(_("plan"), max_length=40, default=PLAN_180)
    code = models.CharField(_("code"), max_length=5)
    territory = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("territory of the plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The unit the plan was written for; its status is judged only there."),
    )
    # Targets the plan sets below the territory, by official code of the old district
    # ("*" for every other district), each {"min", "max", "source"}, e.g. T10: 1–2 sales points,
    # Đông Hà 8–10 (KH 180/KH-UBND); a district is judged met at "min".
    district_targets = models.JSONField(_("targets per district"), default=dict, blank=True)
    title = models.CharField(_("target"), max_length=255)
    definition = models.TextField(_("how it is measured"))
    kind = models.CharField(_("kind"), max_length=10)  # count or share
    cumulative = models.BooleanField(_("counted over the period"), default=False)
    per_year = models.BooleanField(_("counted each year"), default=False)
    target_min = models.DecimalField(_("target (lower bound)"), max_digits=8, decimal_places=2)
    target_max = models.DecimalField(
        _("target (upper bound)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    secondary_min = models.DecimalField(
        _("second target"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=30)
    period_start = models.DateField(_("period start"))
    deadline = models.DateField(_("deadline"))
    legal_source = models.CharField(_("legal source"), max_length=255)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="target_code_per_plan")
        ]

    def __str__(self):
        return f"{self.code}: {self.title}"


class Activity(models.Model):
    """An activity of the plan's appendix (1 … 10.2)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    title = models.TextField(_("activity"))
    expected_result = models.TextField(_("expected result"), blank=True)
    timing = models.CharField(_("timing"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("plan activity")
        verbose_name_plural = _("plan activities")
        ordering = ["position"]

    def __str__(self):
        return f"{self.code}. {self.title}"

    @property
    def depth(self) -> int:
        return self.code.count(".")


class ActivityState(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    LATE = "late", _("Late")


class ActivityStatus(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="statuses")
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityState.choices, default=ActivityState.NOT_STARTED
    )
    evidence = models.TextField(_("evidence"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity status")
        verbose_name_plural = _("activity statuses")
        constraints = [
            models.UniqueConstraint(fields=["activity", "year"], name="activity_status_per_year")
        ]

    def __str__(self):
        return f"{self.activity.code} {self.year}: {self.get_status_display()}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"


def report_path(instance, filename):
    # One name per job: a job retried after its worker died overwrites, never duplicates.
    # Downloads go through the scope-checked view, so the name need not be unguessable.
    return f"reports/job-{instance.pk}.{instance.format}"


class ReportJob(BackgroundJob):
    """A KPI report requested by someone (or by the monthly schedule), built by a worker."""

    failure_field = "error"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_jobs",
    )
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("scope"), on_delete=models.PROTECT, related_name="+"
    )
    as_of = models.DateField(_("as of"))
    format = models.CharField(_("format"), max_length=5, choices=ReportFormat.choices)
    status = status_field(JobStatus)
    file = models.FileField(upload_to=report_path, storage=private_storage, blank=True)
    error = models.TextField(_("reason of failure"), blank=True)
    scheduled = models.BooleanField(_("monthly report"), default=False)
    # The registry's number when the office has one; empty leaves a blank on the printout.
    number = models.CharField(_("document number"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.unit} {self.as_of} {self.format}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", args=[self.pk])

    @classmethod
    def stalled_after(cls) -> datetime.timedelta:
        # A province report takes seconds: a job running this long lost its worker.
        return datetime.timedelta(seconds=settings.REPORT_STALLED_AFTER_SECONDS)
