"""Who may take which step of a report job, and who keeps the plan's targets and activities.

One `Policy` per lifecycle (see `accounts.policy`). A report is asked of an unsaved job
carrying the unit it is for (``ReportJob(unit=unit)``). Targets and activity statuses are the
province office's reference data: their steps need no area (there is one plan per province).
The pages of these records (reports/kpi_views.py) ask the same policies.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.policy import NoStatus, Policy, Step, register
from accounts.roles import PROVINCE_OFFICE, REPORT_READERS
from reports.models import ActivityState, JobStatus

REPORT_JOBS = register(
    Policy(
        "reports.report_job",
        statuses=JobStatus,
        unit_of=lambda job: job.unit_id,
        steps=[
            # everyone who reads a unit's figures may have its report built and read it
            Step("request", REPORT_READERS, target=JobStatus.QUEUED),
            Step(
                "download",
                REPORT_READERS,
                sources={JobStatus.DONE},
                refusal=_("The report is not ready yet."),
            ),
        ],
    )
)

PLAN_TARGETS = register(
    Policy(
        "reports.target",
        statuses=NoStatus,
        steps=[Step("edit", PROVINCE_OFFICE, needs_area=False)],
    )
)

ACTIVITY_STATUSES = register(
    Policy(
        "reports.activity_status",
        statuses=ActivityState,
        steps=[Step("record", PROVINCE_OFFICE, needs_area=False)],
    )
)
