"""The machinery both kinds of background job share (ocop_portal.jobs): claiming, finishing and
failing a job, the sweep's questions (stalled, never sent), and the page that polls a job until
it has finished. Each kind keeps its own words and its own rules for a dead worker (tested in
tests/reports and tests/evaluation)."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone

from evaluation.models import ImportJob
from ocop_portal.jobs import DONE, FAILED, QUEUED, RUNNING, status_field
from reports.models import ReportJob

pytestmark = pytest.mark.django_db


def _report(cast, units, **fields):
    return ReportJob.objects.create(
        requested_by=cast["leader"],
        unit=units.current("44"),
        as_of=datetime.date(2025, 12, 31),
        format="pdf",
        **fields,
    )


def _import(cast, units, **fields):
    return ImportJob.objects.create(
        created_by=cast["province_staff"],
        unit=units.current("44"),
        file_name="so-ocop.xlsx",
        **fields,
    )


KINDS = {"report": _report, "import": _import}


@pytest.fixture(params=sorted(KINDS))
def make_job(request, cast, units):
    return lambda **fields: KINDS[request.param](cast, units, **fields)


def test_a_kind_of_job_must_name_the_four_states():
    class Partial(models.TextChoices):
        QUEUED = "queued", "Queued"
        DONE = "done", "Done"

    with pytest.raises(ImproperlyConfigured):
        status_field(Partial)


def test_a_job_is_claimed_once_and_each_claim_is_a_new_attempt(make_job):
    job = make_job()
    model = type(job)
    assert model.objects.claim(job.pk) == 1
    assert model.objects.claim(job.pk) is None  # a duplicate delivery finds it taken
    job.refresh_from_db()
    assert job.status == RUNNING and job.started_at is not None and not job.finished
    model.objects.filter(pk=job.pk).update(status=QUEUED)  # handed back to another worker
    assert model.objects.claim(job.pk) == 2


def test_finishing_and_failing_end_the_job_and_say_why_it_failed(make_job):
    done, failed = make_job(status=RUNNING), make_job(status=RUNNING)
    model = type(done)
    model.objects.filter(pk=done.pk).finish()
    model.objects.filter(pk=failed.pk).fail("x" * 3000)
    done.refresh_from_db()
    failed.refresh_from_db()
    assert done.status == DONE and done.finished and done.finished_at is not None
    assert failed.status == FAILED and failed.finished and failed.finished_at is not None
    reason = getattr(failed, model.failure_field)
    assert reason == "x" * 2000  # the kind's own field, at most a page's worth


def test_a_job_running_too_long_is_stalled_by_its_kinds_measure(make_job):
    model = type(make_job())
    now = timezone.now()
    long_ago = now - model.stalled_after() - datetime.timedelta(seconds=1)
    stalled = make_job(status=RUNNING, started_at=long_ago)
    busy = make_job(status=RUNNING, started_at=now)
    make_job(status=DONE, started_at=long_ago)
    assert list(model.objects.stalled(now)) == [stalled]
    assert stalled.stalled(now) and not busy.stalled(now)


def test_a_job_still_queued_well_after_it_was_recorded_was_never_sent(make_job, settings):
    fresh = make_job()
    model = type(fresh)
    later = timezone.now() + datetime.timedelta(seconds=settings.REPORT_UNSENT_AFTER_SECONDS + 1)
    assert list(model.objects.unsent()) == []  # just recorded: its message is on its way
    assert list(model.objects.unsent(later)) == [fresh]


@pytest.mark.parametrize(("kind", "actor"), [("report", "leader"), ("import", "province_staff")])
def test_a_job_page_polls_itself_until_the_job_has_finished(cast, units, client_for, kind, actor):
    job = KINDS[kind](cast, units, status=RUNNING, started_at=timezone.now())
    client = client_for(actor)
    url = job.get_absolute_url()
    waiting = client.get(url).content.decode()
    assert f'hx-get="{url}" hx-trigger="every 2s"' in waiting
    assert f'<noscript><a href="{url}">' in waiting
    refresh = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in refresh and 'hx-trigger="every 2s"' in refresh
    type(job).objects.filter(pk=job.pk).fail("stopped")
    ended = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in ended and "<noscript>" not in ended and "stopped" in ended
