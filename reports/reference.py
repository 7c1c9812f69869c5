"""Plan 180's targets and activity schedule, from the project's copy of the plan."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from reports.models import Activity, Target

DATA_DIR = Path(__file__).with_name("data")


@transaction.atomic
def load_targets() -> dict[str, int]:
    """Create the targets that are missing; a target province staff have edited is kept."""
    doc = json.loads((DATA_DIR / "plan180_targets.json").read_text(encoding="utf-8"))
    created = 0
    for item in doc["targets"]:
        _target, made = Target.objects.get_or_create(
            code=item["code"],
            defaults={
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
