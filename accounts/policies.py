"""Who may keep whose account: create, edit, disable, enable and invite again.

The answer to "is this account the actor's to keep?" is `accounts.services.can_manage` (the
account's role must be one the actor gives, in the actor's area or of a producer there); the
policy adds the status each step leaves from, so the person page shows exactly the buttons
that would succeed. The record is the account; "create" is asked of no account at all (the
form offers only the roles and units the actor may give).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.policy import Policy, Step, register
from accounts.roles import ACCOUNT_KEEPERS, PRODUCERS


class AccountState(models.TextChoices):
    ACTIVE = "active", _("Active")
    DISABLED = "disabled", _("Disabled")


def _keeps(actor, account) -> bool:
    # local import: accounts.policies ↔ accounts.services cycle
    from accounts.services import can_manage

    return can_manage(actor, account)


def _keeps_staff(actor, account) -> bool:
    # producers' accounts are opened from the producer's page, not from the people list
    # local import: accounts.policies ↔ accounts.services cycle
    from accounts.services import roles_managed_by

    return bool(roles_managed_by(actor) - PRODUCERS)


def _steps():
    keep = {"roles": ACCOUNT_KEEPERS, "needs_area": False, "condition": _keeps}
    return [
        Step("create", ACCOUNT_KEEPERS, needs_area=False, condition=_keeps_staff),
        Step("edit", **keep),
        Step(
            "disable",
            sources={AccountState.ACTIVE},
            target=AccountState.DISABLED,
            refusal=_("The account is already disabled."),
            **keep,
        ),
        Step(
            "enable",
            sources={AccountState.DISABLED},
            target=AccountState.ACTIVE,
            refusal=_("The account is already active."),
            **keep,
        ),
        Step(
            "invite",
            sources={AccountState.ACTIVE},
            refusal=_("The account is disabled."),
            **keep,
        ),
    ]


PEOPLE = register(
    Policy(
        "accounts.person",
        statuses=AccountState,
        status_of=lambda account: (
            AccountState.ACTIVE if account is None or account.is_active else AccountState.DISABLED
        ),
        steps=_steps(),
    )
)
