"""Issue 11, item 4: a second user saving an older copy no longer reverts the first one's work.

Both open the same edit form; the first saves; the second's save of the older copy is refused,
shows what the first changed (their values) and keeps what the second typed. Saving again,
after seeing it, applies what is on the screen.
"""

import pytest

from products import services as product_services
from products.models import BusinessPlan, Product, ProductIdea
from subjects.models import Subject
from tests import factories
from tests.hardening.forms import form_data

pytestmark = pytest.mark.django_db

CONFLICT = "Người khác đã lưu bản ghi này"


def _race(client_for, url, first_changes, second_changes, first="province_staff"):
    """`first` and commune_a open `url`; `first` saves first; commune_a saves the older copy."""
    one, two = client_for(first), client_for("commune_a")
    page_one, page_two = (form_data(c.get(url).content.decode()) for c in (one, two))
    assert "version" in page_one
    saved = one.post(url, {**page_one, **first_changes})
    assert saved.status_code == 302, saved.content.decode()[:3000]
    stale = two.post(url, {**page_two, **second_changes})
    return two, stale


def _resend(client, url, response, **extra):
    return client.post(url, {**form_data(response.content.decode()), **extra})


def test_a_stale_product_save_is_refused_and_keeps_what_was_typed(cast, units, client_for):
    product = factories.product(cast["commune_a"], factories.subject(units.current("19429")))
    url = f"/products/{product.pk}/edit/"
    client, stale = _race(
        client_for,
        url,
        {"name": "Cà phê Arabica Khe Sanh"},
        {"description": "Rang mộc, xay mịn"},
    )
    page = stale.content.decode()
    assert stale.status_code == 200
    assert CONFLICT in page
    assert "Cà phê Arabica Khe Sanh" in page  # the other user's value, next to the field
    assert "Rang mộc, xay mịn" in page  # what this user typed is kept
    product.refresh_from_db()
    assert product.name == "Cà phê Arabica Khe Sanh"
    assert product.description == ""
    # saving again after seeing the other value applies the screen, the other name included
    again = _resend(client, url, stale, name="Cà phê Arabica Khe Sanh")
    assert again.status_code == 302
    product.refresh_from_db()
    assert (product.name, product.description) == ("Cà phê Arabica Khe Sanh", "Rang mộc, xay mịn")


def test_a_save_without_a_conflict_goes_through(cast, units, client_for):
    product = factories.product(cast["commune_a"], factories.subject(units.current("19429")))
    url = f"/products/{product.pk}/edit/"
    client = client_for("commune_a")
    data = form_data(client.get(url).content.decode())
    assert client.post(url, {**data, "description": "Mới"}).status_code == 302
    assert Product.objects.get(pk=product.pk).description == "Mới"


def test_a_stale_idea_save_is_refused(cast, units, client_for):
    idea = factories.idea(cast["commune_a"], units.current("19429"))
    url = f"/ideas/{idea.pk}/edit/"
    _, stale = _race(client_for, url, {"proposer_phone": "0912345678"}, {"local_labour": "12"})
    assert stale.status_code == 200
    assert CONFLICT in stale.content.decode()
    assert "0912345678" in stale.content.decode()
    idea.refresh_from_db()
    assert idea.proposer_phone == "0912345678"
    assert idea.local_labour != 12
    assert ProductIdea.objects.count() == 1


def test_a_stale_producer_save_is_refused(cast, units, client_for):
    subject = factories.subject(units.current("19429"))
    url = f"/subjects/{subject.pk}/edit/"
    _, stale = _race(
        client_for, url, {"representative_name": "Trần Thị C"}, {"phone": "0233123456"}
    )
    assert stale.status_code == 200
    assert CONFLICT in stale.content.decode()
    subject.refresh_from_db()
    assert subject.representative_name == "Trần Thị C"
    assert Subject.objects.get(pk=subject.pk).phone != "0233123456"


def test_a_stale_business_plan_save_is_refused_also_for_its_funding(cast, units, client_for):
    commune = units.current("19429")
    idea = factories.idea(cast["commune_a"], commune, submit=True)
    idea = product_services.idea_accept(actor=cast["district_a"], idea=idea)
    plan = factories.plan(cast["commune_a"], idea, factories.subject(commune))
    url = f"/plans/{plan.pk}/edit/"
    _, stale = _race(
        client_for, url, {"funding_own_capital": "250000000"}, {"title": "Phương án mới"}
    )
    assert stale.status_code == 200
    assert CONFLICT in stale.content.decode()
    plan = BusinessPlan.objects.get(pk=plan.pk)
    assert plan.title == "Phương án thử"
    assert plan.funding.get(source="own_capital").amount == 250_000_000
