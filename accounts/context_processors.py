from accounts.models import Role


def scope(request):
    """Role flags for navigation; the data itself is always scoped by selectors."""
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else ""
    return {"user_role": role, "Role": Role}
