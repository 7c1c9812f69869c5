"""Panels of a certificate's life shown on other apps' pages (product, producer), read
through the scope choke-point with the viewer's own scope."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext

from evaluation import selectors
from evaluation.models import CertificateStatus
from evaluation.rules import renewal_terms

register = template.Library()


@register.inclusion_tag("evaluation/partials/latest_inspection.html", takes_context=True)
def latest_inspection(context, product=None, subject=None):
    user = context["request"].user
    return {
        "inspection": selectors.latest_inspection(user, product=product, subject=subject),
        "request": context["request"],
    }


STATUS_STYLES = {
    "valid": "success",
    "expiring": "warning",
    "expired": "secondary",
    "revoked": "danger",
    "superseded": "secondary",
}


@register.simple_tag
def certificate_status(certificate, day=None):
    """The status badge: `Certificate.status_on`, the statement the public check and the
    rulebook read (a revocation counts from its decision's date)."""
    status = certificate.status_on(day)
    return format_html(
        '<span class="badge text-bg-{}">{}</span>',
        STATUS_STYLES[status],
        CertificateStatus(status).label,
    )


@register.simple_tag
def renewal_window_note():
    """The re-evaluation window of the procedure rules in force, in a sentence."""
    terms = renewal_terms(timezone.localdate())
    return gettext(
        "Re-evaluation is filed between %(from)s and %(to)s days before a certificate expires."
    ) % {"from": terms.opens_days, "to": terms.closes_days}
