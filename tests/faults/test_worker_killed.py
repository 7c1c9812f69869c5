"""The worker is killed in the middle of a report: /healthz and the report page say no worker
runs, the job is handed to another worker by beat's sweeper and completes exactly once, with
exactly one file."""

import signal

from tests.faults.stack import (
    job_state,
    report_files,
    request_province_report,
    wait_for_job,
    wait_until,
)


def test_a_report_whose_worker_dies_completes_exactly_once(portal):
    with portal.client("tinh.ocop") as staff:
        completes_exactly_once(portal, staff)


def completes_exactly_once(portal, staff):
    files_before = report_files(portal)
    job = request_province_report(portal, staff)
    # The moment the worker has claimed the job (rendering a PDF takes a second or more),
    # the whole worker — main process and pool child — dies as in a crash or an OOM kill.
    wait_for_job(portal, job, "running", interval=0.01, what="the worker to claim the job")
    portal.stop("worker", sig=signal.SIGKILL)
    status, attempts, name = job_state(portal, job)
    assert (status, attempts, name) == ("running", 1, ""), "the kill came too late"

    # Without a worker the portal still serves, says so on /healthz, and tells the user.
    wait_until(
        lambda: staff.get("/healthz").json()["status"] == "degraded",
        timeout=30,
        interval=0.5,
        what="/healthz to miss the worker",
    )
    assert 'data-testid="worker-missing"' in staff.get(f"/reports/{job}/").text

    portal.start_worker("worker2")
    status, attempts, name = wait_for_job(
        portal, job, "done", what="another worker to finish the job"
    )
    assert attempts == 2  # the dead worker's attempt, then the one that finished
    assert name == f"reports/job-{job}.pdf"
    assert report_files(portal) == sorted([*files_before, f"job-{job}.pdf"])
    download = staff.get(f"/reports/{job}/download/")
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    wait_until(
        lambda: staff.get("/healthz").json()["status"] == "ok",
        timeout=30,
        interval=0.5,
        what="/healthz to see the new worker",
    )
