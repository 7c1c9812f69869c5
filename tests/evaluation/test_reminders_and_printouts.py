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


@pytest.mark.parametrize("days", [180, 120, 30])
def test_reminders_go_out_180_120_and_30_days_before_expiry(cast, certificate, days):
    day = certificate.expires_on - datetime.timedelta(days=days)
    with time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 7, tzinfo=datetime.UTC)
    ):
        assert send_expiry_reminders() == 1
        assert send_expiry_reminders() == 0  # a rerun the same day sends nothing twice
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {cast["commune_a"].username, cast["province_staff"].username}
    message = Notification.objects.first().message
    assert "Cà phê bột Khe Sanh" in message and "01/06/2027" in message
    assert ExpiryReminder.objects.get().days_before == days


def test_no_reminder_on_other_days_or_for_revoked_certificates(certificate):
    with time_machine.travel(datetime.datetime(2027, 1, 1, 7, tzinfo=datetime.UTC)):
        assert send_expiry_reminders() == 0
    certificate.revoked_on = datetime.date(2026, 1, 1)
    certificate.save()
    with time_machine.travel(datetime.datetime(2026, 12, 3, 7, tzinfo=datetime.UTC)):
        assert send_expiry_reminders() == 0


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
