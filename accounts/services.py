import datetime
import smtplib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AdministrativeUnit, Notification, Role, RoleAssignment, User
from accounts.policies import PEOPLE
from accounts.roles import PRODUCER_INVITERS, PRODUCERS, PROVINCE_MANAGED
from accounts.scope import scope_for
from accounts.tasks import email_notifications
from accounts.tokens import invitation_tokens, site_url, uid_for
from ocop_portal.exceptions import TransitionError
from ocop_portal.tasks import enqueue


def roles_managed_by(actor) -> frozenset[str]:
    """Who may manage whose account: administrators everyone; province staff every role in
    their area except administrators; district staff and commune officers invite producers of
    their area ("offices manage their own people")."""
    if actor.is_system_admin:
        return frozenset(Role.values)
    if actor.role == Role.PROVINCE_STAFF:
        return PROVINCE_MANAGED
    if actor.role in PRODUCER_INVITERS:
        return PRODUCERS
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
    valid_from: datetime.date | None = None,
) -> User:
    """Create an account; the role decides the unit level and admin access.

    With `actor` (an account created in the portal) the actor must be allowed to manage the
    new account; without a password the account can only be entered through an invitation.
    The role is also recorded as a dated assignment, starting on `valid_from` or, when not
    given, when the unit came into being (empty for units older than the records).
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
def user_update(*, actor, user: User, **fields) -> User:
    """Change a person's details, role or unit; the history keeps who changed what."""
    # compare with the stored account: a bound model form has already changed the instance
    stored = User.objects.select_related("subject").get(pk=user.pk)
    PEOPLE.check(actor, stored, "edit")
    role, unit = fields.pop("role", user.role), fields.pop("unit", user.unit)
    moved = role != stored.role or (unit.pk if unit else None) != stored.unit_id
    user.role, user.unit = stored.role, stored.unit  # changed below, as a dated assignment
    for name, value in fields.items():
        setattr(user, name, value)
    probe = User(pk=user.pk, role=role, unit=unit, subject=user.subject)
    PEOPLE.check(actor, probe, "edit")  # the new role and unit must be the actor's to give, too
    user.full_clean()
    user._history_user = actor
    user.save()
    if moved:
        # a new role or unit is a dated assignment: the old one is kept for past reports
        today = timezone.localdate()
        current = RoleAssignment.objects.filter(user=user, valid_to__isnull=True).first()
        if current is not None and current.valid_from is not None and current.valid_from >= today:
            # corrected on the day it was given: the same assignment, not a new period
            current.role, current.unit = role, unit
            current.save(update_fields=["role", "unit"])
            user.role, user.unit = role, unit
            user.full_clean()
            user.save(update_fields=["role", "unit"])
        else:
            role_assign(user=user, role=role, unit=unit, on=today)
        user.refresh_from_db()
        user.is_staff = user.is_superuser = user.role == Role.SYSTEM_ADMIN
        user._history_user = actor
        user.save(update_fields=["is_staff", "is_superuser"])
    return user


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool) -> User:
    """Deactivate (or reactivate) an account. Nothing is deleted: its records and history stay,
    and a deactivated account can no longer log in or use a link sent earlier."""
    PEOPLE.check(actor, user, "enable" if active else "disable")
    user.is_active = active
    user._history_user = actor
    user.save(update_fields=["is_active"])
    today = timezone.localdate()
    if not active:
        role_end(user=user, on=today)
    elif not RoleAssignment.objects.filter(user=user, valid_to__isnull=True).exists():
        RoleAssignment.objects.create(
            user=user,
            full_name=user.full_name,
            job_title=user.job_title,
            role=user.role,
            unit=user.unit,
            valid_from=today,
        )
    return user


class InvitationNotSent(TransitionError):
    pass


def invitation_link(user: User) -> str:
    token = invitation_tokens.make_token(user)
    return site_url(reverse("accounts:invitation_accept", args=[uid_for(user), token]))


@transaction.atomic
def invitation_send(*, actor, user: User) -> str:
    """E-mail a one-time link with which the person sets their password (and returns it).

    An account that has already set its password gets no invitation: it uses password reset.
    """
    if actor is not None:
        PEOPLE.check(actor, user, "invite")
    elif not user.is_active:
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

    return max(1, settings.INVITATION_TIMEOUT // 86400)


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

    rows = Notification.objects.bulk_create(
        [Notification(recipient=user, message=message, link=link) for user in set(recipients)]
    )
    ids = [row.pk for row in rows if row.recipient.email]
    if ids:
        transaction.on_commit(lambda: enqueue(email_notifications, ids))
    return rows


def notification_mark_read(*, user, notification_ids) -> int:

    return Notification.objects.filter(
        recipient=user, pk__in=notification_ids, read_at__isnull=True
    ).update(read_at=timezone.now())


def user_set_language(*, user, language: str):

    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    return user
