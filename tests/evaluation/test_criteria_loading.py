import json

import pytest

from evaluation.criteria_loader import (
    DATA_DIR,
    CriteriaError,
    load_criteria,
    load_criteria_version,
    validate_document,
)
from evaluation.models import CriteriaVersion, Criterion, CriterionOption

pytestmark = pytest.mark.django_db


def test_both_versions_load_with_all_sheets():
    counts = {
        v.code: (
            v.sheets.count(),
            Criterion.objects.filter(sheet__version=v).count(),
            CriterionOption.objects.filter(criterion__sheet__version=v).count(),
        )
        for v in CriteriaVersion.objects.all()
    }
    assert counts == {"qd148-2023": (26, 795, 2632), "qd26-2026": (26, 787, 2579)}


def test_loading_again_changes_nothing():
    assert load_criteria() == {"qd148-2023.json": "unchanged", "qd26-2026.json": "unchanged"}


def test_a_broken_sum_is_refused():
    doc = json.loads((DATA_DIR / "qd26-2026.json").read_text(encoding="utf-8"))
    doc["sets"][0]["parts"][0]["groups"][0]["criteria"][0]["options"][0]["points"] = 9
    doc["sets"][0]["parts"][0]["groups"][0]["criteria"][0]["max"] = 9
    errors = validate_document(doc)
    assert any("group 1 is not the sum" in e for e in errors)


def test_a_stale_exemption_is_refused():
    doc = json.loads((DATA_DIR / "qd26-2026.json").read_text(encoding="utf-8"))
    doc["anomalies"].append(
        {
            "id": "X1",
            "set_nos": [1],
            "type": "part_sum_mismatch",
            "ref": "A",
            "validator_exempt": True,
        }
    )
    assert "anomaly X1 is exempt but matches nothing" in validate_document(doc)


def test_a_version_used_by_a_round_cannot_be_changed(tmp_path, monkeypatch, cast, units):
    from tests.evaluation.helpers import make_round

    make_round(cast, units, version="qd26-2026")
    changed = json.loads((DATA_DIR / "qd26-2026.json").read_text(encoding="utf-8"))
    changed["provenance"] += " (edited)"
    path = tmp_path / "qd26-2026.json"
    path.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CriteriaError, match="used by evaluation rounds"):
        load_criteria_version(path)
