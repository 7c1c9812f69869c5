"""The product cycle's rulebook: for every step, one actor who may take it and one who may not,
and the detail pages show a step's button exactly when the step is allowed."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from products import services
from products.models import (
    BusinessPlan,
    CommunicationCampaign,
    IdeaStatus,
    PlanStatus,
    Product,
    ProductIdea,
    SupportActivity,
)
from products.policies import CAMPAIGNS, IDEAS, PLANS, PRODUCTS, SUPPORT
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def khe_sanh(units):
    return units.current("19429")


def _idea(khe_sanh, status, subject=None):
    return ProductIdea(commune=khe_sanh, status=status, proposer_subject=subject)


# (policy, step, status of the record, who may, who may not)
IDEA_CASES = [
    ("create", IdeaStatus.DRAFT, "commune_a", "district_a"),
    ("create", IdeaStatus.DRAFT, "province_staff", "commune_b"),
    ("edit", IdeaStatus.DRAFT, "commune_a", "leader"),
    ("edit", IdeaStatus.RETURNED, "province_staff", "district_a"),
    ("submit", IdeaStatus.DRAFT, "commune_a", "district_a"),
    ("submit", IdeaStatus.PROPOSED, "commune_a", "commune_b"),
    ("withdraw", IdeaStatus.SUBMITTED, "commune_a", "district_a"),
    ("accept", IdeaStatus.SUBMITTED, "district_a", "district_b"),
    ("accept", IdeaStatus.SUBMITTED, "province_staff", "commune_a"),
    ("return", IdeaStatus.SUBMITTED, "district_a", "leader"),
    ("send-back", IdeaStatus.PROPOSED, "commune_a", "district_a"),
    ("plan", IdeaStatus.ACCEPTED, "commune_a", "leader"),
    ("link-producer", IdeaStatus.ACCEPTED, "district_a", "council_member"),
]


@pytest.mark.parametrize(("step", "status", "may", "may_not"), IDEA_CASES)
def test_idea_steps(cast, khe_sanh, step, status, may, may_not):
    record = _idea(khe_sanh, status)
    assert IDEAS.can(cast[may], record, step)
    assert not IDEAS.can(cast[may_not], record, step)


@pytest.mark.parametrize(
    ("step", "allowed_from", "refused_from"),
    [
        ("edit", IdeaStatus.RETURNED, IdeaStatus.SUBMITTED),
        ("submit", IdeaStatus.DRAFT, IdeaStatus.ACCEPTED),
        ("withdraw", IdeaStatus.DRAFT, IdeaStatus.ACCEPTED),
        ("accept", IdeaStatus.SUBMITTED, IdeaStatus.DRAFT),
        ("return", IdeaStatus.SUBMITTED, IdeaStatus.RETURNED),
        ("send-back", IdeaStatus.PROPOSED, IdeaStatus.SUBMITTED),
        ("plan", IdeaStatus.ACCEPTED, IdeaStatus.SUBMITTED),
    ],
)
def test_idea_steps_follow_the_status(cast, khe_sanh, step, allowed_from, refused_from):
    actor = cast["province_staff"]
    assert IDEAS.can(actor, _idea(khe_sanh, allowed_from), step)
    assert not IDEAS.can(actor, _idea(khe_sanh, refused_from), step)


def test_the_producer_proposes_and_revises_only_its_own_ideas(cast, producer_cast, khe_sanh):
    own, other = producer_cast["producer_a"], producer_cast["producer_b"]
    returned = _idea(khe_sanh, IdeaStatus.RETURNED, subject=own.subject)
    assert IDEAS.can(own, returned, "propose-again")
    assert not IDEAS.can(other, returned, "propose-again")
    assert not IDEAS.can(own, _idea(khe_sanh, IdeaStatus.SUBMITTED, own.subject), "propose-again")
    new = ProductIdea(proposer_subject=own.subject)
    assert IDEAS.can(own, new, "propose")
    assert not IDEAS.can(cast["commune_a"], new, "propose")
    # the producer takes no staff step on its own idea
    assert not IDEAS.can(own, returned, "edit")


def test_staff_proposing_again_on_a_producers_behalf_get_403(cast, khe_sanh):
    # the service asks the policy before it reads the actor's producer (staff have none)
    idea = _idea_in(IdeaStatus.RETURNED, cast, khe_sanh)
    with pytest.raises(PermissionDenied):
        services.idea_propose(actor=cast["commune_a"], idea=idea, description="x")


PLAN_CASES = [
    ("create", PlanStatus.DRAFT, "district_a", "leader"),
    ("edit", PlanStatus.DRAFT, "commune_a", "commune_b"),
    ("submit", PlanStatus.RETURNED, "commune_a", "leader"),
    ("appraise", PlanStatus.SUBMITTED, "district_a", "commune_a"),
    ("accept", PlanStatus.SUBMITTED, "district_a", "district_b"),
    ("return", PlanStatus.SUBMITTED, "province_staff", "commune_a"),
    ("link-product", PlanStatus.ACCEPTED, "commune_a", "council_member"),
]


@pytest.mark.parametrize(("step", "status", "may", "may_not"), PLAN_CASES)
def test_plan_steps(cast, khe_sanh, step, status, may, may_not):
    record = BusinessPlan(commune=khe_sanh, status=status)
    assert PLANS.can(cast[may], record, step)
    assert not PLANS.can(cast[may_not], record, step)


def test_plan_screening_waits_for_submission(cast, khe_sanh):
    for step in ("accept", "return", "appraise"):
        assert not PLANS.can(cast["district_a"], BusinessPlan(commune=khe_sanh), step)
    assert not PLANS.can(
        cast["commune_a"], BusinessPlan(commune=khe_sanh, status=PlanStatus.ACCEPTED), "edit"
    )


@pytest.mark.parametrize("step", ["create", "edit", "add-photo"])
def test_product_steps(cast, khe_sanh, step):
    record = Product(subject=factories.subject(khe_sanh))
    assert PRODUCTS.can(cast["commune_a"], record, step)
    assert not PRODUCTS.can(cast["commune_b"], record, step)
    assert not PRODUCTS.can(cast["leader"], record, step)


def test_support_and_campaign_records(cast, khe_sanh):
    support = SupportActivity(subject=factories.subject(khe_sanh))
    assert SUPPORT.can(cast["district_a"], support, "create")
    assert not SUPPORT.can(cast["district_b"], support, "create")
    campaign = CommunicationCampaign(unit=khe_sanh)
    assert CAMPAIGNS.can(cast["commune_a"], campaign, "create")
    assert not CAMPAIGNS.can(cast["leader"], campaign, "create")


# --- buttons follow the rulebook ---------------------------------------------------------------


def _idea_in(status, cast, khe_sanh):
    commune, district = cast["commune_a"], cast["district_a"]
    idea = factories.idea(commune, khe_sanh, submit=status != IdeaStatus.DRAFT)
    if status == IdeaStatus.ACCEPTED:
        idea = services.idea_accept(actor=district, idea=idea)
    elif status == IdeaStatus.RETURNED:
        idea = services.idea_return(actor=district, idea=idea, guidance="Sửa")
    return idea


IDEA_BUTTONS = {
    "edit": "products:idea_edit",
    "withdraw": "products:idea_withdraw",
    "accept": "products:idea_accept",
    "return": "products:idea_return",
    "send-back": "products:idea_send_back",
    "link-producer": "products:idea_link_producer",
}


@pytest.mark.parametrize(
    "status",
    [IdeaStatus.DRAFT, IdeaStatus.SUBMITTED, IdeaStatus.RETURNED, IdeaStatus.ACCEPTED],
)
@pytest.mark.parametrize("actor", ["commune_a", "district_a", "province_staff", "leader"])
def test_idea_page_shows_a_button_exactly_when_the_step_is_allowed(
    cast, client_for, khe_sanh, status, actor
):
    idea = _idea_in(status, cast, khe_sanh)
    page = client_for(actor).get(reverse("products:idea_detail", args=[idea.pk])).content.decode()
    allowed = IDEAS.allowed_steps(cast[actor], idea)
    for step, url_name in IDEA_BUTTONS.items():
        assert (reverse(url_name, args=[idea.pk]) in page) == (step in allowed), step
    assert ("?idea=" in page) == ("plan" in allowed)
    if actor == "leader":
        assert not allowed and reverse("products:idea_edit", args=[idea.pk]) not in page
    if actor == "district_a":
        screening = {"accept", "return"} <= allowed
        assert screening == (status == IdeaStatus.SUBMITTED)


PLAN_BUTTONS = {
    "edit": "products:plan_edit",
    "submit": "products:plan_submit",
    "accept": "products:plan_accept",
    "return": "products:plan_return",
    "link-product": "products:plan_link_product",
}


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.ACCEPTED])
@pytest.mark.parametrize("actor", ["commune_a", "district_a", "leader"])
def test_plan_page_shows_a_button_exactly_when_the_step_is_allowed(
    cast, client_for, khe_sanh, status, actor
):
    idea = _idea_in(IdeaStatus.ACCEPTED, cast, khe_sanh)
    plan = factories.plan(cast["commune_a"], idea, factories.subject(khe_sanh))
    if status != PlanStatus.DRAFT:
        plan = services.plan_submit(actor=cast["commune_a"], plan=plan)
    if status == PlanStatus.ACCEPTED:
        plan = services.plan_accept(actor=cast["district_a"], plan=plan)
    page = client_for(actor).get(reverse("products:plan_detail", args=[plan.pk])).content.decode()
    allowed = PLANS.allowed_steps(cast[actor], plan)
    for step, url_name in PLAN_BUTTONS.items():
        assert (reverse(url_name, args=[plan.pk]) in page) == (step in allowed), step
    if actor == "leader":
        assert not allowed
    if actor == "district_a":
        assert ({"accept", "return"} <= allowed) == (status == PlanStatus.SUBMITTED)


def test_list_pages_offer_add_only_to_roles_that_may_create(client_for):
    assert (
        reverse("products:idea_create") in client_for("commune_a").get("/ideas/").content.decode()
    )
    for actor in ("leader", "district_a"):
        page = client_for(actor).get("/ideas/").content.decode()
        assert reverse("products:idea_create") not in page
    assert (
        reverse("products:plan_create") not in client_for("leader").get("/plans/").content.decode()
    )
