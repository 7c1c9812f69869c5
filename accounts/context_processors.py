from accounts.models import Role
from accounts.services import roles_managed_by


def scope(request):
    """Role flags for navigation; the data itself is always scoped by selectors."""
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else ""

    manages_people = bool(role) and bool(roles_managed_by(user))
    return {"user_role": role, "Role": Role, "manages_people": manages_people}
