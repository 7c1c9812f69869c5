"""Who is told that a certificate is about to expire, and in which words.

Reminders before expiry: the opening and closing of the re-evaluation window and the last
call, as the procedure rules in force set them (`evaluation.rules.renewal_terms`: QĐ 148/2023
and QĐ 26/2026, 180, 120 and 30 days).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import Role
from accounts.roles import CERTIFICATE_WATCHERS
from accounts.scope import units_covering
from accounts.services import notify
from evaluation.rules import renewal_terms


def windows(day) -> tuple[int, ...]:
    """Days before expiry at which holders are reminded, under the rules in force on `day`."""
    return renewal_terms(day).reminder_days


def recipients(certificate):
    """Province staff over the producer's commune, the commune's officers and the producer's
    own accounts."""
    User = get_user_model()
    commune_id = certificate.product.subject.commune_id
    staff = User.objects.filter(
        is_active=True,
        unit_id__in=units_covering(commune_id),
        role__in=CERTIFICATE_WATCHERS,
    )
    producer = User.objects.filter(
        is_active=True, role=Role.PRODUCER, subject=certificate.product.subject_id
    )
    return list(staff) + list(producer)


def notify_expiry(certificate, *, days_left: int, link: str) -> None:
    """One inbox entry per person, written in the language each person uses; a producer's
    account is sent to its own workspace, staff to the certificate."""
    groups: dict[tuple[str, bool], list] = {}
    for person in recipients(certificate):
        key = (person.language or "vi", person.role == Role.PRODUCER)
        groups.setdefault(key, []).append(person)
    for (language, producer), people in groups.items():
        with override(language):
            message = _(
                "The certificate of “%(product)s” (%(stars)s★) expires on %(date)s, in "
                "%(days)s days: file the re-evaluation or renewal in time."
            ) % {
                "product": certificate.product.name,
                "stars": certificate.stars,
                "date": certificate.expires_on.strftime("%d/%m/%Y"),
                "days": days_left,
            }
        notify(
            recipients=people,
            message=message,
            link=reverse("producer:dashboard") if producer else link,
        )
