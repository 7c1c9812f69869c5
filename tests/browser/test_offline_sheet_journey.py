"""A council member scores offline: downloads the Excel form in the browser, changes three
answers with a spreadsheet library, uploads it and finds exactly those three changed."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from evaluation import services
from evaluation.models import CouncilSeat, RoundStatus, ScoreSheet, SeatPosition
from tests.evaluation.helpers import make_dossier, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_download_edit_three_answers_and_upload(cast, units, login, tmp_path):
    round_ = make_round(cast, units)
    seat = CouncilSeat.objects.get(council=round_.council, user=cast["council_member"])
    seat.position = SeatPosition.CHAIR
    seat.save()
    dossier = make_dossier(cast, units, round_)
    for step in (RoundStatus.OPEN, RoundStatus.SCORING):
        services.round_advance(actor=cast["province_staff"], round_=round_, to=step)
    member = cast["council_member"]
    criteria = list(services.dossier_sheet(dossier).criteria.order_by("position"))
    for criterion in criteria:  # answered on the web first: the first option everywhere
        services.sheet_answer(
            member=member,
            dossier=dossier,
            criterion_id=criterion.pk,
            option_id=criterion.options.first().pk,
        )

    page = login(member.username)
    page.goto(f"/evaluation/dossiers/{dossier.pk}/score/")
    page.get_by_role("button", name="Tôi không có xung đột lợi ích").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải phiếu Excel").click()
    path = tmp_path / "phieu.xlsx"
    download.value.save_as(path)

    changed = [c for c in criteria if c.options.count() >= 2][:3]
    book = load_workbook(path)
    for row in book.active.iter_rows(min_row=6):
        if row[0].value in {c.code for c in changed}:
            row[4].value = 2
    book.save(path)

    page.locator("input[name=file]").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã lưu 3 câu trả lời từ tệp")).to_be_visible()

    sheet = ScoreSheet.objects.get(dossier=dossier, member=member)
    stored = dict(sheet.answers.values_list("criterion_id", "option_id"))
    expected = {c.pk: list(c.options.all())[1 if c in changed else 0].pk for c in criteria}
    assert stored == expected
    total = sum(list(c.options.all())[1 if c in changed else 0].points for c in criteria)
    assert sheet.total == total
    expect(page.get_by_test_id("sheet-total")).to_have_text(f"{total:.2f}".replace(".", ","))
    # the page shows the three new answers as chosen
    for criterion in changed:
        expect(page.locator(f"#o{list(criterion.options.all())[1].pk}")).to_be_checked()
