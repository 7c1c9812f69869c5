"""Three council members score one dossier at the same time in three browsers; the chair
closes scoring; the province records the decision; the 4★ certificate shows on the product."""

import pytest
from playwright.sync_api import expect

from evaluation import services
from evaluation.models import CouncilSeat, RoundStatus, SeatPosition
from evaluation.sheets import sheet_criteria
from tests.evaluation.helpers import add_members, make_dossier, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def four_star_answers(dossier) -> dict[int, int]:
    """Best answers, then the lowest on unmarked criteria until the total is about 80."""
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
    assert 70 <= total < 90
    return answers


def test_three_members_score_at_once_and_the_certificate_appears(cast, units, login):
    round_ = make_round(cast, units)
    seat = CouncilSeat.objects.get(council=round_.council, user=cast["council_member"])
    seat.position = SeatPosition.CHAIR
    seat.save()
    members = [cast["council_member"], *add_members(cast, round_.council, 2)]
    dossier = make_dossier(cast, units, round_)
    for step in (RoundStatus.OPEN, RoundStatus.SCORING):
        services.round_advance(actor=cast["province_staff"], round_=round_, to=step)
    answers = four_star_answers(dossier)

    pages = [login(member.username) for member in members]
    for page in pages:
        page.goto(f"/evaluation/dossiers/{dossier.pk}/score/")
        page.get_by_role("button", name="Tôi không có xung đột lợi ích").click()
    # the three members answer in turn, criterion by criterion: they score at the same time
    for option_id in answers.values():
        for page in pages:
            page.locator(f"#o{option_id}").check()
    for page in pages:
        expect(page.get_by_test_id("sheet-total")).not_to_have_text("0,00")
        page.get_by_role("button", name="Nộp và ký phiếu").click()
        # one sheet's autosaves go one after another; the submit waits for the last of them
        expect(page.get_by_test_id("sheet-state")).to_have_text("Đã nộp phiếu", timeout=90_000)

    # blind until closed: a member sees nobody else's sheet yet
    expect(pages[1].get_by_role("heading", name="Phiếu của các thành viên khác")).to_have_count(0)

    chair = pages[0]
    chair.goto(f"/evaluation/rounds/{round_.pk}/")
    expect(chair.get_by_test_id("chair-view")).to_contain_text("3 / 3")
    chair.get_by_role("button", name="Kết thúc chấm điểm").click()
    expect(chair.get_by_role("status").filter(has_text="Đã kết thúc chấm điểm")).to_contain_text(
        "4 sao"
    )

    staff = login(cast["province_staff"].username)
    staff.goto(f"/evaluation/rounds/{round_.pk}/")
    staff.get_by_role("button", name="Kết thúc chấm điểm của đợt").click()
    staff.get_by_role("link", name="Ghi quyết định công nhận").click()
    staff.locator("#id_number").fill("2050/QĐ-UBND")
    staff.locator("#id_date").fill("2026-12-20")
    staff.locator("#id_signer").fill("Phó Chủ tịch UBND tỉnh")
    staff.get_by_role("button", name="Lưu").click()
    expect(staff.get_by_test_id("round-status")).to_have_text("Đã công bố kết quả")

    staff.goto(f"/products/{dossier.product_id}/")
    row = staff.get_by_role("row", name="2050/QĐ-UBND")
    expect(row).to_contain_text("4★")
    expect(row).to_contain_text("20/12/2029")

    # now a member sees the others' sheets
    pages[1].goto(f"/evaluation/dossiers/{dossier.pk}/score/")
    expect(pages[1].get_by_role("heading", name="Phiếu của các thành viên khác")).to_be_visible()
