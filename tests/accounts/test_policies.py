"""Who keeps whose account, and the person page's buttons follow it."""

import pytest
from django.urls import reverse

from accounts.policies import PEOPLE
from subjects.policies import SUBJECTS
from tests import factories

pytestmark = pytest.mark.django_db


def test_create_is_for_those_who_give_staff_roles(cast):
    assert PEOPLE.can(cast["province_staff"], None, "create")
    assert PEOPLE.can(cast["sysadmin"], None, "create")
    assert not PEOPLE.can(cast["commune_a"], None, "create")  # producers only, from their page
    assert not PEOPLE.can(cast["leader"], None, "create")


@pytest.mark.parametrize("step", ["edit", "disable", "invite"])
def test_steps_on_an_active_account(cast, step):
    person = cast["commune_a"]
    assert PEOPLE.can(cast["province_staff"], person, step)
    assert not PEOPLE.can(cast["district_b"], person, step)
    assert not PEOPLE.can(person, person, step)  # nobody keeps their own account here


def test_enable_and_disable_follow_the_account_state(cast):
    person = cast["commune_a"]
    assert not PEOPLE.can(cast["province_staff"], person, "enable")
    person.is_active = False
    assert PEOPLE.can(cast["province_staff"], person, "enable")
    assert not PEOPLE.can(cast["province_staff"], person, "disable")
    assert not PEOPLE.can(cast["leader"], person, "enable")


def test_commune_officers_keep_their_producers_accounts_only(cast, producer_cast):
    producer = producer_cast["producer_a"]
    assert PEOPLE.can(cast["commune_a"], producer, "edit")
    assert not PEOPLE.can(cast["commune_b"], producer, "edit")
    assert not PEOPLE.can(cast["commune_a"], cast["district_a"], "edit")


def test_inviting_a_producers_account(cast, units):
    subject = factories.subject(units.current("19429"))
    assert SUBJECTS.can(cast["commune_a"], subject, "invite-account")
    assert not SUBJECTS.can(cast["commune_b"], subject, "invite-account")
    assert not SUBJECTS.can(cast["leader"], subject, "invite-account")


@pytest.mark.parametrize(("actor", "shown"), [("province_staff", True), ("leader", False)])
def test_the_person_page_shows_buttons_exactly_when_allowed(cast, client_for, actor, shown):
    person = cast["commune_a"]
    response = client_for(actor).get(reverse("accounts:person_detail", args=[person.pk]))
    if actor == "leader":
        assert response.status_code == 403  # leaders keep nobody's account
        return
    page = response.content.decode()
    assert (reverse("accounts:person_edit", args=[person.pk]) in page) is shown
    assert (reverse("accounts:person_disable", args=[person.pk]) in page) is shown
    assert reverse("accounts:person_enable", args=[person.pk]) not in page


def test_malformed_posts_are_answered_without_an_error(cast, client_for):
    client = client_for("commune_a")
    response = client.post(reverse("reports:inbox_mark_read"), {"notification": ["x", "1e9"]})
    assert response.status_code == 400
    response = client.post("/i18n/setlang/", {"language": "\x00", "next": "/"})
    assert response.status_code == 302
