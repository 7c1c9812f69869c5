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


def test_council_members_only_for_organisers_who_keep_the_council(client_for, cast):
    from accounts.models import Role
    from accounts.services import user_create
    from evaluation.models import Council

    council = Council.objects.get(seats__user=cast["council_member"])
    user_create(
        username="t.expert",
        full_name="Nguyễn Thị Hương Giang",
        role=Role.COUNCIL_MEMBER,
        unit=None,
        password="x-Long-enough-9",
    )
    found = _lookup(
        client_for("province_staff"), "council_members", "huong giang", council=council.pk
    )["results"]
    assert [r["text"] for r in found] == ["Nguyễn Thị Hương Giang"]
    everyone = _lookup(client_for("province_staff"), "council_members", "", council=council.pk)
    names = {r["text"] for r in everyone["results"]}
    assert cast["commune_a"].full_name not in names  # commune officers never sit on councils
    assert cast["sysadmin"].full_name not in names
    # a district organiser may not keep the provincial council; others get nothing either
    for actor in ("district_a", "commune_a", "leader", "council_member"):
        assert (
            _lookup(client_for(actor), "council_members", "", council=council.pk)["results"] == []
        ), actor
    assert _lookup(client_for("province_staff"), "council_members", "")["results"] == []


def test_the_seat_form_offers_members_by_typing(cast):
    from evaluation.forms import SeatForm
    from evaluation.models import Council

    council = Council.objects.get(seats__user=cast["council_member"])
    html = str(SeatForm(prefix="s", council=council)["user"])
    assert f'data-typeahead="/lookup/council_members/?council={council.pk}"' in html
    assert html.count("<option") == 1


def test_sources_are_registered_by_their_apps_not_the_kernel():
    import ast
    from pathlib import Path

    from ocop_portal.typeahead import SOURCES

    assert {"units", "people", "products", "producers", "council_members"} <= set(SOURCES)
    tree = ast.parse(Path("ocop_portal/typeahead.py").read_text())
    imported = {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    } | {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not imported & {"accounts", "products", "subjects", "evaluation", "reports"}


def test_the_dossier_takes_representative_and_address_from_the_producer(client_for, cast, units):
    from evaluation.forms import DossierForm
    from evaluation.models import EvaluationType

    maker = factories.subject(units.current("19429"), name="HTX Nông sản Khe Sanh")
    maker.representative_name = "Lê Thị Mai"
    maker.address = "Thôn 3, xã Khe Sanh, tỉnh Quảng Trị"
    maker.save()
    coffee = factories.product(cast["commune_a"], maker, name="Cà phê rang xay")
    found = _lookup(client_for("commune_a"), "products", "ca phe")["results"]
    assert found[0]["fill"] == {
        "representative": "Lê Thị Mai",
        "address": "Thôn 3, xã Khe Sanh, tỉnh Quảng Trị",
    }
    data = {"product": coffee.pk, "evaluation_type": EvaluationType.FIRST, "samples": 5}
    form = DossierForm(data, user=cast["commune_a"])
    assert form.is_valid(), form.errors
    assert form.cleaned_data["representative"] == "Lê Thị Mai"
    assert form.cleaned_data["address"] == "Thôn 3, xã Khe Sanh, tỉnh Quảng Trị"
    typed = DossierForm({**data, "address": "Chợ Khe Sanh"}, user=cast["commune_a"])
    assert typed.is_valid() and typed.cleaned_data["address"] == "Chợ Khe Sanh"


def test_training_attendance_picks_people_by_typing(cast):
    from subjects.forms import AttendanceForm

    form = AttendanceForm(user=cast["province_staff"])
    html = str(form["user"])
    assert 'data-typeahead="/lookup/people/"' in html and html.count("<option") == 1
    # a council member (no unit) may be recorded by the organisers
    assert form.fields["user"].queryset.filter(pk=cast["council_member"].pk).exists()
