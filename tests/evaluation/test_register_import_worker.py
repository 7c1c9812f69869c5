"""A register of 1,000 rows checked and imported by a real Celery worker over Redis."""

import time

import pytest
from django.test import Client

from evaluation.models import Certificate, ImportJob, ImportPhase, ImportStatus
from tests.evaluation.test_register_import import register_rows, workbook


def _wait_for(job: ImportJob, seen: set, timeout: float = 600) -> ImportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        seen.add(job.processed_rows)
        if job.finished:
            return job
        time.sleep(0.3)
    raise AssertionError(f"the import did not finish: {job.status} {job.processed_rows}")


@pytest.mark.celery_worker
def test_a_1000_row_register_is_checked_and_imported_by_a_worker(
    celery_worker_queue, cast, units, settings
):
    settings.REGISTER_IMPORT_INLINE_ROWS = 300  # 1,000 rows: the request only records the job
    client = Client()
    client.force_login(cast["province_staff"], backend="django.contrib.auth.backends.ModelBackend")
    upload = client.post("/evaluation/register/import/", {"file": workbook(register_rows(1000))})
    job = ImportJob.objects.get()
    assert upload["Location"] == f"/evaluation/register/import/{job.pk}/"
    seen: set[int] = set()
    job = _wait_for(job, seen)
    assert job.status == ImportStatus.DONE, job.failure
    assert (job.total_rows, job.processed_rows, job.new_rows) == (1000, 1000, 1000)
    assert not Certificate.objects.exists()

    client.post(f"/evaluation/register/import/{job.pk}/apply/")
    job.refresh_from_db()
    assert job.phase == ImportPhase.APPLY
    seen = set()
    job = _wait_for(job, seen)
    assert job.status == ImportStatus.DONE, job.failure
    assert job.processed_rows == job.total_rows == 1000
    # the bar moved in steps of 50 rows while the worker wrote
    assert any(0 < done < 1000 and done % 50 == 0 for done in seen), seen
    assert Certificate.objects.count() == 1000
    page = client.get(f"/evaluation/register/import/{job.pk}/").content.decode()
    assert "Đã nhập: 1000 lượt công nhận, 1000 sản phẩm mới, 250 chủ thể mới" in page
    assert 'hx-trigger="every 2s"' not in page
    assert not job.file  # the upload is not kept once imported
