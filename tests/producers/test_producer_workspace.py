"""The producer's own work: ideas to the commune, dossiers online, and nothing of any other
producer (two producers of the same commune)."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Notification
from evaluation import services as evaluation_services
from evaluation.models import DossierStatus, Evidence
from products.models import IdeaStatus, ProductIdea, ProductSet
from tests import factories
from tests.evaluation.helpers import make_round

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _idea_form(**extra):
    return {
        "product_name": "Cà phê rang xay Khe Sanh",
        "product_set": ProductSet.objects.get(code="I.6").pk,
        "description": "Cà phê Arabica rang mộc",
        **extra,
    }


def test_a_producer_proposes_an_idea_and_the_commune_screens_it(client_for, cast, producer_cast):
    producer = client_for("producer_a")
    response = producer.post("/producer/ideas/new/", _idea_form())
    assert response.status_code == 302
    idea = ProductIdea.objects.get(product_name="Cà phê rang xay Khe Sanh")
    assert idea.status == IdeaStatus.PROPOSED
    assert idea.proposer_subject == producer_cast["producer_a"].subject
    assert idea.commune_id == producer_cast["producer_a"].subject.commune_id
    # the commune officer of Khe Sanh hears of it; the one of Cam Lộ does not
    assert Notification.objects.filter(recipient=cast["commune_a"]).exists()
    assert not Notification.objects.filter(recipient=cast["commune_b"]).exists()

    officer = client_for("commune_a")
    assert "Cà phê rang xay Khe Sanh" in officer.get("/inbox/").content.decode()  # to do
    assert b"send-back" in officer.get(f"/ideas/{idea.pk}/").content
    officer.post(f"/ideas/{idea.pk}/send-back/", {"guidance": "Ghi rõ vùng nguyên liệu."})
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.RETURNED
    page = producer.get(f"/producer/ideas/{idea.pk}/").content.decode()
    assert "Ghi rõ vùng nguyên liệu." in page
    note = Notification.objects.get(recipient=producer_cast["producer_a"])
    assert note.link == f"/producer/ideas/{idea.pk}/"

    producer.post(
        f"/producer/ideas/{idea.pk}/edit/", _idea_form(raw_material_origin="Vùng Khe Sanh")
    )
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.PROPOSED and idea.raw_material_origin == "Vùng Khe Sanh"
    officer.post(f"/ideas/{idea.pk}/submit/")  # forwarded for screening
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.SUBMITTED
    client_for("district_a").post(f"/ideas/{idea.pk}/accept/", {"guidance": ""})
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.ACCEPTED
    assert "Chấp nhận" in producer.get("/producer/ideas/").content.decode() or (
        idea.get_status_display() in producer.get("/producer/ideas/").content.decode()
    )


def test_a_second_producer_of_the_commune_sees_nothing_of_the_first(client_for, objects):
    other = client_for("producer_b")
    for path in (
        f"/producer/ideas/{objects['producer_idea']}/",
        f"/producer/dossiers/{objects['dossier']}/",
        f"/producer/dossiers/{objects['dossier']}/self-assessment/",
        f"/producer/evidence/{objects['evidence']}/",
    ):
        assert other.get(path).status_code == 404, path
    dashboard = other.get("/producer/").content.decode()
    assert "HTX Chủ thể B" in dashboard and "HTX Chủ thể A" not in dashboard
    assert "Ý tưởng của chủ thể A" not in other.get("/producer/ideas/").content.decode()
    assert "Sản phẩm dự thi" not in other.get("/producer/dossiers/").content.decode()
    # staff screens are closed to producers, whatever the record
    for path in ("/subjects/", f"/evaluation/dossiers/{objects['dossier']}/", "/products/"):
        assert other.get(path).status_code == 403
    owner = client_for("producer_a")
    assert "Sản phẩm dự thi" in owner.get("/producer/dossiers/").content.decode()


@pytest.fixture
def open_round(cast, units):
    round_ = make_round(cast, units)
    evaluation_services.round_advance(actor=cast["province_staff"], round_=round_, to="open")
    return round_


def test_a_producer_registers_self_assesses_and_uploads_evidence(
    client_for, cast, producer_cast, open_round
):
    subject = producer_cast["producer_a"].subject
    product = factories.product(cast["commune_a"], subject, name="Cà phê bột Khe Sanh")
    producer = client_for("producer_a")
    assert open_round.name in producer.get("/producer/dossiers/").content.decode()
    response = producer.post(
        f"/producer/rounds/{open_round.pk}/register/",
        {
            "product": product.pk,
            "evaluation_type": "first",
            "representative": "Nguyễn Văn A",
            "samples": 5,
        },
    )
    assert response.status_code == 302
    dossier = product.dossiers.get()
    assert dossier.created_by == producer_cast["producer_a"]

    # projected stars, live and unsaved
    sheet = evaluation_services.dossier_sheet(dossier)
    best = {
        f"c_{c.pk}": max(c.options.all(), key=lambda o: o.points).pk
        for c in sheet.criteria.prefetch_related("options")
    }
    live = producer.post(f"/producer/dossiers/{dossier.pk}/self-assessment/projection/", best)
    assert "5★" in live.content.decode()
    dossier.refresh_from_db()
    assert dossier.self_score is None
    producer.post(f"/producer/dossiers/{dossier.pk}/self-assessment/", best)
    dossier.refresh_from_db()
    assert dossier.self_stars == 5

    # several files for one criterion, checked by content
    criterion = sheet.criteria.order_by("position").first()
    response = producer.post(
        f"/producer/dossiers/{dossier.pk}/evidence/",
        {
            "criterion": criterion.pk,
            "files": [
                SimpleUploadedFile("dang-ky.pdf", PDF),
                SimpleUploadedFile("hop-dong.docx", _docx()),
            ],
        },
    )
    assert response.status_code == 302
    kinds = sorted(Evidence.objects.filter(dossier=dossier).values_list("extension", flat=True))
    assert kinds == ["docx", "pdf"]
    # a program named like a PDF is refused next to the field, and nothing is stored
    response = producer.post(
        f"/producer/dossiers/{dossier.pk}/evidence/",
        {
            "criterion": criterion.pk,
            "files": [
                SimpleUploadedFile("ok.pdf", PDF),
                SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 program"),
            ],
        },
    )
    assert response.status_code == 400 and "virus.pdf" in response.content.decode()
    assert Evidence.objects.filter(dossier=dossier).count() == 2

    # intake asks for more; the producer completes it; the office and the commune hear of it
    evaluation_services.dossier_intake(
        actor=cast["province_staff"],
        dossier=dossier,
        status=DossierStatus.MORE_DOCUMENTS,
        notes="Thiếu hợp đồng nguyên liệu.",
    )
    page = producer.get(f"/producer/dossiers/{dossier.pk}/").content.decode()
    assert "Thiếu hợp đồng nguyên liệu." in page
    assert Notification.objects.filter(
        recipient=producer_cast["producer_a"], link=f"/producer/dossiers/{dossier.pk}/"
    ).exists()
    producer.post(
        f"/producer/dossiers/{dossier.pk}/evidence/",
        {"criterion": criterion.pk, "files": [SimpleUploadedFile("hd.pdf", PDF)]},
    )
    producer.post(f"/producer/dossiers/{dossier.pk}/documents-completed/")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.REGISTERED
    assert Notification.objects.filter(
        recipient=cast["province_staff"], message__contains="Cà phê bột Khe Sanh"
    ).exists()
    assert Notification.objects.filter(recipient=cast["commune_a"]).exists()
    # the council member sees each criterion's evidence beside the question (once the intake
    # check and the commune's Mẫu 03, which the rules require before scoring, are done)
    from tests.evaluation.helpers import complete_steps

    complete_steps(cast, dossier)
    evaluation_services.round_advance(actor=cast["province_staff"], round_=open_round, to="scoring")
    sheet_page = client_for("council_member").get(f"/evaluation/dossiers/{dossier.pk}/score/")
    assert "hop-dong" in sheet_page.content.decode()


def test_a_producer_proposes_its_public_page_and_sees_the_decision(client_for, cast, producer_cast):
    from promotion.models import PageRevisionStatus, ProducerPageRevision

    producer = client_for("producer_a")
    response = producer.post(
        "/producer/public-page/",
        {
            "description": "Hợp tác xã cà phê",
            "phone": "0912 000 111",
            "ecommerce_links": "shopee.vn/htx-a\nkhông phải địa chỉ",
        },
    )
    assert response.status_code == 400  # a line that is not a web address, told next to it
    assert not ProducerPageRevision.objects.exists()
    producer.post(
        "/producer/public-page/",
        {"description": "Hợp tác xã cà phê", "phone": "0912 000 111", "ecommerce_links": ""},
    )
    revision = ProducerPageRevision.objects.get()
    assert revision.status == PageRevisionStatus.PENDING
    assert Notification.objects.filter(recipient=cast["commune_a"]).exists()
    # staff outside the producer's area do not see it
    assert (
        client_for("commune_b").get(f"/promotion/producer-pages/{revision.pk}/").status_code == 404
    )
    client_for("commune_a").post(
        f"/promotion/producer-pages/{revision.pk}/", {"reject": "1", "note": "Thiếu ảnh."}
    )
    revision.refresh_from_db()
    assert revision.status == PageRevisionStatus.REJECTED
    page = producer.get("/producer/public-page/").content.decode()
    assert "Thiếu ảnh." in page
    # the other producer of the commune sees nothing of it
    assert (
        "0912 000 111"
        not in client_for("producer_b").get("/producer/public-page/").content.decode()
    )


def test_the_demo_producer_account_is_made_once(cast):
    from accounts.models import Role, User
    from producers.demo import DEMO_PRODUCERS, seed_producer_accounts

    username, _name, number = DEMO_PRODUCERS[0]
    factories.subject(cast["commune_a"].unit, registration_number=number)
    assert seed_producer_accounts(password="a-Strong-test-pass-2026") == {
        "producer_accounts_created": 1
    }
    assert seed_producer_accounts(password="a-Strong-test-pass-2026") == {
        "producer_accounts_created": 0
    }
    account = User.objects.get(username=username)
    assert account.role == Role.PRODUCER and account.subject.registration_number == number


def test_a_producer_renews_from_its_last_dossier_and_hears_of_the_expiry(
    client_for, cast, units, producer_cast
):
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from evaluation.models import Certificate
    from evaluation.reminders import notify_expiry

    subject = producer_cast["producer_a"].subject
    product = factories.product(cast["commune_a"], subject, name="Mật ong Khe Sanh")
    first_round = make_round(cast, units, sequence=1)
    previous = evaluation_services.dossier_create(
        actor=cast["province_staff"],
        round_=first_round,
        product=product,
        evaluation_type="first",
        representative="Nguyễn Văn A",
    )
    item = Evidence(
        dossier=previous, title="Giấy ATTP", extension="pdf", size=8, uploaded_by=cast["commune_a"]
    )
    item.file.save("x.pdf", ContentFile(PDF), save=False)
    item.save()
    today = timezone.localdate()
    certificate = Certificate.objects.create(
        product=product,
        stars=3,
        level="province",
        decision_number="9/QĐ",
        decision_date=today - datetime.timedelta(days=900),
        issued_on=today - datetime.timedelta(days=900),
        expires_on=today + datetime.timedelta(days=150),
        source="imported",
    )
    # the expiry reminder reaches the producer, with a link it can open
    notify_expiry(certificate, days_left=150, link=f"/evaluation/certificates/{certificate.pk}/")
    # (the producer also heard of the earlier dossier's registration: the expiry is the latest)
    note = Notification.objects.filter(recipient=producer_cast["producer_a"]).latest("pk")
    assert note.link == "/producer/"
    assert not Notification.objects.filter(recipient=producer_cast["producer_b"]).exists()

    round_ = make_round(cast, units, sequence=3)
    evaluation_services.round_advance(actor=cast["province_staff"], round_=round_, to="open")
    producer = client_for("producer_a")
    home = producer.get("/producer/").content.decode()
    assert 'data-testid="renew"' in home
    # the producer's home shows the certificate in the "expiring soon" panel, with days left
    panel = home.split('data-testid="expiring-panel"')[1].split("</section>")[0]
    assert "Mật ong Khe Sanh" in panel and "150" in panel
    assert (
        'data-testid="expiring-panel"'
        not in client_for("producer_b").get("/producer/").content.decode()
    )
    form = producer.get(
        f"/producer/rounds/{round_.pk}/register/?product={product.pk}&type=re_evaluation"
    )
    assert form.context["form"].initial["evaluation_type"] == "re_evaluation"
    producer.post(
        f"/producer/rounds/{round_.pk}/register/",
        {
            "product": product.pk,
            "evaluation_type": "re_evaluation",
            "representative": "Nguyễn Văn A",
            "samples": 5,
        },
    )
    renewal = product.dossiers.get(round=round_)
    assert renewal.copied_from == previous
    assert list(renewal.evidence.values_list("title", flat=True)) == ["Giấy ATTP"]
    page = producer.get(f"/producer/dossiers/{renewal.pk}/").content.decode()
    assert "Giấy ATTP" in page and 'data-testid="evidence-needs-review"' in page
    carried = renewal.evidence.get()
    producer.post(f"/producer/evidence/{carried.pk}/confirm/")
    carried.refresh_from_db()
    assert not carried.needs_review
    assert (
        client_for("producer_b").post(f"/producer/evidence/{carried.pk}/confirm/").status_code
        == 404
    )


def test_a_producer_cannot_register_or_document_another_producers_product(
    client_for, cast, producer_cast, open_round
):
    other_product = factories.product(
        cast["commune_a"], producer_cast["producer_a"].subject, name="Sản phẩm của A"
    )
    response = client_for("producer_b").post(
        f"/producer/rounds/{open_round.pk}/register/",
        {
            "product": other_product.pk,
            "evaluation_type": "first",
            "representative": "Người khác",
            "samples": 5,
        },
    )
    assert response.status_code == 200  # the product is not among its choices
    assert not other_product.dossiers.exists()
    # and the service refuses it too, whatever the form
    with pytest.raises(PermissionDenied):
        evaluation_services.dossier_create(
            actor=producer_cast["producer_b"],
            round_=open_round,
            product=other_product,
            evaluation_type="first",
            representative="Người khác",
        )


def test_a_double_clicked_public_page_proposal_makes_one_revision(client_for, producer_cast):
    import re

    from promotion.models import ProducerPageRevision

    producer = client_for("producer_a")
    page = producer.get("/producer/public-page/").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    data = {
        "description": "Hợp tác xã cà phê",
        "phone": "0912 000 111",
        "ecommerce_links": "",
        "form_token": token,
    }
    first, second = (
        producer.post("/producer/public-page/", data),
        producer.post("/producer/public-page/", data),
    )
    assert first.status_code == second.status_code == 302
    assert ProducerPageRevision.objects.count() == 1


def test_the_producer_reads_the_councils_comments_meant_for_it(
    client_for, cast, units, producer_cast
):
    from evaluation.models import DossierResult

    subject = producer_cast["producer_a"].subject
    product = factories.product(cast["commune_a"], subject, name="Trà thảo mộc Khe Sanh")
    dossier = evaluation_services.dossier_create(
        actor=cast["province_staff"],
        round_=make_round(cast, units, sequence=5),
        product=product,
        evaluation_type="first",
        representative="Nguyễn Văn A",
    )
    url = f"/evaluation/dossiers/{dossier.pk}/comments/"
    comments = {"comments": "Bao bì cần ghi rõ hạn sử dụng."}
    client_for("province_staff").post(url, comments)  # no result yet: refused with a message
    assert not DossierResult.objects.exists()
    DossierResult.objects.create(
        dossier=dossier,
        average="78.50",
        band_stars=4,
        minima_stars=4,
        final_stars=4,
        counted_members=3,
        outcome="recognised",
    )
    dossier.status = DossierStatus.CLOSED  # the chair closed scoring: the producer sees the result
    dossier.save(update_fields=["status"])
    assert client_for("commune_a").post(url, comments).status_code == 403  # not an organiser
    assert client_for("province_staff").post(url, comments).status_code == 302
    result = DossierResult.objects.get()
    assert result.producer_comments == "Bao bì cần ghi rõ hạn sử dụng."
    assert result.history.latest().history_user == cast["province_staff"]
    page = client_for("producer_a").get(f"/producer/dossiers/{dossier.pk}/").content.decode()
    assert 'data-testid="council-comments"' in page and "hạn sử dụng" in page
    assert client_for("producer_b").get(f"/producer/dossiers/{dossier.pk}/").status_code == 404
