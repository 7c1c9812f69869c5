"""Whatever is typed into the main forms, the portal answers without a server error."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
text = st.text(max_size=300)
maybe_number = st.one_of(text, st.integers(min_value=-(10**12), max_value=10**12).map(str))
OK = {200, 302, 400, 403, 404}


@FUZZ
@given(
    name=text,
    number=maybe_number,
    commune=maybe_number,
    capital=maybe_number,
    founded=text,
    email=text,
)
def test_the_producer_form_never_fails(client_for, name, number, commune, capital, founded, email):
    response = client_for("commune_a").post(
        "/subjects/new/",
        {
            "name": name,
            "legal_form": "cooperative",
            "registration_number": number,
            "commune": commune,
            "community_capital_share": capital,
            "founded_on": founded,
            "email": email,
            "representative_name": name,
            "status": "active",
            "green_chain_status": "achieved",
        },
    )
    assert response.status_code in OK


@FUZZ
@given(
    product_name=text,
    description=text,
    labour=maybe_number,
    product_set=maybe_number,
    proposer=text,
)
def test_the_idea_form_never_fails(
    client_for, product_name, description, labour, product_set, proposer
):
    response = client_for("commune_a").post(
        "/ideas/new/",
        {
            "commune": "",
            "product_name": product_name,
            "product_set": product_set,
            "description": description,
            "local_labour": labour,
            "proposer_name": proposer,
            "submit": "1",
        },
    )
    assert response.status_code in OK


@FUZZ
@given(title=text, starts=text, ends=text, budget=maybe_number, own=maybe_number, year=maybe_number)
def test_the_business_plan_form_never_fails(client_for, title, starts, ends, budget, own, year):
    response = client_for("commune_a").post(
        "/plans/new/",
        {
            "title": title,
            "objectives": title,
            "production_plan": title,
            "market_plan": title,
            "starts_on": starts,
            "ends_on": ends,
            "year": year,
            "funding_provincial_budget": budget,
            "funding_own_capital": own,
        },
    )
    assert response.status_code in OK


@FUZZ
@given(content=st.binary(max_size=2000))
def test_the_register_import_never_fails_on_any_file(client_for, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("so.xlsx", b"PK\x03\x04" + content)
    response = client_for("province_staff").post("/evaluation/register/import/", {"file": upload})
    assert response.status_code in OK


@FUZZ
@given(username=text, password=text)
def test_the_login_form_never_fails(db, username, password):
    response = Client().post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code in {200, 302, 429}


@FUZZ
@given(query=text, stars=text, unit=text)
def test_the_public_catalogue_search_never_fails(db, query, stars, unit):
    response = Client().get("/catalogue/", {"q": query, "stars": stars, "unit": unit})
    assert response.status_code == 200
