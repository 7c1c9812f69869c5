"""The menu: each entry follows one named right (accounts.roles.MENU_RIGHTS, `may.<name>` in the
templates), stated once and read from the role groups. Who sees which entry is written out here
by actor, as the permission matrix does, so a right changed by mistake fails a test; that the
pages behind the entries open is tests/test_dead_ends.py's job."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from accounts import context_processors
from accounts.roles import MENU_RIGHTS, REPORT_READERS
from evaluation.policies import COUNCIL
from evaluation.register_import import IMPORTERS
from promotion.policies import PAGE_REVISIONS

pytestmark = pytest.mark.django_db

STAFF = ("province_staff", "district_a", "commune_a")
# Each entry of the menu (by the page it opens) and the actors who are offered it.
ENTRIES = {
    "reports:inbox": (*STAFF, "leader", "council_member", "sysadmin", "producer_a"),
    "producer:dashboard": ("producer_a",),
    "reports:dashboard": (*STAFF, "leader"),
    "subjects:subject_list": (*STAFF, "leader", "sysadmin"),
    "accounts:person_list": (*STAFF, "sysadmin"),
    "evaluation:register_import": ("province_staff",),
    "promotion:page_review_list": STAFF,
    "evaluation:council_list": ("province_staff", "district_a"),
    # council members reach the rounds from the top of the menu, staff from "OCOP cycle"
    "evaluation:round_list": (*STAFF, "leader", "council_member", "sysadmin"),
    "admin:index": ("sysadmin",),
}
ACTORS = sorted({actor for actors in ENTRIES.values() for actor in actors})


@pytest.mark.parametrize("actor", ACTORS)
def test_the_menu_offers_each_person_the_entries_of_their_role(client_for, actor):
    cache.clear()  # the menu is cached by rights and language: start from nothing
    html = client_for(actor).get(reverse("reports:inbox")).content.decode()
    start = html.index('<ul class="navbar-nav me-auto">')
    menu = html[start : html.index('<ul class="navbar-nav">', start)]
    for name, actors in ENTRIES.items():
        assert (f'href="{reverse(name)}"' in menu) == (actor in actors), name


def test_each_right_of_the_menu_is_the_group_its_page_checks():
    assert MENU_RIGHTS["plan"] == REPORT_READERS
    assert MENU_RIGHTS["import_register"] == IMPORTERS
    assert MENU_RIGHTS["page_reviews"] == PAGE_REVISIONS.step("approve").roles
    assert MENU_RIGHTS["councils"] == COUNCIL.step("keep").roles


def test_the_rights_are_computed_once_per_request(cast, monkeypatch):
    asked = []
    real = context_processors.roles_managed_by
    monkeypatch.setattr(
        context_processors, "roles_managed_by", lambda user: asked.append(user) or real(user)
    )
    request = RequestFactory().get("/")
    request.user = cast["district_a"]
    first = context_processors.scope(request)
    second = context_processors.scope(request)
    assert first["may"] is second["may"] and len(asked) == 1
    assert first["may"]["councils"] and first["may"]["people"]
    assert not first["may"]["import_register"] and not first["may"]["administer"]
    assert first["may_granted"].split(",") == sorted(
        name for name, allowed in first["may"].items() if allowed
    )
