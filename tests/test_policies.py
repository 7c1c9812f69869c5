"""Every lifecycle's policy names only statuses its records can have, and roles that exist."""

import importlib

import pytest
from django.apps import apps

from accounts.models import Role
from accounts.policy import POLICIES


def _load_policies():
    for config in apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.policies")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.policies":
                raise
    return POLICIES


def _cases():
    # ids are the policies' names: a policy's repr holds sets and addresses, which differ
    # between the suite's processes, and every process must collect the same test ids
    policies = sorted(_load_policies().items())
    return [pytest.param(name, policy, id=name) for name, policy in policies]


@pytest.mark.parametrize(("name", "policy"), _cases())
def test_every_status_a_step_names_exists(name, policy):
    assert policy.statuses is not None, f"policy {name} does not say its status choices"
    unknown = policy.named_statuses() - set(policy.statuses.values)
    assert not unknown, f"policy {name} names statuses its records cannot have: {unknown}"


@pytest.mark.parametrize(("name", "policy"), _cases())
def test_every_step_names_existing_roles(name, policy):
    for step in policy.steps:
        assert step.roles, f"{name}.{step.name} names no role"
        assert set(step.roles) <= set(Role.values), f"{name}.{step.name}: unknown role"
