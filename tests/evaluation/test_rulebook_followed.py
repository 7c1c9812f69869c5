"""The places that used to decide beside the rulebook now read it: submitting and answering a
sheet, a decision superseding an earlier certificate, the scoring link of a member who stepped
aside or is off the roster, the producer's registration, and a revocation dated ahead."""

import dataclasses
import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import Role
from accounts.services import user_create
from evaluation import policies, services
from evaluation.models import (
    Certificate,
    CertificateStatus,
    CouncilSeat,
    Round,
    RoundStatus,
    ScoreSheet,
    SeatPosition,
    SheetStatus,
)
from evaluation.services import dossier_sheet
from evaluation.templatetags.after_certificate import certificate_status
from ocop_portal.exceptions import TransitionError
from tests import factories
from tests.conftest import PASSWORD
from tests.evaluation.helpers import add_members, complete_steps, make_dossier, make_round

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def scoring(cast, units):
    """A provincial round in scoring: the cast's council member chairs, two members score."""
    round_ = make_round(cast, units)
    CouncilSeat.objects.filter(council=round_.council, user=cast["council_member"]).update(
        position=SeatPosition.CHAIR
    )
    members = [cast["council_member"], *add_members(cast, round_.council, 2)]
    dossier = make_dossier(cast, units, round_)
    services.round_advance(actor=cast["province_staff"], round_=round_, to=RoundStatus.OPEN)
    services.round_advance(actor=cast["province_staff"], round_=round_, to=RoundStatus.SCORING)
    return round_, members, dossier


@pytest.fixture
def two_dossiers(cast, units, scoring):
    """The same round with a second dossier, registered before scoring started."""
    round_, members, dossier = scoring
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.OPEN)
    round_.status = RoundStatus.OPEN
    other = make_dossier(cast, units, round_)
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.SCORING)
    round_.status = RoundStatus.SCORING
    return round_, members, dossier, other


def _first_answer(dossier):
    criterion = dossier_sheet(dossier).criteria.first()
    return criterion.pk, criterion.options.first().pk


def _answer_all(member, dossier):
    for criterion in dossier_sheet(dossier).criteria.prefetch_related("options"):
        services.sheet_answer(
            member=member,
            dossier=dossier,
            criterion_id=criterion.pk,
            option_id=max(criterion.options.all(), key=lambda o: o.points).pk,
        )


@pytest.fixture
def refusing(monkeypatch):
    """Make one step of a policy refuse everyone: a service that asks the rulebook follows."""

    def refuse(policy, name):
        step = dataclasses.replace(policy.step(name), condition=lambda user, record: False)
        monkeypatch.setitem(policy._by_name, name, step)

    return refuse


# --- 1. a sheet is answered and submitted by the sheet's own steps ---------------------------


def test_submitting_a_sheet_takes_the_submit_step(scoring, refusing):
    _round, members, dossier = scoring
    member = members[1]
    with pytest.raises(TransitionError, match="Còn .* tiêu chí chưa đánh giá"):
        services.sheet_submit(member=member, dossier=dossier)
    _answer_all(member, dossier)
    refusing(policies.SHEET, "submit")
    with pytest.raises(PermissionDenied):
        services.sheet_submit(member=member, dossier=dossier)
    assert ScoreSheet.objects.get(dossier=dossier, member=member).status == SheetStatus.DRAFT


def test_a_double_submit_is_still_taken_once(scoring):
    _round, members, dossier = scoring
    _answer_all(members[1], dossier)
    first = services.sheet_submit(member=members[1], dossier=dossier)
    again = services.sheet_submit(member=members[1], dossier=dossier)
    assert first.status == again.status == SheetStatus.SUBMITTED
    assert again.submitted_at == first.submitted_at
    assert again.history.filter(status=SheetStatus.SUBMITTED).count() == 1


def test_every_save_of_an_answer_takes_the_answer_step(scoring, refusing):
    _round, members, dossier = scoring
    criterion_id, option_id = _first_answer(dossier)
    refusing(policies.SHEET, "answer")
    with pytest.raises(PermissionDenied):
        services.sheet_answer(
            member=members[1], dossier=dossier, criterion_id=criterion_id, option_id=option_id
        )
    with pytest.raises(PermissionDenied):  # the offline sheet's upload
        services.sheet_apply_changes(
            member=members[1], dossier=dossier, changes={criterion_id: (None, option_id)}
        )


def test_the_scoring_page_offers_submission_exactly_when_the_step_allows(scoring, client_for, cast):
    _round, members, dossier = scoring
    chair = client_for("council_member")
    url = f"/evaluation/dossiers/{dossier.pk}/score/"
    submit = f"/evaluation/dossiers/{dossier.pk}/score/submit/"
    assert submit in chair.get(url).content.decode()  # a draft not started yet
    _answer_all(cast["council_member"], dossier)
    assert submit in chair.get(url).content.decode()
    services.sheet_submit(member=cast["council_member"], dossier=dossier)
    sheet = ScoreSheet.objects.get(dossier=dossier, member=cast["council_member"])
    assert "submit" not in policies.SHEET.allowed_steps(cast["council_member"], sheet)
    page = chair.get(url).content.decode()
    assert submit not in page and 'name="revision"' in page  # the locked sheet is still shown


# --- 2. a later decision supersedes through the certificate's policy -------------------------


@pytest.fixture
def product(cast, units):
    return factories.product(cast["commune_a"], factories.subject(units.current("19429")))


def _issue(actor, product, decision_date, number="9/QĐ-UBND", **kwargs):
    return services.certificate_issue(
        actor=actor,
        product=product,
        stars=4,
        level="province",
        evaluation_type="re_evaluation",
        decision_number=number,
        decision_date=decision_date,
        expires_on=decision_date.replace(year=decision_date.year + 3),
        **kwargs,
    )


def test_a_decision_supersedes_the_certificate_in_force_on_its_date(cast, product):
    # valid on the decision's date, expired by the day the decision is recorded
    older = factories.certificate(product, issued_on=TODAY - datetime.timedelta(days=3 * 365 + 5))
    older.expires_on = TODAY - datetime.timedelta(days=2)
    older.save()
    lapsed = factories.certificate(
        product, number="2/QĐ-UBND", issued_on=TODAY - datetime.timedelta(days=4 * 365)
    )
    lapsed.expires_on = TODAY - datetime.timedelta(days=300)
    lapsed.save()
    decision_date = TODAY - datetime.timedelta(days=10)
    older.status_day = decision_date
    assert "supersede" in policies.CERTIFICATE.allowed_steps(cast["province_staff"], older)
    with pytest.raises(PermissionDenied):  # a commune officer issues no decision
        _issue(cast["commune_a"], product, decision_date)
    older.refresh_from_db()
    assert older.superseded_on is None
    certificate = _issue(cast["province_staff"], product, decision_date)
    assert certificate.replaced == 1
    older.refresh_from_db()
    lapsed.refresh_from_db()
    assert older.superseded_on == decision_date
    assert older.status_on() == CertificateStatus.SUPERSEDED
    assert lapsed.superseded_on is None  # expired before the decision: nothing to replace


def test_superseding_is_refused_when_the_rulebook_says_no(cast, product, refusing):
    older = factories.certificate(product)
    refusing(policies.CERTIFICATE, "supersede")
    with pytest.raises(PermissionDenied):
        _issue(cast["province_staff"], product, TODAY)
    older.refresh_from_db()
    assert (
        older.superseded_on is None
        and not Certificate.objects.filter(decision_number="9/QĐ-UBND").exists()
    )


def test_the_register_closes_an_earlier_recognition_that_lapsed_in_between(cast, product):
    decided = datetime.date(2023, 5, 1)
    lapsed = factories.certificate(product, issued_on=datetime.date(2019, 3, 1))
    lapsed.status_day = decided
    assert lapsed.status_on(decided) == CertificateStatus.EXPIRED
    allowed = policies.CERTIFICATE.allowed_steps(cast["province_staff"], lapsed)
    assert "supersede_in_register" in allowed and "supersede" not in allowed
    certificate = _issue(cast["province_staff"], product, decided, historical=True)
    lapsed.refresh_from_db()
    assert certificate.replaced == 1 and lapsed.superseded_on == decided


# --- 3. the scoring link follows the roster and stepping aside --------------------------------


def _score_links(client, round_, dossier) -> tuple[str, str]:
    link = f'href="/evaluation/dossiers/{dossier.pk}/score/"'
    return (
        link in client.get(f"/evaluation/rounds/{round_.pk}/").content.decode(),
        link in client.get(f"/evaluation/dossiers/{dossier.pk}/").content.decode(),
    )


def test_a_member_who_stepped_aside_is_offered_no_scoring(two_dossiers, client_for, cast):
    round_, members, dossier, other = two_dossiers
    services.conflict_declare(
        member=cast["council_member"], dossier=dossier, has_conflict=True, reason="Họ hàng"
    )
    chair = client_for("council_member")
    assert _score_links(chair, round_, dossier) == (False, False)
    assert _score_links(chair, round_, other) == (True, True)  # the other dossier stays
    fresh = services.Dossier.objects.select_related("round").get(pk=dossier.pk)
    assert not {"score", "read_sheet"} & policies.DOSSIER.allowed_steps(
        cast["council_member"], fresh
    )
    criterion_id, option_id = _first_answer(dossier)
    with pytest.raises(TransitionError, match="không tham gia"):
        services.sheet_answer(
            member=cast["council_member"],
            dossier=dossier,
            criterion_id=criterion_id,
            option_id=option_id,
        )
    # a member who did not step aside sees the button and scores
    member = client_for_user(client_for, members[1])
    page = member.get(f"/evaluation/dossiers/{dossier.pk}/").content.decode()
    assert f'btn-success" href="/evaluation/dossiers/{dossier.pk}/score/"' in page
    response = member.post(
        f"/evaluation/dossiers/{dossier.pk}/score/answer/",
        {"criterion": criterion_id, "option": option_id, "revision": 0},
    )
    assert response.status_code == 302
    assert ScoreSheet.objects.get(dossier=dossier, member=members[1]).answers.count() == 1


def test_a_seat_off_the_roster_is_offered_no_scoring(scoring, client_for, cast):
    round_, _members, dossier = scoring
    newcomer = user_create(
        username="t.newcomer",
        full_name="Thành viên mới",
        role=Role.COUNCIL_MEMBER,
        unit=None,
        password=PASSWORD,
    )
    CouncilSeat.objects.create(
        council=round_.council, user=newcomer, position=SeatPosition.MEMBER, term_start=TODAY
    )
    client = client_for_user(client_for, newcomer)
    assert _score_links(client, round_, dossier) == (False, False)
    page = client.get(f"/evaluation/dossiers/{dossier.pk}/score/")
    assert page.status_code == 200  # the sheet page says why
    criterion_id, option_id = _first_answer(dossier)
    with pytest.raises(TransitionError, match="danh sách"):
        services.sheet_answer(
            member=newcomer, dossier=dossier, criterion_id=criterion_id, option_id=option_id
        )


def client_for_user(client_for, user):
    client = client_for("anonymous")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


# --- 4. the producer registers by the round's policy ------------------------------------------


def test_the_producer_registers_by_the_rounds_policy(cast, units, producer_cast, client_for):
    producer = producer_cast["producer_a"]
    round_ = make_round(cast, units)
    product = factories.product(cast["commune_a"], producer.subject, name="Cà phê Khe Sanh")
    register = {
        "actor": producer,
        "round_": round_,
        "product": product,
        "evaluation_type": "first",
        "representative": "Nguyễn Văn A",
    }
    assert "register_own_dossier" not in policies.ROUND.allowed_steps(producer, round_)
    with pytest.raises(TransitionError, match="đang mở"):  # planned: not open yet
        services.dossier_create(**register)
    services.round_advance(actor=cast["province_staff"], round_=round_, to=RoundStatus.OPEN)
    round_.refresh_from_db()
    assert policies.ROUND.allowed_steps(producer, round_) == {"register_own_dossier"}
    page = client_for("producer_a").get("/producer/dossiers/").content.decode()
    assert f"/producer/rounds/{round_.pk}/register/" in page
    dossier = services.dossier_create(**register)
    assert dossier.created_by == producer
    # staff take their own step, the producer never theirs; a round of another area is not
    # the producer's to register into
    assert "register_own_dossier" not in policies.ROUND.allowed_steps(cast["commune_a"], round_)
    elsewhere = Round(unit=units.current("19603"), status=RoundStatus.OPEN)
    assert not policies.ROUND.can(producer, elsewhere, "register_own_dossier")
    complete_steps(cast, dossier)
    services.round_advance(actor=cast["province_staff"], round_=round_, to=RoundStatus.SCORING)
    assert f"/producer/rounds/{round_.pk}/register/" not in (
        client_for("producer_a").get("/producer/dossiers/").content.decode()
    )


# --- 5. one status of a certificate, a revocation counting from its date ---------------------


def test_a_revocation_dated_ahead_takes_effect_on_its_date(cast, product, client, client_for):
    certificate = factories.certificate(product, stars=4)
    effective = TODAY + datetime.timedelta(days=10)
    services.certificate_revoke(
        actor=cast["province_staff"],
        certificate=certificate,
        ground="production_stopped",
        finding_date=TODAY,
        decision_number="77/QĐ-UBND",
        decision_date=effective,
        evidence="Biên bản",
    )
    certificate.refresh_from_db()
    assert certificate.status_on() == CertificateStatus.VALID
    assert certificate.status_on(effective) == CertificateStatus.REVOKED
    # the rulebook, the badge and the public check say the same
    assert policies.certificate_status(certificate) == certificate.status_on()
    assert "text-bg-success" in certificate_status(certificate)
    assert "text-bg-danger" in certificate_status(certificate, effective)
    public = client.get(f"/verify/{certificate.public_code}/").content.decode()
    assert "CÒN HIỆU LỰC" in public
    # revoked once: no second revocation, though the first waits for its day
    assert "revoke" not in policies.CERTIFICATE.allowed_steps(cast["province_staff"], certificate)
    page = client_for("province_staff").get(f"/evaluation/certificates/{certificate.pk}/")
    content = page.content.decode()
    assert f"/evaluation/certificates/{certificate.pk}/revoke/" not in content
    assert "Đã quyết định thu hồi" in content
    # on its day the certificate is revoked everywhere
    certificate.revoked_on = TODAY
    assert policies.certificate_status(certificate) == CertificateStatus.REVOKED
    with pytest.raises(TransitionError):
        policies.CERTIFICATE.check(cast["province_staff"], certificate, "revoke")
    assert timezone.localdate() == TODAY
