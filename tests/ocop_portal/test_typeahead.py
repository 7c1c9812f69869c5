"""Type-ahead choices: accent-insensitive, scoped, in Vietnamese order, current units first."""

import pytest
from django import forms

from accounts.models import AdministrativeUnit
from ocop_portal.typeahead import TypeaheadSelect
from tests import factories

pytestmark = pytest.mark.django_db


def _lookup(client, source, q, **params):
    response = client.get(f"/lookup/{source}/", {"q": q, **params})
    assert response.status_code == 200
    return response.json()


def test_units_are_found_without_accents_current_first_then_abolished_with_dates(client_for):
    answer = _lookup(client_for("province_staff"), "units", "huong hoa")
    names = [(r["text"], r["group"]) for r in answer["results"]]
    assert ("Huyện Hướng Hóa", "abolished") in names
    groups = [group for _text, group in names]
    assert groups == sorted(groups, key=["current", "abolished"].index)  # current first
    abolished = next(r for r in answer["results"] if r["text"] == "Huyện Hướng Hóa")
    assert "30/06/2025" in abolished["note"]
    assert [g["value"] for g in answer["optgroups"]] == ["current", "abolished"]


def test_units_outside_the_area_are_not_offered(client_for):
    names = {r["text"] for r in _lookup(client_for("commune_b"), "units", "khe sanh")["results"]}
    assert "Xã Khe Sanh" not in names
    names = {r["text"] for r in _lookup(client_for("commune_a"), "units", "khe sanh")["results"]}
    assert "Xã Khe Sanh" in names


def test_units_narrowed_by_level(client_for):
    answer = _lookup(client_for("province_staff"), "units", "", level="district", state="abolished")
    assert answer["results"] and all(r["group"] == "abolished" for r in answer["results"])
    levels = set(
        AdministrativeUnit.objects.filter(
            pk__in=[r["value"] for r in answer["results"]]
        ).values_list("level", flat=True)
    )
    assert levels == {"district"}


def test_products_show_producer_and_code_in_vietnamese_order(client_for, cast, units):
    maker = factories.subject(units.current("19429"), name="HTX Nông sản Khe Sanh")
    factories.product(cast["commune_a"], maker, name="Chuối sấy dẻo")
    factories.product(cast["commune_a"], maker, name="Cà phê rang xay")
    answer = _lookup(client_for("commune_a"), "products", "")
    names = [r["text"] for r in answer["results"]]
    assert names.index("Cà phê rang xay") < names.index("Chuối sấy dẻo")
    coffee = _lookup(client_for("commune_a"), "products", "ca phe")["results"]
    assert [r["text"] for r in coffee] == ["Cà phê rang xay"]
    assert coffee[0]["note"].startswith("HTX Nông sản Khe Sanh")
    assert _lookup(client_for("commune_b"), "products", "ca phe")["results"] == []


def test_producers_and_people(client_for, cast, units):
    factories.subject(units.current("19429"), name="Hợp tác xã Đắk Lắk Xanh")
    found = _lookup(client_for("district_a"), "producers", "dak lak")["results"]
    assert [r["text"] for r in found] == ["Hợp tác xã Đắk Lắk Xanh"]
    people = _lookup(client_for("province_staff"), "people", "", role="council_member")["results"]
    assert [p["value"] for p in people] == [cast["council_member"].pk]


def test_unknown_source_is_404_and_anonymous_goes_to_login(client_for):
    assert client_for("province_staff").get("/lookup/passwords/").status_code == 404
    assert client_for("anonymous").get("/lookup/units/").status_code == 302


def test_the_widget_renders_only_the_chosen_option(units):
    class Form(forms.Form):
        unit = forms.ModelChoiceField(
            queryset=AdministrativeUnit.objects.all(), widget=TypeaheadSelect("units")
        )

    chosen = units.current("19429")
    html = str(Form(initial={"unit": chosen.pk})["unit"])
    assert html.count("<option") == 2  # the empty choice and the chosen unit
    assert "Xã Khe Sanh" in html and 'data-typeahead="/lookup/units/"' in html
    with pytest.raises(ValueError):
        TypeaheadSelect("units", role="leader")
