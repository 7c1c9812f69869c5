"""Who may keep the registry of producers, craft villages, raw-material areas and training.

One `Policy` per kind of record (see `accounts.policy`); these records have no workflow, so
their steps leave from any status. As in `products.policies`, a step that creates a record is
asked of an unsaved record carrying its unit (``Subject(commune=commune)``), and a list page's
"Add" button follows `accounts.policy.may_start`.
"""

from __future__ import annotations

from accounts.policy import NoStatus, Policy, Step, register
from accounts.roles import ACCOUNT_KEEPERS, AREA_STAFF
from accounts.scope import scope_for
from subjects.models import SubjectStatus


def _in_area(user, subject) -> bool:
    """The producer's commune, today's or before July 2025, is in the user's area."""
    area = scope_for(user)
    return area.covers(subject.commune_id) or area.covers(subject.legacy_commune_id)


SUBJECTS = register(
    Policy(
        "subjects.subject",
        statuses=SubjectStatus,
        unit_of=lambda subject: subject.commune_id,
        # "edit" is asked for the new commune too when a producer moves (see the service)
        steps=[
            Step("create", AREA_STAFF),
            Step("edit", AREA_STAFF),
            # an account for the producer's own use, invited from its page
            Step("invite-account", ACCOUNT_KEEPERS, needs_area=False, condition=_in_area),
        ],
    )
)

CRAFT_VILLAGES = register(
    Policy(
        "subjects.craft_village",
        statuses=NoStatus,
        unit_of=lambda village: village.commune_id,
        steps=[Step("create", AREA_STAFF), Step("edit", AREA_STAFF)],
    )
)

# A raw-material area spans several communes and is kept by staff whose area covers each of
# them: its steps are asked once per commune, with the commune as the record.
RAW_MATERIAL_AREAS = register(
    Policy(
        "subjects.raw_material_area",
        statuses=NoStatus,
        unit_of=lambda commune: commune.pk,
        steps=[Step("create", AREA_STAFF), Step("edit", AREA_STAFF)],
    )
)

TRAINING_COURSES = register(
    Policy(
        "subjects.training_course",
        statuses=NoStatus,
        unit_of=lambda course: course.unit_id,
        steps=[Step("create", AREA_STAFF), Step("add-attendance", AREA_STAFF)],
    )
)
