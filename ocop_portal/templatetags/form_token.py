from django import template
from django.utils.html import format_html

from ocop_portal.form_token import FIELD, new_token

register = template.Library()


@register.simple_tag
def form_token():
    """A hidden one-time token: the page's POST is carried out once (ocop_portal.form_token)."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
