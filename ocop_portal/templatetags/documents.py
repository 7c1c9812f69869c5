"""What every printed document shares (Nghị định 30/2020/NĐ-CP, Phụ lục I): the issuing body,
the signers configured for each kind of document, Vietnamese dates written out in words, and
numbers with the decimal comma."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.conf import settings
from django.db.models import Q

register = template.Library()


def long_date(day: datetime.date) -> str:
    """ "ngày 05 tháng 3 năm 2026": a leading zero only for days 1–9 and months 1–2 (so that
    nothing can be written in front of them), as Nghị định 30 asks."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


@register.filter
def vn_long_date(day):
    return long_date(day) if day else ""


def vn_number(value, digits: int = 1) -> str:
    """53.8 → "53,8"; 50000000 → "50.000.000"; whole numbers lose no digits, others keep
    `digits` after the comma."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if number == number.to_integral_value() and digits >= 0:
        text = f"{int(number):,}"
        return text.replace(",", ".")
    quantum = Decimal(1).scaleb(-digits)
    text = f"{number.quantize(quantum, ROUND_HALF_UP):,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


@register.filter(name="vn_number")
def vn_number_filter(value, digits=1):
    return vn_number(value, int(digits))


@register.filter(name="vn_fixed")
def vn_fixed(value, digits=2):
    """Always `digits` after the comma (councils publish totals as 92,33)."""
    if value is None or value == "":
        return ""
    digits = int(digits)
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    text = f"{number:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def issuer() -> dict:
    return dict(settings.OCOP_DOCUMENT_ISSUER)


def signer(kind: str) -> dict:
    """The signer configured for a kind of document: authority line ("KT. GIÁM ĐỐC"), title
    ("PHÓ GIÁM ĐỐC") and full name; an empty name leaves the line to be written by hand."""
    return dict(settings.OCOP_DOCUMENT_SIGNERS.get(kind, {}))


def recipients(kind: str) -> list[str]:
    """The "Nơi nhận" configured for a kind of document (settings.OCOP_DOCUMENT_RECIPIENTS)."""
    return list(getattr(settings, "OCOP_DOCUMENT_RECIPIENTS", {}).get(kind, []))


def council_document_signers(council, day=None) -> dict:
    """The secretary's and the chair's signature blocks of a council's documents: titles as
    configured, names as configured or else from the council's seats on `day`."""
    names = council_signers(council, day)
    blocks = {}
    for role in ("chair", "secretary"):
        block = signer(f"council_{role}")
        block["name"] = block.get("name") or names[role]
        blocks[role] = block
    return blocks


@register.simple_tag(name="issuer")
def issuer_tag():
    return issuer()


@register.simple_tag(name="signer")
def signer_tag(kind):
    return signer(kind)


def council_bodies(council) -> dict:
    """The header of a council's documents: the People's Committee that set it up over the
    council's full name (TERMS-vi: "Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp tỉnh")."""
    unit = council.unit
    level = "cấp huyện" if council.level == "district" else "cấp tỉnh"
    return {
        "governing": f"UBND {unit.name}".upper()
        if council.level == "district"
        else (issuer()["governing"]),
        "issuer": f"HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP {level}".upper(),
        "short": "Hội đồng",
    }


@register.simple_tag(name="council_bodies")
def council_bodies_tag(council):
    return council_bodies(council)


def council_signers(council, day=None) -> dict:
    """The chair and the secretary of a council on a day, from its seats (names printed under
    the space to sign)."""

    seats = council.seats.select_related("user")
    if day is not None:
        seats = seats.filter(Q(term_end__isnull=True) | Q(term_end__gte=day), term_start__lte=day)
    found = {"chair": "", "secretary": ""}
    for seat in seats:
        if seat.position in found and not found[seat.position]:
            found[seat.position] = seat.user.full_name
    return found
