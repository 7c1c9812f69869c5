"""One status for a dossier in place of the intake check, the exclusion and the closing flags.

Rows (and their history) are mapped by `status_from_flags`: a closed scoring (or a stored
result) is "closed", else an exclusion is "excluded", else the intake check's answer
("pending" becomes "registered"). The exclusion's reason and note stay as data.
"""

from django.db import migrations, models

STATUSES = [
    ("registered", "Registered: intake not yet checked"),
    ("more_documents", "More documents requested"),
    ("complete", "Intake complete"),
    ("excluded", "Excluded by the council"),
    ("closed", "Scoring closed"),
]


def status_from_flags(
    *, excluded: bool, scoring_closed: bool, intake_status: str, has_result: bool
):
    """The one status a dossier had under the old flags."""
    if scoring_closed or has_result:
        return "closed"
    if excluded:
        return "excluded"
    if intake_status in ("complete", "more_documents"):
        return intake_status
    return "registered"


def flags_from_status(status: str, exclusion_reason: str = "") -> dict:
    """The old flags of a status (for going back)."""
    return {
        "excluded": status == "excluded" or (status == "closed" and bool(exclusion_reason)),
        "scoring_closed": status == "closed",
        "intake_status": status if status in ("complete", "more_documents") else "pending",
    }


def forwards(apps, schema_editor):
    Dossier = apps.get_model("evaluation", "Dossier")
    DossierResult = apps.get_model("evaluation", "DossierResult")
    HistoricalDossier = apps.get_model("evaluation", "HistoricalDossier")
    with_result = set(DossierResult.objects.values_list("dossier_id", flat=True))
    # A historical row is the dossier as it was then: its own flags alone say its status.
    for model, results in ((Dossier, with_result), (HistoricalDossier, set())):
        pk_name = model._meta.pk.name
        by_status: dict[str, list[int]] = {}
        for pk, dossier_id, excluded, closed, intake in model.objects.values_list(
            pk_name, "id", "excluded", "scoring_closed", "intake_status"
        ):
            status = status_from_flags(
                excluded=excluded,
                scoring_closed=closed,
                intake_status=intake,
                has_result=dossier_id in results,
            )
            by_status.setdefault(status, []).append(pk)
        for status, pks in by_status.items():
            model.objects.filter(**{f"{pk_name}__in": pks}).update(status=status)


def backwards(apps, schema_editor):
    for name in ("Dossier", "HistoricalDossier"):
        model = apps.get_model("evaluation", name)
        for pk, status, reason in model.objects.values_list(
            model._meta.pk.name, "status", "exclusion_reason"
        ):
            model.objects.filter(**{model._meta.pk.name: pk}).update(
                **flags_from_status(status, reason)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0010_result_producer_comments"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="status",
            field=models.CharField(
                choices=STATUSES, default="registered", max_length=15, verbose_name="status"
            ),
        ),
        migrations.AddField(
            model_name="historicaldossier",
            name="status",
            field=models.CharField(
                choices=STATUSES, default="registered", max_length=15, verbose_name="status"
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="dossier", name="excluded"),
        migrations.RemoveField(model_name="dossier", name="intake_status"),
        migrations.RemoveField(model_name="dossier", name="scoring_closed"),
        migrations.RemoveField(model_name="historicaldossier", name="excluded"),
        migrations.RemoveField(model_name="historicaldossier", name="intake_status"),
        migrations.RemoveField(model_name="historicaldossier", name="scoring_closed"),
    ]
