"""Type-ahead source of evaluation: who may take a seat on a council (ocop_portal/typeahead.py).

Only an organiser who may keep the council gets answers (the rulebook's `policies.COUNCIL`,
in the council's unit area); anyone else, or a council outside the person's area, gets none.
"""

from django.db.models import QuerySet

from accounts.lookups import person_item, search_people
from accounts.models import User
from evaluation.models import Council
from evaluation.policies import COUNCIL
from evaluation.services import eligible_members
from ocop_portal.collation import vi
from ocop_portal.typeahead import register


def council_members(user, params: dict) -> QuerySet:

    council_id = str(params.get("council", ""))
    council = Council.objects.filter(pk=int(council_id)).first() if council_id.isdigit() else None
    if council is None or not COUNCIL.may_act(user, council, "keep"):
        return User.objects.none()
    return eligible_members(council).order_by(vi("full_name"), "pk")


register(
    "council_members",
    council_members,
    search=search_people,
    item=person_item,
    params=("council",),
)
