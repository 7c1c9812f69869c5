"""Trade promotion shown on the staff pages of a producer and of a product: sales points,
channels, fairs with their results, and partners, read with the viewer's own scope."""

from django import template
from django.db.models import Q

from promotion import selectors
from promotion.models import EventParticipation

register = template.Library()


@register.inclusion_tag("promotion/partials/promotion_panel.html", takes_context=True)
def promotion_panel(context, subject, product=None):
    user = context["request"].user
    points = selectors.sales_point_list(user)
    points = (
        points.filter(products=product) if product else points.filter(products__subject=subject)
    )
    events = selectors.event_list(user).values("pk")
    participations = EventParticipation.objects.filter(subject=subject, event__in=events)
    if product is not None:
        # the fairs where this product was shown, or the producer's when none is named
        participations = participations.filter(Q(products=product) | Q(products__isnull=True))
    return {
        "sales_points": points.distinct(),
        "channels": selectors.channel_list(user).filter(subject=subject).order_by("kind", "name"),
        "participations": participations.select_related("event").order_by("-event__starts_on"),
        "partners": selectors.partner_list(user).filter(subjects=subject),
        "request": context["request"],
    }
