"""The home page's quick actions: each role's most frequent tasks, one click from home.

An action is offered only to the roles whose views accept it (the same role groups the views
check), so home never shows a button that answers 403.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.roles import (
    AREA_STAFF,
    COUNCIL_ROLES,
    READ_ONLY,
    REPORT_REQUESTERS,
    SUPERVISORS,
)
from accounts.scope import scope_for

# (label, url name, roles that may use it); the first action of a role is its primary one.
ACTIONS = [
    # the commune's everyday task (province staff may register ideas too, but rarely do)
    (_("Register a product idea"), "products:idea_create", {Role.COMMUNE_OFFICER}),
    (_("Screen waiting ideas and plans"), "reports:inbox", SUPERVISORS),
    (_("Open the dashboard"), "reports:dashboard", READ_ONLY),
    (_("Request a KPI report"), "reports:report_list", REPORT_REQUESTERS),
    (
        _("Register a producer"),
        "subjects:subject_create",
        AREA_STAFF,
    ),
    (
        _("Add a product"),
        "products:product_create",
        AREA_STAFF,
    ),
    (
        _("Add a business plan"),
        "products:plan_create",
        AREA_STAFF,
    ),
    (
        _("Record support"),
        "products:support_create",
        AREA_STAFF,
    ),
    (
        _("Evaluation rounds"),
        "evaluation:round_list",
        COUNCIL_ROLES,
    ),
    (_("Certificates"), "evaluation:certificate_list", READ_ONLY),
]


MAX_ACTIONS = 4  # a handful of buttons, not a second menu


def quick_actions(user) -> list[dict]:
    role = scope_for(user).role
    actions = [
        {"label": label, "url": reverse(name)} for label, name, roles in ACTIONS if role in roles
    ]
    return actions[:MAX_ACTIONS]
