from django import forms, template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def stars(count):
    """Stars as Vietnamese practice writes them (4★), with a text for screen readers."""
    if not count:
        return "–"
    return format_html(
        '<span class="stars" aria-label="{}">{}★</span>',
        _("%(n)s stars") % {"n": count},
        count,
    )


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.simple_tag
def star_marker(level):
    """The printed sheet's marker: *** for 3★, **** for 4★, ***** for 5★."""
    return "*" * int(level) if level else ""


@register.filter
def get_index(sequence, index):
    try:
        return sequence[index]
    except (IndexError, TypeError):
        return ""


@register.inclusion_tag("partials/filter_field.html")
def filter_field(field):
    """A field of a filter bar: label, Bootstrap-styled widget, help and errors.

    Lighter than crispy's field templates, which took most of a list page's rendering time;
    forms that people fill in keep crispy.
    """

    widget = field.field.widget
    css = "form-select" if isinstance(widget, forms.Select) else "form-control"
    if field.errors:
        css += " is-invalid"
    return {"field": field, "widget": field.as_widget(attrs={"class": css})}
