"""Small builders for registry records, going through the same services as the screens."""

import datetime
from decimal import Decimal
from itertools import count

from products import services
from products.models import FundingSource, ProductSet
from subjects.models import Subject

_numbers = count(1)


def subject(
    commune, *, name=None, legal_form="cooperative", registration_number=None, legacy_commune=None
):
    n = next(_numbers)
    made = Subject(
        name=name or f"HTX Thử nghiệm {n}",
        legal_form=legal_form,
        registration_number=registration_number or f"32{n:08d}",
        commune=commune,
        legacy_commune=legacy_commune,
        representative_name="Nguyễn Văn A",
    )
    made.save()
    return made


def product(actor, subject_, *, name=None, set_code="I.6"):
    return services.product_create(
        actor=actor,
        subject=subject_,
        product_set=ProductSet.objects.get(code=set_code),
        name=name or f"Sản phẩm {next(_numbers)}",
    )


def idea(actor, commune, *, name="Cà phê hòa tan", submit=False, subject_=None):
    return services.idea_create(
        actor=actor,
        commune=commune,
        submit=submit,
        product_name=name,
        product_set=ProductSet.objects.get(code="I.6"),
        description="Mô tả ý tưởng",
        proposer_subject=subject_,
        proposer_name="" if subject_ else "Hồ Văn Tư",
    )


def plan(actor, idea_, subject_, *, budget=0, own=100_000_000):
    return services.plan_create(
        actor=actor,
        subject=subject_,
        idea=idea_,
        title="Phương án thử",
        objectives="Mục tiêu",
        production_plan="Sản xuất",
        market_plan="Thị trường",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        year=2026,
        funding={
            FundingSource.PROVINCIAL_BUDGET: Decimal(budget),
            FundingSource.OWN_CAPITAL: Decimal(own),
        },
    )


def certificate(product_, *, stars=3, issued_on=None, number="1/QĐ-UBND", level="province"):
    """An imported certificate in force today (36 months from `issued_on`, a year ago)."""
    from dateutil.relativedelta import relativedelta

    from evaluation.models import Certificate

    issued = issued_on or datetime.date.today() - relativedelta(years=1)
    return Certificate.objects.create(
        product=product_,
        stars=stars,
        level=level,
        decision_number=number,
        decision_date=issued,
        issued_on=issued,
        expires_on=issued + relativedelta(months=36),
        source="imported",
    )
