"""The public catalogue, product pages, QR codes and certificate verification."""

import datetime
import io

import pytest
import zxingcpp
from django.test import Client
from PIL import Image

from evaluation.models import Certificate
from promotion.models import Partner, SalesChannel, SalesPoint
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def _certificate(product, *, issued, stars=4, **extra):
    return Certificate.objects.create(
        product=product,
        stars=stars,
        level="province",
        decision_number=f"{product.pk}/QĐ",
        decision_date=issued,
        issued_on=issued,
        expires_on=issued.replace(year=issued.year + 3),
        source="imported",
        **extra,
    )


@pytest.fixture
def catalogue(cast, units):
    commune = units.current("19429")
    coffee = factories.product(
        cast["commune_a"],
        factories.subject(commune, name="HTX Nông sản Khe Sanh"),
        name="Cà phê bột Khe Sanh",
    )
    expired = factories.product(
        cast["commune_a"], factories.subject(commune), name="Sản phẩm hết hạn"
    )
    revoked = factories.product(
        cast["commune_a"], factories.subject(commune), name="Sản phẩm bị thu hồi"
    )
    never = factories.product(
        cast["commune_a"], factories.subject(commune), name="Sản phẩm chưa công nhận"
    )
    return {
        "coffee": _certificate(coffee, issued=TODAY - datetime.timedelta(days=100)),
        "expired": _certificate(expired, issued=TODAY.replace(year=TODAY.year - 4)),
        "revoked": _certificate(
            revoked,
            issued=TODAY - datetime.timedelta(days=300),
            revoked_on=TODAY - datetime.timedelta(days=10),
        ),
        "never": never,
    }


def test_the_catalogue_lists_only_products_with_a_valid_certificate(client, catalogue):
    names = [p.name for p in client.get("/catalogue/").context["page"]]
    assert names == ["Cà phê bột Khe Sanh"]


def test_search_ignores_accents(client, catalogue):
    page = client.get("/catalogue/", {"q": "ca phe"}).context["page"]
    assert [p.name for p in page] == ["Cà phê bột Khe Sanh"]
    assert not list(client.get("/catalogue/", {"q": "tra"}).context["page"])


def test_the_catalogue_filters_by_an_old_district_or_a_commune(client, catalogue, units):
    """Xã Khe Sanh (19429) took in communes of old Hướng Hóa (465), none of old Cam Lộ (468)."""

    def names(unit):
        return [p.name for p in client.get("/catalogue/", {"unit": unit.pk}).context["page"]]

    assert names(units.legacy("465")) == ["Cà phê bột Khe Sanh"]
    assert names(units.current("19429")) == ["Cà phê bột Khe Sanh"]
    assert names(units.legacy("468")) == []


def test_the_product_page_shows_where_to_buy_but_no_personal_data(client, catalogue, cast):
    product = catalogue["coffee"].product
    subject = product.subject
    subject.representative_name = "Hồ Văn Riêng Tư"
    subject.phone = "0912345678"
    subject.save()
    point = SalesPoint.objects.create(
        name="Điểm bán OCOP Đông Hà",
        kind="showroom",
        address="01 Lê Duẩn",
        unit=subject.commune,
        operator="Trung tâm XTTM",
        opened_on=TODAY,
        created_by=cast["province_staff"],
    )
    point.products.add(product)
    SalesChannel.objects.create(
        subject=subject,
        kind="ecommerce",
        name="Sàn Postmart",
        url="https://postmart.vn/shop/khesanh",
        started_on=TODAY,
        evidence="Hợp đồng",
        created_by=cast["province_staff"],
    )
    content = client.get(f"/catalogue/{product.code}/").content.decode()
    assert "Điểm bán OCOP Đông Hà" in content and "Sàn Postmart" in content
    assert "Hồ Văn Riêng Tư" not in content and "0912345678" not in content
    assert f'rel="canonical" href="http://testserver/catalogue/{product.code}/"' in content
    assert 'property="og:title"' in content


def test_expired_and_revoked_products_leave_the_catalogue_pages(client, catalogue):
    for key in ("expired", "revoked"):
        assert client.get(f"/catalogue/{catalogue[key].product.code}/").status_code == 404


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("coffee", "Giấy chứng nhận CÒN HIỆU LỰC."),
        ("expired", "Giấy chứng nhận đã HẾT HẠN."),
        ("revoked", "Giấy chứng nhận đã BỊ THU HỒI."),
    ],
)
def test_verification_states_the_truth_for_each_status(client, catalogue, key, text):
    response = client.get(f"/verify/{catalogue[key].public_code}/")
    assert text in response.content.decode()


def test_a_superseded_certificate_says_so(client, catalogue):
    certificate = catalogue["coffee"]
    certificate.superseded_on = TODAY - datetime.timedelta(days=1)
    certificate.save()
    content = client.get(f"/verify/{certificate.public_code}/").content.decode()
    assert "ĐƯỢC THAY THẾ" in content


def test_an_unknown_code_is_not_found(client):
    assert client.get("/verify/not-a-code/").status_code == 404


def test_an_unknown_code_warns_of_counterfeits_and_names_the_office(client, settings):
    settings.OCOP_REPORT_OFFICE = {
        "name": "Chi cục Phát triển nông thôn Quảng Trị",
        "phone": "0233 3852 000",
        "email": "ocop@quangtri.gov.vn",
        "address": "Đông Hà",
    }
    response = client.get("/verify/GIA-MAO-123/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "GIA-MAO-123" in content and "giả mạo" in content
    assert "Chi cục Phát triển nông thôn Quảng Trị" in content and "0233 3852 000" in content
    # the check form on the landing page leads to the same answer
    lookup = client.get("/verify/", {"code": "GIA-MAO-123"}, follow=True)
    assert lookup.status_code == 404 and "GIA-MAO-123" in lookup.content.decode()
    hostile = client.get("/verify/", {"code": "<script>alert(1)</script>"})
    assert hostile.status_code == 404 and b"<script>alert" not in hostile.content


def test_anonymous_home_is_the_public_landing_page(client, catalogue):
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Cà phê bột Khe Sanh" in content  # featured by stars and sector
    assert "Sản phẩm hết hạn" not in content and "Sản phẩm bị thu hồi" not in content
    for link in ('action="/catalogue/"', 'href="/partners/"', 'action="/verify/"'):
        assert link in content
    assert 'href="/accounts/login/"' in content and "Đăng nhập" in content


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_the_qr_code_decodes_to_the_verify_url(client, catalogue, fmt, settings):
    # the configured site address, whatever host the request came in on
    settings.OCOP_SITE_URL = "https://ocop.quangtri.gov.vn"
    certificate = catalogue["coffee"]
    response = client.get(f"/verify/{certificate.public_code}/qr.{fmt}")
    if fmt == "svg":
        assert response["Content-Type"] == "image/svg+xml"
        assert b"<svg" in response.content
        return
    image = Image.open(io.BytesIO(response.content))
    decoded = zxingcpp.read_barcodes(image)
    assert [d.text for d in decoded] == [
        f"https://ocop.quangtri.gov.vn/verify/{certificate.public_code}/"
    ]


def test_the_sitemap_lists_the_catalogue(client, catalogue):
    content = client.get("/sitemap.xml").content.decode()
    assert f"/catalogue/{catalogue['coffee'].product.code}/" in content
    assert catalogue["expired"].product.code not in content


def test_only_published_partners_appear_in_the_directory(client, cast):
    Partner.objects.create(
        name="Viện Nghiên cứu Rau quả",
        kind="institute",
        profile="Viện",
        published=True,
        created_by=cast["province_staff"],
        phone="0900000000",
    )
    Partner.objects.create(
        name="Đối tác nội bộ", kind="finance", profile="…", created_by=cast["province_staff"]
    )
    content = client.get("/partners/").content.decode()
    assert "Viện Nghiên cứu Rau quả" in content and "Đối tác nội bộ" not in content
    assert "0900000000" not in content


def test_the_english_site_falls_back_to_vietnamese(catalogue):
    product = catalogue["coffee"].product
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Cà phê bột Khe Sanh" in client.get(f"/catalogue/{product.code}/").content.decode()
    product.name_en = "Khe Sanh ground coffee"
    product.save()
    assert "Khe Sanh ground coffee" in client.get(f"/catalogue/{product.code}/").content.decode()


def test_qr_labels_print_for_a_producers_certified_products(client_for, catalogue):
    subject = catalogue["coffee"].product.subject
    response = client_for("commune_a").get(f"/promotion/qr-labels/{subject.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert client_for("commune_b").get(f"/promotion/qr-labels/{subject.pk}/").status_code == 404


def test_the_product_page_shows_the_producers_approved_contact(
    client, catalogue, cast, client_for, django_capture_on_commit_callbacks
):
    from accounts.models import Role
    from accounts.services import user_create
    from promotion.services import page_revision_submit

    product = catalogue["coffee"].product
    owner = user_create(
        username="htx.khesanh",
        full_name="HTX Khe Sanh",
        role=Role.PRODUCER,
        unit=None,
        subject=product.subject,
        password="a-Strong-test-pass-2026",
    )
    path = f"/catalogue/{product.code}/"
    assert "Ask the producer or the commune" in client.get(path).content.decode() or (
        "liên hệ" in client.get(path).content.decode().lower()
    )
    revision = page_revision_submit(
        actor=owner,
        description="Cà phê Arabica trồng trên đồi Khe Sanh.",
        phone="0912 345 678",
        address="Thôn 1, xã Khe Sanh",
        website="https://caphekhesanh.vn",
        ecommerce_links="https://shopee.vn/caphekhesanh",
        where_to_buy="Chợ Khe Sanh, quầy 12",
    )
    # not shown before a member of staff approves it
    assert "0912 345 678" not in Client().get(path).content.decode()
    staff = client_for("commune_a")
    refused = staff.post(f"/promotion/producer-pages/{revision.pk}/", {"reject": "1"})
    assert refused.status_code == 400  # a refusal must say why
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/promotion/producer-pages/{revision.pk}/", {"approve": "1"})
    content = Client().get(path).content.decode()
    for shown in (
        "0912 345 678",
        "Thôn 1, xã Khe Sanh",
        "https://caphekhesanh.vn",
        "https://shopee.vn/caphekhesanh",
        "Chợ Khe Sanh, quầy 12",
        "Cà phê Arabica trồng trên đồi Khe Sanh.",
    ):
        assert shown in content, shown
    # a later proposal waits, and the page keeps the approved one; the history keeps both
    page_revision_submit(actor=owner, phone="0999 999 999")
    assert "0912 345 678" in Client().get(path).content.decode()
    history = client_for("commune_a").get(f"/promotion/producer-pages/{revision.pk}/")
    assert history.content.decode().count("list-group-item") >= 2
