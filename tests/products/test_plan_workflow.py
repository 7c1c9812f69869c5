import pytest

from ocop_portal.exceptions import TransitionError
from products import services
from products.models import AppraisalConclusion, PlanStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted_idea(cast, units):
    commune = units.current("19429")
    idea = factories.idea(cast["commune_a"], commune, submit=True)
    return services.idea_accept(actor=cast["district_a"], idea=idea)


@pytest.fixture
def producer(units):
    return factories.subject(units.current("19429"))


def test_a_plan_needs_an_accepted_idea(cast, units, producer):
    idea = factories.idea(cast["commune_a"], units.current("19429"))
    with pytest.raises(TransitionError):
        factories.plan(cast["commune_a"], idea, producer)


def test_a_plan_without_state_money_is_accepted_without_appraisal(cast, accepted_idea, producer):
    plan = factories.plan(cast["commune_a"], accepted_idea, producer, budget=0)
    plan = services.plan_submit(actor=cast["commune_a"], plan=plan)
    assert services.plan_accept(actor=cast["district_a"], plan=plan).status == PlanStatus.ACCEPTED
    with pytest.raises(TransitionError):
        services.plan_appraise(
            actor=cast["district_a"],
            plan=plan,
            appraised_by="x",
            appraised_on=plan.starts_on,
            conclusion="approved",
        )


def test_a_state_funded_plan_is_accepted_only_after_an_approving_appraisal(
    cast, accepted_idea, producer
):
    plan = factories.plan(cast["commune_a"], accepted_idea, producer, budget=50_000_000)
    plan = services.plan_submit(actor=cast["commune_a"], plan=plan)
    with pytest.raises(TransitionError, match="thẩm định"):
        services.plan_accept(actor=cast["district_a"], plan=plan)
    services.plan_appraise(
        actor=cast["district_a"],
        plan=plan,
        appraised_by="Hội đồng huyện",
        appraised_on=plan.starts_on,
        conclusion=AppraisalConclusion.REJECTED,
    )
    with pytest.raises(TransitionError):
        services.plan_accept(actor=cast["district_a"], plan=plan)
    services.plan_appraise(
        actor=cast["district_a"],
        plan=plan,
        appraised_by="Hội đồng huyện",
        appraised_on=plan.starts_on,
        conclusion=AppraisalConclusion.APPROVED,
    )
    assert services.plan_accept(actor=cast["district_a"], plan=plan).status == PlanStatus.ACCEPTED


def test_a_returned_plan_is_edited_and_resubmitted(cast, accepted_idea, producer):
    plan = services.plan_submit(
        actor=cast["commune_a"], plan=factories.plan(cast["commune_a"], accepted_idea, producer)
    )
    with pytest.raises(TransitionError):
        services.plan_return(actor=cast["district_a"], plan=plan, guidance="")
    plan = services.plan_return(actor=cast["district_a"], plan=plan, guidance="Bổ sung")
    plan = services.plan_update(
        actor=cast["commune_a"], plan=plan, funding={}, title="Phương án sửa"
    )
    assert services.plan_submit(actor=cast["commune_a"], plan=plan).status == PlanStatus.SUBMITTED


def test_an_accepted_plan_cannot_be_edited_or_resubmitted(cast, accepted_idea, producer):
    plan = services.plan_submit(
        actor=cast["commune_a"], plan=factories.plan(cast["commune_a"], accepted_idea, producer)
    )
    plan = services.plan_accept(actor=cast["district_a"], plan=plan)
    with pytest.raises(TransitionError):
        services.plan_update(actor=cast["commune_a"], plan=plan, funding={}, title="x")
    with pytest.raises(TransitionError):
        services.plan_submit(actor=cast["commune_a"], plan=plan)
