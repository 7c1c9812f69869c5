"""Load the national scoring sheets and the procedure rules, validating the sheets first.

The checks follow the reference data's own validator: parts A/B/C summing to 100, each part
the sum of its groups, each group the sum of its criteria, each criterion's maximum its best
option, star markers 3/4/5 at most once per criterion. A violation listed as an exempt
anomaly in the file (same set, type and reference) is accepted as printed; an exemption that
matches nothing fails, so the list cannot go stale. A version already used by a round is never
rewritten: a changed file for it is refused.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from evaluation.models import PublicHoliday, Round
from evaluation.models.criteria import (
    CriteriaGroup,
    CriteriaPart,
    CriteriaSheet,
    CriteriaVersion,
    Criterion,
    CriterionOption,
    ProcedureLevel,
    ProcedureRuleSet,
    StarBand,
)
from evaluation.rules import certificate_validity_months, renewal_terms
from products.models import ProductSet

DATA_DIR = Path(__file__).with_name("data")
CRITERIA_FILES = ["qd148-2023.json", "qd26-2026.json"]
PROCEDURE_FILE = "procedure_rules.json"
EXPECTED_PARTS = {"A": 40, "B": 25, "C": 35}


class CriteriaError(Exception):
    pass


def _num(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def validate_document(doc: dict) -> list[str]:
    """Every violation not covered by an exempt anomaly, as readable lines (empty when valid)."""
    errors: list[str] = []
    found: list[tuple[int, str, str | None, str]] = []
    sets = doc.get("sets", [])
    if sorted(s.get("set_no") for s in sets) != list(range(1, 27)):
        errors.append("the file must hold the 26 product sets once each")
    if [b["stars"] for b in doc.get("star_bands", [])] != [5, 4, 3, 2, 1]:
        errors.append("star bands must list 5★ to 1★")
    for sheet in sets:
        no = sheet["set_no"]
        parts = sheet["parts"]
        if [p["code"] for p in parts] != ["A", "B", "C"]:
            found.append((no, "part_codes", None, f"set {no}: parts are not A, B, C"))
        if sum(p["max"] for p in parts) != 100:
            found.append((no, "parts_total", None, f"set {no}: parts do not sum to 100"))
        for part in parts:
            if EXPECTED_PARTS.get(part["code"]) != part["max"]:
                found.append(
                    (
                        no,
                        "part_max_differs",
                        part["code"],
                        f"set {no}: part {part['code']} has max {part['max']}",
                    )
                )
            if sum(g["max"] for g in part["groups"]) != part["max"]:
                found.append(
                    (
                        no,
                        "part_sum_mismatch",
                        part["code"],
                        f"set {no}: part {part['code']} is not the sum of its groups",
                    )
                )
            for group in part["groups"]:
                if sum(c["max"] for c in group["criteria"]) != group["max"]:
                    found.append(
                        (
                            no,
                            "group_sum_mismatch",
                            group["no"],
                            f"set {no}: group {group['no']} is not the sum of its criteria",
                        )
                    )
                for criterion in group["criteria"]:
                    errors.extend(_check_criterion(no, criterion, found))
    exempt = [a for a in doc.get("anomalies", []) if a.get("validator_exempt")]
    used = set()
    for no, kind, ref, message in found:
        match = [a for a in exempt if no in a["set_nos"] and a["type"] == kind and a["ref"] == ref]
        if match:
            used.add(match[0]["id"])
        else:
            errors.append(message)
    errors.extend(
        f"anomaly {a['id']} is exempt but matches nothing" for a in exempt if a["id"] not in used
    )
    return errors


def _check_criterion(no, criterion, found) -> list[str]:
    errors = []
    code = criterion["code"]
    options = criterion["options"]
    if not options:
        return [f"set {no} criterion {code}: no options"]
    if any(not _num(o["points"]) or o["points"] < 0 for o in options):
        errors.append(f"set {no} criterion {code}: points must be non-negative numbers")
        return errors
    markers = [o.get("min_for_stars") for o in options if o.get("min_for_stars") is not None]
    if any(m not in (3, 4, 5) for m in markers) or len(markers) != len(set(markers)):
        errors.append(f"set {no} criterion {code}: star markers must be 3, 4, 5, once each")
    cases: dict[str, list] = {}
    for option in options:
        if "case" in option:
            cases.setdefault(option["case"], []).append(option["points"])
    for points in cases.values():
        if max(points) != criterion["max"]:
            found.append(
                (
                    no,
                    "criterion_max_ne_max_option",
                    code,
                    f"set {no} criterion {code}: a case tops out off its maximum",
                )
            )
    if max(o["points"] for o in options) != criterion["max"]:
        found.append(
            (
                no,
                "criterion_max_ne_max_option",
                code,
                f"set {no} criterion {code}: maximum differs from the best option",
            )
        )
    return errors


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@transaction.atomic
def load_criteria_version(path: Path) -> str:
    """Load one version; returns what happened ("created", "unchanged", "replaced")."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    errors = validate_document(doc)
    if errors:
        raise CriteriaError(f"{path.name}: " + "; ".join(errors[:10]))
    digest = _hash(path)
    version = CriteriaVersion.objects.filter(code=doc["version"]).first()
    if version is not None and version.content_hash == digest:
        return "unchanged"
    outcome = "created" if version is None else "replaced"
    if version is not None:
        if Round.objects.filter(criteria_version=version).exists():
            raise CriteriaError(
                f"{doc['version']} is used by evaluation rounds and cannot be changed; "
                "publish the corrected sheets as a new version"
            )
        version.delete()
    version = CriteriaVersion.objects.create(
        code=doc["version"],
        legal_basis=doc["legal_basis"],
        legal_basis_title=doc.get("legal_basis_title") or "",
        effective_from=datetime.date.fromisoformat(doc["effective_from"]),
        effective_to=(
            datetime.date.fromisoformat(doc["effective_to"]) if doc["effective_to"] else None
        ),
        certified_min_stars=doc["certified_min_stars"],
        certificate_validity_months=doc["certificate_validity_months"],
        provenance=doc["provenance"],
        content_hash=digest,
    )
    StarBand.objects.bulk_create(
        StarBand(version=version, stars=b["stars"], min_score=Decimal(str(b["min_score"])))
        for b in doc["star_bands"]
    )
    product_sets = {s.code: s for s in ProductSet.objects.all()}
    for sheet_doc in doc["sets"]:
        _load_sheet(version, product_sets[sheet_doc["code"]], sheet_doc)
    return outcome


def _load_sheet(version, product_set, sheet_doc) -> None:
    sheet = CriteriaSheet.objects.create(
        version=version,
        product_set=product_set,
        exclusion_rule=sheet_doc.get("exclusion_rule") or "",
    )
    criteria, options = [], []
    position = 0
    for part_index, part_doc in enumerate(sheet_doc["parts"]):
        part = CriteriaPart.objects.create(
            sheet=sheet,
            code=part_doc["code"],
            name=part_doc["name"],
            max_points=Decimal(str(part_doc["max"])),
            position=part_index,
        )
        for group_index, group_doc in enumerate(part_doc["groups"]):
            group = CriteriaGroup.objects.create(
                part=part,
                number=group_doc["no"],
                name=group_doc["name"],
                max_points=Decimal(str(group_doc["max"])),
                note=group_doc.get("note") or "",
                position=group_index,
            )
            for criterion_doc in group_doc["criteria"]:
                position += 1
                subgroup = criterion_doc.get("subgroup")
                criterion = Criterion(
                    group=group,
                    sheet=sheet,
                    code=criterion_doc["code"],
                    label=criterion_doc.get("label") or "",
                    name=criterion_doc["name"],
                    max_points=Decimal(str(criterion_doc["max"])),
                    note=criterion_doc.get("note") or "",
                    knockout=criterion_doc.get("knockout") or "",
                    subgroup=f"{subgroup['code']} {subgroup['name']}" if subgroup else "",
                    min_stars_for_any_points=criterion_doc.get("criterion_min_for_stars"),
                    position=position,
                )
                criteria.append(criterion)
                options.append(
                    [
                        CriterionOption(
                            text=o["text"],
                            points=Decimal(str(o["points"])),
                            min_for_stars=o.get("min_for_stars"),
                            case=o.get("case", ""),
                            position=i,
                        )
                        for i, o in enumerate(criterion_doc["options"])
                    ]
                )
    Criterion.objects.bulk_create(criteria)
    for criterion, criterion_options in zip(criteria, options, strict=True):
        for option in criterion_options:
            option.criterion = criterion
    CriterionOption.objects.bulk_create([o for group in options for o in group])


@transaction.atomic
def load_procedure_rules(path: Path | None = None) -> dict[str, int]:
    doc = json.loads((path or DATA_DIR / PROCEDURE_FILE).read_text(encoding="utf-8"))
    written = 0
    for rule_doc in doc["rule_sets"]:
        renewal = rule_doc.get("renewal") or {}
        rules, made = ProcedureRuleSet.objects.update_or_create(
            code=rule_doc["code"],
            defaults={
                "legal_basis": rule_doc["legal_basis"],
                "effective_from": datetime.date.fromisoformat(rule_doc["effective_from"]),
                "effective_to": (
                    datetime.date.fromisoformat(rule_doc["effective_to"])
                    if rule_doc["effective_to"]
                    else None
                ),
                "commune_step": rule_doc["commune_step"],
                "requires_intake": "intake" in rule_doc.get("before_scoring", ()),
                "requires_pre_assessment": "pre_assessment" in rule_doc.get("before_scoring", ()),
                "pre_assessment_working_days": rule_doc.get("pre_assessment_working_days"),
                "renewal_opens_days": renewal.get("opens_days"),
                "renewal_closes_days": renewal.get("closes_days"),
                "expiry_notice_days": renewal.get("last_call_days"),
                "renewal_basis": renewal.get("legal_basis", ""),
            },
        )
        written += made
        for position, level_doc in enumerate(rule_doc["levels"]):
            recognises = level_doc["recognises"] or [None, None]
            threshold = level_doc["forward_threshold"]
            ProcedureLevel.objects.update_or_create(
                rules=rules,
                level=level_doc["level"],
                defaults={
                    "evaluates": level_doc["evaluates"],
                    "recognises_min_stars": recognises[0],
                    "recognises_max_stars": recognises[1],
                    "forward_threshold": Decimal(str(threshold)) if threshold is not None else None,
                    "position": position,
                },
            )
    renewal_terms.cache_clear()
    return {"rule_sets": ProcedureRuleSet.objects.count(), "created": written}


HOLIDAYS_FILE = "holidays_vn.json"


def load_public_holidays(path: Path | None = None) -> int:
    """Vietnam's public holidays (days off, compensating days included) as reference data."""

    doc = json.loads((path or DATA_DIR / HOLIDAYS_FILE).read_text(encoding="utf-8"))
    for row in doc["days"]:
        PublicHoliday.objects.update_or_create(
            date=datetime.date.fromisoformat(row["date"]), defaults={"name": row["name"]}
        )
    return PublicHoliday.objects.count()


def load_criteria() -> dict[str, str]:
    loaded = {name: load_criteria_version(DATA_DIR / name) for name in CRITERIA_FILES}
    certificate_validity_months.cache_clear()
    return loaded
