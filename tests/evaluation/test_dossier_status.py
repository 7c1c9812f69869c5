"""One status per dossier: the mapping from the old flags, and the migration that applied it."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

migration = importlib.import_module("evaluation.migrations.0011_dossier_status")

BEFORE = [("evaluation", "0010_result_producer_comments")]
AFTER = [("evaluation", "0011_dossier_status")]


@pytest.mark.parametrize(
    ("flags", "status"),
    [
        ({"excluded": False, "scoring_closed": False, "intake_status": "pending"}, "registered"),
        (
            {"excluded": False, "scoring_closed": False, "intake_status": "more_documents"},
            "more_documents",
        ),
        ({"excluded": False, "scoring_closed": False, "intake_status": "complete"}, "complete"),
        ({"excluded": True, "scoring_closed": False, "intake_status": "complete"}, "excluded"),
        ({"excluded": True, "scoring_closed": False, "intake_status": "pending"}, "excluded"),
        ({"excluded": False, "scoring_closed": True, "intake_status": "complete"}, "closed"),
        ({"excluded": True, "scoring_closed": True, "intake_status": "pending"}, "closed"),
    ],
)
def test_old_flags_map_to_one_status(flags, status):
    assert migration.status_from_flags(**flags, has_result=False) == status


def test_a_stored_result_means_scoring_was_closed():
    flags = {"excluded": False, "scoring_closed": False, "intake_status": "complete"}
    assert migration.status_from_flags(**flags, has_result=True) == "closed"


@pytest.mark.parametrize("status", ["registered", "more_documents", "complete", "excluded"])
def test_going_back_gives_the_flags_that_map_to_the_same_status(status):
    flags = migration.flags_from_status(status)
    assert migration.status_from_flags(**flags, has_result=False) == status


def test_a_closed_exclusion_goes_back_excluded_and_closed():
    assert migration.flags_from_status("closed", "forged") == {
        "excluded": True,
        "scoring_closed": True,
        "intake_status": "pending",
    }


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_maps_rows_of_the_old_shape(cast, units):
    """Rows written with the old flags (and a result) come out with the status they meant."""
    from tests.evaluation.helpers import make_dossier, make_round

    round_ = make_round(cast, units)
    dossiers = [make_dossier(cast, units, round_, ready=False) for _ in range(4)]
    try:
        old = _migrate(BEFORE)
        Dossier = old.get_model("evaluation", "Dossier")
        DossierResult = old.get_model("evaluation", "DossierResult")
        shapes = [
            {"intake_status": "more_documents"},
            {"intake_status": "complete", "excluded": True, "exclusion_reason": "forged"},
            {"intake_status": "complete", "scoring_closed": True},
            {"intake_status": "pending"},
        ]
        for dossier, shape in zip(dossiers, shapes, strict=True):
            Dossier.objects.filter(pk=dossier.pk).update(**shape)
        DossierResult.objects.create(
            dossier_id=dossiers[3].pk,  # a result without the flag: scoring was closed
            average=80,
            band_stars=4,
            minima_stars=4,
            final_stars=4,
            counted_members=3,
            outcome="recognised",
        )
        new = _migrate(AFTER)
        statuses = dict(new.get_model("evaluation", "Dossier").objects.values_list("pk", "status"))
        assert [statuses[d.pk] for d in dossiers] == [
            "more_documents",
            "excluded",
            "closed",
            "closed",
        ]
        history = new.get_model("evaluation", "HistoricalDossier").objects.filter(id=dossiers[0].pk)
        assert set(history.values_list("status", flat=True)) == {"registered"}
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
