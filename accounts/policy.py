"""The rulebook's grammar: one policy per lifecycle says who may take which step, from where.

A lifecycle (an idea, a business plan, a round, a dossier, …) has one `Policy` beside its
models. Each `Step` names

* the statuses it leaves from (`sources`; ``None`` for a step that does not depend on the status,
  such as editing a record's details),
* the status it reaches (`target`; ``None`` when the status does not change),
* the role group whose members may take it (from `accounts.roles`),
* and, through the policy, the unit the actor's area must cover (`unit_of`) — or, for a
  producer's own account, the producer the record belongs to (`subject_of`).
* When a status beyond the record's own decides (a dossier's round: open for registration, in
  scoring), the step's `stage` says so; it refuses as a wrong status does.

Services call ``policy.check(user, record, "step")`` before they write: a wrong role or area is
a 403, a wrong status a `TransitionError` whose message the user reads. Views hand
``policy.allowed_steps(user, record)`` to templates, so a button is shown exactly when pressing
it would succeed. Facts that are neither role, area nor status (a seat on the council, a
confirmation still missing) are a step's `condition`, so buttons follow them too.

Why a small table of our own rather than a state-machine library: the portal's transitions
are already written as services (they validate, write in one transaction, keep history and
notify people), and the one thing missing was a single statement of the guard. A table of
frozen dataclasses says that statement in one screen per lifecycle, is checked by a test per
policy (every status a step names exists), and adds no model mixin or field type that would
change how records are saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.scope import scope_for
from ocop_portal.exceptions import TransitionError


@dataclass(frozen=True)
class Step:
    name: str
    roles: frozenset[str]
    sources: frozenset[str] | None = None
    target: str | None = None
    # Further facts the step needs (user, record) -> bool; False answers 403 like a wrong role.
    condition: Callable[[Any, Any], bool] | None = None
    # Whether the actor's area must cover the record's unit — or, for a producer's account, the
    # record must be its own (False for steps a seat or the round's area decides, where
    # `condition` says who).
    needs_area: bool = True
    # Further facts of the record's stage (user, record) -> bool, beyond its own status: what a
    # producer may still change of its dossier follows the round's status. False refuses like
    # a status not in `sources` (a `TransitionError` with `refusal`, and no button), so the user
    # reads why rather than meeting a 403.
    stage: Callable[[Any, Any], bool] | None = None
    # The message shown when the record is not in one of `sources` (or its stage refuses).
    refusal: str = ""

    def leaves_from(self, status) -> bool:
        return self.sources is None or status in self.sources

    def stands(self, user, record, status) -> bool:
        """Whether the record's status and stage allow the step now (role and area aside)."""
        return self.leaves_from(status) and (self.stage is None or bool(self.stage(user, record)))


class NoStatus(models.TextChoices):
    """The statuses of records that have none (a product photo, a campaign): every step of
    their policy leaves from any state (`sources=None`) and reaches none."""


@dataclass
class Policy:
    """The steps of one lifecycle; see the module's docstring."""

    name: str
    steps: Iterable[Step]
    # The record's unit, which the actor's area must cover (None: the record has no unit).
    unit_of: Callable[[Any], int | None] = lambda record: None
    # The producer a record belongs to, for the producer's own account (None: not a producer's).
    subject_of: Callable[[Any], int | None] = lambda record: None
    status_of: Callable[[Any], Any] = lambda record: getattr(record, "status", None)
    # The status choices (a TextChoices class) the steps' statuses must belong to.
    statuses: type | None = None
    _by_name: dict[str, Step] = field(init=False, repr=False)

    def __post_init__(self):
        self.steps = tuple(self.steps)
        self._by_name = {step.name: step for step in self.steps}
        if len(self._by_name) != len(self.steps):
            raise ValueError(f"policy {self.name}: a step name is used twice")

    def step(self, name: str) -> Step:
        try:
            return self._by_name[name]
        except KeyError:
            raise LookupError(f"policy {self.name} has no step {name!r}") from None

    # --- the two questions --------------------------------------------------------------

    def may_act(self, user, record, name: str) -> bool:
        """Whether role, area (or ownership) and the step's condition allow the user."""
        step = self.step(name)
        scope = scope_for(user)
        if scope.role not in step.roles:
            return False
        if scope.is_producer:
            # Ownership is to a producer's account what the area is to staff: a step that needs
            # neither (registering into a round of its area) leaves it to its condition.
            if step.needs_area:
                subject_id = self.subject_of(record)
                if subject_id is None or subject_id != scope.subject_id:
                    return False
        elif step.needs_area and not scope.covers(self.unit_of(record)):
            return False
        return step.condition is None or bool(step.condition(user, record))

    def check(self, user, record, name: str) -> Step:
        """403 unless the user may take the step; `TransitionError` unless the status allows."""
        step = self.step(name)
        if not self.may_act(user, record, name):
            raise PermissionDenied
        if not step.stands(user, record, self.status_of(record)):
            raise TransitionError(step.refusal or _("This step is not possible at this stage."))
        return step

    def can(self, user, record, name: str) -> bool:
        step = self.step(name)
        return self.may_act(user, record, name) and step.stands(
            user, record, self.status_of(record)
        )

    def allowed_steps(self, user, record) -> frozenset[str]:
        """The names of the steps that would succeed now: what templates show as buttons."""
        return frozenset(step.name for step in self.steps if self.can(user, record, step.name))

    # --- for the tests ------------------------------------------------------------------

    def named_statuses(self) -> set[str]:
        named = set()
        for step in self.steps:
            named |= set(step.sources or ())
            if step.target is not None:
                named.add(step.target)
        return named


POLICIES: dict[str, Policy] = {}


def register(policy: Policy) -> Policy:
    """Record a lifecycle's policy so the policy tests find every one of them."""
    if policy.name in POLICIES and POLICIES[policy.name] is not policy:
        raise ValueError(f"two policies are named {policy.name}")
    POLICIES[policy.name] = policy
    return policy


def may_start(user, policy: Policy, name: str = "create") -> bool:
    """Whether a list page offers a step that has no record yet ("Add …"): the user's role may
    take it somewhere; the unit is chosen on the form and checked when it is posted."""
    return (
        getattr(user, "is_authenticated", False) and scope_for(user).role in policy.step(name).roles
    )


# --- for views ----------------------------------------------------------------------------


def require(allowed: bool) -> None:
    """403 unless the policy said yes (`may_act`, `may_start`, `may_save`). A view asks before
    it reads a posted form; a wrong status is then the service's to refuse with its message.
    The answer may serve twice (a read-only page for those who see but may not change)."""
    if not allowed:
        raise PermissionDenied


def may_save(user, policy: Policy, record) -> bool:
    """Whether the user may save a record's form: edit an existing record (its unit decides) or
    create one (the unit is chosen on the form and checked when it is posted)."""
    return policy.may_act(user, record, "edit") if record.pk else may_start(user, policy)


def start_actions(user, policy: Policy, *actions: tuple[str, str]) -> list[dict[str, str]]:
    """A list page's "Add …" buttons, each (label, URL name), offered when the user may start
    the policy's create step (`may_start`)."""
    if not may_start(user, policy):
        return []
    return [{"label": label, "url": reverse(url_name)} for label, url_name in actions]
