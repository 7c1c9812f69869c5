"""Optimistic concurrency for edit forms: a stale save is refused, never silently applied.

Two people open the same product; the first saves; the second saves the copy they opened and
used to put back every field the first had changed, even fields they never touched, and both
saw "saved". Now an edit form carries the **version** of the record it was made from: for each
field it shows, a short fingerprint of the value at that moment (hidden field `version`).

On save, `VersionedFormMixin.clean()` reads the record again — locked with SELECT … FOR UPDATE
when the request runs in a transaction, as form posts do under `ocop_portal.form_token`, so no
save can slip in between the check and the write — and compares. A field whose value changed
since the page was made is a conflict: the save is refused, each such field shows the other
user's value next to it, the form keeps everything the user typed, and its version is moved on
so that saving again (after looking) applies what is on the screen. A post without a version
(an old page, a script) is checked as before, without this protection.

Use: `class ProductForm(VersionedFormMixin, forms.ModelForm)`. Only model forms editing an
existing record (instance with a pk) get the field.
"""

from __future__ import annotations

import copy
import hashlib
import json

from django import forms
from django.db import transaction
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

FIELD = "version"


def _value(instance, name):
    """A field's value on a record, as a stable text for fingerprints and for display."""
    field = instance._meta.get_field(name)
    if field.many_to_many:
        if instance.pk is None:
            return ""
        return ",".join(
            str(pk) for pk in sorted(getattr(instance, name).values_list("pk", flat=True))
        )
    if field.is_relation:
        return str(getattr(instance, field.attname) or "")
    value = getattr(instance, field.attname)
    if hasattr(value, "name"):  # a file
        return value.name or ""
    return "" if value is None else str(value)


def _display(instance, name) -> str:
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return ", ".join(str(obj) for obj in getattr(instance, name).all()) or "–"
    value = getattr(instance, name)
    if field.choices and value not in (None, ""):
        return str(getattr(instance, f"get_{name}_display")())
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if hasattr(value, "name") and not field.is_relation:
        return value.name or "–"
    return str(formats.localize(value, use_l10n=True))


def _fingerprint(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=5).hexdigest()


def _tracked(form) -> list[str]:
    """The model fields the form shows, and the other fields it names in `version_also`."""
    model_fields = {f.name for f in form._meta.model._meta.get_fields()}
    also = set(getattr(form, "version_also", ()))
    return sorted(
        name
        for name in form.fields
        if name != FIELD and (name in model_fields and name not in also or name in also)
    )


def _texts(form, record) -> dict[str, str]:
    """Each tracked field's value: model fields read from `record`, the others (funding by
    source on a plan, say) from the form's initial values, which come from the same record."""
    also = set(getattr(form, "version_also", ()))
    texts = {}
    for name in _tracked(form):
        if name in also:
            value = form.get_initial_for_field(form.fields[name], name)
            texts[name] = "" if value is None else str(value)
        else:
            texts[name] = _value(record, name)
    return texts


def version_of(form, record) -> str:
    return json.dumps(
        {name: _fingerprint(text) for name, text in _texts(form, record).items()},
        separators=(",", ":"),
    )


class VersionedFormMixin:
    version_also: tuple[str, ...] = ()  # non-model fields that belong to the record's version

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        self.fields[FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        # The record as loaded: validation later writes the posted values into the instance.
        loaded = copy.copy(self.instance)
        # computed when the page is drawn, once subclasses have added all their fields
        self.initial[FIELD] = lambda: version_of(self, loaded)

    @cached_property
    def changed_data(self):
        # views save `changed_data` as the fields to update; the version is not one of them
        return [name for name in super().changed_data if name != FIELD]

    def _current(self):
        """The record as stored now, locked until the end of the request's transaction."""
        queryset = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            queryset = queryset.select_for_update(of=("self",))
        return queryset.first()

    def _shown(self, record, name) -> str:
        if name in self.version_also:
            value = self.get_initial_for_field(self.fields[name], name)
            return "–" if value in (None, "") else str(formats.localize(value, use_l10n=True))
        return _display(record, name)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or not self.is_bound:
            return cleaned
        posted = self.data.get(self.add_prefix(FIELD)) or ""
        try:
            seen = json.loads(posted) if posted else None
        except ValueError:
            seen = None
        if not isinstance(seen, dict):
            return cleaned  # no version: an old page or a script, checked as before
        current = self._current()
        if current is None:
            return cleaned
        now = _texts(self, current)
        changed = [
            name for name, text in now.items() if name in seen and seen[name] != _fingerprint(text)
        ]
        if not changed:
            return cleaned
        for name in changed:
            self.add_error(
                name,
                _("Changed by someone else meanwhile to: %(value)s")
                % {"value": self._shown(current, name)},
            )
        self.add_error(
            None,
            _(
                "Someone else saved this record while you were editing it (%(fields)s). Your "
                "entries are kept below; the other values are shown next to each field. "
                "Check them and save again to apply what is on the screen."
            )
            % {"fields": ", ".join(str(self.fields[name].label) for name in changed)},
        )
        # Saving again after seeing the other values is a decision, not an accident.
        data = self.data.copy()
        data[self.add_prefix(FIELD)] = version_of(self, current)
        self.data = data
        return cleaned
