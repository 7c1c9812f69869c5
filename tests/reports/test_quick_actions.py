"""Home's quick actions: each role gets its most frequent tasks, and every one of them opens."""

import pytest

from reports.quick_actions import MAX_ACTIONS, quick_actions

pytestmark = pytest.mark.django_db

FIRST = {
    "commune_a": "/ideas/new/",
    "district_a": "/inbox/",
    "province_staff": "/inbox/",
    "leader": "/dashboard/",
    "council_member": "/evaluation/rounds/",
}


@pytest.mark.parametrize("actor", [*FIRST, "sysadmin"])
def test_each_roles_quick_actions_open_for_that_role(client_for, cast, actor):
    actions = quick_actions(cast[actor])
    assert len(actions) <= MAX_ACTIONS
    if actor in FIRST:
        assert actions[0]["url"] == FIRST[actor]
    client = client_for(actor)
    home = client.get("/").content.decode()
    for action in actions:
        assert f'href="{action["url"]}"' in home
        assert client.get(action["url"]).status_code == 200, action


def test_a_council_members_own_unit_is_named_not_linked(client_for, cast, units):
    member = cast["council_member"]
    member.unit = units.current("19429")
    member.save()
    home = client_for("council_member").get("/").content.decode()
    assert "Xã Khe Sanh" in home
    assert f"/units/{member.unit_id}/" not in home
    staff_home = client_for("commune_a").get("/").content.decode()
    assert f"/units/{units.current('19429').pk}/" in staff_home
