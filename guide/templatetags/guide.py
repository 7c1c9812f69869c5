from django import template

from guide.manuals import MANUALS

register = template.Library()


@register.simple_tag
def manuals():
    return MANUALS
