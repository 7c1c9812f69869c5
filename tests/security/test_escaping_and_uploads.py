"""Security pass: typed HTML comes back escaped, hostile uploads never reach the disk."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from products import services as product_services
from tests import factories

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def test_html_typed_into_free_text_comes_back_escaped(cast, units, client_for):
    khe_sanh = units.current("19429")
    subject = factories.subject(khe_sanh, name=f"HTX {SCRIPT}")
    subject.description = SCRIPT
    subject.save()
    product = product_services.product_create(
        actor=cast["commune_a"],
        subject=subject,
        product_set=factories.ProductSet.objects.get(code="I.6"),
        name=f"Cà phê {SCRIPT}",
        description=SCRIPT,
    )
    idea = factories.idea(cast["commune_a"], khe_sanh, name=f"Ý tưởng {SCRIPT}", submit=True)
    product_services.idea_return(actor=cast["district_a"], idea=idea, guidance=SCRIPT)
    client = client_for("province_staff")
    for url in [
        f"/subjects/{subject.pk}/",
        "/subjects/",
        f"/products/{product.pk}/",
        "/products/",
        f"/ideas/{idea.pk}/",
        "/ideas/",
        "/inbox/",
    ]:
        content = client.get(url).content.decode()
        assert SCRIPT not in content, url
    assert ESCAPED in client.get(f"/ideas/{idea.pk}/").content.decode()


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_hostile_upload_names_never_reach_the_disk(cast, units, client_for):
    product = factories.product(cast["commune_a"], factories.subject(units.current("19429")))
    upload = SimpleUploadedFile("../../../etc/passwd.png", _png(), content_type="image/png")
    response = client_for("commune_a").post(f"/products/{product.pk}/photos/", {"image": upload})
    assert response.status_code == 302
    name = product.photos.get().image.name
    assert ".." not in name and "passwd" not in name


def test_evidence_is_typed_by_content_not_by_name(cast, units, client_for):
    from evaluation.models import Evidence
    from tests.evaluation.helpers import make_dossier, make_round

    dossier = make_dossier(cast, units, make_round(cast, units))
    client = client_for("commune_a")
    html = SimpleUploadedFile(
        "giay-phep.pdf", b"<html><script>x</script></html>", content_type="application/pdf"
    )
    response = client.post(
        f"/evaluation/dossiers/{dossier.pk}/evidence/", {"title": "Giấy phép", "file": html}
    )
    assert response.status_code == 400
    assert "Hãy tải lên tệp PDF, JPEG hoặc PNG" in response.content.decode()
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024 + 1))
    response = client.post(
        f"/evaluation/dossiers/{dossier.pk}/evidence/", {"title": "Lớn", "file": big}
    )
    assert response.status_code == 400
    scan = SimpleUploadedFile("scan.pdf", _png(), content_type="application/pdf")
    client.post(f"/evaluation/dossiers/{dossier.pk}/evidence/", {"title": "Scan", "file": scan})
    assert Evidence.objects.get().extension == "png"  # a PNG, whatever its name said
