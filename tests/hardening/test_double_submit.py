"""Issue 11, items 8 and 9: a double-clicked "Thêm sản phẩm" or "Lưu và gửi" makes one record.

The page carries a one-time token (ocop_portal.form_token); the second POST of the same page is
sent to the first one's result, also when both arrive at the same moment.
"""

import re
import threading

import pytest
from django.db import connection
from django.test import Client

from products.models import Product, ProductIdea, ProductSet
from tests import factories


def _token(client, url) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="form_token" value="([0-9a-f]{32})"', page).group(1)


def _product_data(subject, token):
    return {
        "subject": subject.pk,
        "product_set": ProductSet.objects.get(code="I.6").pk,
        "name": "Cà phê bột Khe Sanh",
        "status": "developing",
        "form_token": token,
    }


def _idea_data(commune, token):
    return {
        "commune": commune.pk,
        "product_name": "Trà gừng",
        "product_set": ProductSet.objects.get(code="I.6").pk,
        "proposer_name": "Nguyễn Văn B",
        "description": "Trà gừng túi lọc từ gừng của xã",
        "local_labour": 5,
        "submit": "1",
        "form_token": token,
    }


@pytest.mark.django_db
def test_a_double_clicked_add_product_makes_one_product(units, client_for):
    subject = factories.subject(units.current("19429"))
    client = client_for("commune_a")
    data = _product_data(subject, _token(client, "/products/new/"))
    first = client.post("/products/new/", data)
    second = client.post("/products/new/", data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Product.objects.filter(subject=subject).count() == 1
    page = client.get(second["Location"]).content.decode()
    assert "đã được gửi trước đó" in page


@pytest.mark.django_db
def test_a_double_clicked_save_and_submit_makes_one_idea(units, client_for):
    client = client_for("commune_a")
    data = _idea_data(units.current("19429"), _token(client, "/ideas/new/"))
    responses = [client.post("/ideas/new/", data) for _ in range(2)]
    assert {r.status_code for r in responses} == {302}
    assert ProductIdea.objects.count() == 1
    assert ProductIdea.objects.get().status == "submitted"


@pytest.mark.django_db
def test_a_form_sent_back_with_errors_can_be_sent_again(units, client_for):
    subject = factories.subject(units.current("19429"))
    client = client_for("commune_a")
    data = _product_data(subject, _token(client, "/products/new/"))
    assert client.post("/products/new/", {**data, "name": ""}).status_code == 200
    assert client.post("/products/new/", data).status_code == 302
    assert Product.objects.filter(subject=subject).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_one_page_make_one_product(cast, units):
    subject = factories.subject(units.current("19429"))
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(cast["commune_a"], backend="django.contrib.auth.backends.ModelBackend")
        client.raise_request_exception = False
    data = _product_data(subject, _token(clients[0], "/products/new/"))
    start = threading.Barrier(2)
    responses = []

    def post(client):
        try:
            start.wait()
            responses.append(client.post("/products/new/", data))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(r.status_code for r in responses) == [302, 302]
    assert len({r["Location"] for r in responses}) == 1
    assert Product.objects.filter(subject=subject).count() == 1
