"""Redis stops: pages still work, a report asked for meanwhile is kept and built once Redis is
back, and nothing is lost."""

from tests.faults.stack import job_state, report_files, request_province_report, wait_for_job

PAGES = ["/", "/dashboard/?as_of=2025-12-31", "/products/", "/reports/", "/evaluation/rounds/"]


def test_pages_work_and_a_report_waits_for_redis(portal):
    with portal.client("tinh.ocop") as staff, portal.client() as anonymous:
        pages_work_and_a_report_waits(portal, staff, anonymous)


def pages_work_and_a_report_waits(portal, staff, anonymous):
    files_before = report_files(portal)
    portal.stop_redis()

    for path in PAGES:
        answer = staff.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
    health = anonymous.get("/healthz")
    assert health.status_code == 503
    assert health.json()["redis"] == "unavailable"
    assert health.json()["postgresql"] == "ok"

    job = request_province_report(portal, staff)
    # the request answered although nothing could be sent; the job is a row, waiting
    assert job_state(portal, job)[0] == "queued"
    assert staff.get(f"/reports/{job}/").status_code == 200

    portal.start_redis()
    # Nobody touches anything: beat's sweeper re-sends the job, the worker builds it.
    status, attempts, name = wait_for_job(
        portal, job, "done", what="the report to be built after Redis came back"
    )
    assert attempts == 1
    assert report_files(portal) == sorted([*files_before, name.removeprefix("reports/")])
    download = staff.get(f"/reports/{job}/download/")
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF")
