from django import template
from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe

from apps.common.numbers import format_count, format_in_unit, format_percent

register = template.Library()


@register.filter
def in_unit(value, unit: str) -> str:
    """Format a value for the reader's language: `1,234`, `12.5%`, `2,500,000 €`."""
    return format_in_unit(value, unit)


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
    """Format a number the way the printed report does: `+3.4K`, `47.0%`
    (a percent as every page writes it)."""
    if value is None or value == "":
        return "—"
    if unit == "percent":
        return format_percent(value)
    if unit == "count" and value >= 1000:
        return f"+{floatformat(value / 1000, 1)}K"
    return in_unit(value, unit)


@register.filter
def percent(value, places: int = 1) -> str:
    """Write a percent as every page does: `52.0%`, `80 %` (`percent:0`)."""
    return format_percent(value, places)


@register.filter
def grouped(value) -> str:
    """Write a count grouped by thousands, as a sentence shows it: `2,118`."""
    return format_count(value)


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
