import datetime
import subprocess

import pytest
import time_machine

from accounts.models import Notification
from evaluation.models import Certificate, ExpiryReminder
from evaluation.tasks import send_expiry_reminders
from ocop_portal.pdf import render_pdf
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(cast, units):
    product = factories.product(
        cast["commune_a"], factories.subject(units.current("19429")), name="Cà phê bột Khe Sanh"
    )
    return Certificate.objects.create(
        product=product,
        stars=4,
        level="province",
        decision_number="1/QĐ",
        decision_date=datetime.date(2024, 6, 1),
        issued_on=datetime.date(2024, 6, 1),
        expires_on=datetime.date(2027, 6, 1),
        source="imported",
    )


def _run_on(day: datetime.date) -> int:
    with time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 7, tzinfo=datetime.UTC)
    ):
        return send_expiry_reminders()


@pytest.mark.parametrize("days", [180, 120, 30])
def test_each_window_is_reminded_once_from_the_day_it_is_entered(cast, certificate, days):
    # the days before each window are reminded already: the day it opens sends one reminder
    for earlier in (w for w in (180, 120, 30) if w > days):
        ExpiryReminder.objects.create(
            certificate=certificate,
            days_before=earlier,
            sent_on=certificate.expires_on - datetime.timedelta(days=earlier),
        )
    assert _run_on(certificate.expires_on - datetime.timedelta(days=days + 1)) == 0
    day = certificate.expires_on - datetime.timedelta(days=days)
    assert _run_on(day) == 1
    assert _run_on(day) == 0  # a rerun the same day sends nothing twice
    assert _run_on(day + datetime.timedelta(days=1)) == 0  # nor the next day
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {cast["commune_a"].username, cast["province_staff"].username}
    message = Notification.objects.first().message
    assert "Cà phê bột Khe Sanh" in message and "01/06/2027" in message
    assert f"còn {days} ngày" in message
    assert ExpiryReminder.objects.filter(sent_on=day).get().days_before == days


def test_a_missed_day_delays_the_reminder_but_never_loses_it(cast, certificate):
    assert _run_on(certificate.expires_on - datetime.timedelta(days=200)) == 0
    # no run from 200 to 170 days before expiry: the 180-day reminder comes at the next run
    assert _run_on(certificate.expires_on - datetime.timedelta(days=170)) == 1
    assert _run_on(certificate.expires_on - datetime.timedelta(days=169)) == 0
    assert Notification.objects.filter(recipient=cast["province_staff"]).count() == 1
    # a certificate entering two windows at once gets one message, both windows recorded
    assert _run_on(certificate.expires_on - datetime.timedelta(days=25)) == 1
    assert set(ExpiryReminder.objects.values_list("days_before", flat=True)) == {180, 120, 30}
    assert Notification.objects.filter(recipient=cast["province_staff"]).count() == 2
    assert _run_on(certificate.expires_on) == 0


def test_each_person_is_reminded_in_their_own_language(cast, certificate, client_for):
    client = client_for("commune_a")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    cast["commune_a"].refresh_from_db()
    assert cast["commune_a"].language == "en"
    assert _run_on(certificate.expires_on - datetime.timedelta(days=100)) == 1
    english = Notification.objects.get(recipient=cast["commune_a"]).message
    vietnamese = Notification.objects.get(recipient=cast["province_staff"]).message
    assert "expires on 01/06/2027, in 100 days" in english
    assert "hết hiệu lực ngày 01/06/2027, còn 100 ngày" in vietnamese


def test_no_reminder_far_from_expiry_or_for_revoked_certificates(certificate):
    assert _run_on(datetime.date(2026, 6, 1)) == 0
    certificate.revoked_on = datetime.date(2026, 1, 1)
    certificate.save()
    assert _run_on(datetime.date(2026, 12, 3)) == 0


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(out.split())


def test_a_sheet_prints_as_a_vietnamese_pdf(client_for, tmp_path):
    response = client_for("council_member").get("/evaluation/criteria/qd26-2026/I.6/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content, tmp_path)
    assert "PHIẾU ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Cà phê, ca cao" in text or "CÀ PHÊ, CA CAO" in text


def test_the_sheet_page_shows_star_markers_and_knock_outs(client_for):
    page = client_for("province_staff").get("/evaluation/criteria/qd26-2026/I.1.a/")
    content = page.content.decode()
    assert "*****" in content
    assert "Hồ sơ bị loại khi" in content


def test_pdf_rendering_is_a_pure_function_of_its_context():
    from evaluation.models import CriteriaSheet

    sheet = CriteriaSheet.objects.get(version__code="qd26-2026", product_set__code="VI.1")
    first = render_pdf("evaluation/pdf/sheet.html", {"sheet": sheet})
    assert first.startswith(b"%PDF")


def test_valid_on_agrees_with_each_certificates_status(certificate):
    for day in [
        datetime.date(2024, 5, 31),
        datetime.date(2024, 6, 1),
        datetime.date(2026, 1, 1),
        datetime.date(2027, 6, 1),
        datetime.date(2027, 6, 2),
    ]:
        in_force = Certificate.objects.valid_on(day).filter(pk=certificate.pk).exists()
        assert in_force == (
            day >= certificate.issued_on and certificate.status_on(day) in ("valid", "expiring")
        ), day


def test_the_certificate_list_filters_expiring_and_home_pages_show_them(
    cast, certificate, client_for
):
    soon = Certificate.objects.create(
        product=certificate.product,
        stars=3,
        level="province",
        decision_number="2/QĐ",
        decision_date=datetime.date(2023, 12, 1),
        issued_on=datetime.date(2023, 12, 1),
        expires_on=datetime.date(2026, 12, 1),
        source="imported",
    )
    with time_machine.travel(datetime.datetime(2026, 11, 25, 3, tzinfo=datetime.UTC)):
        listing = client_for("province_staff").get("/evaluation/certificates/?status=expiring")
        rows = [obj for obj, _cells in listing.context["rows"]]
        assert rows == [soon]
        listing = client_for("province_staff").get("/evaluation/certificates/?status=valid")
        assert [obj for obj, _cells in listing.context["rows"]] == [certificate]
        for actor in ("province_staff", "commune_a"):
            home = client_for(actor).get("/").content.decode()
            assert "Giấy chứng nhận sắp hết hạn" in home
            assert "01/12/2026" in home and ">6<" in home
        for actor in ("leader", "commune_b"):
            assert "Giấy chứng nhận sắp hết hạn" not in client_for(actor).get("/").content.decode()


def test_the_producer_is_reminded_too_and_another_producer_is_not(cast, producer_cast):
    own = producer_cast["producer_a"]
    own.language = "en"
    own.save()
    product = factories.product(cast["commune_a"], own.subject, name="Tiêu Cùa")
    certificate = factories.certificate(product, issued_on=datetime.date(2024, 1, 10))
    assert _run_on(certificate.expires_on - datetime.timedelta(days=29)) == 1
    note = Notification.objects.get(recipient=own)
    assert "Tiêu Cùa" in note.message and "in 29 days" in note.message
    assert note.link == "/producer/"  # the producer's own workspace, not a staff page
    assert not Notification.objects.filter(recipient=producer_cast["producer_b"]).exists()
