"""Every group of roles the portal's rules name, defined once, one name per meaning.

A rule that needs "who may …" reads a group from here (usually through a lifecycle's policy,
see `accounts.policy`); nothing else in the portal spells out a set of roles. Adding a role
(the producer's account was the last one) means deciding here which groups it joins.

The groups are sets of people by what they do in the programme, not by the step they take:
a step names the group whose members may take it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied

from accounts.models import Role

# Staff who register and change records in their own area (province, district, commune). Leaders
# only read; council members work through their seats; administrators through Django admin.
AREA_STAFF = frozenset({Role.PROVINCE_STAFF, Role.DISTRICT_STAFF, Role.COMMUNE_OFFICER})

# Staff who supervise the communes below them: screen ideas and business plans, organise
# evaluation rounds and fairs, keep district councils (plan 180's period).
SUPERVISORS = frozenset({Role.PROVINCE_STAFF, Role.DISTRICT_STAFF})

# The provincial agriculture department alone: province councils, revocation, inspections,
# plan targets, the network of sales points and partners.
PROVINCE_OFFICE = frozenset({Role.PROVINCE_STAFF})

# Who registers product ideas: the commune where the idea was born, or the province for it.
IDEA_REGISTRARS = frozenset({Role.COMMUNE_OFFICER, Role.PROVINCE_STAFF})

# Who records the commune's pre-assessment of a dossier (Mẫu 03): the commune, or the province
# for it.
PRE_ASSESSORS = frozenset({Role.COMMUNE_OFFICER, Role.PROVINCE_STAFF})

# Who is told that a certificate is about to expire (besides the producer's own accounts): the
# producer's commune and the province.
CERTIFICATE_WATCHERS = frozenset({Role.COMMUNE_OFFICER, Role.PROVINCE_STAFF})

# Who reads the programme's figures: dashboards, KPI reports, the register.
REPORT_READERS = AREA_STAFF | {Role.LEADER}

# Who asks for a KPI report to be produced (leaders read reports, province staff run them).
REPORT_REQUESTERS = frozenset({Role.PROVINCE_STAFF, Role.LEADER})

# Staff below the province invite the producers of their area to their own accounts.
PRODUCER_INVITERS = frozenset({Role.DISTRICT_STAFF, Role.COMMUNE_OFFICER})

# Who keeps people's accounts: administrators everyone's, the province office its area's staff,
# district staff and commune officers their producers' (accounts.services.roles_managed_by
# says whose, accounts.services.can_manage whether this very account is theirs).
ACCOUNT_KEEPERS = PRODUCER_INVITERS | {Role.PROVINCE_STAFF, Role.SYSTEM_ADMIN}

# The roles province staff may give to accounts in their area (everyone but administrators).
PROVINCE_MANAGED = frozenset(Role.values) - {Role.SYSTEM_ADMIN}

# Who works with council seats: the council's members and chairs (by their seats), and the
# organisers who keep the rounds.
COUNCIL_ROLES = SUPERVISORS | {Role.COUNCIL_MEMBER}

# The producer's own account: its records only, through the same scope choke-point.
PRODUCERS = frozenset({Role.PRODUCER})

# Read-only staff: the whole province's records, no changes.
READ_ONLY = frozenset({Role.LEADER})

# Council members by role (not by seat): their work is their rounds and scoring sheets.
COUNCIL_MEMBERS = frozenset({Role.COUNCIL_MEMBER})

# Who reads the registry and the OCOP cycle's lists: every office of the programme and the
# administrators who support them; producers have their own workspace, council members their
# seats.
REGISTRY_READERS = frozenset(Role.values) - PRODUCERS - COUNCIL_MEMBERS

# Who reads evaluation rounds on the staff pages, and prints what a round page offers: every
# office and the council's members (which rounds, and which of their printouts, is the scope's
# and the step's condition to say); producers follow their dossiers in their own workspace.
ROUND_READERS = frozenset(Role.values) - PRODUCERS

# What the navigation offers, one named right per entry (templates read `may.<name>`, from
# accounts.context_processors). Each names the group the page behind the entry checks, so the
# menu shows exactly the ways a person may take (tests/accounts/test_navigation.py).
MENU_RIGHTS: dict[str, frozenset[str]] = {
    "workspace": PRODUCERS,  # the producer's own records
    "seats": COUNCIL_MEMBERS,  # rounds and scoring sheets, through the member's seats
    "registry": REGISTRY_READERS,  # producers, products, certificates, the OCOP cycle
    "plan": REPORT_READERS,  # plan 180: dashboard, KPI reports, targets, activities, training
    "import_register": PROVINCE_OFFICE,  # evaluation.register_import.IMPORTERS
    "page_reviews": AREA_STAFF,  # promotion.policies.PAGE_REVISIONS, step "approve"
    "councils": SUPERVISORS,  # evaluation.policies.COUNCIL, step "keep"
}


def menu_rights(role: str) -> dict[str, bool]:
    """Each right of `MENU_RIGHTS`, for a person holding `role` ("" for nobody)."""
    return {name: role in roles for name, roles in MENU_RIGHTS.items()}


def has_role(user, roles: Iterable[str]) -> bool:
    """Whether an active, signed-in user holds one of `roles`."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "role", None) in roles
    )


def require_role(user, roles: Iterable[str]) -> None:
    """403 unless the user holds one of `roles` (the unit is the scope's and the policy's job)."""
    if not has_role(user, frozenset(roles)):
        raise PermissionDenied
