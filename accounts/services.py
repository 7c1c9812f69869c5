import smtplib

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import AdministrativeUnit, Role, User
from accounts.scope import scope_for
from accounts.tokens import invitation_tokens, site_url, uid_for
from ocop_portal.exceptions import TransitionError

# Who may manage whose account: administrators everyone; province staff every role in their
# area except administrators; district staff and commune officers invite producers of their
# area (issue: "offices manage their own people").
PROVINCE_MANAGED_ROLES = frozenset(
    {
        Role.PROVINCE_STAFF,
        Role.LEADER,
        Role.DISTRICT_STAFF,
        Role.COMMUNE_OFFICER,
        Role.COUNCIL_MEMBER,
        Role.PRODUCER,
    }
)
PRODUCER_INVITERS = frozenset({Role.DISTRICT_STAFF, Role.COMMUNE_OFFICER})


def roles_managed_by(actor) -> frozenset[str]:
    if actor.is_system_admin:
        return frozenset(Role.values)
    if actor.role == Role.PROVINCE_STAFF:
        return PROVINCE_MANAGED_ROLES
    if actor.role in PRODUCER_INVITERS:
        return frozenset({Role.PRODUCER})
    return frozenset()


def can_manage(actor, user) -> bool:
    """May `actor` edit, deactivate or re-invite `user`? (Visibility is the selectors' job.)"""
    if actor.pk == user.pk or user.role not in roles_managed_by(actor):
        return False
    if actor.is_system_admin:
        return True
    if user.role == Role.PRODUCER:
        subject = user.subject
        area = scope_for(actor)
        return subject is not None and (
            area.covers(subject.commune_id) or area.covers(subject.legacy_commune_id)
        )
    unit_id = user.unit_id
    if unit_id is None:
        # Council members hold no unit: the province's staff keep them.
        return actor.role == Role.PROVINCE_STAFF and user.role == Role.COUNCIL_MEMBER
    return scope_for(actor).covers(unit_id)


def _ensure_can_manage(actor, user) -> None:
    if not can_manage(actor, user):
        raise PermissionDenied


@transaction.atomic
def user_create(
    *,
    username: str,
    full_name: str,
    role: str,
    unit: AdministrativeUnit | None,
    password: str | None = None,
    email: str = "",
    job_title: str = "",
    phone: str = "",
    subject=None,
    actor=None,
) -> User:
    """Create an account; the role decides the unit level and admin access.

    With `actor` (an account created in the portal) the actor must be allowed to manage the
    new account; without a password the account can only be entered through an invitation.
    """
    user = User(
        username=username,
        full_name=full_name,
        role=role,
        unit=unit,
        subject=subject,
        email=email,
        job_title=job_title,
        phone=phone,
        # Only system administrators enter Django admin (see PortalAdminSite).
        is_staff=role == Role.SYSTEM_ADMIN,
        is_superuser=role == Role.SYSTEM_ADMIN,
    )
    if actor is not None:
        _ensure_can_manage(actor, user)
        user._history_user = actor
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def user_update(*, actor, user: User, **fields) -> User:
    """Change a person's details, role or unit; the history keeps who changed what."""
    _ensure_can_manage(actor, user)
    for name, value in fields.items():
        setattr(user, name, value)
    _ensure_can_manage(actor, user)  # the new role and unit must be the actor's to give, too
    user.is_staff = user.is_superuser = user.role == Role.SYSTEM_ADMIN
    user.full_clean()
    user._history_user = actor
    user.save()
    return user


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool) -> User:
    """Deactivate (or reactivate) an account. Nothing is deleted: its records and history stay,
    and a deactivated account can no longer log in or use a link sent earlier."""
    _ensure_can_manage(actor, user)
    if user.is_active == active:
        raise TransitionError(
            _("The account is already active.") if active else _("The account is already disabled.")
        )
    user.is_active = active
    user._history_user = actor
    user.save(update_fields=["is_active"])
    return user


class InvitationNotSent(TransitionError):
    pass


def invitation_link(user: User) -> str:
    token = invitation_tokens.make_token(user)
    return site_url(reverse("invitation_accept", args=[uid_for(user), token]))


@transaction.atomic
def invitation_send(*, actor, user: User) -> str:
    """E-mail a one-time link with which the person sets their password (and returns it).

    An account that has already set its password gets no invitation: it uses password reset.
    """
    if actor is not None:
        _ensure_can_manage(actor, user)
    if not user.is_active:
        raise TransitionError(_("The account is disabled."))
    if user.has_usable_password():
        raise TransitionError(
            _("This person has already set a password; they can use “Forgot your password?”.")
        )
    if not user.email:
        raise TransitionError(_("The account has no e-mail address to send the invitation to."))
    link = invitation_link(user)
    context = {
        "user": user,
        "link": link,
        "inviter": actor,
        "days": _invitation_days(),
        "site_url": site_url("/"),
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/email/invitation.txt", context)
    # Sent inside the transaction: if the mail server refuses it, no account is left behind
    # that nobody was told about (InvitationNotSent rolls the creation back).
    try:
        send_mail(subject, body, None, [user.email])
    except (OSError, smtplib.SMTPException) as error:
        raise InvitationNotSent(
            _("The invitation e-mail could not be sent (%(error)s). Try again later.")
            % {"error": error}
        ) from error
    return link


def _invitation_days() -> int:
    from django.conf import settings

    return max(1, settings.INVITATION_TIMEOUT // 86400)


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
