"""Oversized request bodies are refused from their Content-Length, before being read; private
pages and downloads are never cached."""

import io

import pytest
from django.core.handlers.wsgi import WSGIHandler


class _Unreadable(io.RawIOBase):
    """A request body that fails the test if the portal reads a single byte of it."""

    read_bytes = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        type(self).read_bytes += len(buffer)
        raise AssertionError("the body of an oversized request was read")


@pytest.mark.django_db
def test_a_400_mb_upload_is_refused_before_its_body_is_read(cast):
    statuses = []
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/accounts/login/",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": "multipart/form-data; boundary=x",
        "CONTENT_LENGTH": str(400 * 1024 * 1024),
        "wsgi.input": _Unreadable(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    body = b"".join(WSGIHandler()(environ, lambda status, headers: statuses.append(status)))
    assert statuses == ["413 Request Entity Too Large"]
    assert "quá lớn".encode() in body
    assert _Unreadable.read_bytes == 0


@pytest.mark.django_db
def test_a_body_within_the_limit_goes_through(client_for, settings):
    client = client_for("province_staff")
    assert settings.REQUEST_BODY_MAX_BYTES >= 20 * 1024 * 1024  # the register workbook fits
    response = client.post("/reports/", {"unit": "", "as_of": "", "format": "pdf"})
    assert response.status_code == 200  # the form answers (with its own messages), not 413


@pytest.mark.django_db
def test_logged_in_pages_and_downloads_are_not_stored(client_for, objects):
    client = client_for("commune_a")
    for path in ["/", "/products/", f"/evaluation/evidence/{objects['evidence']}/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path
        assert "private" in response["Cache-Control"], path
        if response.streaming:
            b"".join(response.streaming_content)  # reading a download to its end closes it


@pytest.mark.django_db
def test_public_pages_keep_their_own_caching(client):
    response = client.get("/catalogue/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
