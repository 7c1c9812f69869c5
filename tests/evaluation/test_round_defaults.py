"""The round form starts from the person: their unit and level, this year, the last council."""

import datetime
import re

import pytest

from evaluation.models import Council, CouncilKind, CouncilLevel

pytestmark = pytest.mark.django_db


def _selected(html: str, name: str) -> str | None:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    found = re.search(r'<option value="([^"]*)"[^>]*selected', select)
    return found.group(1) if found else None


def test_the_round_form_starts_from_the_person_and_remembers_the_council(client_for, cast, units):
    province = units.current("44")
    second = Council.objects.create(
        name="Hội đồng thứ hai",
        kind=CouncilKind.COUNCIL,
        level=CouncilLevel.PROVINCE,
        unit=province,
        term_start=datetime.date(2025, 7, 1),
    )
    client = client_for("province_staff")
    html = client.get("/evaluation/rounds/new/").content.decode()
    assert _selected(html, "unit") == str(province.pk)
    assert _selected(html, "level") == "province"
    assert f'name="year" value="{datetime.date.today().year}"' in html
    # the province's units come first, the province itself at the top
    options = re.findall(
        r'<option value="(\d+)"', html.split('name="unit"')[1].split("</select>")[0]
    )
    assert options[0] == str(province.pk)

    response = client.post(
        "/evaluation/rounds/new/",
        {
            "name": "Đợt 1 năm 2026",
            "level": "province",
            "unit": province.pk,
            "year": 2026,
            "sequence": 1,
            "council": second.pk,
            "dossier_deadline": "2026-10-30",
            "scoring_opens": "2026-11-01",
            "scoring_closes": "2026-12-15",
        },
    )
    assert response.status_code == 302
    html = client.get("/evaluation/rounds/new/").content.decode()
    assert _selected(html, "council") == str(second.pk)


def test_district_staff_are_not_offered_the_communes_pre_assessment(client_for, cast, units):
    from tests.evaluation.helpers import make_dossier, make_round

    # a dossier still waiting for the commune's Mẫu 03
    dossier = make_dossier(cast, units, make_round(cast, units), ready=False)
    link = f"/evaluation/dossiers/{dossier.pk}/pre-assessment/"
    assert (
        link
        not in client_for("district_a").get(f"/evaluation/dossiers/{dossier.pk}/").content.decode()
    )
    assert client_for("district_a").get(link).status_code == 403
    assert (
        link in client_for("commune_a").get(f"/evaluation/dossiers/{dossier.pk}/").content.decode()
    )
