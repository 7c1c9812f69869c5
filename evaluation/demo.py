"""A demo provincial council with seats, so that council members have something to hold."""

import datetime

from accounts.models import AdministrativeUnit, User
from evaluation.models import Council, CouncilKind, CouncilLevel, CouncilSeat, SeatPosition

TERM_START = datetime.date(2025, 7, 1)


def seed_councils() -> dict[str, int]:
    province = AdministrativeUnit.objects.get(code="44", valid_from=TERM_START)
    council, created = Council.objects.get_or_create(
        name="Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Quảng Trị",
        defaults={
            "kind": CouncilKind.COUNCIL,
            "level": CouncilLevel.PROVINCE,
            "unit": province,
            "decision_number": "1520/QĐ-UBND",
            "term_start": TERM_START,
        },
    )
    seats = 0
    for username, position in [
        ("hoidong.tv1", SeatPosition.MEMBER),
        ("tinh.ocop", SeatPosition.SECRETARY),
    ]:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        _, made = CouncilSeat.objects.get_or_create(
            council=council, user=user, term_start=TERM_START, defaults={"position": position}
        )
        seats += made
    return {"councils_created": int(created), "seats_created": seats}
