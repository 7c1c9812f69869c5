"""Offices keep their own people: accounts made in the portal, invitations and password resets
by e-mail with one-time links (expired, reused and tampered links refused), deactivation that
keeps history, and the command that makes the first administrator."""

import datetime
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.models import Role, User
from accounts.tokens import InvitationTokenGenerator, uid_for
from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SITE = "https://ocop.example.gov.vn"
NEW_PASSWORD = "Cafe-Khe-Sanh-2026!"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.OCOP_SITE_URL = SITE


def _link_in(message) -> str:
    match = re.search(r"https?://\S+", message.body)
    assert match, message.body
    return match.group(0)


def _path(link: str) -> str:
    assert link.startswith(SITE + "/"), link  # the configured address, never the request host
    return link[len(SITE) :]


def _password_is(username, password) -> bool:
    return User.objects.get(username=username).check_password(password)


def _set_password(client, path, password=NEW_PASSWORD):
    """Follow an e-mailed link and set a password; the response of the POST."""
    page = client.get(path, follow=True)
    assert page.context["validlink"], page.content[:400]
    form_path = page.redirect_chain[-1][0]
    return client.post(form_path, {"new_password1": password, "new_password2": password})


def test_province_staff_create_an_account_and_the_person_sets_a_password(
    client_for, units, settings
):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "evil.example.com"]
    client = client_for("province_staff")
    response = client.post(
        "/people/new/",
        {
            "username": "xa.camlo2",
            "full_name": "Lê Thị Hoa",
            "email": "Hoa@Example.vn",
            "role": Role.COMMUNE_OFFICER,
            "unit": units.current("19597").pk,
        },
        HTTP_HOST="evil.example.com",
    )
    assert response.status_code == 302
    person = User.objects.get(username="xa.camlo2")
    assert person.email == "hoa@example.vn" and not person.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hoa@example.vn"]
    path = _path(_link_in(mail.outbox[0]))
    assert "evil.example.com" not in mail.outbox[0].body

    newcomer = Client()
    response = _set_password(newcomer, path)
    assert response.status_code == 302
    assert _password_is("xa.camlo2", NEW_PASSWORD)
    assert newcomer.get("/").status_code == 200  # logged in straight away

    # the same link a second time: refused
    again = Client().get(path, follow=True)
    assert not again.context["validlink"]
    assert "no longer works" in again.content.decode() or "không còn" in again.content.decode()


def test_an_expired_or_tampered_invitation_is_refused(cast, units, settings):
    from accounts.services import user_create

    person = user_create(
        username="moi",
        full_name="Người Mới",
        role=Role.COMMUNE_OFFICER,
        unit=units.current("19429"),
        email="moi@example.vn",
    )
    old = InvitationTokenGenerator()
    old._now = lambda: (
        datetime.datetime.now() - datetime.timedelta(seconds=settings.INVITATION_TIMEOUT + 60)
    )
    expired = old.make_token(person)
    page = Client().get(f"/accounts/invitation/{uid_for(person)}/{expired}/", follow=True)
    assert not page.context["validlink"]

    fresh = InvitationTokenGenerator().make_token(person)
    tampered = fresh[:-1] + ("a" if fresh[-1] != "a" else "b")
    page = Client().get(f"/accounts/invitation/{uid_for(person)}/{tampered}/", follow=True)
    assert not page.context["validlink"]
    # another account's id with a valid token: refused too
    page = Client().get(f"/accounts/invitation/{uid_for(cast['leader'])}/{fresh}/", follow=True)
    assert not page.context["validlink"]
    # a password-reset token is no invitation token (different salt)
    from django.contrib.auth.tokens import default_token_generator

    reset = default_token_generator.make_token(person)
    page = Client().get(f"/accounts/invitation/{uid_for(person)}/{reset}/", follow=True)
    assert not page.context["validlink"]
    # the genuine one still works
    page = Client().get(f"/accounts/invitation/{uid_for(person)}/{fresh}/", follow=True)
    assert page.context["validlink"]


def test_password_reset_never_says_whether_an_address_exists(cast):
    cast["commune_a"].email = "xa.a@example.vn"
    cast["commune_a"].save()
    known = Client().post("/accounts/password/reset/", {"email": "xa.a@example.vn"})
    unknown = Client().post("/accounts/password/reset/", {"email": "nobody@example.vn"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    nonce = re.compile(rb'(nonce|value)="[^"]*"')  # per-request CSP nonces and CSRF tokens
    page_known = nonce.sub(b"", Client().get(known["Location"]).content)
    page_unknown = nonce.sub(b"", Client().get(unknown["Location"]).content)
    assert page_known == page_unknown
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["xa.a@example.vn"]


def test_a_reset_link_works_once_and_not_after_expiry_or_tampering(cast, settings):
    user = cast["commune_a"]
    user.email = "xa.a@example.vn"
    user.save()
    Client().post("/accounts/password/reset/", {"email": "xa.a@example.vn"})
    path = _path(_link_in(mail.outbox[0]))

    tampered = path.rstrip("/")[:-1] + ("x/" if not path.rstrip("/").endswith("x") else "y/")
    page = Client().get(tampered, follow=True)
    assert not page.context["validlink"]

    response = _set_password(Client(), path)
    assert response.status_code == 302
    assert _password_is(user.username, NEW_PASSWORD)
    page = Client().get(path, follow=True)  # reused
    assert not page.context["validlink"]

    settings.PASSWORD_RESET_TIMEOUT = 1
    Client().post("/accounts/password/reset/", {"email": "xa.a@example.vn"})
    path = _path(_link_in(mail.outbox[1]))
    import time_machine

    with time_machine.travel(datetime.datetime.now() + datetime.timedelta(seconds=120)):
        page = Client().get(path, follow=True)
    assert not page.context["validlink"]


def test_a_disabled_account_keeps_its_history_and_cannot_log_in(client_for, cast):
    person = cast["commune_b"]
    client = client_for("province_staff")
    assert client.post(f"/people/{person.pk}/disable/").status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    login = Client().post("/accounts/login/", {"username": person.username, "password": PASSWORD})
    assert login.status_code == 200  # the form again: the account is disabled
    states = list(person.history.order_by("history_date").values_list("is_active", flat=True))
    assert states[-2:] == [True, False]
    assert person.history.latest().history_user == cast["province_staff"]
    page = client.get(f"/people/{person.pk}/")
    assert page.status_code == 200


def test_offices_manage_only_their_own_people(client_for, cast, units):
    # district staff and commune officers create no staff accounts
    assert client_for("district_a").get("/people/new/").status_code == 403
    assert client_for("commune_a").get("/people/new/").status_code == 403
    # province staff may not make administrators
    response = client_for("province_staff").post(
        "/people/new/",
        {
            "username": "quantri2",
            "full_name": "Quản Trị Hai",
            "email": "qt2@example.vn",
            "role": Role.SYSTEM_ADMIN,
        },
    )
    assert response.status_code == 200 and not User.objects.filter(username="quantri2").exists()
    # a commune officer cannot see (404) a producer of another commune
    other = factories.subject(units.current("19597"))
    assert client_for("commune_a").get(f"/subjects/{other.pk}/accounts/new/").status_code == 404


def test_a_commune_officer_invites_a_producer_of_its_commune(client_for, units):
    subject = factories.subject(units.current("19429"), name="HTX Cà phê Khe Sanh")
    response = client_for("commune_a").post(
        f"/subjects/{subject.pk}/accounts/new/",
        {"username": "htx.caphe", "full_name": "Hồ Văn Tư", "email": "tu@example.vn"},
    )
    assert response.status_code == 302
    person = User.objects.get(username="htx.caphe")
    assert person.role == Role.PRODUCER and person.subject == subject and person.unit is None
    path = _path(_link_in(mail.outbox[0]))
    producer = Client()
    assert _set_password(producer, path).status_code == 302
    assert producer.get("/").url == "/producer/"
    # the producer's account is confined to its workspace
    assert producer.get("/subjects/").status_code == 403
    assert producer.get(f"/subjects/{subject.pk}/").status_code == 403


def test_the_first_administrator_comes_from_one_command(db, settings):
    User.objects.filter(role=Role.SYSTEM_ADMIN).delete()
    User.objects.filter(is_superuser=True).delete()
    out = StringIO()
    call_command(
        "create_first_admin",
        "--username",
        "quantri",
        "--email",
        "it@example.gov.vn",
        "--full-name",
        "Quản Trị",
        stdout=out,
    )
    admin = User.objects.get(username="quantri")
    assert admin.role == Role.SYSTEM_ADMIN and admin.is_superuser
    link = re.search(r"https?://\S+", out.getvalue()).group(0)
    assert _set_password(Client(), _path(link)).status_code == 302
    with pytest.raises(CommandError):
        call_command(
            "create_first_admin",
            "--username",
            "quantri2",
            "--email",
            "x@example.vn",
            "--full-name",
            "X",
            stdout=StringIO(),
        )


def test_moving_a_person_to_another_unit_keeps_the_old_period(client_for, cast, units):
    from accounts.models import RoleAssignment

    person = cast["commune_b"]
    RoleAssignment.objects.filter(user=person).update(valid_from=datetime.date(2025, 7, 1))
    response = client_for("province_staff").post(
        f"/people/{person.pk}/edit/",
        {
            "username": person.username,
            "full_name": person.full_name,
            "email": "camlo@example.vn",
            "role": Role.COMMUNE_OFFICER,
            "unit": units.current("19429").pk,
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.unit == units.current("19429") and person.email == "camlo@example.vn"
    periods = list(
        RoleAssignment.objects.filter(user=person)
        .order_by("valid_from")
        .values_list("unit__code", "valid_to")
    )
    assert [code for code, _ in periods] == ["19597", "19429"]
    assert periods[0][1] is not None and periods[1][1] is None
    # a commune officer may not edit staff, even of its own commune
    assert client_for("commune_a").get(f"/people/{person.pk}/edit/").status_code in (403, 404)
