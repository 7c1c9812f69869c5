"""Readable change history (who, when, field: old → new) from django-simple-history."""

import datetime
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

KINDS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


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
    if field.many_to_many:
        return _display_many(field, value)
    if value in (None, ""):
        return "–"
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, bool):
        return force_str(_("yes") if value else _("no"))
    if field.choices:
        return force_str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return force_str(related) if related else force_str(value)
    return force_str(value)


def _display_many(field, rows) -> str:
    """A many-to-many field recorded in the history (m2m_fields) changes as a list of the
    through table's rows: show the related objects' names."""
    key = field.m2m_reverse_field_name()
    ids = [row.get(key) for row in rows or [] if isinstance(row, dict)]
    if not ids:
        return "–"
    names = field.related_model._default_manager.filter(pk__in=ids)
    return ", ".join(sorted(force_str(item) for item in names)) or "–"


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
                kind=force_str(KINDS.get(newer.history_type, newer.history_type)),
                changes=changes,
            )
        )
    return entries
