"""Issue 11, items 8 and 10: uploads are judged on their whole content.

A PNG whose header claims 30000×30000 pixels answered 500 (it was decoded to be checked); the
evidence check read only the first 8 bytes, so a PDF or PNG carrying a web page passed.
"""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests import factories
from tests.evaluation.helpers import make_dossier, make_round

pytestmark = pytest.mark.django_db

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def _png(width=10, height=10) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "red").save(buffer, "PNG")
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_claiming(width: int, height: int) -> bytes:
    """A valid small PNG whose header (IHDR, with a correct CRC) claims another size."""
    data = _png()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    start = 8  # after the signature: length, b"IHDR", 13 bytes, CRC
    return data[:start] + _chunk(b"IHDR", ihdr) + data[start + 25 :]


def _png_with_text(text: bytes) -> bytes:
    data = _png()
    end = data.index(b"IEND") - 4
    return data[:end] + _chunk(b"tEXt", b"Comment\x00" + text) + data[end:]


@pytest.fixture
def dossier(cast, units):
    return make_dossier(cast, units, make_round(cast, units))


def _evidence(client_for, dossier, content: bytes, name="tai-lieu.pdf"):
    client = client_for("commune_a")
    client.raise_request_exception = False
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(
        f"/evaluation/dossiers/{dossier.pk}/evidence/", {"title": "Giấy phép", "file": upload}
    )


def test_a_png_claiming_30000_by_30000_pixels_is_refused_before_decoding(cast, units, client_for):
    product = factories.product(cast["commune_a"], factories.subject(units.current("19429")))
    client = client_for("commune_a")
    client.raise_request_exception = False
    bomb = SimpleUploadedFile("anh.png", _png_claiming(30000, 30000), content_type="image/png")
    response = client.post(f"/products/{product.pk}/photos/", {"image": bomb})
    assert response.status_code == 200
    assert "megapixel" in response.content.decode()
    assert not product.photos.exists()
    # within Pillow's own limit but beyond the portal's: measured from the header
    wide = SimpleUploadedFile("anh.png", _png_claiming(20000, 3000), content_type="image/png")
    response = client.post(f"/products/{product.pk}/photos/", {"image": wide})
    assert "20000×3000" in response.content.decode()
    assert not product.photos.exists()
    fine = SimpleUploadedFile("anh.png", _png(), content_type="image/png")
    assert client.post(f"/products/{product.pk}/photos/", {"image": fine}).status_code == 302
    assert product.photos.count() == 1


def test_an_evidence_scan_claiming_30000_by_30000_pixels_is_refused(client_for, dossier):
    assert _evidence(client_for, dossier, _png_claiming(30000, 30000)).status_code == 400


@pytest.mark.parametrize(
    "content",
    [
        MINIMAL_PDF[:-7] + b"<html><script>alert(1)</script></html>\n%%EOF\n",
        MINIMAL_PDF + b"<html><body onload=alert(1)></body></html>",
        MINIMAL_PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript >>"),
        _png() + b"<html><script>alert(1)</script></html>",
        _png_with_text(b"<script>alert(1)</script>"),
        b"\xff\xd8\xff\xe0" + b"<SCRIPT>alert(1)</SCRIPT>",
    ],
    ids=["pdf-html", "pdf-trailing-html", "pdf-javascript", "png-html", "png-text", "jpeg-html"],
)
def test_polyglots_are_refused_as_evidence(client_for, dossier, content):
    from evaluation.models import Evidence

    response = _evidence(client_for, dossier, content)
    assert response.status_code == 400
    assert not Evidence.objects.exists()


def test_plain_documents_and_scans_are_accepted(client_for, dossier):
    from evaluation.models import Evidence

    assert _evidence(client_for, dossier, MINIMAL_PDF).status_code == 302
    assert _evidence(client_for, dossier, _png(), name="scan.png").status_code == 302
    assert sorted(Evidence.objects.values_list("extension", flat=True)) == ["pdf", "png"]
