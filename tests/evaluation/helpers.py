import datetime

from evaluation import services
from evaluation.models import CouncilSeat, SeatPosition
from tests import factories
from tests.conftest import PASSWORD


def make_round(cast, units, *, version="qd26-2026", level="province", sequence=2):
    council = CouncilSeat.objects.get(user=cast["council_member"]).council
    return services.round_create(
        actor=cast["province_staff"],
        name=f"Đợt {sequence} năm 2026",
        level=level,
        unit=units.current("44"),
        year=2026,
        sequence=sequence,
        council=council,
        dossier_deadline=datetime.date(2026, 10, 30),
        scoring_opens=datetime.date(2026, 11, 1),
        scoring_closes=datetime.date(2026, 12, 15),
        criteria_version_code=version,
    )


def add_members(cast, council, count=2):
    """Two more members besides the cast's council member, and a chair."""
    from accounts.models import Role
    from accounts.services import user_create

    members = []
    for n in range(count):
        user = user_create(
            username=f"t.member{n}",
            full_name=f"Thành viên {n}",
            role=Role.COUNCIL_MEMBER,
            unit=None,
            password=PASSWORD,
        )
        CouncilSeat.objects.create(
            council=council, user=user, position=SeatPosition.MEMBER, term_start=council.term_start
        )
        members.append(user)
    return members


def make_dossier(cast, units, round_, *, set_code="I.6", ready=True):
    """A dossier of a Khe Sanh product; `ready`: with the steps the procedure rules require
    before scoring (intake checked, the commune's Mẫu 03)."""
    subject = factories.subject(units.current("19429"))
    product = factories.product(cast["commune_a"], subject, set_code=set_code)
    dossier = services.dossier_create(
        actor=cast["province_staff"],
        round_=round_,
        product=product,
        evaluation_type="first",
        representative="Nguyễn Văn A",
    )
    if ready:
        complete_steps(cast, dossier)
    return dossier


def complete_steps(cast, dossier):
    services.dossier_intake(actor=cast["province_staff"], dossier=dossier, status="complete")
    if dossier.round.procedure_rules.requires_pre_assessment:
        services.dossier_pre_assess(
            actor=cast["commune_a"],
            dossier=dossier,
            local_materials=True,
            local_labour=True,
            idea_origin=True,
            local_identity=True,
        )
    dossier.refresh_from_db()
    return dossier
