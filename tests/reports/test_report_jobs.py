"""Report jobs: through a real Celery worker and Redis; claimed once; failures recorded."""

import datetime
import subprocess
import time

import pytest
from django.db import OperationalError

from evaluation.models import Certificate
from reports import services, tasks
from reports.models import JobStatus, ReportJob
from tests import factories


def _pdf_text(path) -> str:
    out = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(out.split())


@pytest.mark.celery_worker
def test_a_pdf_report_is_built_by_a_real_worker(celery_worker_queue, cast, units):
    product = factories.product(
        cast["commune_a"], factories.subject(units.current("19429")), name="Cà phê bột Khe Sanh"
    )
    Certificate.objects.create(
        product=product,
        stars=5,
        level="central",
        decision_number="125/QĐ",
        decision_date=datetime.date(2025, 1, 15),
        issued_on=datetime.date(2025, 1, 15),
        expires_on=datetime.date(2028, 1, 15),
        source="imported",
    )
    job = services.report_request(
        actor=cast["leader"], unit=units.current("44"), as_of=datetime.date(2025, 12, 31), fmt="pdf"
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (JobStatus.DONE, JobStatus.FAILED):
            break
        time.sleep(0.5)
    assert job.status == JobStatus.DONE, job.error
    text = _pdf_text(job.file.path)
    assert "BÁO CÁO" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "TỔNG HỢP CÁC CHỈ TIÊU" in text
    assert "2 - 3 sản phẩm OCOP đạt 5 sao" in text
    assert "1 sản phẩm" in text  # T1 and T2 both count the one 5★ product
    assert "TIẾN ĐỘ CÁC HOẠT ĐỘNG" in text


@pytest.mark.django_db
def test_a_duplicate_delivery_builds_the_report_once(
    cast, units, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # eager: the task runs now
        job = services.report_request(
            actor=cast["province_staff"],
            unit=units.current("44"),
            as_of=datetime.date(2025, 12, 31),
            fmt="xlsx",
        )
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 1
    assert tasks.build_report.run(job.pk) == "already taken"
    job.refresh_from_db()
    assert job.attempts == 1


@pytest.mark.django_db
def test_a_worker_presumed_dead_cannot_store_a_second_file(cast, units, settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path
    job = ReportJob.objects.create(
        requested_by=cast["province_staff"],
        unit=units.current("44"),
        as_of=datetime.date(2025, 12, 31),
        format="xlsx",
    )
    first = services.claim(job.pk)
    # the sweeper hands the job back, and another worker takes it
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    second = services.claim(job.pk)
    assert (first, second) == (1, 2)
    assert services.store_result(job.pk, second, b"the finished report")
    assert not services.store_result(job.pk, first, b"a late copy")
    job.refresh_from_db()
    assert job.file.name == f"reports/job-{job.pk}.xlsx"
    with job.file.open("rb") as stored:
        assert stored.read() == b"the finished report"
    assert [path.name for path in (tmp_path / "reports").iterdir()] == [f"job-{job.pk}.xlsx"]


@pytest.mark.django_db
def test_a_bug_fails_the_job_with_its_reason_and_no_retry(cast, units, monkeypatch):
    job = ReportJob.objects.create(
        requested_by=cast["leader"],
        unit=units.current("44"),
        as_of=datetime.date(2025, 12, 31),
        format="pdf",
    )

    def broken(*args, **kwargs):
        raise ValueError("no such indicator")

    monkeypatch.setattr(tasks.documents, "build", broken)
    assert tasks.build_report.run(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "no such indicator" in job.error


@pytest.mark.django_db
def test_a_transient_database_error_is_retried_then_recorded(cast, units, monkeypatch):
    job = ReportJob.objects.create(
        requested_by=cast["leader"],
        unit=units.current("44"),
        as_of=datetime.date(2025, 12, 31),
        format="pdf",
    )

    def flaky(*args, **kwargs):
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(tasks.documents, "build", flaky)
    result = tasks.build_report.apply(args=[job.pk])  # eager, with Celery's retries
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "server closed the connection" in job.error
    assert job.attempts == tasks.MAX_RETRIES + 1
    assert result.state in ("SUCCESS", "FAILURE", "RETRY")


@pytest.mark.django_db
def test_reports_are_downloaded_only_within_scope(
    cast, units, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.report_request(
            actor=cast["district_a"],
            unit=units.legacy("465"),
            as_of=datetime.date(2025, 12, 31),
            fmt="xlsx",
        )
    response = client_for("district_a").get(f"/reports/{job.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")  # read to the end: closed
    assert client_for("district_b").get(f"/reports/{job.pk}/download/").status_code == 404
    assert client_for("leader").get(f"/reports/{job.pk}/").status_code == 200


@pytest.mark.django_db
def test_a_district_cannot_request_another_districts_report(cast, units):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.report_request(
            actor=cast["district_b"],
            unit=units.legacy("465"),
            as_of=datetime.date(2025, 12, 31),
            fmt="pdf",
        )


@pytest.mark.django_db
def test_the_monthly_report_is_scheduled_for_the_province(
    units, django_capture_on_commit_callbacks
):
    import time_machine

    with (
        time_machine.travel(datetime.datetime(2026, 12, 1, 6, tzinfo=datetime.UTC)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        job_id = tasks.monthly_province_report()
    job = ReportJob.objects.get(pk=job_id)
    assert job.scheduled and job.as_of == datetime.date(2026, 11, 30)
    assert job.status == JobStatus.DONE
