import datetime

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import Role
from accounts.scope import units_covering
from accounts.services import notify
from evaluation.models import Certificate, ExpiryReminder

# Reminders before expiry: 180 and 120 days bound the re-evaluation window; 30 days is the
# last call (the 2023 rules had the issuer notify at least 30 days ahead).
REMINDER_DAYS = (180, 120, 30)


@shared_task(name="evaluation.tasks.send_expiry_reminders")
def send_expiry_reminders(today: str | None = None) -> int:
    """Daily (Celery beat): remind the commune officers and province staff of certificates
    expiring in 180, 120 and 30 days. Each reminder is sent once, even if the job reruns."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    sent = 0
    User = get_user_model()
    for days in REMINDER_DAYS:
        due = Certificate.objects.filter(
            expires_on=day + datetime.timedelta(days=days),
            revoked_on__isnull=True,
            superseded_on__isnull=True,
        ).select_related("product__subject")
        for certificate in due:
            try:
                with transaction.atomic():
                    ExpiryReminder.objects.create(
                        certificate=certificate, days_before=days, sent_on=day
                    )
                    covering = units_covering(certificate.product.subject.commune_id)
                    recipients = User.objects.filter(
                        is_active=True,
                        unit_id__in=covering,
                        role__in=[Role.COMMUNE_OFFICER, Role.PROVINCE_STAFF],
                    )
                    with override("vi"):
                        message = _(
                            "The certificate of “%(product)s” expires on %(date)s (in %(days)s "
                            "days)."
                        ) % {
                            "product": certificate.product.name,
                            "date": certificate.expires_on.strftime("%d/%m/%Y"),
                            "days": days,
                        }
                    notify(
                        recipients=recipients,
                        message=message,
                        link=reverse("products:product_detail", args=[certificate.product_id]),
                    )
                    sent += 1
            except IntegrityError:
                continue  # already reminded (a rerun of the same day)
    return sent
