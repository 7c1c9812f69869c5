"""Every URL of the portal, for every actor: login redirect, 404, 403, 405 or 200.

`test_matrix_covers_every_url` fails as soon as a URL is added without a row here, so the
matrix cannot fall behind the code.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import ACTORS

LOGIN = "login"  # a redirect to the login page
ALL_STAFF = {a: 200 for a in ACTORS if a != "anonymous"}


def _everyone(code):
    return dict.fromkeys(ACTORS, code)


def _staff_only(**overrides):
    return {"anonymous": LOGIN, **ALL_STAFF, **overrides}


# (url name, how to build the path, method, {actor: expected})
# `unit:own` is Xã Khe Sanh (current), inside district_a's and commune_a's areas only.
MATRIX = [
    ("healthz", "/healthz", "get", _everyone(200)),
    ("login", "/accounts/login/", "get", {**_everyone(302), "anonymous": 200}),
    ("logout", "/accounts/logout/", "post", _everyone(302)),
    ("password_change", "/accounts/password/", "get", _staff_only()),
    ("password_change_done", "/accounts/password/done/", "get", _staff_only()),
    ("set_language", "/i18n/setlang/", "post", _everyone(302)),
    ("home", "/", "get", _staff_only()),
    ("unit_list", "/units/", "get", _staff_only()),
    (
        "unit_detail",
        "unit:own",
        "get",
        _staff_only(district_b=404, commune_b=404, council_member=404),
    ),
    (
        "unit_detail",
        "unit:province",
        "get",
        _staff_only(
            district_a=404, district_b=404, commune_a=404, commune_b=404, council_member=404
        ),
    ),
    (
        "unit_detail",
        "unit:missing",
        "get",
        _staff_only(**dict.fromkeys(ALL_STAFF, 404)),
    ),
    (
        "admin:index",
        "/admin/",
        "get",
        {**dict.fromkeys(ACTORS, LOGIN), "sysadmin": 200},
    ),
    (
        "admin:accounts_user_changelist",
        "/admin/accounts/user/",
        "get",
        {**dict.fromkeys(ACTORS, LOGIN), "sysadmin": 200},
    ),
]

# URL names the matrix deliberately leaves to Django's own tests: admin's inner pages are all
# guarded by the same PortalAdminSite.has_permission that the two admin rows above exercise.
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


def _path(spec, units):
    if not spec.startswith("unit:"):
        return spec
    which = spec.split(":", 1)[1]
    if which == "own":
        return f"/units/{units.current('19429').pk}/"
    if which == "province":
        return f"/units/{units.current('44').pk}/"
    return "/units/999999999/"


CASES = [
    pytest.param(name, spec, method, actor, expected[actor], id=f"{name}[{spec}]-{actor}")
    for name, spec, method, expected in MATRIX
    for actor in ACTORS
]


@pytest.mark.parametrize(("name", "spec", "method", "actor", "expected"), CASES)
def test_permission_matrix(client_for, units, name, spec, method, actor, expected):
    client = client_for(actor)
    data = {"language": "en", "next": "/"} if name == "set_language" else {}
    response = getattr(client, method)(_path(spec, units), data)
    if expected == LOGIN:
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    else:
        assert response.status_code == expected
