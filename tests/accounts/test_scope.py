import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import AdministrativeUnit
from accounts.scope import ensure_can_act, get_in_scope_or_404, scope_for, units_visible_to

pytestmark = pytest.mark.django_db


def test_province_staff_see_both_structures_of_the_whole_province(cast, units):
    scope = scope_for(cast["province_staff"])
    assert scope.covers(units.legacy("45").pk)  # old Quảng Trị
    assert scope.covers(units.legacy("44").pk)  # old Quảng Bình, merged into the new province
    assert scope.covers(units.current("19429").pk)
    assert len(scope.unit_ids) == AdministrativeUnit.objects.count()


def test_district_staff_see_their_old_district_and_the_new_communes_it_became(cast, units):
    scope = scope_for(cast["district_a"])  # Hướng Hóa
    assert scope.covers(units.legacy("465").pk)
    assert scope.covers(units.legacy("19429").pk)  # Thị trấn Khe Sanh (old)
    assert scope.covers(units.current("19429").pk)  # Xã Khe Sanh (new)
    assert not scope.covers(units.legacy("468").pk)  # Cam Lộ district
    assert not scope.covers(units.current("19597").pk)  # Xã Cam Lộ (new)
    assert not scope.covers(units.current("44").pk)


def test_commune_officer_sees_their_commune_and_the_old_communes_merged_into_it(cast, units):
    scope = scope_for(cast["commune_a"])
    old_names = set(
        AdministrativeUnit.objects.filter(
            pk__in=scope.unit_ids, valid_to__isnull=False
        ).values_list("name", flat=True)
    )
    assert old_names == {"Thị trấn Khe Sanh", "Xã Húc", "Xã Tân Hợp", "Xã Hướng Tân"}
    assert not scope.covers(units.legacy("465").pk)  # not the whole old district


def test_council_member_has_no_unit_scope(cast):
    assert units_visible_to(cast["council_member"]).count() == 0


def test_commune_officer_cannot_fetch_another_communes_unit(cast, units):
    with pytest.raises(Http404):
        get_in_scope_or_404(units_visible_to(cast["commune_a"]), pk=units.current("19597").pk)


def test_leader_sees_everything_but_may_not_act(cast, units):
    khe_sanh = units.current("19429")
    assert scope_for(cast["leader"]).covers(khe_sanh.pk)
    with pytest.raises(PermissionDenied):
        ensure_can_act(cast["leader"], khe_sanh.pk)


def test_acting_roles_may_act_only_inside_their_area(cast, units):
    khe_sanh = units.current("19429").pk
    ensure_can_act(cast["commune_a"], khe_sanh)
    ensure_can_act(cast["district_a"], khe_sanh)
    ensure_can_act(cast["province_staff"], khe_sanh)
    with pytest.raises(PermissionDenied):
        ensure_can_act(cast["commune_b"], khe_sanh)


def test_scope_is_resolved_once_per_user_object(cast, django_assert_num_queries):
    user = cast["district_a"]
    scope_for(user)
    with django_assert_num_queries(0):
        scope_for(user)
