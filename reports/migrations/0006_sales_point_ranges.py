import json
from pathlib import Path

from django.db import migrations


def ranges_from_plan(apps, schema_editor):
    """Plan 180's sales-point quotas were kept as bare minimums (Đông Hà 8, other districts 1);
    the plan sets ranges (8–10, 1–2). A quota still held as a bare number gets the plan's range
    and its legal source; one province staff have already written as a range is kept."""
    Target = apps.get_model("reports", "Target")
    path = Path(__file__).resolve().parent.parent / "data" / "plan180_targets.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    plan_ranges = {
        item["code"]: item["district_targets"]
        for item in doc["targets"]
        if item.get("district_targets")
    }
    for target in Target.objects.filter(plan=doc["plan"], code__in=plan_ranges):
        needs = dict(target.district_targets or {})
        changed = False
        for key, value in needs.items():
            if isinstance(value, dict):
                continue
            plan = plan_ranges[target.code].get(key)
            if plan and int(plan["min"]) == int(value):
                needs[key] = plan
            else:
                needs[key] = {"min": int(value), "max": None, "source": doc["legal_source"]}
            changed = True
        if changed:
            target.district_targets = needs
            target.save(update_fields=["district_targets"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_training_moves_to_subjects")]

    operations = [migrations.RunPython(ranges_from_plan, migrations.RunPython.noop)]
