from django.db import transaction

from accounts.models import AdministrativeUnit, Role, User


@transaction.atomic
def user_create(
    *,
    username: str,
    full_name: str,
    role: str,
    unit: AdministrativeUnit | None,
    password: str,
    email: str = "",
    job_title: str = "",
) -> User:
    """Create a staff account; the role decides the unit level and admin access."""
    user = User(
        username=username,
        full_name=full_name,
        role=role,
        unit=unit,
        email=email,
        job_title=job_title,
        # Only system administrators enter Django admin (see PortalAdminSite).
        is_staff=role == Role.SYSTEM_ADMIN,
        is_superuser=role == Role.SYSTEM_ADMIN,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    return user
