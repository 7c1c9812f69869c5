"""The login lockout sees the real client behind the TLS proxy, and only a trusted proxy is
believed; guessing a colleague's password makes the guesser wait, not the colleague."""

import datetime

import pytest
import time_machine
from django.test import Client

from ocop_portal.client_ip import resolve
from tests.conftest import PASSWORD

PROXY = "10.0.0.2"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]


def _login(client, username, password, *, client_ip, remote=PROXY):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=client_ip,
    )


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("10.0.0.2", "203.0.113.5", "203.0.113.5"),
        # a client that writes its own header: the proxy appends the real one at the right
        ("10.0.0.2", "198.51.100.1, 203.0.113.5", "203.0.113.5"),
        # two proxies of ours in a row
        ("10.0.0.2", "203.0.113.5, 10.0.0.7", "203.0.113.5"),
        ("10.0.0.2", "[2001:db8::5]:443", "2001:db8::5"),
        # not from a trusted proxy: the header is the client's own invention
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),
        # garbage or nothing after the proxy: the proxy is all we can vouch for
        ("10.0.0.2", "not-an-address", "10.0.0.2"),
        ("10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_the_client_address_is_read_only_from_trusted_proxies(
    settings, remote, forwarded, expected
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert resolve(remote, forwarded) == expected


@pytest.mark.django_db
def test_wrong_passwords_from_one_client_do_not_lock_the_user_out_elsewhere(cast, behind_proxy):
    attacker, chair = Client(), Client()
    for _ in range(5):
        _login(attacker, "t.province", "wrong-password", client_ip="203.0.113.5")
    refused = _login(attacker, "t.province", PASSWORD, client_ip="203.0.113.5")
    assert refused.status_code == 429
    assert "Tài khoản tạm thời bị khóa".encode() in refused.content
    assert int(refused["Retry-After"]) == 600
    # the same account from the user's own office, through the same proxy
    answer = _login(chair, "t.province", PASSWORD, client_ip="198.51.100.7")
    assert answer.status_code == 302


@pytest.mark.django_db
def test_a_forged_forwarded_header_does_not_escape_the_throttle(cast, behind_proxy):
    """Straight to the application server (not through the proxy): X-Forwarded-For is
    ignored, so changing it on every try does not reset the count."""
    client = Client()
    for attempt in range(5):
        _login(
            client,
            "t.province",
            "wrong-password",
            client_ip=f"198.51.100.{attempt}",
            remote="203.0.113.9",
        )
    refused = _login(client, "t.province", PASSWORD, client_ip="192.0.2.77", remote="203.0.113.9")
    assert refused.status_code == 429


@pytest.mark.django_db
def test_the_throttle_ends_after_the_cool_off(cast, behind_proxy):
    client = Client()
    start = datetime.datetime.now(tz=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            _login(client, "t.province", "wrong-password", client_ip="203.0.113.5")
        assert _login(client, "t.province", PASSWORD, client_ip="203.0.113.5").status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=11), tick=False):
        assert _login(client, "t.province", PASSWORD, client_ip="203.0.113.5").status_code == 302
