"""A place named as it was on a day: before July 2025 the old commune with its district, and the
commune it became, in the reader's language."""

import datetime

import pytest
from django.utils import translation

from accounts.places import place_on

pytestmark = pytest.mark.django_db

BEFORE = datetime.date(2024, 3, 5)


def test_an_old_place_names_what_it_became_in_vietnamese_and_english(units):
    legacy, current = units.legacy("19429"), units.current("19429")
    then = f"{legacy.name}, huyện Hướng Hóa"
    with translation.override("vi"):
        assert place_on(BEFORE, legacy=legacy, current=current) == (
            f"{then} — nay là {current.name}"
        )
    with translation.override("en"):
        assert place_on(BEFORE, legacy=legacy, current=current) == f"{then} — now {current.name}"


def test_a_place_after_the_reorganisation_or_unchanged_is_named_once(units):
    legacy, current = units.legacy("19429"), units.current("19429")
    assert place_on(datetime.date(2025, 7, 1), legacy=legacy, current=current) == current.name
    assert place_on(BEFORE, legacy=legacy, current=legacy) == f"{legacy.name}, huyện Hướng Hóa"
