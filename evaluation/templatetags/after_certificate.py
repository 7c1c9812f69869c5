"""Panels of a certificate's life shown on other apps' pages (product, producer), read
through the scope choke-point with the viewer's own scope."""

from django import template

from evaluation import selectors

register = template.Library()


@register.inclusion_tag("evaluation/partials/latest_inspection.html", takes_context=True)
def latest_inspection(context, product=None, subject=None):
    user = context["request"].user
    return {
        "inspection": selectors.latest_inspection(user, product=product, subject=subject),
        "request": context["request"],
    }
