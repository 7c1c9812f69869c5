"""Who may take which step of the product cycle: ideas, business plans, products, support.

One `Policy` per lifecycle (see `accounts.policy`). Services call ``POLICY.check(actor, record,
"step")`` before they write; views hand ``POLICY.allowed_steps(user, record)`` to templates.

A step that creates a record has no record yet: it is asked of an unsaved record carrying the
unit it would belong to (``ProductIdea(commune=commune)``, ``Product(subject=subject)``), so
the policy reads the unit exactly as it does for saved records. A list page's "Add" button is
shown to the roles of the create step (`accounts.policy.may_start`): the unit is chosen on
the form.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.policy import NoStatus, Policy, Step, register
from accounts.roles import AREA_STAFF, IDEA_REGISTRARS, PRODUCERS, SUPERVISORS
from products.models import IdeaStatus, PlanStatus, ProductStatus

EDITABLE_IDEA = frozenset({IdeaStatus.DRAFT, IdeaStatus.RETURNED})
EDITABLE_PLAN = frozenset({PlanStatus.DRAFT, PlanStatus.RETURNED})

IDEAS = register(
    Policy(
        "products.idea",
        statuses=IdeaStatus,
        unit_of=lambda idea: idea.commune_id,
        # the producer's own proposals: the producer's account acts on them by ownership
        subject_of=lambda idea: idea.proposer_subject_id,
        steps=[
            Step("create", IDEA_REGISTRARS),
            Step(
                "edit",
                IDEA_REGISTRARS,
                sources=EDITABLE_IDEA,
                refusal=_("Only a draft or a returned idea can be edited."),
            ),
            # PROPOSED: the commune officer forwards a producer's proposal for screening.
            Step(
                "submit",
                IDEA_REGISTRARS,
                sources=EDITABLE_IDEA | {IdeaStatus.PROPOSED},
                target=IdeaStatus.SUBMITTED,
                refusal=_("Only a draft or a returned idea can be submitted."),
            ),
            Step(
                "withdraw",
                IDEA_REGISTRARS,
                sources=EDITABLE_IDEA | {IdeaStatus.SUBMITTED},
                target=IdeaStatus.WITHDRAWN,
                refusal=_("An accepted or withdrawn idea cannot be withdrawn."),
            ),
            Step(
                "accept",
                SUPERVISORS,
                sources={IdeaStatus.SUBMITTED},
                target=IdeaStatus.ACCEPTED,
                refusal=_("Only a submitted idea can be accepted or returned."),
            ),
            Step(
                "return",
                SUPERVISORS,
                sources={IdeaStatus.SUBMITTED},
                target=IdeaStatus.RETURNED,
                refusal=_("Only a submitted idea can be accepted or returned."),
            ),
            # a producer's own proposal: the commune sends it back to the producer
            Step(
                "send-back",
                IDEA_REGISTRARS,
                sources={IdeaStatus.PROPOSED},
                target=IdeaStatus.RETURNED,
                refusal=_("Only a producer's proposal can be sent back by the commune."),
            ),
            # the producer's account: a new proposal, or a returned one proposed again
            Step("propose", PRODUCERS),
            Step(
                "propose-again",
                PRODUCERS,
                sources=EDITABLE_IDEA,
                target=IdeaStatus.PROPOSED,
                refusal=_("Only a returned idea can be proposed again."),
            ),
            # an accepted idea goes on: a business plan, the producer it became
            Step("plan", AREA_STAFF, sources={IdeaStatus.ACCEPTED}),
            Step(
                "link-producer",
                AREA_STAFF,
                sources={IdeaStatus.ACCEPTED},
                refusal=_("Only an accepted idea can be linked to the producer it became."),
            ),
        ],
    )
)

PLANS = register(
    Policy(
        "products.business_plan",
        statuses=PlanStatus,
        unit_of=lambda plan: plan.commune_id,
        steps=[
            Step("create", AREA_STAFF),
            Step(
                "edit",
                AREA_STAFF,
                sources=EDITABLE_PLAN,
                refusal=_("Only a draft or a returned plan can be edited."),
            ),
            Step(
                "submit",
                AREA_STAFF,
                sources=EDITABLE_PLAN,
                target=PlanStatus.SUBMITTED,
                refusal=_("Only a draft or a returned plan can be submitted."),
            ),
            Step(
                "appraise",
                SUPERVISORS,
                sources={PlanStatus.SUBMITTED},
                refusal=_("Only a submitted plan can be appraised."),
            ),
            Step(
                "accept",
                SUPERVISORS,
                sources={PlanStatus.SUBMITTED},
                target=PlanStatus.ACCEPTED,
                refusal=_("Only a submitted plan can be accepted or returned."),
            ),
            Step(
                "return",
                SUPERVISORS,
                sources={PlanStatus.SUBMITTED},
                target=PlanStatus.RETURNED,
                refusal=_("Only a submitted plan can be accepted or returned."),
            ),
            Step(
                "link-product",
                AREA_STAFF,
                sources={PlanStatus.ACCEPTED},
                refusal=_("Only an accepted plan can be linked to its product."),
            ),
        ],
    )
)

# Products change by editing their details; their status is one of those details.
PRODUCTS = register(
    Policy(
        "products.product",
        statuses=ProductStatus,
        unit_of=lambda product: product.subject.commune_id,
        steps=[
            Step("create", AREA_STAFF),
            Step("edit", AREA_STAFF),
            Step("add-photo", AREA_STAFF),
        ],
    )
)

SUPPORT = register(
    Policy(
        "products.support",
        statuses=NoStatus,
        unit_of=lambda activity: activity.subject.commune_id,
        steps=[Step("create", AREA_STAFF)],
    )
)

CAMPAIGNS = register(
    Policy(
        "products.campaign",
        statuses=NoStatus,
        unit_of=lambda campaign: campaign.unit_id,
        steps=[Step("create", AREA_STAFF)],
    )
)
