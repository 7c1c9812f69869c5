"""Roles are dated: a move keeps the old assignment, people without accounts are recorded, and
reports of a past date find the people of that date."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role, RoleAssignment
from accounts.selectors import assignments_on
from accounts.services import person_assign, role_assign, role_end, user_create
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_new_account_holds_its_role_from_when_its_unit_began(cast, units):
    assignment = RoleAssignment.objects.get(user=cast["commune_a"])
    assert assignment.role == Role.COMMUNE_OFFICER
    assert assignment.unit == units.current("19429")
    assert assignment.valid_from == D(2025, 7, 1) and assignment.valid_to is None
    district = RoleAssignment.objects.get(user=cast["district_a"])
    assert district.valid_from is None  # an old district: since before the records


def test_a_move_keeps_the_old_unit_for_past_dates(cast, units):
    officer = cast["commune_a"]
    role_assign(
        user=officer, role=Role.COMMUNE_OFFICER, unit=units.current("19597"), on=D(2026, 3, 1)
    )
    officer.refresh_from_db()
    assert officer.unit == units.current("19597")  # the scope follows at once
    rows = list(RoleAssignment.objects.filter(user=officer).order_by("valid_from"))
    assert [(r.unit.code, r.valid_from, r.valid_to) for r in rows] == [
        ("19429", D(2025, 7, 1), D(2026, 2, 28)),
        ("19597", D(2026, 3, 1), None),
    ]
    khe_sanh = {units.current("19429").pk}
    assert list(assignments_on(D(2026, 1, 1), khe_sanh, [Role.COMMUNE_OFFICER])) == [rows[0]]
    assert not assignments_on(D(2026, 6, 1), khe_sanh, [Role.COMMUNE_OFFICER]).exists()


def test_a_move_may_not_start_before_the_current_role(cast, units):
    with pytest.raises(ValidationError):
        role_assign(
            user=cast["commune_a"],
            role=Role.COMMUNE_OFFICER,
            unit=units.current("19597"),
            on=D(2025, 6, 1),
        )


def test_a_role_needs_a_unit_of_its_level(units):
    with pytest.raises(ValidationError):
        person_assign(
            full_name="Sai Cấp",
            role=Role.COMMUNE_OFFICER,
            unit=units.legacy("465"),
            valid_from=None,
        )


def test_a_person_without_an_account_is_counted_on_their_dates(units):
    person = person_assign(
        full_name="Hồ Văn Lâm",
        role=Role.COMMUNE_OFFICER,
        unit=units.legacy("19429"),
        valid_from=D(2022, 1, 1),
        valid_to=D(2025, 6, 30),
    )
    area = {units.legacy("19429").pk}
    assert list(assignments_on(D(2023, 12, 31), area, [Role.COMMUNE_OFFICER])) == [person]
    assert not assignments_on(D(2025, 8, 1), area, [Role.COMMUNE_OFFICER]).exists()
    assert person.person_key == f"person:{person.pk}"


def test_ending_a_role_keeps_it_in_history(units):
    user = user_create(
        username="x.moi",
        full_name="Xã Mới",
        role=Role.COMMUNE_OFFICER,
        unit=units.current("19429"),
        password=PASSWORD,
    )
    role_end(user=user, on=D(2026, 5, 31))
    row = RoleAssignment.objects.get(user=user)
    assert row.valid_to == D(2026, 5, 31)


def test_the_migration_gives_every_account_its_current_assignment(cast):
    """The data migration's rule, applied to accounts made without the service."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("accounts.migrations.0005_role_assignment_from_users")
    RoleAssignment.objects.all().delete()
    migration.assignments_from_users(apps, None)
    assert RoleAssignment.objects.filter(valid_to=None).count() == len(cast)
    assert RoleAssignment.objects.get(user=cast["commune_b"]).unit == cast["commune_b"].unit
