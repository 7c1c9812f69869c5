"""A read-only page for a record whose page is its edit form.

Craft villages, raw-material areas, sales points, sales channels and partners open on their
form. A role that may see such a record but not change it (a leader, a commune officer on a
district's sales point) used to be shown the link and then refused (403). The same address now
shows that role the record's fields, as the form would, and its change history; saving is still
refused.
"""

import datetime
from decimal import Decimal

from django.db import models
from django.shortcuts import render
from django.utils import formats
from django.utils.encoding import force_str
from django.utils.translation import gettext as _

from ocop_portal.history import history_of


def _text(instance, name) -> str:
    try:
        field = instance._meta.get_field(name)
    except Exception:  # a form-only field: show what the form would start with
        return ""
    if isinstance(field, models.ManyToManyField):
        return ", ".join(str(obj) for obj in getattr(instance, name).all()) or "–"
    if field.choices:
        return force_str(getattr(instance, f"get_{name}_display")()) or "–"
    value = getattr(instance, name)
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date | int | float | Decimal):
        return formats.localize(value, use_l10n=True)
    if isinstance(field, models.FileField):
        return value.name.rsplit("/", 1)[-1]
    return force_str(value)


def render_readonly(request, form, *, title, back_url):
    """The record behind `form` (a ModelForm bound to its instance), field by field."""
    instance = form.instance
    rows = [
        (field.label, _text(instance, name))
        for name, field in form.fields.items()
        if not field.widget.is_hidden
    ]
    history = history_of(instance) if hasattr(instance, "history") else None
    return render(
        request,
        "partials/record_page.html",
        {"title": title, "rows": rows, "back_url": back_url, "history": history},
    )
