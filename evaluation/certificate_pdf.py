"""The certificate (Giấy chứng nhận sản phẩm OCOP) as a printable page: what goes on it.

The layout is the template `evaluation/pdf/certificate.html` (A4 landscape). A province adapts
it by placing a template of the same path under the project's `templates/` folder, which Django
reads first; the facts below are the same for every layout.
"""

import base64
import io

import segno
from django.urls import reverse

PREFIXES = ("Tỉnh ", "Thành phố ", "Huyện ", "Thị xã ", "Quận ")


def _place(unit) -> str:
    name = unit.name
    for prefix in PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def vietnamese_date(day) -> str:
    """ "ngày 05 tháng 3 năm 2026": a leading zero only for days 1–9 and months 1–2
    (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _issuing_unit(certificate):
    dossier = certificate.dossier
    if dossier is not None:
        return dossier.round.unit
    commune = certificate.product.subject.commune
    unit = commune
    while unit.parent_id is not None:
        unit = unit.parent
    return unit


def _qr_data_uri(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=1, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def certificate_facts(certificate, request) -> dict:
    unit = _issuing_unit(certificate)
    if certificate.level == "central":
        governing, issuer = "", "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
        signer_title = "BỘ TRƯỞNG"
    else:
        governing, issuer = "ỦY BAN NHÂN DÂN", unit.name.upper()
        signer_title = "CHỦ TỊCH ỦY BAN NHÂN DÂN"
    verify = request.build_absolute_uri(reverse("public:verify", args=[certificate.public_code]))
    decision = certificate.decision
    subject = certificate.product.subject
    return {
        "certificate": certificate,
        "governing": governing,
        "issuer": issuer,
        "signer_title": signer_title,
        "signer": decision.signer if decision else "",
        "place": _place(unit),
        "issued_text": vietnamese_date(certificate.issued_on),
        "decision_text": vietnamese_date(certificate.decision_date),
        "expires": certificate.expires_on.strftime("%d/%m/%Y"),
        "stars_text": "★" * certificate.stars,
        "product": certificate.product,
        "subject": subject,
        "address": ", ".join(
            part for part in (getattr(subject, "address", ""), subject.commune.name) if part
        ),
        "verify_url": verify,
        "qr": _qr_data_uri(verify),
    }
