"""Report jobs and the plan's reference data: for each step one actor who may, one who may not."""

import pytest

from reports.models import ActivityStatus, JobStatus, ReportJob, Target
from reports.policies import ACTIVITY_STATUSES, PLAN_TARGETS, REPORT_JOBS

pytestmark = pytest.mark.django_db


def test_a_report_is_asked_for_by_readers_of_its_unit(cast, units):
    job = ReportJob(unit=units.current("19429"))
    assert REPORT_JOBS.can(cast["commune_a"], job, "request")
    assert REPORT_JOBS.can(cast["leader"], job, "request")
    assert not REPORT_JOBS.can(cast["commune_b"], job, "request")
    assert not REPORT_JOBS.can(cast["council_member"], job, "request")


def test_a_report_is_downloaded_once_ready(cast, units):
    ready = ReportJob(unit=units.current("19429"), status=JobStatus.DONE)
    assert REPORT_JOBS.can(cast["district_a"], ready, "download")
    assert not REPORT_JOBS.can(cast["district_b"], ready, "download")
    waiting = ReportJob(unit=units.current("19429"), status=JobStatus.RUNNING)
    assert not REPORT_JOBS.can(cast["district_a"], waiting, "download")


def test_targets_and_activity_statuses_are_the_province_offices(cast):
    assert PLAN_TARGETS.can(cast["province_staff"], Target(), "edit")
    assert not PLAN_TARGETS.can(cast["leader"], Target(), "edit")
    assert ACTIVITY_STATUSES.can(cast["province_staff"], ActivityStatus(), "record")
    assert not ACTIVITY_STATUSES.can(cast["district_a"], ActivityStatus(), "record")
