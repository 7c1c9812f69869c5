import pytest
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_is_locked_after_five_wrong_passwords(cast):
    client = Client()
    for _ in range(5):
        assert _login(client, "t.province", "wrong-password").status_code in (200, 429)
    response = _login(client, "t.province", PASSWORD)  # even the right password is refused
    assert response.status_code == 429
    assert "Tài khoản tạm thời bị khóa".encode() in response.content


def test_a_correct_login_reaches_the_home_page(cast):
    client = Client()
    response = _login(client, "t.province", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_wrong_password_shows_a_vietnamese_message_and_keeps_the_username(cast):
    response = _login(Client(), "t.province", "wrong-password")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng".encode() in response.content
    assert b'value="t.province"' in response.content


def test_forms_require_a_csrf_token(cast):
    client = Client(enforce_csrf_checks=True)
    response = _login(client, "t.province", PASSWORD)
    assert response.status_code == 403


def test_pages_carry_security_headers(client):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"


def test_sessions_expire(settings, client_for):
    client = client_for("province_staff")
    client.get("/")
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert client.session.get_expiry_age() <= 8 * 3600


def test_weak_passwords_are_refused(client_for):
    client = client_for("commune_a")
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "Mật khẩu quá ngắn".encode() in response.content
