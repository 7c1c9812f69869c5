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


def user_set_language(*, user, language: str):
    from accounts.models import User

    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    return user
