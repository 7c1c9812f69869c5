"""The range of values the portal accepts from outside, whatever form or parameter brings them.

Crafted input used to reach the database or date arithmetic unchecked: a page number of twenty
digits overflowed the OFFSET, `as_of=9999-12-31` overflowed a "day after", a year filter of
eleven digits overflowed the date range of a year lookup. Every form field of these kinds now
carries the portal's bounds, so such a value comes back as a message next to its field:

- dates (and date-times) between 1/1/1900 and 31/12/2199 — far outside any OCOP record, and
  far enough inside Python's range that a few years of arithmetic on them cannot overflow;
- integers within PostgreSQL's bigint; decimals within what a numeric column holds.

`install()` (called from the app's `ready()`) adds these as the default validators of Django's
form field classes, so model forms, filter sets and plain forms get them without each form
having to remember. `page_number()` is the one way to read a list's `?page=`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)
LARGEST_INTEGER = 2**63 - 1  # PostgreSQL bigint
LARGEST_DECIMAL = Decimal(10) ** 15  # beyond any amount of money or quantity in the programme
LAST_PAGE = 1_000_000  # 25 million rows at 25 a page: larger numbers are "the last page"


def validate_date_in_range(value):
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={"earliest": "01/01/1900", "latest": "31/12/2199"},
        )


def validate_integer_in_range(value):
    if value is not None and abs(value) > LARGEST_INTEGER:
        raise ValidationError(_("This number is too large."), code="number_out_of_range")


def validate_decimal_in_range(value):
    if value is not None and abs(value) >= LARGEST_DECIMAL:
        raise ValidationError(_("This number is too large."), code="number_out_of_range")


def page_number(raw) -> int:
    """A list's page number from the query string: 1 when missing or not a number; very large
    numbers are kept within LAST_PAGE (the paginator then shows the last real page)."""
    try:
        number = int(str(raw)[:12])
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), LAST_PAGE)


def install() -> None:
    """Make the bounds the default validators of the portal's form fields (idempotent)."""
    forms.DateField.default_validators = [validate_date_in_range]
    forms.DateTimeField.default_validators = [validate_date_in_range]
    forms.IntegerField.default_validators = [validate_integer_in_range]
    forms.DecimalField.default_validators = [validate_decimal_in_range]
    forms.FloatField.default_validators = [validate_decimal_in_range]
