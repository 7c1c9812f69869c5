"""Every allowed and every refused transition of a product idea."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Notification
from ocop_portal.exceptions import TransitionError
from products import services
from products.models import IdeaStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def khe_sanh(units):
    return units.current("19429")


def test_commune_officer_registers_and_submits_and_district_staff_are_told(cast, khe_sanh):
    idea = factories.idea(cast["commune_a"], khe_sanh, submit=True)
    assert idea.status == IdeaStatus.SUBMITTED
    note = Notification.objects.get(recipient=cast["district_a"])
    assert "Cà phê hòa tan" in note.message
    assert not Notification.objects.filter(recipient=cast["district_b"]).exists()


def test_district_staff_accept_a_submitted_idea(cast, khe_sanh):
    idea = factories.idea(cast["commune_a"], khe_sanh, submit=True)
    idea = services.idea_accept(actor=cast["district_a"], idea=idea)
    assert idea.status == IdeaStatus.ACCEPTED
    assert idea.decided_by == cast["district_a"]
    assert Notification.objects.filter(recipient=cast["commune_a"]).exists()


def test_returning_requires_written_guidance(cast, khe_sanh):
    idea = factories.idea(cast["commune_a"], khe_sanh, submit=True)
    with pytest.raises(TransitionError):
        services.idea_return(actor=cast["district_a"], idea=idea, guidance="   ")
    idea = services.idea_return(actor=cast["district_a"], idea=idea, guidance="Bổ sung bao bì")
    assert idea.status == IdeaStatus.RETURNED and idea.guidance == "Bổ sung bao bì"


def test_a_returned_idea_is_edited_and_resubmitted(cast, khe_sanh):
    idea = factories.idea(cast["commune_a"], khe_sanh, submit=True)
    idea = services.idea_return(actor=cast["district_a"], idea=idea, guidance="Sửa tên")
    idea = services.idea_update(actor=cast["commune_a"], idea=idea, product_name="Tên mới")
    idea = services.idea_submit(actor=cast["commune_a"], idea=idea)
    assert idea.status == IdeaStatus.SUBMITTED
    assert idea.history.count() >= 4


@pytest.mark.parametrize("status", [IdeaStatus.DRAFT, IdeaStatus.SUBMITTED, IdeaStatus.RETURNED])
def test_withdrawal_is_allowed_before_a_decision(cast, khe_sanh, status):
    idea = factories.idea(cast["commune_a"], khe_sanh, submit=status != IdeaStatus.DRAFT)
    if status == IdeaStatus.RETURNED:
        idea = services.idea_return(actor=cast["district_a"], idea=idea, guidance="x")
    assert services.idea_withdraw(actor=cast["commune_a"], idea=idea).status == "withdrawn"


def test_refused_transitions_explain_themselves(cast, khe_sanh):
    draft = factories.idea(cast["commune_a"], khe_sanh)
    with pytest.raises(TransitionError, match="đã gửi"):
        services.idea_accept(actor=cast["district_a"], idea=draft)
    accepted = services.idea_accept(
        actor=cast["district_a"], idea=services.idea_submit(actor=cast["commune_a"], idea=draft)
    )
    for step in (services.idea_submit, services.idea_withdraw):
        with pytest.raises(TransitionError):
            step(actor=cast["commune_a"], idea=accepted)
    with pytest.raises(TransitionError):
        services.idea_update(actor=cast["commune_a"], idea=accepted, product_name="x")
    with pytest.raises(TransitionError):
        services.idea_return(actor=cast["district_a"], idea=accepted, guidance="x")


def test_roles_outside_the_workflow_get_403(cast, khe_sanh):
    idea = factories.idea(cast["commune_a"], khe_sanh, submit=True)
    for actor in ("commune_a", "leader", "district_b", "commune_b"):
        with pytest.raises(PermissionDenied):
            services.idea_accept(actor=cast[actor], idea=idea)
    with pytest.raises(PermissionDenied):
        factories.idea(cast["district_a"], khe_sanh)  # district staff screen, not register
    with pytest.raises(PermissionDenied):
        factories.idea(cast["commune_b"], khe_sanh)  # not their commune


def test_associations_may_only_propose_tourism_products(cast, units, khe_sanh):
    association = factories.subject(khe_sanh, legal_form="association")
    with pytest.raises(TransitionError, match="du lịch"):
        factories.idea(cast["commune_a"], khe_sanh, subject_=association)


def test_return_without_guidance_over_http_keeps_the_form_and_says_why(cast, client_for, khe_sanh):
    idea = factories.idea(cast["commune_a"], khe_sanh, submit=True)
    response = client_for("district_a").post(f"/ideas/{idea.pk}/return/", {"guidance": ""})
    assert response.status_code == 400
    assert "Viết hướng dẫn cho người đăng ký".encode() in response.content
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.SUBMITTED


def test_a_refused_transition_over_http_shows_a_vietnamese_message(cast, client_for, khe_sanh):
    idea = factories.idea(cast["commune_a"], khe_sanh)
    response = client_for("district_a").post(f"/ideas/{idea.pk}/accept/", {}, follow=True)
    assert "Chỉ ý tưởng đã gửi mới được chấp nhận hoặc trả lại".encode() in response.content


def test_inbox_lists_what_waits_for_each_actor(cast, client_for, khe_sanh):
    idea = factories.idea(cast["commune_a"], khe_sanh, submit=True)
    waiting = client_for("district_a").get("/inbox/").context["ideas"]
    assert list(waiting) == [idea]
    assert list(client_for("district_b").get("/inbox/").context["ideas"]) == []
    services.idea_return(actor=cast["district_a"], idea=idea, guidance="Sửa")
    assert list(client_for("commune_a").get("/inbox/").context["ideas"]) == [idea]


def test_the_next_actor_is_emailed_when_they_have_an_address(
    cast, khe_sanh, mailoutbox, django_capture_on_commit_callbacks
):
    cast["district_a"].email = "huonghoa@example.vn"
    cast["district_a"].save()
    with django_capture_on_commit_callbacks(execute=True):
        factories.idea(cast["commune_a"], khe_sanh, submit=True)
    assert [m.to for m in mailoutbox] == [["huonghoa@example.vn"]]
    assert "Cà phê hòa tan" in mailoutbox[0].subject
