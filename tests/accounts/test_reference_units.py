import datetime

import pytest

from accounts.models import AdministrativeUnit, UnitLevel, UnitSuccession
from accounts.reference import load_admin_units

pytestmark = pytest.mark.django_db

CUT_OVER = datetime.date(2025, 7, 1)


def test_old_quang_tri_has_ten_districts_and_119_communes(units):
    old_province = units.legacy("45")
    districts = AdministrativeUnit.objects.filter(parent=old_province)
    assert districts.count() == 10
    assert AdministrativeUnit.objects.filter(parent__in=districts).count() == 119
    assert {d.valid_to for d in districts} == {datetime.date(2025, 6, 30)}


def test_new_province_has_78_communes_valid_from_july_2025(units):
    new_province = units.current("44")
    communes = AdministrativeUnit.objects.filter(parent=new_province)
    assert communes.count() == 78
    assert set(communes.values_list("level", flat=True)) == {UnitLevel.COMMUNE}
    assert set(communes.values_list("valid_from", flat=True)) == {CUT_OVER}


def test_every_old_commune_maps_to_exactly_one_new_unit(units):
    old_communes = AdministrativeUnit.objects.filter(
        level=UnitLevel.COMMUNE, valid_to__isnull=False
    )
    assert old_communes.count() == 264  # old Quảng Trị 119 + old Quảng Bình 145
    for commune in old_communes:
        assert UnitSuccession.objects.filter(predecessor=commune).count() == 1, commune


def test_same_code_means_different_units_before_and_after_the_reorganisation(units):
    before = AdministrativeUnit.objects.valid_on(datetime.date(2024, 5, 1)).get(code="19429")
    after = AdministrativeUnit.objects.valid_on(datetime.date(2026, 1, 1)).get(code="19429")
    assert before.name == "Thị trấn Khe Sanh"
    assert after.name == "Xã Khe Sanh"
    assert UnitSuccession.objects.filter(predecessor=before, successor=after).exists()
    province_44_then = AdministrativeUnit.objects.valid_on(datetime.date(2024, 5, 1)).get(code="44")
    assert province_44_then.name == "Tỉnh Quảng Bình"


def test_con_co_district_became_the_special_zone(units):
    special_zone = units.current("19742")
    assert special_zone.kind == "đặc khu"
    assert UnitSuccession.objects.filter(
        predecessor=units.legacy("471"), successor=special_zone
    ).exists()


def test_loading_twice_changes_nothing(units):
    before = (AdministrativeUnit.objects.count(), UnitSuccession.objects.count())
    counts = load_admin_units()
    assert counts == {"units_created": 0, "units_updated": 0, "successions_created": 0}
    assert (AdministrativeUnit.objects.count(), UnitSuccession.objects.count()) == before


def test_loading_repairs_a_changed_name(units):
    unit = units.current("19429")
    AdministrativeUnit.objects.filter(pk=unit.pk).update(name="Sai tên")
    assert load_admin_units()["units_updated"] == 1
    unit.refresh_from_db()
    assert unit.name == "Xã Khe Sanh"
