"""PostgreSQL restarts: while it is down, pages answer 503 at once (no hang, no traceback);
once it is back, the same gunicorn and the same worker serve again, without a restart."""

import datetime

from tests.faults.stack import request_province_report, wait_for_job

PAGE = "/products/"


def test_the_portal_recovers_from_a_database_restart(portal):
    with portal.client("tinh.ocop") as staff, portal.client() as anonymous:
        the_portal_recovers(portal, staff, anonymous)


def the_portal_recovers(portal, staff, anonymous):
    web_pid = portal.processes["web"].pid
    worker_pid = portal.processes["worker"].pid
    # Warm every gunicorn thread's persistent connection: these are what a restart breaks.
    for _ in range(16):
        assert staff.get(PAGE).status_code == 200

    portal.stop_postgres()
    started = datetime.datetime.now()
    down = staff.get(PAGE)
    assert (datetime.datetime.now() - started).total_seconds() < 5
    assert down.status_code == 503
    assert down.headers["Retry-After"] == "30"
    assert "Hệ thống tạm thời gián đoạn" in down.text
    assert "Traceback" not in down.text
    health = anonymous.get("/healthz")
    assert health.status_code == 503
    assert health.json()["postgresql"] == "unavailable"

    portal.start_postgres()
    # The very next requests succeed, on every thread: dead connections are dropped and
    # replaced by Django's health check, not reported to the user.
    for _ in range(16):
        answer = staff.get(PAGE)
        assert answer.status_code == 200, answer.status_code
    assert anonymous.get("/healthz").status_code == 200
    # the session survived (it lives in the database) and the processes are the same ones
    assert staff.get("/reports/").status_code == 200  # not a redirect to the login page
    assert portal.processes["web"].pid == web_pid and portal.processes["web"].poll() is None

    # the worker, too, reconnects by itself and builds a report
    job = request_province_report(portal, staff)
    wait_for_job(portal, job, "done", what="the worker to build a report after the restart")
    assert portal.processes["worker"].pid == worker_pid
    assert portal.processes["worker"].poll() is None
