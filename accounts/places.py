"""Where a record stood on a day, in the words of that day: before the July 2025 reorganisation a
commune is named with its district, and the unit it became is added ("Thị trấn Lao Bảo, huyện
Hướng Hóa — nay là Xã Lao Bảo")."""

import datetime

from django.utils.translation import gettext as _

from accounts.models import AdministrativeUnit
from accounts.reference import reorganisation


def _with_district(unit: AdministrativeUnit) -> str:
    parent = unit.parent
    if parent is not None and parent.level == "district":
        return f"{unit.name}, {parent.name[:1].lower()}{parent.name[1:]}"
    return unit.name


def place_on(
    day: datetime.date | None,
    *,
    legacy: AdministrativeUnit | None,
    current: AdministrativeUnit | None,
) -> str:
    """The commune of a record on `day` (its legacy commune before July 2025)."""
    if day is not None and day < reorganisation()[0] and legacy is not None:
        text = _with_district(legacy)
        if current is not None and current.pk != legacy.pk:
            # Vietnamese: "Thị trấn Lao Bảo, huyện Hướng Hóa — nay là Xã Lao Bảo"
            text = _("%(then)s — now %(now)s") % {"then": text, "now": current.name}
        return text
    if current is not None:
        return current.name
    return _with_district(legacy) if legacy is not None else ""


def issuing_authority(
    level: str, day: datetime.date | None, *, legacy: AdministrativeUnit | None
) -> str:
    """Who recognised a product: district certificates (QĐ 148/2023, until 30/6/2025) were
    issued by the district People's Committee; provincial ones by the province's."""
    if level == "district" and legacy is not None:
        district = legacy.parent if legacy.level == "commune" else legacy
        if district is not None:
            name = district.name
            return f"UBND {name[:1].lower()}{name[1:]}"
    if level == "central":
        return "Bộ Nông nghiệp và Môi trường"
    return "UBND tỉnh Quảng Trị"
