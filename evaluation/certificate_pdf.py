"""The certificate (Giấy chứng nhận sản phẩm OCOP) as a printable page: what goes on it.

The layout is the template `evaluation/pdf/certificate.html` (A4 landscape). A province adapts
it by placing a template of the same path under the project's `templates/` folder, which Django
reads first; the facts below are the same for every layout.
"""

import base64
import io
import re

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


# Who signs, as typed on the decision: a title ("Phó Chủ tịch UBND tỉnh"), a name ("Hoàng Nam")
# or both ("Phó Chủ tịch UBND tỉnh, Hoàng Nam").
_TITLE = re.compile(
    r"^\s*(?P<kt>KT\.?\s*)?(?P<title>phó chủ tịch|chủ tịch|thứ trưởng|bộ trưởng)\b"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_BODY = re.compile(r"^\s*(ubnd|ủy ban nhân dân|uỷ ban nhân dân)\b[^,;:–-]*", re.IGNORECASE)


def signer_lines(level: str, signed_by: str) -> dict:
    """The signature block of a certificate (Nghị định 30/2020, Phụ lục I): the authority
    line ("KT. CHỦ TỊCH") and title above the space to sign, the signer's NAME below it.
    The Chủ tịch signs in person; a Phó Chủ tịch signs "KT. CHỦ TỊCH" (the minister and a
    deputy minister alike)."""
    head, deputy = (
        ("BỘ TRƯỞNG", "THỨ TRƯỞNG") if level == "central" else ("CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    )
    text = (signed_by or "").strip()
    found = _TITLE.match(text)
    if found is None:
        return {"authority": "", "title": head, "name": text}
    name = _BODY.sub("", found["rest"]).strip().lstrip(",;:–- ").strip()
    if found["title"].lower() in ("phó chủ tịch", "thứ trưởng"):
        return {"authority": f"KT. {head}", "title": deputy, "name": name}
    return {"authority": "", "title": head, "name": name}


def certificate_facts(certificate, request) -> dict:
    unit = _issuing_unit(certificate)
    decision = certificate.decision
    if certificate.level == "central":
        lines = ["BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"]
    else:
        # "ỦY BAN NHÂN DÂN" over "TỈNH QUẢNG TRỊ": both the issuing body's name, both bold.
        lines = ["ỦY BAN NHÂN DÂN", unit.name.upper()]
    signer = signer_lines(certificate.level, decision.signer if decision else "")
    verify = request.build_absolute_uri(reverse("public:verify", args=[certificate.public_code]))
    subject = certificate.product.subject
    return {
        "certificate": certificate,
        "governing": "",
        "issuer": " ".join(lines),
        "issuer_lines": lines,
        "signer_authority": signer["authority"],
        "signer_title": signer["title"],
        "signer": signer["name"],
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
