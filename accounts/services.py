import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import AdministrativeUnit, Role, RoleAssignment, User


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
    valid_from: datetime.date | None = None,
) -> User:
    """Create a staff account; the role decides the unit level and admin access.

    The role is also recorded as a dated assignment, starting on `valid_from` or, when not
    given, when the unit came into being (empty for units older than the records).
    """
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
    RoleAssignment.objects.create(
        user=user,
        full_name=user.full_name,
        job_title=user.job_title,
        role=role,
        unit=unit,
        valid_from=valid_from if valid_from is not None else (unit.valid_from if unit else None),
    )
    return user


@transaction.atomic
def role_assign(
    *, user: User, role: str, unit: AdministrativeUnit | None, on: datetime.date, note: str = ""
) -> RoleAssignment:
    """Give an account a new role or unit from `on`: the open assignment ends the day before
    (kept, so reports of earlier dates still count the person where they were) and a new one
    opens. The account's current role and unit follow, so the scope changes at once."""
    user = User.objects.select_for_update().get(pk=user.pk)
    current = RoleAssignment.objects.filter(user=user, valid_to__isnull=True).first()
    if current and current.role == role and current.unit_id == (unit.pk if unit else None):
        return current
    if current:
        if current.valid_from and current.valid_from >= on:
            raise ValidationError(
                {"valid_from": _("The new role must start after the current one started.")}
            )
        current.valid_to = on - datetime.timedelta(days=1)
        current.save(update_fields=["valid_to"])
    user.role, user.unit = role, unit
    user.full_clean()
    user.save(update_fields=["role", "unit"])
    assignment = RoleAssignment(
        user=user,
        full_name=user.full_name,
        job_title=user.job_title,
        role=role,
        unit=unit,
        valid_from=on,
        note=note,
    )
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def role_end(*, user: User, on: datetime.date) -> None:
    """Close an account's open assignment on `on` (deactivation: the history stays)."""
    RoleAssignment.objects.filter(user=user, valid_to__isnull=True).update(valid_to=on)


@transaction.atomic
def person_assign(
    *,
    full_name: str,
    role: str,
    unit: AdministrativeUnit | None,
    valid_from: datetime.date | None,
    valid_to: datetime.date | None = None,
    job_title: str = "",
    note: str = "",
) -> RoleAssignment:
    """Record a person without an account in a role (plan 180 counts them for training)."""
    assignment = RoleAssignment(
        full_name=full_name,
        job_title=job_title,
        role=role,
        unit=unit,
        valid_from=valid_from,
        valid_to=valid_to,
        note=note,
    )
    assignment.full_clean()
    assignment.save()
    return assignment


def notify(*, recipients, message: str, link: str = "") -> list:
    """Put a message in each recipient's inbox and e-mail those with an address (after commit)."""
    from accounts.models import Notification
    from accounts.tasks import email_notifications
    from ocop_portal.tasks import enqueue

    rows = Notification.objects.bulk_create(
        [Notification(recipient=user, message=message, link=link) for user in set(recipients)]
    )
    ids = [row.pk for row in rows if row.recipient.email]
    if ids:
        transaction.on_commit(lambda: enqueue(email_notifications, ids))
    return rows


def notification_mark_read(*, user, notification_ids) -> int:
    from django.utils import timezone

    from accounts.models import Notification

    return Notification.objects.filter(
        recipient=user, pk__in=notification_ids, read_at__isnull=True
    ).update(read_at=timezone.now())
