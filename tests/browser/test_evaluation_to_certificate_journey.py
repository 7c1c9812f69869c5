"""Issue 13's journey in real Chromium: district staff create a council and open a round in
plan 180's period; on the provincial round the commune registers a dossier and finds its
Mẫu 03 task with the due date; members score, one seat ends mid-way and the chair replaces
the member; the chair closes; the province records the decision; the certificate PDF is read
back; the commune sees the notice. And autosave on a reopened sheet keeps every fast click."""

import datetime
import subprocess

import pytest
from playwright.sync_api import expect

from evaluation import services
from evaluation.models import CouncilSeat, RoundStatus, ScoreAnswer, ScoreSheet, SeatPosition
from evaluation.sheets import sheet_criteria
from evaluation.workdays import add_working_days
from tests.evaluation.helpers import add_members, make_dossier, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def four_star_answers(dossier) -> dict[int, int]:
    criteria = sheet_criteria(services.dossier_sheet(dossier))
    answers = {c.id: max(c.options, key=lambda o: o.points).id for c in criteria}
    total = sum(max(o.points for o in c.options) for c in criteria)
    for criterion in criteria:
        if total <= 82:
            break
        if any(o.min_for_stars for o in criterion.options) or criterion.min_stars_for_any_points:
            continue
        best = max(criterion.options, key=lambda o: o.points)
        worst = min(criterion.options, key=lambda o: o.points)
        answers[criterion.id] = worst.id
        total -= best.points - worst.points
    return answers


def test_from_a_new_council_to_a_printed_certificate_with_the_commune_in_the_loop(
    cast, units, login, tmp_path
):
    # 1. District staff create their council (plan 180's period) and open a round with it.
    district = login(cast["district_a"].username)
    district.goto("/evaluation/councils/")
    district.get_by_role("link", name="Thành lập Hội đồng").click()
    district.locator("#id_name").fill("Hội đồng đánh giá, phân hạng sản phẩm OCOP huyện Hướng Hóa")
    district.locator("#id_kind").select_option("council")
    district.locator("#id_unit").select_option(label="Huyện Hướng Hóa")
    district.locator("#id_term_start").fill("2024-01-01")
    district.locator("#id_term_end").fill("2025-06-30")
    district.get_by_role("button", name="Lưu").click()
    expect(district.get_by_role("heading", level=1)).to_contain_text("huyện Hướng Hóa")
    district.goto("/evaluation/rounds/new/")
    district.locator("#id_name").fill("Đợt 1 năm 2024 huyện Hướng Hóa")
    district.locator("#id_level").select_option("district")
    district.locator("#id_unit").select_option(label="Huyện Hướng Hóa")
    district.locator("#id_year").fill("2024")
    district.locator("#id_council").select_option(
        label="Hội đồng đánh giá, phân hạng sản phẩm OCOP huyện Hướng Hóa"
    )
    district.locator("#id_dossier_deadline").fill("2024-09-30")
    district.locator("#id_scoring_opens").fill("2024-10-01")
    district.locator("#id_scoring_closes").fill("2024-10-31")
    district.get_by_role("button", name="Lưu").click()
    expect(district.get_by_test_id("round-status")).to_be_visible()
    expect(district.locator("body")).to_contain_text("Quyết định 148/QĐ-TTg")

    # 2. The provincial round under the rules in force: the commune registers a dossier.
    round_ = make_round(cast, units)
    seat = CouncilSeat.objects.get(council=round_.council, user=cast["council_member"])
    seat.position = SeatPosition.CHAIR
    seat.save()
    members = [cast["council_member"], *add_members(cast, round_.council, 2)]
    services.round_advance(actor=cast["province_staff"], round_=round_, to=RoundStatus.OPEN)
    from tests import factories

    subject = factories.subject(units.current("19429"), name="HTX Cà phê Khe Sanh")
    product = factories.product(cast["commune_a"], subject, name="Cà phê bột Khe Sanh")
    commune = login(cast["commune_a"].username)
    commune.goto(f"/evaluation/rounds/{round_.pk}/")
    commune.get_by_role("link", name="Đăng ký hồ sơ").click()
    commune.locator("#id_product-ts-control").fill("ca phe bot")  # typed without accents
    commune.locator(".ts-dropdown .option", has_text=product.name).first.click()
    commune.locator("#id_evaluation_type").select_option("first")
    commune.locator("#id_representative").fill("Nguyễn Văn A")
    commune.get_by_role("button", name="Lưu").click()
    expect(commune.get_by_role("heading", level=1)).to_contain_text(product.name)
    dossier = product.dossiers.get()
    due = add_working_days(datetime.date.today(), 15)
    assert dossier.pre_assessment_due == due

    # 3. The Mẫu 03 task waits in the commune's inbox with its due date; the commune files it.
    commune.goto("/inbox/")
    task = commune.get_by_test_id("pre-assessment-task")
    expect(task).to_contain_text(product.name)
    expect(task).to_contain_text(due.strftime("%d/%m/%Y"))
    task.get_by_role("link").click()
    commune.get_by_label("Nguyên liệu có nguồn gốc tại địa phương").check()
    commune.get_by_role("button", name="Lưu").click()
    expect(commune.locator("body")).to_contain_text("Đã ghi kết quả đánh giá sơ bộ")
    services.dossier_intake(actor=cast["province_staff"], dossier=dossier, status="complete")

    # 4. Scoring starts (a confirmation names the consequence); two members score.
    staff = login(cast["province_staff"].username)
    staff.goto(f"/evaluation/rounds/{round_.pk}/")
    staff.get_by_role("button", name="Mở chấm điểm").click()
    expect(staff.get_by_test_id("round-status")).to_have_text("Đang chấm điểm")
    answers = four_star_answers(dossier)
    chair = login(members[0].username)
    chair.goto(f"/evaluation/dossiers/{dossier.pk}/score/")
    chair.get_by_role("button", name="Tôi không có xung đột lợi ích").click()
    for option_id in answers.values():
        chair.locator(f"#o{option_id}").check()
    # the saves go one after another: wait for the last before submitting
    criteria = sheet_criteria(services.dossier_sheet(dossier))
    expected = sum(
        min(next(o for o in c.options if o.id == answers[c.id]).points, c.max_points)
        for c in criteria
    )
    total = f"{expected:.2f}".replace(".", ",")
    expect(chair.get_by_test_id("sheet-total")).to_have_text(total, timeout=60_000)
    chair.get_by_role("button", name="Nộp và ký phiếu").click()
    expect(chair.get_by_test_id("sheet-state")).to_have_text("Đã nộp phiếu")
    for criterion_id, option_id in answers.items():
        services.sheet_answer(
            member=members[1], dossier=dossier, criterion_id=criterion_id, option_id=option_id
        )
    services.sheet_submit(member=members[1], dossier=dossier)

    # 5. The third member's seat ends mid-way; the chair sees who is missing and replaces them.
    staff.goto(f"/evaluation/councils/{round_.council_id}/")
    row = staff.get_by_test_id("seats").get_by_role("row").filter(has_text=members[2].full_name)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    row.locator("input[name=on]").fill(yesterday.isoformat())
    row.locator("input[name=reason]").fill("Chuyển công tác")
    row.get_by_role("button", name="Kết thúc nhiệm kỳ thành viên").click()
    from accounts.models import Role
    from accounts.services import user_create
    from tests.conftest import PASSWORD

    newcomer = user_create(
        username="t.newcomer",
        full_name="Trần Thị Mới",
        role=Role.COUNCIL_MEMBER,
        unit=None,
        password=PASSWORD,
    )
    services.seat_add(
        actor=cast["province_staff"],
        council=round_.council,
        user=newcomer,
        position=SeatPosition.MEMBER,
        term_start=datetime.date.today(),
    )
    chair.goto(f"/evaluation/rounds/{round_.pk}/")
    expect(chair.get_by_test_id("waiting-for")).to_contain_text(members[2].full_name)
    chair.locator("#id_member").select_option(value=str(members[2].pk))
    chair.locator("#id_newcomer").select_option(value=str(newcomer.pk))
    chair.locator("#id_reason").fill("Hết nhiệm kỳ thành viên")
    chair.get_by_role("button", name="Thay thành viên").click()
    expect(chair.get_by_test_id("roster")).to_contain_text("Trần Thị Mới")
    for criterion_id, option_id in answers.items():
        services.sheet_answer(
            member=newcomer, dossier=dossier, criterion_id=criterion_id, option_id=option_id
        )
    services.sheet_submit(member=newcomer, dossier=dossier)

    # 6. The chair closes; the province closes the round and records the decision.
    chair.goto(f"/evaluation/rounds/{round_.pk}/")
    expect(chair.get_by_test_id("chair-view")).to_contain_text("3 / 3")
    chair.get_by_role("button", name="Kết thúc chấm điểm").first.click()
    expect(chair.get_by_role("status").filter(has_text="Đã kết thúc chấm điểm")).to_contain_text(
        "4 sao"
    )
    staff.goto(f"/evaluation/rounds/{round_.pk}/")
    staff.get_by_role("button", name="Kết thúc chấm điểm của đợt").click()
    staff.get_by_role("link", name="Ghi quyết định công nhận").click()
    staff.locator("#id_number").fill("2060/QĐ-UBND")
    staff.locator("#id_date").fill("2026-12-20")
    staff.locator("#id_signer").fill("Hoàng Nam")
    staff.get_by_role("button", name="Lưu").click()
    expect(staff.get_by_test_id("round-status")).to_have_text("Đã công bố kết quả")

    # 7. The certificate PDF, downloaded and read back.
    certificate = dossier.certificates.get()
    staff.goto(f"/evaluation/dossiers/{dossier.pk}/")
    link = staff.get_by_test_id("dossier-certificates").get_by_role("link", name="In (PDF)")
    response = staff.request.get(link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    path = tmp_path / "giay-chung-nhan.pdf"
    path.write_bytes(response.body())
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert f"Số: {certificate.number}" in text
    assert "4 sao" in text
    assert certificate.expires_on.strftime("%d/%m/%Y") == "20/12/2029" and "20/12/2029" in text

    # 8. The commune sees the notice.
    commune.goto("/inbox/")
    expect(commune.locator("body")).to_contain_text(f"giấy chứng nhận số {certificate.number}")


def test_autosave_keeps_twenty_fast_clicks_on_a_reopened_sheet(cast, units, login):
    round_ = make_round(cast, units)
    seat = CouncilSeat.objects.get(council=round_.council, user=cast["council_member"])
    seat.position = SeatPosition.CHAIR
    seat.save()
    members = [cast["council_member"], *add_members(cast, round_.council, 2)]
    dossier = make_dossier(cast, units, round_)
    for step in (RoundStatus.OPEN, RoundStatus.SCORING):
        services.round_advance(actor=cast["province_staff"], round_=round_, to=step)
    member = members[1]
    criteria = [c for c in sheet_criteria(services.dossier_sheet(dossier)) if len(c.options) > 1]
    for criterion in sheet_criteria(services.dossier_sheet(dossier)):
        services.sheet_answer(
            member=member,
            dossier=dossier,
            criterion_id=criterion.id,
            option_id=criterion.options[0].id,
        )
    services.sheet_submit(member=member, dossier=dossier)
    sheet = ScoreSheet.objects.get(dossier=dossier, member=member)
    services.sheet_reopen(chair=members[0], sheet=sheet, reason="Chấm lại")

    page = login(member.username)
    page.goto(f"/evaluation/dossiers/{dossier.pk}/score/")
    chosen = {}
    for criterion in criteria[:20]:
        option = criterion.options[1]
        page.locator(f"#o{option.id}").check()
        chosen[criterion.id] = option.id
        page.wait_for_timeout(100)
    # every answer is stored and the total is right, with no refusal shown
    expected = sum(
        min(
            next(o for o in c.options if o.id == chosen.get(c.id, c.options[0].id)).points,
            c.max_points,
        )
        for c in sheet_criteria(services.dossier_sheet(dossier))
    )
    total = f"{expected:.2f}".replace(".", ",")
    expect(page.get_by_test_id("sheet-total")).to_have_text(total, timeout=30_000)
    expect(page.get_by_test_id("sheet-conflict")).to_have_count(0)
    stored = dict(ScoreAnswer.objects.filter(sheet=sheet).values_list("criterion_id", "option_id"))
    assert all(stored[c] == o for c, o in chosen.items())
