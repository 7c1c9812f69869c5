"""Readable change history (who, when, field: old → new) from django-simple-history."""

from dataclasses import dataclass

from django.utils.encoding import force_str


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    who: object
    kind: str
    changes: list[Change]


def _display(model, field_name, value):
    field = model._meta.get_field(field_name)
    if value in (None, ""):
        return "–"
    if field.choices:
        return force_str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return force_str(related) if related else force_str(value)
    return force_str(value)


def history_of(obj, *, limit: int = 50) -> list[HistoryEntry]:
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    model = type(obj)
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        if len(entries) == limit:
            break
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            for change in delta.changes:
                field = model._meta.get_field(change.field)
                changes.append(
                    Change(
                        field=force_str(field.verbose_name),
                        old=_display(model, change.field, change.old),
                        new=_display(model, change.field, change.new),
                    )
                )
        entries.append(
            HistoryEntry(
                when=newer.history_date,
                who=newer.history_user,
                kind=newer.get_history_type_display(),
                changes=changes,
            )
        )
    return entries
