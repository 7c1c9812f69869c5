"""Plan 180's targets and activity schedule, from the project's copy of the plan."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from accounts.models import AdministrativeUnit
from reports.models import Activity, Target

DATA_DIR = Path(__file__).with_name("data")


def plan_territory_unit(doc: dict):
    spec = doc["territory"]
    return AdministrativeUnit.objects.filter(
        code=spec["code"], level=spec["level"], valid_to=spec["valid_to"]
    ).first()


@transaction.atomic
def load_targets() -> dict[str, int]:
    """Create the targets that are missing; a target province staff have edited is kept, but
    always gets its plan's territory and per-district numbers when they are missing."""
    doc = json.loads((DATA_DIR / "plan180_targets.json").read_text(encoding="utf-8"))
    territory = plan_territory_unit(doc)
    created = 0
    for item in doc["targets"]:
        target, made = Target.objects.get_or_create(
            plan=doc["plan"],
            code=item["code"],
            defaults={
                "territory": territory,
                "district_targets": item.get("district_targets", {}),
                "title": item["title"],
                "definition": item["definition"],
                "kind": item["kind"],
                "cumulative": item.get("cumulative", False),
                "per_year": item.get("per_year", False),
                "target_min": Decimal(str(item["min"])),
                "target_max": Decimal(str(item["max"])) if item.get("max") else None,
                "secondary_min": (
                    Decimal(str(item["secondary_min"])) if item.get("secondary_min") else None
                ),
                "unit": item["unit"],
                "period_start": datetime.date.fromisoformat(doc["period_start"]),
                "deadline": datetime.date.fromisoformat(doc["deadline"]),
                "legal_source": doc["legal_source"],
            },
        )
        created += made
        if not made and (target.territory_id is None or not target.district_targets):
            target.territory = target.territory or territory
            target.district_targets = target.district_targets or item.get("district_targets", {})
            target.save(update_fields=["territory", "district_targets"])
    return {"targets_created": created}


@transaction.atomic
def load_activities() -> dict[str, int]:
    doc = json.loads((DATA_DIR / "plan180_activities.json").read_text(encoding="utf-8"))
    created = 0
    for position, item in enumerate(doc["activities"]):
        _activity, made = Activity.objects.update_or_create(
            code=item["code"],
            defaults={
                "title": item["title"],
                "expected_result": item["expected_result"],
                "timing": item["timing"],
                "position": position,
            },
        )
        created += made
    return {"activities_created": created}
