"""Loading Quảng Trị's administrative units (before and after 1 July 2025) into the database.

The data file is the project's own copy of the cross-checked export described in
`docs/reference-data.md`. Loading is idempotent: units are matched by (code, valid_from), so a
second run changes nothing and a corrected file updates names and kinds in place.
"""

import datetime
import functools
import json
from pathlib import Path

from django.db import transaction

from accounts.models import AdministrativeUnit, UnitKind, UnitLevel, UnitSuccession

DATA_FILE = Path(__file__).with_name("data") / "quang_tri_units.json"

# Neither source package names the legal instruments; these are the ones the reorganisation
# is known by (Nghị quyết 202/2025/QH15 for the provinces, 1680/NQ-UBTVQH15 for the communes).
REORGANISATION_BASIS = "Nghị quyết 202/2025/QH15; Nghị quyết 1680/NQ-UBTVQH15"


@functools.cache
def reorganisation() -> tuple[datetime.date, str]:
    """The day the new structure of units took effect (1 July 2025: the merged province and its
    communes) and its legal basis, as the unit data records it (`current.valid_from`)."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return datetime.date.fromisoformat(data["current"]["valid_from"]), REORGANISATION_BASIS


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


class _UnitWriter:
    """Collects units by natural key and writes only what differs from the database."""

    def __init__(self):
        self.existing = {(u.code, u.valid_from): u for u in AdministrativeUnit.objects.all()}
        self.created = 0
        self.updated = 0

    def put(self, *, code, name, kind, level, parent, valid_from, valid_to, note=""):
        values = {
            "name": name,
            "kind": UnitKind(kind),
            "level": level,
            "parent": parent,
            "valid_to": valid_to,
            "note": note,
        }
        unit = self.existing.get((code, valid_from))
        if unit is None:
            unit = AdministrativeUnit.objects.create(code=code, valid_from=valid_from, **values)
            self.existing[(code, valid_from)] = unit
            self.created += 1
            return unit
        changed = [
            field
            for field, value in values.items()
            if getattr(unit, field if field != "parent" else "parent_id")
            != (value.pk if field == "parent" and value else value)
        ]
        if changed:
            for field in changed:
                setattr(unit, field, values[field])
            unit.save(update_fields=changed)
            self.updated += 1
        return unit


def _load_legacy_block(writer: _UnitWriter, block: dict) -> dict[str, AdministrativeUnit]:
    valid_to = _date(block["valid_to"])
    province = writer.put(
        code=block["province"]["code"],
        name=block["province"]["name"],
        kind=UnitKind.PROVINCE,
        level=UnitLevel.PROVINCE,
        parent=None,
        valid_from=None,
        valid_to=valid_to,
    )
    by_code = {province.code: province}
    for district in block["districts"]:
        d = writer.put(
            code=district["code"],
            name=district["name"],
            kind=district["kind"],
            level=UnitLevel.DISTRICT,
            parent=province,
            valid_from=None,
            valid_to=valid_to,
        )
        by_code[d.code] = d
        for commune in district["communes"]:
            c = writer.put(
                code=commune["code"],
                name=commune["name"],
                kind=commune["kind"],
                level=UnitLevel.COMMUNE,
                parent=d,
                valid_from=None,
                valid_to=valid_to,
            )
            by_code[c.code] = c
    return by_code


@transaction.atomic
def load_admin_units(path: Path = DATA_FILE) -> dict[str, int]:
    data = json.loads(path.read_text(encoding="utf-8"))
    writer = _UnitWriter()
    legacy = _load_legacy_block(writer, data["legacy"])
    legacy_qb = _load_legacy_block(writer, data["legacy_quang_binh"])
    old_provinces = [legacy[data["legacy"]["province"]["code"]]]
    old_provinces.append(legacy_qb[data["legacy_quang_binh"]["province"]["code"]])
    old = {**legacy, **legacy_qb}  # commune and district codes are national, so they never clash

    current = data["current"]
    valid_from = _date(current["valid_from"])
    province = writer.put(
        code=current["province"]["code"],
        name=current["province"]["name"],
        kind=UnitKind.PROVINCE,
        level=UnitLevel.PROVINCE,
        parent=None,
        valid_from=valid_from,
        valid_to=None,
    )
    wanted = {(p.pk, province.pk, False) for p in old_provinces}
    for commune in current["communes"]:
        new = writer.put(
            code=commune["code"],
            name=commune["name"],
            kind=commune["kind"],
            level=UnitLevel.COMMUNE,
            parent=province,
            valid_from=valid_from,
            valid_to=None,
            note=commune.get("note", ""),
        )
        partly = set(commune.get("legacy_sources_partly_merged", []))
        for code in commune.get("legacy_sources", []):
            wanted.add((old[code].pk, new.pk, code in partly))
        for code in commune.get("legacy_district_sources", []):
            wanted.add((old[code].pk, new.pk, False))

    existing = {(s.predecessor_id, s.successor_id): s for s in UnitSuccession.objects.all()}
    successions_created = 0
    for predecessor_id, successor_id, partly in sorted(wanted):
        row = existing.get((predecessor_id, successor_id))
        if row is None:
            UnitSuccession.objects.create(
                predecessor_id=predecessor_id,
                successor_id=successor_id,
                partly=partly,
                effective_on=valid_from,
                legal_basis=REORGANISATION_BASIS,
            )
            successions_created += 1
        elif row.partly != partly:
            row.partly = partly
            row.save(update_fields=["partly"])
    return {
        "units_created": writer.created,
        "units_updated": writer.updated,
        "successions_created": successions_created,
    }
