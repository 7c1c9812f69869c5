"""Every URL of the portal, for every actor: login redirect, 404, 403, 200 (or the redirect or
400 that a permitted action answers).

`test_matrix_covers_every_url` fails as soon as a URL is added without a row here, so the
matrix cannot fall behind the code. Objects all sit in Xã Khe Sanh: inside the areas of
district_a (Hướng Hóa) and commune_a, outside those of district_b and commune_b.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from products import services
from subjects.models import CraftVillage, RawMaterialArea
from tests import factories
from tests.conftest import ACTORS

LOGIN = "login"  # a redirect to the login page
STAFF = [a for a in ACTORS if a != "anonymous"]
OUTSIDERS = ("district_b", "commune_b", "council_member")  # object outside their scope


def everyone(code):
    return dict.fromkeys(ACTORS, code)


def staff(code=200, **overrides):
    return {"anonymous": LOGIN, **dict.fromkeys(STAFF, code), **overrides}


def scoped(code=200, **overrides):
    """An object in Khe Sanh: outsiders get 404."""
    return staff(code, **dict.fromkeys(OUTSIDERS, 404), **overrides)


def acting(code, allowed, *, object_=False, **overrides):
    """Only `allowed` roles may act (others 403); with an object, outsiders get 404."""
    expected = staff(403, **dict.fromkeys(allowed, code))
    if object_:
        expected.update(dict.fromkeys(OUTSIDERS, 404))
    expected.update(overrides)
    return expected


EDITORS = ("province_staff", "district_a", "district_b", "commune_a", "commune_b")
REGISTRARS = ("province_staff", "commune_a", "commune_b")
SCREENERS = ("province_staff", "district_a", "district_b")

# (url name, path with {placeholders}, method, {actor: expected})
MATRIX = [
    ("healthz", "/healthz", "get", everyone(200)),
    ("login", "/accounts/login/", "get", {**everyone(302), "anonymous": 200}),
    ("logout", "/accounts/logout/", "post", everyone(302)),
    ("password_change", "/accounts/password/", "get", staff()),
    ("password_change_done", "/accounts/password/done/", "get", staff()),
    ("set_language", "/i18n/setlang/", "post", everyone(302)),
    ("home", "/", "get", staff()),
    ("inbox", "/inbox/", "get", staff()),
    ("inbox_mark_read", "/inbox/read/", "post", staff(302)),
    ("unit_list", "/units/", "get", staff()),
    ("unit_detail", "/units/{khe_sanh}/", "get", scoped()),
    (
        "unit_detail",
        "/units/{province}/",
        "get",
        staff(
            **dict.fromkeys(
                ("district_a", "district_b", "commune_a", "commune_b", "council_member"), 404
            )
        ),
    ),
    ("unit_detail", "/units/999999999/", "get", staff(404)),
    # producers, craft villages, raw-material areas
    ("subjects:subject_list", "/subjects/", "get", staff()),
    ("subjects:subject_create", "/subjects/new/", "get", acting(200, EDITORS)),
    ("subjects:subject_detail", "/subjects/{subject}/", "get", scoped()),
    (
        "subjects:subject_edit",
        "/subjects/{subject}/edit/",
        "get",
        acting(200, EDITORS, object_=True),
    ),
    ("subjects:craft_village_list", "/subjects/craft-villages/", "get", staff()),
    ("subjects:craft_village_create", "/subjects/craft-villages/new/", "get", acting(200, EDITORS)),
    (
        "subjects:craft_village_edit",
        "/subjects/craft-villages/{village}/",
        "get",
        acting(200, EDITORS, object_=True),
    ),
    ("subjects:raw_material_area_list", "/subjects/raw-material-areas/", "get", staff()),
    (
        "subjects:raw_material_area_create",
        "/subjects/raw-material-areas/new/",
        "get",
        acting(200, EDITORS),
    ),
    (
        "subjects:raw_material_area_edit",
        "/subjects/raw-material-areas/{area}/",
        "get",
        acting(200, EDITORS, object_=True),
    ),
    # products
    ("products:product_list", "/products/", "get", staff()),
    ("products:product_create", "/products/new/", "get", acting(200, EDITORS)),
    ("products:product_detail", "/products/{product}/", "get", scoped()),
    (
        "products:product_edit",
        "/products/{product}/edit/",
        "get",
        acting(200, EDITORS, object_=True),
    ),
    (
        "products:product_photo_add",
        "/products/{product}/photos/",
        "post",
        acting(200, EDITORS, object_=True),
    ),  # 200: the empty form comes back with its errors
    # ideas (the idea is submitted)
    ("products:idea_list", "/ideas/", "get", staff()),
    ("products:idea_create", "/ideas/new/", "get", acting(200, REGISTRARS)),
    ("products:idea_detail", "/ideas/{idea}/", "get", scoped()),
    (
        "products:idea_edit",
        "/ideas/{idea}/edit/",
        "get",
        acting(302, REGISTRARS, object_=True),
    ),  # 302: a submitted idea is not editable
    (
        "products:idea_submit",
        "/ideas/{idea}/submit/",
        "post",
        acting(302, REGISTRARS, object_=True),
    ),
    (
        "products:idea_withdraw",
        "/ideas/{idea}/withdraw/",
        "post",
        acting(302, REGISTRARS, object_=True),
    ),
    ("products:idea_accept", "/ideas/{idea}/accept/", "post", acting(302, SCREENERS, object_=True)),
    (
        "products:idea_return",
        "/ideas/{idea}/return/",
        "post",
        acting(400, SCREENERS, object_=True),
    ),  # 400: returning needs written guidance
    # business plans (the plan is submitted and has provincial-budget money)
    ("products:plan_list", "/plans/", "get", staff()),
    ("products:plan_create", "/plans/new/", "get", acting(200, EDITORS)),
    ("products:plan_detail", "/plans/{plan}/", "get", scoped()),
    ("products:plan_edit", "/plans/{plan}/edit/", "get", acting(302, EDITORS, object_=True)),
    ("products:plan_submit", "/plans/{plan}/submit/", "post", acting(302, EDITORS, object_=True)),
    (
        "products:plan_appraise",
        "/plans/{plan}/appraise/",
        "get",
        acting(200, SCREENERS, object_=True),
    ),
    ("products:plan_accept", "/plans/{plan}/accept/", "post", acting(302, SCREENERS, object_=True)),
    ("products:plan_return", "/plans/{plan}/return/", "post", acting(400, SCREENERS, object_=True)),
    ("products:support_list", "/support/", "get", staff()),
    ("products:support_create", "/support/new/", "get", acting(200, EDITORS)),
    ("products:campaign_list", "/campaigns/", "get", staff()),
    ("products:campaign_create", "/campaigns/new/", "get", acting(200, EDITORS)),
    # register and certificates
    ("evaluation:certificate_list", "/evaluation/certificates/", "get", staff()),
    (
        "evaluation:register_import",
        "/evaluation/register/import/",
        "get",
        acting(200, ("province_staff",)),
    ),
    (
        "evaluation:register_template",
        "/evaluation/register/import/template.xlsx",
        "get",
        acting(200, ("province_staff",)),
    ),
    # Django admin: system administrators only
    ("admin:index", "/admin/", "get", {**everyone(LOGIN), "sysadmin": 200}),
    (
        "admin:accounts_user_changelist",
        "/admin/accounts/user/",
        "get",
        {**everyone(LOGIN), "sysadmin": 200},
    ),
]

# Admin's inner pages are all guarded by the same PortalAdminSite.has_permission that the two
# admin rows above exercise.
NOT_IN_MATRIX_PREFIXES = ("admin:",)


def _all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _all_url_names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_matrix_covers_every_url():
    covered = {row[0] for row in MATRIX}
    missing = {
        name
        for name in _all_url_names()
        if name not in covered and not name.startswith(NOT_IN_MATRIX_PREFIXES)
    }
    assert not missing, f"URLs without a permission-matrix row: {sorted(missing)}"


@pytest.fixture
def objects(cast, units):
    khe_sanh = units.current("19429")
    officer, screener = cast["commune_a"], cast["district_a"]
    subject = factories.subject(khe_sanh)
    accepted = services.idea_accept(
        actor=screener, idea=factories.idea(officer, khe_sanh, submit=True, name="Ý tưởng A")
    )
    plan = services.plan_submit(
        actor=officer, plan=factories.plan(officer, accepted, subject, budget=50_000_000)
    )
    village = CraftVillage(
        name="Làng nghề thử", commune=khe_sanh, recognised_on=datetime.date(2010, 1, 1)
    )
    village.save()
    area = RawMaterialArea(name="Vùng thử", hectares=10)
    area.save()
    area.communes.set([khe_sanh])
    return {
        "khe_sanh": khe_sanh.pk,
        "province": units.current("44").pk,
        "subject": subject.pk,
        "product": factories.product(officer, subject).pk,
        "idea": factories.idea(officer, khe_sanh, submit=True).pk,
        "plan": plan.pk,
        "village": village.pk,
        "area": area.pk,
    }


CASES = [
    pytest.param(name, path, method, actor, expected[actor], id=f"{name}[{path}]-{actor}")
    for name, path, method, expected in MATRIX
    for actor in ACTORS
]


@pytest.mark.parametrize(("name", "path", "method", "actor", "expected"), CASES)
def test_permission_matrix(client_for, objects, name, path, method, actor, expected):
    client = client_for(actor)
    data = {"language": "en", "next": "/"} if name == "set_language" else {}
    response = getattr(client, method)(path.format(**objects), data)
    if expected == LOGIN:
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    else:
        assert response.status_code == expected
