"""A provincial round from dossier to certificate, through the services."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from evaluation import services
from evaluation.models import (
    Certificate,
    CouncilSeat,
    DossierOutcome,
    RoundStatus,
    ScoreSheet,
    SeatPosition,
    SheetStatus,
)
from evaluation.services import dossier_sheet
from ocop_portal.exceptions import TransitionError
from tests import factories
from tests.evaluation.helpers import add_members, make_dossier, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def council_round(cast, units):
    round_ = make_round(cast, units)
    council = round_.council
    seat = CouncilSeat.objects.get(council=council, user=cast["council_member"])
    seat.position = SeatPosition.CHAIR
    seat.save()
    members = [cast["council_member"], *add_members(cast, council, 2)]
    return round_, members


def answer_all(member, dossier, pick):
    for criterion in dossier_sheet(dossier).criteria.prefetch_related("options"):
        option = pick(list(criterion.options.all()))
        services.sheet_answer(
            member=member, dossier=dossier, criterion_id=criterion.pk, option_id=option.pk
        )


def best(options):
    return max(options, key=lambda o: o.points)


def second_best(options):
    ranked = sorted(options, key=lambda o: o.points, reverse=True)
    return ranked[1] if len(ranked) > 1 else ranked[0]


def open_scoring(cast, round_):
    services.round_advance(actor=cast["province_staff"], round_=round_, to=RoundStatus.OPEN)
    services.round_advance(actor=cast["province_staff"], round_=round_, to=RoundStatus.SCORING)


def test_the_round_takes_the_rules_and_sheets_in_force(council_round):
    round_, _ = council_round
    assert round_.procedure_rules.code == "qd26-2026"
    assert round_.criteria_version.code == "qd26-2026"


def test_district_rounds_are_refused_under_the_current_rules(cast, units):
    with pytest.raises(TransitionError):
        make_round(cast, units, level="district")


def test_three_members_score_and_the_chair_closes_with_the_council_result(
    cast, units, council_round
):
    round_, members = council_round
    dossier = make_dossier(cast, units, round_)
    open_scoring(cast, round_)
    for member in members:
        answer_all(member, dossier, second_best)
        services.sheet_submit(member=member, dossier=dossier)
    result = services.dossier_close_scoring(chair=members[0], dossier=dossier)
    assert result.counted_members == 3
    assert 50 <= result.average < 90
    assert result.outcome == DossierOutcome.RECOGNISED
    services.round_advance(actor=cast["province_staff"], round_=round_, to=RoundStatus.CLOSED)
    decision = services.decision_issue(
        actor=cast["province_staff"],
        round_=round_,
        number="2050/QĐ-UBND",
        date=datetime.date(2026, 12, 20),
        signer="Phó Chủ tịch UBND tỉnh",
    )
    certificate = Certificate.objects.get(decision=decision)
    assert certificate.stars == result.final_stars
    assert certificate.expires_on == datetime.date(2029, 12, 20)
    assert certificate.history.first().history_user == cast["province_staff"]


def test_scoring_is_refused_before_the_round_opens_and_for_non_members(cast, units, council_round):
    round_, members = council_round
    dossier = make_dossier(cast, units, round_)
    criterion = dossier_sheet(dossier).criteria.first()
    with pytest.raises(TransitionError):
        services.sheet_answer(
            member=members[0],
            dossier=dossier,
            criterion_id=criterion.pk,
            option_id=criterion.options.first().pk,
        )
    open_scoring(cast, round_)
    with pytest.raises(PermissionDenied):
        services.sheet_answer(
            member=cast["province_staff"],
            dossier=dossier,
            criterion_id=criterion.pk,
            option_id=criterion.options.first().pk,
        )


def test_a_double_submit_counts_once_and_locks_the_sheet(cast, units, council_round):
    round_, members = council_round
    dossier = make_dossier(cast, units, round_)
    open_scoring(cast, round_)
    answer_all(members[1], dossier, best)
    services.sheet_submit(member=members[1], dossier=dossier)
    services.sheet_submit(member=members[1], dossier=dossier)
    sheet = ScoreSheet.objects.get(dossier=dossier, member=members[1])
    assert sheet.status == SheetStatus.SUBMITTED
    assert sheet.history.filter(status=SheetStatus.SUBMITTED).count() == 1
    criterion = dossier_sheet(dossier).criteria.first()
    with pytest.raises(TransitionError, match="khóa"):
        services.sheet_answer(
            member=members[1],
            dossier=dossier,
            criterion_id=criterion.pk,
            option_id=criterion.options.first().pk,
        )


def test_a_stale_form_never_overwrites_a_newer_answer(cast, units, council_round):
    round_, members = council_round
    dossier = make_dossier(cast, units, round_)
    open_scoring(cast, round_)
    criterion = dossier_sheet(dossier).criteria.first()
    first, second = list(criterion.options.all())[:2]
    sheet = services.sheet_answer(
        member=members[1],
        dossier=dossier,
        criterion_id=criterion.pk,
        option_id=first.pk,
        revision=0,
    )
    stale_revision = 0  # a second tab opened before that save
    with pytest.raises(services.StaleSheet) as excinfo:
        services.sheet_answer(
            member=members[1],
            dossier=dossier,
            criterion_id=criterion.pk,
            option_id=second.pk,
            revision=stale_revision,
        )
    assert excinfo.value.current_option_id == first.pk
    assert sheet.answers.get(criterion=criterion).option == first


def test_closing_waits_for_every_member_and_checks_the_spread(cast, units, council_round):
    round_, members = council_round
    dossier = make_dossier(cast, units, round_)
    open_scoring(cast, round_)
    answer_all(members[0], dossier, best)
    services.sheet_submit(member=members[0], dossier=dossier)
    # the message names the people still awaited
    with pytest.raises(TransitionError, match="Còn chờ phiếu của: Thành viên 0, Thành viên 1"):
        services.dossier_close_scoring(chair=members[0], dossier=dossier)
    for member in members[1:]:
        answer_all(member, dossier, lambda options: min(options, key=lambda o: o.points))
        services.sheet_submit(member=member, dossier=dossier)
    with pytest.raises(TransitionError, match="chấm lại"):
        services.dossier_close_scoring(chair=members[0], dossier=dossier)
    assert services.dossier_send_back(chair=members[0], dossier=dossier, reason="Chênh lệch") == 3
    assert not ScoreSheet.objects.filter(dossier=dossier, status=SheetStatus.SUBMITTED).exists()


def test_a_recused_member_neither_scores_nor_counts(cast, units, council_round):
    round_, members = council_round
    round_.council.quorum = 2
    round_.council.save()
    dossier = make_dossier(cast, units, round_)
    open_scoring(cast, round_)
    declaration = services.conflict_declare(
        member=members[2], dossier=dossier, has_conflict=True, reason="Họ hàng của chủ thể"
    )
    assert declaration.recused
    criterion = dossier_sheet(dossier).criteria.first()
    with pytest.raises(TransitionError):
        services.sheet_answer(
            member=members[2],
            dossier=dossier,
            criterion_id=criterion.pk,
            option_id=criterion.options.first().pk,
        )
    for member in members[:2]:
        answer_all(member, dossier, best)
        services.sheet_submit(member=member, dossier=dossier)
    result = services.dossier_close_scoring(chair=members[0], dossier=dossier)
    assert result.counted_members == 2


def test_the_portal_proposes_recusal_for_a_member_of_the_producers_commune(
    cast, units, council_round
):
    round_, members = council_round
    dossier = make_dossier(cast, units, round_)
    from accounts.models import AdministrativeUnit

    members[1].unit = AdministrativeUnit.objects.get(code="19429", valid_from__isnull=False)
    members[1].save()
    assert services.proposed_conflict(members[1], dossier)
    declaration = services.conflict_declare(member=members[1], dossier=dossier, has_conflict=False)
    assert declaration.proposed_by_portal and declaration.has_conflict


def test_an_excluded_dossier_gets_no_certificate(cast, units, council_round):
    round_, members = council_round
    dossier = make_dossier(cast, units, round_)
    open_scoring(cast, round_)
    services.dossier_exclude(
        chair=members[0],
        dossier=dossier,
        reason="food_safety",
        note="Không có giấy chứng nhận cơ sở đủ điều kiện ATTP",
    )
    result = services.dossier_close_scoring(chair=members[0], dossier=dossier)
    assert result.outcome == DossierOutcome.EXCLUDED and result.final_stars == 0


def test_a_renewal_dossier_starts_from_the_last_one(cast, units, council_round):
    round_, members = council_round
    first = make_dossier(cast, units, round_)
    services.self_assess(
        actor=cast["commune_a"],
        dossier=first,
        answers={c.pk: c.options.first().pk for c in dossier_sheet(first).criteria.all()[:5]},
    )
    factories.certificate(first.product, stars=3)  # an upgrade raises a certificate in force
    later = make_round(cast, units, sequence=3)
    renewal = services.dossier_create(
        actor=cast["province_staff"],
        round_=later,
        product=first.product,
        evaluation_type="upgrade",
        representative="Nguyễn Văn A",
    )
    assert renewal.copied_from == first
    assert renewal.self_answers.count() == 5


def test_re_evaluation_is_filed_only_in_its_window(cast, units, council_round):
    round_, _ = council_round
    product = factories.product(cast["commune_a"], factories.subject(units.current("19429")))
    Certificate.objects.create(
        product=product,
        stars=3,
        level="province",
        decision_number="1/QĐ",
        decision_date=datetime.date(2024, 1, 10),
        issued_on=datetime.date(2024, 1, 10),
        expires_on=datetime.date(2027, 1, 10),
        source="imported",
    )
    with pytest.raises(TransitionError, match="120"):
        services.dossier_create(
            actor=cast["province_staff"],
            round_=round_,
            product=product,
            evaluation_type="re_evaluation",
            representative="A",
            today=datetime.date(2026, 6, 1),
        )
    dossier = services.dossier_create(
        actor=cast["province_staff"],
        round_=round_,
        product=product,
        evaluation_type="re_evaluation",
        representative="A",
        today=datetime.date(2026, 8, 1),
    )
    assert dossier.pk


def test_revocation_needs_the_province_and_spares_5_star_certificates(cast, units):
    product = factories.product(cast["commune_a"], factories.subject(units.current("19429")))
    certificate = Certificate.objects.create(
        product=product,
        stars=4,
        level="province",
        decision_number="1/QĐ",
        decision_date=datetime.date(2024, 1, 10),
        issued_on=datetime.date(2024, 1, 10),
        expires_on=datetime.date(2027, 1, 10),
        source="imported",
    )
    kwargs = {
        "certificate": certificate,
        "ground": "production_stopped",
        "finding_date": datetime.date(2026, 9, 1),
        "decision_number": "99/QĐ-UBND",
        "decision_date": datetime.date(2026, 9, 10),
        "evidence": "Biên bản hậu kiểm",
    }
    with pytest.raises(PermissionDenied):
        services.certificate_revoke(actor=cast["district_a"], **kwargs)
    services.certificate_revoke(actor=cast["province_staff"], **kwargs)
    certificate.refresh_from_db()
    assert certificate.status_on(datetime.date(2026, 9, 10)) == "revoked"
    assert certificate.status_on(datetime.date(2026, 9, 9)) == "expiring"  # < 180 days left


def test_self_assessment_projects_stars_on_the_dossier_page(cast, units, council_round, client_for):
    round_, _ = council_round
    dossier = make_dossier(cast, units, round_)
    criteria = dossier_sheet(dossier).criteria.prefetch_related("options")
    data = {f"c_{c.pk}": max(c.options.all(), key=lambda o: o.points).pk for c in criteria}
    response = client_for("commune_a").post(
        f"/evaluation/dossiers/{dossier.pk}/self-assessment/", data, follow=True
    )
    assert "100,00 điểm, 5 sao" in response.content.decode()
    dossier.refresh_from_db()
    assert (dossier.self_score, dossier.self_stars) == (100, 5)


def test_a_forwarded_dossier_gets_its_central_result(cast, units, council_round):
    round_, members = council_round
    dossier = make_dossier(cast, units, round_)
    open_scoring(cast, round_)
    for member in members:
        answer_all(member, dossier, best)
        services.sheet_submit(member=member, dossier=dossier)
    result = services.dossier_close_scoring(chair=members[0], dossier=dossier)
    assert result.outcome == DossierOutcome.FORWARDED  # ≥ 90: the province forwards it
    dossier.refresh_from_db()
    certificate = services.central_result_record(
        actor=cast["province_staff"],
        dossier=dossier,
        score=Decimal("91.50"),
        decision_number="125/QĐ-BNN",
        decision_date=datetime.date(2027, 1, 15),
        certificate_number="01/2027/OCOP-TW",
    )
    assert (certificate.stars, certificate.level) == (5, "central")


def test_a_member_finds_the_dossiers_to_score_in_the_inbox(cast, units, council_round, client_for):
    round_, members = council_round
    dossier = make_dossier(cast, units, round_)
    client = client_for("council_member")
    assert list(client.get("/inbox/").context["dossiers"]) == []  # not yet in scoring
    open_scoring(cast, round_)
    assert list(client.get("/inbox/").context["dossiers"]) == [dossier]
    answer_all(members[0], dossier, best)
    services.sheet_submit(member=members[0], dossier=dossier)
    assert list(client.get("/inbox/").context["dossiers"]) == []


def _fill_offline(content: bytes, pick_index) -> io.BytesIO:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    ws = book.active
    for row in ws.iter_rows(min_row=6):
        if row[0].value:
            row[4].value = pick_index(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "phieu.xlsx"
    return buffer


def test_a_member_scores_offline_with_the_excel_form(cast, units, council_round, client_for):
    round_, members = council_round
    dossier = make_dossier(cast, units, round_)
    open_scoring(cast, round_)
    client = client_for("council_member")
    form = client.get(f"/evaluation/dossiers/{dossier.pk}/score/xlsx/").content
    filled = _fill_offline(form, lambda row: 1)
    response = client.post(
        f"/evaluation/dossiers/{dossier.pk}/score/xlsx/", {"file": filled}, follow=True
    )
    count = dossier_sheet(dossier).criteria.count()
    assert f"Đã lưu {count} câu trả lời từ tệp" in response.content.decode()
    bad = _fill_offline(form, lambda row: 99)
    response = client.post(
        f"/evaluation/dossiers/{dossier.pk}/score/xlsx/", {"file": bad}, follow=True
    )
    assert "ghi số từ 1 đến" in response.content.decode()


def _set_offline(content: bytes, picks: dict[str, int]) -> io.BytesIO:
    """Change the chosen option of some criteria (by code) in a downloaded sheet."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    for row in book.active.iter_rows(min_row=6):
        if row[0].value in picks:
            row[4].value = picks[row[0].value]
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "phieu.xlsx"
    return buffer


def test_a_downloaded_sheet_corrects_exactly_the_answers_changed_in_it(
    cast, units, council_round, client_for
):
    round_, members = council_round
    dossier = make_dossier(cast, units, round_)
    open_scoring(cast, round_)
    client = client_for("council_member")
    url = f"/evaluation/dossiers/{dossier.pk}/score/xlsx/"
    client.post(url, {"file": _fill_offline(client.get(url).content, lambda row: 1)})
    sheet = ScoreSheet.objects.get(dossier=dossier, member=members[0])
    criteria = list(dossier_sheet(dossier).criteria.order_by("position"))
    assert sheet.answers.count() == len(criteria)
    # Download again, change three answers, upload at once: all three are stored.
    changed = [c for c in criteria if c.options.count() >= 2][:3]
    picks = {c.code: 2 for c in changed}
    response = client.post(url, {"file": _set_offline(client.get(url).content, picks)}, follow=True)
    assert "Đã lưu 3 câu trả lời từ tệp" in response.content.decode()
    sheet.refresh_from_db()
    stored = dict(sheet.answers.values_list("criterion_id", "option_id"))
    for criterion in criteria:
        position = 2 if criterion in changed else 1
        assert stored[criterion.pk] == list(criterion.options.all())[position - 1].pk
    expected = sum(list(c.options.all())[(2 if c in changed else 1) - 1].points for c in criteria)
    assert sheet.total == expected


def test_a_web_change_after_the_download_is_reported_and_the_rest_stored(
    cast, units, council_round, client_for
):
    round_, members = council_round
    dossier = make_dossier(cast, units, round_)
    open_scoring(cast, round_)
    client = client_for("council_member")
    url = f"/evaluation/dossiers/{dossier.pk}/score/xlsx/"
    form = client.get(url).content  # an empty sheet
    criteria = list(dossier_sheet(dossier).criteria.order_by("position"))[:3]
    first = criteria[0]
    last = list(first.options.all())[-1]
    # another tab answers the first criterion on the web meanwhile
    services.sheet_answer(
        member=members[0], dossier=dossier, criterion_id=first.pk, option_id=last.pk
    )
    upload = _set_offline(form, {c.code: 1 for c in criteria})
    response = client.post(url, {"file": upload}, follow=True)
    content = response.content.decode()
    assert "Đã lưu 2 câu trả lời từ tệp" in content
    assert f"Tiêu chí {first.code} đã được sửa trên web sau khi tải tệp" in content
    assert last.text[:20] in content and list(first.options.all())[0].text[:20] in content
    sheet = ScoreSheet.objects.get(dossier=dossier, member=members[0])
    stored = dict(sheet.answers.values_list("criterion_id", "option_id"))
    assert stored[first.pk] == last.pk  # the web's newer answer stays
    for criterion in criteria[1:]:
        assert stored[criterion.pk] == criterion.options.first().pk


def test_a_file_without_base_state_or_with_a_bad_answer_saves_nothing(
    cast, units, council_round, client_for
):
    from openpyxl import load_workbook

    round_, members = council_round
    dossier = make_dossier(cast, units, round_)
    open_scoring(cast, round_)
    client = client_for("council_member")
    url = f"/evaluation/dossiers/{dossier.pk}/score/xlsx/"
    book = load_workbook(io.BytesIO(client.get(url).content))
    book.active.delete_cols(6)  # as files made before answers carried their base
    old = io.BytesIO()
    book.save(old)
    response = client.post(url, {"file": _fill_offline(old.getvalue(), lambda r: 1)}, follow=True)
    assert "tải lại tệp" in response.content.decode()
    assert not ScoreSheet.objects.filter(dossier=dossier, answers__isnull=False).exists()


def test_a_member_of_one_council_cannot_see_another_councils_round(cast, units, client_for):
    from evaluation.models import Council

    other = Council.objects.create(
        name="Hội đồng khác",
        kind="council",
        level="province",
        unit=units.current("44"),
        term_start=datetime.date(2025, 7, 1),
    )
    round_ = services.round_create(
        actor=cast["province_staff"],
        name="Đợt của hội đồng khác",
        level="province",
        unit=units.current("44"),
        year=2026,
        sequence=5,
        council=other,
        dossier_deadline=datetime.date(2026, 10, 30),
        scoring_opens=datetime.date(2026, 11, 1),
        scoring_closes=datetime.date(2026, 12, 15),
    )
    dossier = make_dossier(cast, units, round_)
    client = client_for("council_member")
    assert client.get(f"/evaluation/rounds/{round_.pk}/").status_code == 404
    assert client.get(f"/evaluation/dossiers/{dossier.pk}/").status_code == 404
    assert client.get(f"/evaluation/dossiers/{dossier.pk}/score/").status_code == 404
    assert round_ not in client.get("/evaluation/rounds/").context["rounds"]


def test_the_council_settings_are_kept_with_history(cast, units, client_for):
    from evaluation.models import CouncilSeat

    council = CouncilSeat.objects.get(user=cast["council_member"]).council
    client = client_for("province_staff")
    response = client.post(
        f"/evaluation/councils/{council.pk}/",
        {
            "c-name": council.name,
            "c-term_start": "2025-07-01",
            "c-quorum": 5,
            "c-max_spread": "8",
            "c-minima_mode": "per_member",
        },
    )
    assert response.status_code == 302
    council.refresh_from_db()
    assert (council.quorum, council.max_spread, council.minima_mode) == (5, 8, "per_member")
    assert council.history.first().history_user == cast["province_staff"]
