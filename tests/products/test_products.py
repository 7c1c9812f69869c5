import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from products.models import ProductPhoto
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(cast, units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return factories.product(cast["commune_a"], factories.subject(units.current("19429")))


def _png(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, "PNG")
    return buffer.getvalue()


def test_new_products_get_a_current_format_code(product):
    year = product.created_at.year
    assert product.code == f"44-19429-001-{year}"


def test_a_real_photo_is_stored_under_a_random_name(client_for, product):
    upload = SimpleUploadedFile("<script>.png", _png(), content_type="image/png")
    response = client_for("commune_a").post(
        f"/products/{product.pk}/photos/", {"image": upload, "caption": "Gói 500 g"}
    )
    assert response.status_code == 302
    photo = ProductPhoto.objects.get()
    assert photo.image.name.endswith(".png") and "script" not in photo.image.name


def test_a_fake_photo_behind_a_jpg_name_is_refused(client_for, product):
    upload = SimpleUploadedFile("anh.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    response = client_for("commune_a").post(f"/products/{product.pk}/photos/", {"image": upload})
    assert response.status_code == 200
    assert "Tệp này không phải là ảnh".encode() in response.content
    assert not ProductPhoto.objects.exists()


def test_an_oversized_photo_is_refused(client_for, product):
    upload = SimpleUploadedFile("big.png", _png() + b"\0" * (5 * 1024 * 1024), "image/png")
    response = client_for("commune_a").post(f"/products/{product.pk}/photos/", {"image": upload})
    assert "giới hạn là 5,0".encode() in response.content  # filesizeformat: 5,0\xa0MB


def test_an_association_cannot_hold_a_food_product(client_for, units):
    from products.models import ProductSet

    association = factories.subject(units.current("19429"), legal_form="association")
    response = client_for("commune_a").post(
        "/products/new/",
        {
            "subject": association.pk,
            "product_set": ProductSet.objects.get(code="I.6").pk,
            "name": "Cà phê",
            "status": "developing",
        },
    )
    assert "chỉ được đăng ký sản phẩm du lịch".encode() in response.content


def test_leaders_read_products_but_cannot_add_them(client_for, product):
    client = client_for("leader")
    assert client.get(f"/products/{product.pk}/").status_code == 200
    assert client.get("/products/new/").status_code == 403
