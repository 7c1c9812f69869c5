from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """The last time a Celery worker ran the beat-scheduled heartbeat task, per worker host.

    /healthz shows it, so an operator can see that jobs are being executed, not only queued.
    """

    hostname = models.CharField(_("worker"), max_length=255, unique=True)
    beat_at = models.DateTimeField(_("last heartbeat"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.hostname} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"


class FormSubmission(models.Model):
    """A form page's one-time token, claimed by the first POST that carries it.

    A double click on "Thêm sản phẩm" or "Lưu và gửi" sends the same page twice; the second
    request finds the token taken and is sent where the first one went (ocop_portal.form_token).
    """

    token = models.UUIDField(_("token"), unique=True)
    user_id = models.BigIntegerField(_("user"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    result_url = models.CharField(_("result"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self):
        return str(self.token)
