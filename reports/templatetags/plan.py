from django import template

from reports.kpi import scope_label

register = template.Library()


@register.filter(name="scope_label")
def scope_label_filter(unit):
    """A report's scope as reports name it (the two "Tỉnh Quảng Trị" told apart)."""
    return scope_label(unit) if unit else ""
