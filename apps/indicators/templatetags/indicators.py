from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe

from apps.common.money import format_money

register = template.Library()


@register.filter
def in_unit(value, unit: str) -> str:
    """Format a value for the reader's language: `1,234`, `12.5 %`, `2,500,000 €`."""
    if value is None or value == "":
        return "—"
    if unit == "percent":
        return f"{floatformat(value, 1)}\u00a0%"
    if unit == "currency":
        return format_money(value)
    if isinstance(value, Decimal | float):  # a target: 12, or 12.5
        return floatformat(value, "-2g")
    return intcomma(value)


@register.filter
def signed_in_unit(value, unit: str) -> str:
    """Format a change with its sign: `+9`, `-2.5 %`."""
    if value is None:
        return ""
    text = in_unit(value, unit if unit != "percent" else "count")
    if unit == "percent":
        text = f"{floatformat(value, 1)}\u00a0pt"
    return f"+{text}" if value > 0 else text


@register.filter
def label_of(breakdown, code: str) -> str:
    """Return a breakdown code's display name."""
    return breakdown.label(code) or "—"


@register.filter
def headline(value, unit: str = "count") -> str:
    """Format a number the way the printed report does: `+3.4K`, `47%`."""
    if value is None or value == "":
        return "—"
    if unit == "percent":
        return f"{floatformat(value, -1)}%"
    if unit == "count" and value >= 1000:
        return f"+{floatformat(value / 1000, 1)}K"
    return in_unit(value, unit)


@register.filter
def item(values, index: int):
    """Return the item at `index` of a list: a chart's value in its table."""
    return values[index]


@register.filter
def css_string(value) -> str:
    """Quote a text as a CSS string: `"Metropolis · 2021"`, safe in a <style>."""
    escaped = "".join(
        char if char.isalnum() or char in " .,;:·—-_()/%+'" else f"\\{ord(char):x} "
        for char in str(value)
    )
    return mark_safe(f'"{escaped}"')  # every other character is escaped
