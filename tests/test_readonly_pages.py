"""A record a role may see but not change opens read-only at the address its list links to."""

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    ("/subjects/craft-villages/{village}/", "Làng nghề:"),
    ("/subjects/raw-material-areas/{area}/", "Vùng nguyên liệu:"),
    ("/promotion/sales-points/{point}/", "Điểm bán"),
    ("/promotion/channels/{channel}/", "Kênh bán"),
    ("/promotion/partners/{partner}/", "Đối tác"),
]


@pytest.mark.parametrize(("path", "title"), PAGES)
def test_a_leader_reads_the_record_and_cannot_save_it(client_for, objects, path, title):
    url = path.format(**objects)
    leader = client_for("leader")
    page = leader.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="record-fields"' in html and title in html
    assert 'method="post"' not in html.split('id="main"')[1].split("</main>")[0]
    assert leader.post(url, {}).status_code == 403


def test_an_editor_still_gets_the_form(client_for, objects):
    html = client_for("province_staff").get(f"/subjects/craft-villages/{objects['village']}/")
    assert 'method="post"' in html.content.decode()


def test_a_changed_list_of_products_shows_in_the_read_only_history(client_for, objects, cast):
    # Sales points record their products in the history as rows of the link table: the
    # read-only page shows them by name instead of failing on the list.
    from products.models import Product
    from promotion.models import SalesPoint

    point = SalesPoint.objects.get(pk=objects["point"])
    product = Product.objects.first()
    point._history_user = cast["province_staff"]
    point.products.add(product)
    point.name = "Điểm bán đã đổi tên"
    point.save()
    page = client_for("leader").get(f"/promotion/sales-points/{point.pk}/")
    assert page.status_code == 200
    assert str(product) in page.content.decode()
