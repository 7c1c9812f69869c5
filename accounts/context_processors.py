from accounts.roles import menu_rights
from accounts.services import roles_managed_by


def scope(request):
    """What the navigation offers the signed-in person, as named rights (`may.plan`,
    `may.councils`, …; accounts.roles.MENU_RIGHTS), computed once per request. The rights only
    choose what is shown: the data itself is always scoped by selectors."""
    rights = getattr(request, "_ocop_menu_rights", None)
    if rights is None:
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        role = getattr(user, "role", "") if signed_in else ""
        rights = menu_rights(role)
        rights["people"] = bool(role) and bool(roles_managed_by(user))  # the people pages
        rights["administer"] = signed_in and user.is_system_admin  # Django admin
        if request is not None:
            request._ocop_menu_rights = rights
    # the menu depends on these rights alone (and the language): its cache key
    granted = ",".join(sorted(name for name, allowed in rights.items() if allowed))
    return {"may": rights, "may_granted": granted}
