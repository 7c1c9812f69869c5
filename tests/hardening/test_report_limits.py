"""Issue 11, item 9: five identical report requests make one job; a person's requests are
rate-limited."""

import threading

import pytest
from django.db import connection
from django.test import Client

from reports.models import ReportJob


def _post(client, unit, as_of="2025-12-31", fmt="pdf"):
    return client.post("/reports/", {"unit": unit.pk, "as_of": as_of, "format": fmt})


@pytest.mark.django_db
def test_five_identical_requests_make_one_job(units, client_for):
    province = units.current("44")
    leader, staff = client_for("leader"), client_for("province_staff")
    responses = [_post(c, province) for c in (leader, leader, leader, staff, staff)]
    assert {r.status_code for r in responses} == {302}
    assert len({r["Location"] for r in responses}) == 1
    assert ReportJob.objects.count() == 1
    # another date or format is another report
    _post(leader, province, fmt="xlsx")
    _post(leader, province, as_of="2025-06-30")
    assert ReportJob.objects.count() == 3


@pytest.mark.django_db
def test_a_finished_report_can_be_asked_for_again(units, client_for):
    province = units.current("44")
    client = client_for("leader")
    _post(client, province)
    ReportJob.objects.update(status="done")
    _post(client, province)
    assert ReportJob.objects.count() == 2


@pytest.mark.django_db
def test_a_person_asking_for_too_many_reports_is_told_to_wait(units, client_for, settings):
    settings.REPORT_RATE_LIMIT = (3, 600)
    province = units.current("44")
    client = client_for("leader")
    for day in ("2025-09-30", "2025-10-31", "2025-11-30"):
        assert _post(client, province, as_of=day).status_code == 302
    refused = _post(client, province, as_of="2025-12-31")
    assert refused.status_code == 429
    assert "hãy chờ vài phút" in refused.content.decode()
    assert ReportJob.objects.count() == 3
    # others are not held back by one person's requests
    assert _post(client_for("province_staff"), province).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_five_simultaneous_identical_requests_make_one_job(cast, units):
    province = units.current("44")
    start = threading.Barrier(5)
    answers = []

    def ask():
        client = Client()
        client.force_login(cast["leader"], backend="django.contrib.auth.backends.ModelBackend")
        try:
            start.wait()
            answers.append(_post(client, province).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert answers == [302] * 5
    assert ReportJob.objects.count() == 1
