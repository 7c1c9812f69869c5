"""Who may keep trade promotion records and decide producers' public pages.

One `Policy` per kind of record (see `accounts.policy`). Sales points, channels, events and
partners have no workflow: their steps leave from any status. A producer's page revision does:
the producer proposes (by ownership) and staff of the producer's area approve or refuse it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.policy import NoStatus, Policy, Step, register
from accounts.roles import AREA_STAFF, PRODUCERS, PROVINCE_OFFICE, SUPERVISORS
from promotion.models import PageRevisionStatus

# District staff keep their district's sales points and events; province staff all.
SALES_POINTS = register(
    Policy(
        "promotion.sales_point",
        statuses=NoStatus,
        unit_of=lambda point: point.unit_id,
        steps=[Step("create", SUPERVISORS), Step("edit", SUPERVISORS)],
    )
)

CHANNELS = register(
    Policy(
        "promotion.sales_channel",
        statuses=NoStatus,
        unit_of=lambda channel: channel.subject.commune_id,
        steps=[Step("create", AREA_STAFF), Step("edit", AREA_STAFF)],
    )
)

EVENTS = register(
    Policy(
        "promotion.trade_event",
        statuses=NoStatus,
        unit_of=lambda event: event.unit_id,
        steps=[
            Step("create", SUPERVISORS),
            Step("edit", SUPERVISORS),
            Step("add-participation", SUPERVISORS),
        ],
    )
)

# The province's network of partners: no unit of their own, kept by the province office.
PARTNERS = register(
    Policy(
        "promotion.partner",
        statuses=NoStatus,
        steps=[
            Step("create", PROVINCE_OFFICE, needs_area=False),
            Step("edit", PROVINCE_OFFICE, needs_area=False),
        ],
    )
)

_DECIDED = _("This proposal has already been decided or replaced.")

PAGE_REVISIONS = register(
    Policy(
        "promotion.page_revision",
        statuses=PageRevisionStatus,
        unit_of=lambda revision: revision.subject.commune_id,
        subject_of=lambda revision: revision.subject_id,
        steps=[
            Step("propose", PRODUCERS, target=PageRevisionStatus.PENDING),
            Step(
                "approve",
                AREA_STAFF,
                sources={PageRevisionStatus.PENDING},
                target=PageRevisionStatus.APPROVED,
                refusal=_DECIDED,
            ),
            Step(
                "refuse",
                AREA_STAFF,
                sources={PageRevisionStatus.PENDING},
                target=PageRevisionStatus.REJECTED,
                refusal=_DECIDED,
            ),
        ],
    )
)
