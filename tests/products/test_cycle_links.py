"""Links along the cycle: an accepted idea to the producer it became, an accepted plan to its
product; each link is in the record's history, and only an accepted record can be linked."""

import pytest

from products import services
from products.models import BusinessPlan, ProductIdea
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted_idea(cast, units):
    idea = factories.idea(cast["commune_a"], units.current("19429"), submit=True)
    return services.idea_accept(actor=cast["district_a"], idea=idea)


def test_an_accepted_idea_is_linked_to_its_producer_with_history(
    client_for, cast, units, accepted_idea
):
    producer = factories.subject(units.current("19429"), name="HTX Cà phê Khe Sanh")
    officer = client_for("commune_a")
    page = officer.get(f"/ideas/{accepted_idea.pk}/").content.decode()
    assert f"/ideas/{accepted_idea.pk}/producer/" in page
    response = officer.post(f"/ideas/{accepted_idea.pk}/producer/", {"subject": producer.pk})
    assert response.status_code == 302
    idea = ProductIdea.objects.get(pk=accepted_idea.pk)
    assert idea.proposer_subject == producer
    assert idea.history.first().proposer_subject_id == producer.pk
    page = officer.get(f"/ideas/{idea.pk}/").content.decode()
    assert f"/subjects/{producer.pk}/" in page and "HTX Cà phê Khe Sanh" in page
    # a leader reads, never links
    assert (
        client_for("leader")
        .post(f"/ideas/{idea.pk}/producer/", {"subject": producer.pk})
        .status_code
        == 403
    )


def test_an_idea_not_yet_accepted_cannot_be_linked(client_for, cast, units):
    idea = factories.idea(cast["commune_a"], units.current("19429"))
    producer = factories.subject(units.current("19429"))
    response = client_for("commune_a").post(f"/ideas/{idea.pk}/producer/", {"subject": producer.pk})
    assert response.status_code == 200
    assert "Chỉ ý tưởng đã được chấp nhận" in response.content.decode()
    assert ProductIdea.objects.get(pk=idea.pk).proposer_subject is None


def test_an_accepted_plan_is_linked_to_a_product_of_its_producer(
    client_for, cast, units, accepted_idea
):
    producer = factories.subject(units.current("19429"))
    plan = factories.plan(cast["commune_a"], accepted_idea, producer)
    plan = services.plan_submit(actor=cast["commune_a"], plan=plan)
    plan = services.plan_accept(actor=cast["district_a"], plan=plan)
    other = factories.product(cast["commune_a"], factories.subject(units.current("19429")))
    officer = client_for("commune_a")
    response = officer.post(f"/plans/{plan.pk}/product/", {"product": other.pk})
    assert response.status_code == 200  # not a product of this producer: not a choice
    product = factories.product(cast["commune_a"], producer, name="Cà phê rang xay")
    assert officer.post(f"/plans/{plan.pk}/product/", {"product": product.pk}).status_code == 302
    plan = BusinessPlan.objects.get(pk=plan.pk)
    assert plan.product == product
    assert plan.history.first().product_id == product.pk
    page = officer.get(f"/plans/{plan.pk}/").content.decode()
    assert f"/products/{product.pk}/" in page
    # the product search offers only this producer's products
    found = officer.get(f"/lookup/products/?producer={producer.pk}").json()["results"]
    assert [r["value"] for r in found] == [product.pk]
