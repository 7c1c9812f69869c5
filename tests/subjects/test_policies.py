"""The registry's rulebook: for each step one actor who may take it and one who may not."""

import pytest
from django.urls import reverse

from subjects.models import CraftVillage, Subject, TrainingCourse
from subjects.policies import CRAFT_VILLAGES, RAW_MATERIAL_AREAS, SUBJECTS, TRAINING_COURSES
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def khe_sanh(units):
    return units.current("19429")


@pytest.mark.parametrize(
    ("policy", "make", "step", "may", "may_not"),
    [
        (SUBJECTS, lambda unit: Subject(commune=unit), "create", "commune_a", "commune_b"),
        (SUBJECTS, lambda unit: Subject(commune=unit), "edit", "district_a", "leader"),
        (CRAFT_VILLAGES, lambda unit: CraftVillage(commune=unit), "create", "commune_a", "leader"),
        (
            CRAFT_VILLAGES,
            lambda unit: CraftVillage(commune=unit),
            "edit",
            "province_staff",
            "district_b",
        ),
        (RAW_MATERIAL_AREAS, lambda unit: unit, "create", "district_a", "district_b"),
        (RAW_MATERIAL_AREAS, lambda unit: unit, "edit", "commune_a", "council_member"),
        (TRAINING_COURSES, lambda unit: TrainingCourse(unit=unit), "create", "commune_a", "leader"),
        (
            TRAINING_COURSES,
            lambda unit: TrainingCourse(unit=unit),
            "add-attendance",
            "district_a",
            "commune_b",
        ),
    ],
)
def test_registry_steps(cast, khe_sanh, policy, make, step, may, may_not):
    record = make(khe_sanh)
    assert policy.can(cast[may], record, step)
    assert not policy.can(cast[may_not], record, step)


def test_producer_accounts_keep_no_registry_record(cast, producer_cast, khe_sanh):
    own = producer_cast["producer_a"]
    assert not SUBJECTS.can(own, own.subject, "edit")


@pytest.mark.parametrize(("actor", "shown"), [("commune_a", True), ("leader", False)])
def test_the_producer_page_shows_edit_exactly_when_allowed(
    cast, client_for, khe_sanh, actor, shown
):
    subject = factories.subject(khe_sanh)
    page = client_for(actor).get(reverse("subjects:subject_detail", args=[subject.pk]))
    assert (reverse("subjects:subject_edit", args=[subject.pk]) in page.content.decode()) is shown
