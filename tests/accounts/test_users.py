import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from accounts.services import user_create

pytestmark = pytest.mark.django_db


def test_district_staff_must_belong_to_a_district(units):
    with pytest.raises(ValidationError) as excinfo:
        user_create(
            username="wrong",
            full_name="Sai Cấp",
            role=Role.DISTRICT_STAFF,
            unit=units.current("19429"),
            password="a-Strong-test-pass-2026",
        )
    assert "unit" in excinfo.value.message_dict


def test_only_system_administrators_get_admin_access(cast):
    assert cast["sysadmin"].is_staff
    assert not any(cast[a].is_staff for a in cast if a != "sysadmin")


def test_role_and_unit_changes_are_kept_in_history(cast, units):
    user = cast["commune_a"]
    user.unit = units.current("19597")
    user.save()
    history = list(user.history.order_by("history_date").values_list("unit_id", flat=True))
    assert history == [units.current("19429").pk, units.current("19597").pk]
