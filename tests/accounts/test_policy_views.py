"""The helpers every app's views share to ask a policy (accounts.policy): `require` answers 403
to a no, `may_save` asks "edit" of a saved record and "create" of a new one, and
`start_actions` offers a list page's "Add …" buttons to those who may start a record."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.policy import may_save, require, start_actions
from subjects.models import CraftVillage
from subjects.policies import CRAFT_VILLAGES

pytestmark = pytest.mark.django_db

ADD = ("Add a craft village", "subjects:craft_village_create")


def test_require_refuses_a_no_and_lets_a_yes_through():
    require(True)
    with pytest.raises(PermissionDenied):
        require(False)


def test_the_add_buttons_are_offered_to_those_who_may_start_a_record(cast):
    assert start_actions(cast["commune_a"], CRAFT_VILLAGES, ADD) == [
        {"label": "Add a craft village", "url": reverse("subjects:craft_village_create")}
    ]
    assert start_actions(cast["leader"], CRAFT_VILLAGES, ADD) == []


def test_a_new_record_needs_the_create_step_and_a_saved_one_the_edit_step_in_its_unit(cast, units):
    village = CraftVillage(commune=units.current("19429"), name="Làng cà phê")
    assert may_save(cast["commune_a"], CRAFT_VILLAGES, village)  # the form picks the unit
    assert may_save(cast["commune_b"], CRAFT_VILLAGES, village)
    assert not may_save(cast["leader"], CRAFT_VILLAGES, village)
    village.save()
    assert may_save(cast["commune_a"], CRAFT_VILLAGES, village)
    assert not may_save(cast["commune_b"], CRAFT_VILLAGES, village)  # not in its area
