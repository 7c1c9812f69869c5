"""A producer does its own part of the cycle in real Chromium: invited by its commune officer,
it sets its password from the e-mailed link, proposes an idea, later registers a product in an
open round, self-assesses (Mẫu 02) with the stars projected live, uploads evidence for three
criteria, completes what the intake finds missing, and downloads its certificate after the
decision; council members see the evidence beside each criterion. A second producer of the same
commune, logged in at the same time, sees none of it."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import Role, User
from evaluation import services
from evaluation.models import CouncilSeat, DossierStatus, RoundStatus, SeatPosition
from evaluation.sheets import sheet_criteria
from tests import factories
from tests.browser.test_council_scoring_journey import four_star_answers
from tests.conftest import PASSWORD
from tests.evaluation.helpers import add_members, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NEW_PASSWORD = "Mua-lua-Dong-Xuan-2026!"


def test_a_producer_does_its_part_and_a_neighbour_sees_none_of_it(
    cast, units, login, new_page, live_server, settings, tmp_path
):
    settings.OCOP_SITE_URL = live_server.url
    khe_sanh = units.current("19429")
    subject = factories.subject(khe_sanh, name="HTX Cà phê Khe Sanh")
    neighbour_subject = factories.subject(khe_sanh, name="HTX Hồ tiêu Khe Sanh")
    User.objects.create_user(
        username="htx.hotieu",
        password=PASSWORD,
        full_name="HTX Hồ tiêu",
        role=Role.PRODUCER,
        subject=neighbour_subject,
    )

    # 1. the commune officer invites the producer from its page
    officer = login(cast["commune_a"].username)
    officer.goto(f"/subjects/{subject.pk}/")
    officer.get_by_role("link", name="Mời tạo tài khoản").click()
    officer.locator("#id_username").fill("htx.caphe")
    officer.locator("#id_full_name").fill("Hồ Văn Tư")
    officer.locator("#id_email").fill("tu@caphekhesanh.vn")
    officer.get_by_role("button", name="Lưu").click()
    expect(officer.get_by_role("status").first).to_contain_text("tu@caphekhesanh.vn")

    # 2. the producer sets a password from the e-mailed link (on the configured site address)
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    assert link.startswith(live_server.url + "/accounts/invitation/")
    producer = new_page()
    producer.goto(link)
    producer.locator("#id_new_password1").fill(NEW_PASSWORD)
    producer.locator("#id_new_password2").fill(NEW_PASSWORD)
    producer.get_by_role("button", name="Đặt mật khẩu").click()
    expect(producer.get_by_test_id("producer-name")).to_have_text("HTX Cà phê Khe Sanh")
    # the link works once
    again = new_page()
    again.goto(link)
    expect(again.get_by_test_id("link-invalid")).to_be_visible()

    # the neighbour is logged in at the same time
    neighbour = login("htx.hotieu")
    expect(neighbour.get_by_test_id("producer-name")).to_have_text("HTX Hồ tiêu Khe Sanh")

    # 3. the producer proposes an idea to its commune
    producer.get_by_role("link", name="Ý tưởng sản phẩm của tôi").click()
    producer.get_by_role("link", name="Đề xuất ý tưởng sản phẩm").click()
    producer.locator("#id_product_name").fill("Cà phê rang xay Khe Sanh")
    producer.locator("#id_product_set").select_option(label="I.6 – Cà phê, ca cao")
    producer.locator("#id_description").fill("Cà phê Arabica rang mộc, đóng gói 250 g.")
    producer.get_by_role("button", name="Gửi xã").click()
    expect(producer.get_by_test_id("idea-status")).to_have_text("Đã gửi xã")
    officer.goto("/inbox/")
    expect(officer.get_by_text("HTX Cà phê Khe Sanh đề xuất ý tưởng sản phẩm")).to_be_visible()

    # 4. later: the product exists and a provincial round is open
    product = factories.product(cast["commune_a"], subject, name="Cà phê rang xay Khe Sanh")
    round_ = make_round(cast, units)
    seat = CouncilSeat.objects.get(council=round_.council, user=cast["council_member"])
    seat.position = SeatPosition.CHAIR
    seat.save()
    members = [cast["council_member"], *add_members(cast, round_.council, 2)]
    services.round_advance(actor=cast["province_staff"], round_=round_, to=RoundStatus.OPEN)

    producer.get_by_role("link", name="Hồ sơ đánh giá, phân hạng").click()
    producer.get_by_test_id("open-rounds").get_by_role("link", name="Đăng ký sản phẩm").click()
    producer.locator("#id_product").select_option(label=product.name)
    producer.locator("#id_evaluation_type").select_option(value="first")
    producer.locator("#id_representative").fill("Hồ Văn Tư")
    producer.get_by_role("button", name="Lưu").click()
    expect(producer.get_by_test_id("dossier-steps")).to_be_visible()
    dossier = product.dossiers.get()

    # 5. Mẫu 02: the projected stars follow the answers before anything is saved
    producer.get_by_role("link", name="Tự đánh giá").click()
    criteria = sheet_criteria(services.dossier_sheet(dossier))
    for criterion in criteria:
        best = max(criterion.options, key=lambda option: option.points)
        producer.locator(f"#s{best.id}").check()
    expect(producer.get_by_test_id("projected-stars")).to_have_text("5★")
    producer.get_by_role("button", name="Lưu kết quả tự đánh giá").click()
    expect(producer.get_by_test_id("self-score")).to_contain_text("5★")

    # 6. evidence for three criteria (two files for the first)
    for position, criterion in enumerate(criteria[:3]):
        files = [
            tmp_path / f"minh-chung-{position}-{n}.pdf" for n in range(2 if position == 0 else 1)
        ]
        for path in files:
            path.write_bytes(PDF)
        producer.locator("#id_criterion").select_option(value=str(criterion.id))
        producer.locator("#id_files").set_input_files([str(path) for path in files])
        producer.get_by_role("button", name="Đính kèm").click()
        expect(producer.get_by_test_id("evidence-table")).to_contain_text(
            f"minh-chung-{position}-0"
        )
    assert dossier.evidence.count() == 4

    # 7. the intake finds a file missing; the producer completes it and the office is told
    services.dossier_intake(
        actor=cast["province_staff"],
        dossier=dossier,
        status=DossierStatus.MORE_DOCUMENTS,
        notes="Thiếu hợp đồng bao tiêu nguyên liệu.",
    )
    producer.reload()
    expect(producer.get_by_test_id("intake-missing")).to_contain_text("hợp đồng bao tiêu")
    contract = tmp_path / "hop-dong-bao-tieu.pdf"
    contract.write_bytes(PDF)
    producer.locator("#id_criterion").select_option(value=str(criteria[1].id))
    producer.locator("#id_files").set_input_files(str(contract))
    producer.get_by_role("button", name="Đính kèm").click()
    producer.get_by_role("button", name="Tôi đã bổ sung tài liệu").click()
    expect(producer.get_by_test_id("intake-missing")).to_have_count(0)
    staff = login(cast["province_staff"].username)
    staff.goto("/inbox/")
    expect(staff.get_by_text("Đã bổ sung tài liệu được yêu cầu")).to_be_visible()
    services.dossier_intake(
        actor=cast["province_staff"], dossier=dossier, status=DossierStatus.COMPLETE
    )
    # the commune's Mẫu 03, which the rules in force require before scoring
    services.dossier_pre_assess(
        actor=cast["commune_a"],
        dossier=dossier,
        local_materials=True,
        local_labour=True,
        idea_origin=True,
        local_identity=True,
    )

    # 8. council members see each criterion's evidence beside the question
    services.round_advance(actor=cast["province_staff"], round_=round_, to=RoundStatus.SCORING)
    member = login(members[1].username)
    member.goto(f"/evaluation/dossiers/{dossier.pk}/score/")
    beside = member.locator("fieldset", has=member.locator(f"#o{criteria[1].options[0].id}"))
    expect(beside).to_contain_text("hop-dong-bao-tieu")

    # 9. scoring, result and decision
    answers = four_star_answers(dossier)  # 5★ would go on to the central council
    for person in members:
        for criterion_id, option_id in answers.items():
            services.sheet_answer(
                member=person, dossier=dossier, criterion_id=criterion_id, option_id=option_id
            )
        services.sheet_submit(member=person, dossier=dossier)
    services.dossier_close_scoring(chair=cast["council_member"], dossier=dossier)
    services.round_advance(actor=cast["province_staff"], round_=round_, to=RoundStatus.CLOSED)
    services.decision_issue(
        actor=cast["province_staff"],
        round_=round_,
        number="2050/QĐ-UBND",
        date=datetime.date(2026, 12, 20),
        signer="Phó Chủ tịch UBND tỉnh",
    )

    # 10. the producer reads its result and downloads its certificate documents
    producer.goto(f"/producer/dossiers/{dossier.pk}/")
    expect(producer.get_by_test_id("council-result")).to_contain_text("4★")
    for name in ("certificate-pdf",):
        href = producer.get_by_test_id(name).first.get_attribute("href")
        pdf = producer.request.get(href)  # with the producer's own session
        assert pdf.ok and pdf.body().startswith(b"%PDF")
        assert "giay-chung-nhan" in pdf.headers.get("content-disposition", "")
    labels = producer.get_by_role("link", name="Tờ tem QR (PDF)").first.get_attribute("href")
    assert producer.request.get(labels).body().startswith(b"%PDF")

    # 11. the neighbour, logged in all along, sees none of it
    for path in (
        f"/producer/dossiers/{dossier.pk}/",
        f"/producer/ideas/{product.subject.ideas.get().pk}/",
        f"/producer/evidence/{dossier.evidence.first().pk}/",
    ):
        response = neighbour.goto(path)
        assert response.status == 404, path
    neighbour.goto("/producer/dossiers/")
    expect(neighbour.get_by_text("Cà phê rang xay Khe Sanh")).to_have_count(0)
    neighbour.goto("/producer/ideas/")
    expect(neighbour.get_by_text("Cà phê rang xay Khe Sanh")).to_have_count(0)
    assert neighbour.goto(f"/evaluation/dossiers/{dossier.pk}/").status == 403
