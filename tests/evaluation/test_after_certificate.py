"""Life after the certificate: dossier kinds by the rules, revocation where allowed, renewals
prefilled, inspections with consequences."""

import datetime

import pytest

from evaluation import services
from ocop_portal.exceptions import TransitionError
from tests import factories
from tests.evaluation.helpers import make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(cast, units):
    return factories.product(
        cast["commune_a"], factories.subject(units.current("19429")), name="Mật ong Vĩnh Hòa"
    )


def test_an_upgrade_needs_a_certificate_in_force(cast, units, product):
    round_ = make_round(cast, units)
    kwargs = {"actor": cast["province_staff"], "round_": round_, "product": product}
    with pytest.raises(TransitionError, match="giấy chứng nhận còn hiệu lực|certificate in force"):
        services.dossier_create(evaluation_type="upgrade", representative="A", **kwargs)
    expired = factories.certificate(product, issued_on=datetime.date(2020, 1, 1))
    with pytest.raises(TransitionError):
        services.dossier_create(evaluation_type="upgrade", representative="A", **kwargs)
    expired.delete()
    factories.certificate(product, stars=3)
    assert services.dossier_create(evaluation_type="upgrade", representative="A", **kwargs).pk


def test_re_evaluation_needs_a_certificate_in_force(cast, units, product):
    round_ = make_round(cast, units)
    with pytest.raises(TransitionError, match="không có giấy chứng nhận|no valid certificate"):
        services.dossier_create(
            actor=cast["province_staff"],
            round_=round_,
            product=product,
            evaluation_type="re_evaluation",
            representative="A",
        )


def test_the_revoke_button_shows_only_where_revocation_is_allowed(cast, product, client_for):
    four = factories.certificate(product, stars=4, number="4/QĐ")
    five = factories.certificate(product, stars=5, number="5/QĐ-BNNMT", level="central")
    staff = client_for("province_staff")
    page = staff.get(f"/evaluation/certificates/{four.pk}/").content.decode()
    assert f"/evaluation/certificates/{four.pk}/revoke/" in page
    page = staff.get(f"/evaluation/certificates/{five.pk}/").content.decode()
    assert f"/evaluation/certificates/{five.pk}/revoke/" not in page
    assert "do Bộ Nông nghiệp và Môi trường thu hồi" in page
    response = staff.get(f"/evaluation/certificates/{five.pk}/revoke/", follow=True)
    assert response.redirect_chain[-1][0] == f"/evaluation/certificates/{five.pk}/"
    # district staff never get the button
    page = client_for("district_a").get(f"/evaluation/certificates/{four.pk}/").content.decode()
    assert "/revoke/" not in page


def _inspect(client, certificate, **data):
    base = {
        "kind": "ad_hoc",
        "date": datetime.date.today().isoformat(),
        "inspector": "Chi cục PTNT",
        "findings": "Nhãn thiếu thông tin truy xuất",
        "follow_up": "Bổ sung nhãn trong 30 ngày",
    }
    return client.post(
        f"/evaluation/certificates/{certificate.pk}/inspections/new/", {**base, **data}
    )


def test_an_inspection_cannot_be_dated_in_the_future(cast, product, client_for):
    certificate = factories.certificate(product)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = _inspect(client_for("province_staff"), certificate, date=tomorrow.isoformat())
    assert response.status_code == 200
    assert "Ngày hậu kiểm không được sau ngày hôm nay" in response.content.decode()
    assert not certificate.inspections.exists()
    with pytest.raises(TransitionError):
        services.inspection_record(
            actor=cast["province_staff"],
            certificate=certificate,
            kind="periodic",
            date=tomorrow,
            inspector="A",
            findings="B",
            compliant=True,
        )


def test_a_failed_inspection_is_a_task_then_passes_after_follow_up(cast, product, client_for):
    from accounts.models import Notification

    certificate = factories.certificate(product, stars=4)
    staff = client_for("province_staff")
    _inspect(staff, certificate, follow_up_due="")  # not compliant: the box is unticked
    inspection = certificate.inspections.get()
    assert inspection.outcome == "pending"
    assert inspection.follow_up_due == inspection.date + datetime.timedelta(days=30)
    # province staff are told, with the due date; the commune is not asked to act
    note = Notification.objects.get(recipient=cast["province_staff"])
    assert "Mật ong Vĩnh Hòa" in note.message
    assert inspection.follow_up_due.strftime("%d/%m/%Y") in note.message
    assert not Notification.objects.filter(recipient=cast["commune_a"]).exists()
    inbox = staff.get("/inbox/").content.decode()
    assert 'data-testid="inspection-task"' in inbox
    # the follow-up text, the due date and the outcome show on the certificate, product and
    # producer pages
    for url in (
        f"/evaluation/certificates/{certificate.pk}/",
        f"/products/{product.pk}/",
        f"/subjects/{product.subject_id}/",
    ):
        page = staff.get(url).content.decode()
        assert "Bổ sung nhãn trong 30 ngày" in page, url
        assert "Chờ kiểm tra lại" in page, url
    # district staff may record an inspection but not close the task
    url = f"/evaluation/inspections/{inspection.pk}/follow-up/"
    assert client_for("district_a").get(url).status_code == 403
    assert client_for("district_b").get(url).status_code == 404
    response = staff.post(
        url,
        {"on": datetime.date.today().isoformat(), "findings": "Đã bổ sung nhãn", "passed": "1"},
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.outcome == "passed"
    assert 'data-testid="inspection-task"' not in staff.get("/inbox/").content.decode()
    assert "Đạt sau kiểm tra lại" in staff.get(f"/products/{product.pk}/").content.decode()


def test_a_failed_follow_up_leads_to_the_revocation_form(cast, product, client_for):
    certificate = factories.certificate(product, stars=3)
    staff = client_for("province_staff")
    _inspect(staff, certificate)
    inspection = certificate.inspections.get()
    today = datetime.date.today().isoformat()
    response = staff.post(
        f"/evaluation/inspections/{inspection.pk}/follow-up/",
        {"on": today, "findings": "Vẫn chưa bổ sung", "passed": "0"},
    )
    assert response.status_code == 302
    assert f"/evaluation/certificates/{certificate.pk}/revoke/" in response["Location"]
    form = staff.get(response["Location"]).context["form"]
    assert form.initial == {"ground": "criteria_not_met", "finding_date": today}
    inspection.refresh_from_db()
    assert inspection.outcome == "revocation"
    # a second follow-up of the same task is refused, never a 500
    again = staff.post(
        f"/evaluation/inspections/{inspection.pk}/follow-up/",
        {"on": today, "findings": "x", "passed": "1"},
    )
    assert again.status_code == 200
    assert "không chờ kiểm tra lại" in again.content.decode()


def _first_dossier(cast, units, product, *, version="qd26-2026", sequence=2):
    round_ = make_round(cast, units, version=version, sequence=sequence)
    dossier = services.dossier_create(
        actor=cast["province_staff"],
        round_=round_,
        product=product,
        evaluation_type="first",
        representative="Lê Thị Hoa",
        address="Thôn Tân Hào, xã Khe Sanh",
        samples=7,
        plan_results="Doanh thu tăng 20 %",
        plan_ahead="Mở rộng vùng nguyên liệu",
    )
    return round_, dossier


def _add_evidence(cast, dossier):
    from django.core.files.base import ContentFile

    from evaluation.models import Evidence

    item = Evidence(
        dossier=dossier, title="Giấy ATTP", extension="pdf", size=8, uploaded_by=cast["commune_a"]
    )
    item.file.save("attp.pdf", ContentFile(b"%PDF-1.4"), save=False)
    item.save()
    return item


def test_a_renewal_opens_prefilled_from_the_last_dossier(cast, units, product, client_for):
    _round, first = _first_dossier(cast, units, product)
    certificate = factories.certificate(product, stars=3)
    later = make_round(cast, units, sequence=3)
    staff = client_for("province_staff")
    page = staff.get(f"/evaluation/certificates/{certificate.pk}/").content.decode()
    link = f"/evaluation/rounds/{later.pk}/dossiers/new/?product={product.pk}&amp;evaluation_type="
    assert link + "re_evaluation" in page and link + "upgrade" in page
    response = staff.get(
        f"/evaluation/rounds/{later.pk}/dossiers/new/?product={product.pk}&evaluation_type=upgrade"
    )
    form = response.context["form"]
    assert form.initial["representative"] == "Lê Thị Hoa"
    assert form.initial["address"] == "Thôn Tân Hào, xã Khe Sanh"
    assert form.initial["samples"] == 7
    assert form.initial["plan_results"] == "Doanh thu tăng 20 %"
    assert form.initial["plan_ahead"] == "Mở rộng vùng nguyên liệu"
    html = response.content.decode()
    assert 'value="Lê Thị Hoa"' in html and "Mở rộng vùng nguyên liệu" in html
    assert "điền sẵn từ hồ sơ gần nhất" in html
    # another commune's officer cannot prefill from a product they do not see
    other = client_for("commune_b").get(
        f"/evaluation/rounds/{later.pk}/dossiers/new/?product={product.pk}&evaluation_type=upgrade"
    )
    assert "Lê Thị Hoa" not in other.content.decode()
    assert first.pk


def test_same_criteria_carry_the_self_assessment_and_evidence_needs_review(
    cast, units, product, client_for
):
    _round, first = _first_dossier(cast, units, product)
    criteria = list(services.dossier_sheet(first).criteria.all()[:4])
    services.self_assess(
        actor=cast["commune_a"],
        dossier=first,
        answers={c.pk: c.options.first().pk for c in criteria},
    )
    _add_evidence(cast, first)
    factories.certificate(product, stars=3)
    renewal = services.dossier_create(
        actor=cast["province_staff"],
        round_=make_round(cast, units, sequence=3),
        product=product,
        evaluation_type="upgrade",
        representative="Lê Thị Hoa",
    )
    assert renewal.self_answers.count() == 4 and renewal.self_score == first.self_score
    item = renewal.evidence.get()
    assert item.needs_review
    staff = client_for("province_staff")
    page = staff.get(f"/evaluation/dossiers/{renewal.pk}/").content.decode()
    assert "cần xem lại" in page
    assert 'data-testid="self-assessment-restarted"' not in page
    staff.post(f"/evaluation/evidence/{item.pk}/confirm/")
    item.refresh_from_db()
    assert not item.needs_review
    assert "cần xem lại" not in staff.get(f"/evaluation/dossiers/{renewal.pk}/").content.decode()


def test_another_criteria_version_restarts_the_self_assessment_clearly(
    cast, units, product, client_for
):
    _round, first = _first_dossier(cast, units, product, version="qd148-2023", sequence=1)
    criteria = list(services.dossier_sheet(first).criteria.all()[:4])
    services.self_assess(
        actor=cast["commune_a"],
        dossier=first,
        answers={c.pk: c.options.first().pk for c in criteria},
    )
    _add_evidence(cast, first)
    factories.certificate(product, stars=3)
    renewal = services.dossier_create(
        actor=cast["province_staff"],
        round_=make_round(cast, units, sequence=3),
        product=product,
        evaluation_type="upgrade",
        representative="Lê Thị Hoa",
    )
    assert renewal.self_answers.count() == 0
    assert renewal.self_score is None and renewal.self_stars is None  # never "0,00 · 1★"
    assert renewal.evidence.get().needs_review
    page = client_for("province_staff").get(f"/evaluation/dossiers/{renewal.pk}/").content.decode()
    assert 'data-testid="self-assessment-restarted"' in page
    assert "làm lại từ đầu" in page
