from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from accounts.models import Notification


@shared_task(name="accounts.tasks.email_notifications")
def email_notifications(notification_ids: list[int]) -> int:
    """E-mail inbox entries to their recipients; the inbox itself is the record."""
    sent = 0
    rows = Notification.objects.filter(pk__in=notification_ids).select_related("recipient")
    for row in rows:
        if not row.recipient.email:
            continue
        body = row.message
        if row.link:
            body += f"\n\n{settings.OCOP_SITE_URL.rstrip('/')}{row.link}"
        send_mail("[OCOP] " + row.message[:80], body, None, [row.recipient.email])
        sent += 1
    return sent
