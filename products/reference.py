"""The OCOP product classification (6 sectors → 17 groups → 26 product sets), from the project's
copy of Phụ lục I of Decision 26/2026/QĐ-TTg (the 2023 sheets use the same sets)."""

import json
from pathlib import Path

from django.db import transaction

from products.models import ProductGroup, ProductSector, ProductSet

DATA_FILE = Path(__file__).with_name("data") / "classification.json"


@transaction.atomic
def load_classification(path: Path = DATA_FILE) -> dict[str, int]:
    data = json.loads(path.read_text(encoding="utf-8"))
    basis = data["legal_basis"]
    written = 0
    for sector_data in data["classification"]:
        sector, made = ProductSector.objects.update_or_create(
            code=sector_data["code"], defaults={"name": sector_data["name"]}
        )
        written += made
        for group_data in sector_data["groups"]:
            group, made = ProductGroup.objects.update_or_create(
                code=group_data["code"], defaults={"name": group_data["name"], "sector": sector}
            )
            written += made
            for set_data in group_data["sets"]:
                _, made = ProductSet.objects.update_or_create(
                    code=set_data["code"],
                    defaults={
                        "name": set_data["name"],
                        "set_no": set_data["set_no"],
                        "group": group,
                        "legal_basis": basis,
                    },
                )
                written += made
    return {
        "created": written,
        "sectors": ProductSector.objects.count(),
        "sets": ProductSet.objects.count(),
    }
