"""Type-ahead source of producers (chủ thể OCOP) (ocop_portal/typeahead.py)."""

from django.db.models import QuerySet

from ocop_portal.collation import vi
from ocop_portal.typeahead import register
from subjects.selectors import subject_list


def producers(user, params: dict) -> QuerySet:
    return subject_list(user).order_by(vi("name"), "pk")


def producer_item(subject) -> dict:
    parts = [subject.get_legal_form_display()]
    if subject.commune_id:
        parts.append(subject.commune.name)
    return {"value": subject.pk, "text": subject.name, "note": " · ".join(parts)}


register("producers", producers, item=producer_item)
