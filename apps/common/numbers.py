"""How a page writes a number for the reader's language: a count grouped by
thousands, a percent with one decimal and the language's sign, an amount
with its currency (`money`). Every page, chart, record name and history
writes numbers through these, so that a figure reads the same everywhere."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.translation import get_language

from .money import format_money

# English writes the sign against the number (52.0%); French and Spanish
# put a non-breaking space before it (52,0 %).
PERCENT_SIGNS = {"en": "%", "fr": "\u00a0%", "es": "\u00a0%"}


def format_count(value: int) -> str:
    """Write a count grouped by thousands: `1,234`, `1 234`, `1.234`."""
    return formats.number_format(value, force_grouping=True)


def format_percent(value: Decimal | float | int, places: int = 1) -> str:
    """Write a percent, with one decimal unless told: `52.0%`, `52,0 %`."""
    sign = PERCENT_SIGNS.get((get_language() or "en").split("-")[0], "\u00a0%")
    return f"{floatformat(value, places)}{sign}"


def format_decimal(value: Decimal | float | int, places: int = 2) -> str:
    """Write a quantity grouped by thousands, with up to `places` decimals
    and no trailing zeros: `12`, `12.5`, `1,234.25`."""
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    shown_places = min(places, max(0, -exponent)) if isinstance(exponent, int) else 0
    # The "g" groups the thousands whatever USE_THOUSAND_SEPARATOR says.
    return floatformat(value, f"{shown_places}g")


def format_in_unit(value: Decimal | float | int | None, unit: str) -> str:
    """Write a value in an indicator's unit (`count`, `percent` or
    `currency`): `1,234`, `12.5`, `52.0%`, `2,500,000 €`; `—` for none."""
    if value is None or value == "":
        return "—"
    if unit == "percent":
        return format_percent(value)
    if unit == "currency":
        return format_money(value)
    if isinstance(value, Decimal | float):  # a target: 12, or 12.5
        return format_decimal(value)
    return format_count(value)


def is_year(field: models.Field | None) -> bool:
    """Whether a field holds a year (`year`, a plan's `first_year`…): a name
    for a period, written as it is, not a quantity."""
    name = getattr(field, "name", None) or ""
    return name == "year" or name.endswith("_year")


def format_stored_number(value: object, field: models.Field | None) -> str | None:
    """Write a number as its field stores it, for the reader: an amount with
    its currency and the field's decimals (`1,234.50 €`), another decimal
    with the field's decimals (`10.00`), an integer grouped (`35,000`), a
    year (`year`, `first_year`…) as it is. Return None when `value` is no number."""
    name = getattr(field, "name", None) or ""
    if isinstance(value, bool) or not isinstance(value, Decimal | float | int):
        return None
    if is_year(field):
        return str(value)
    if isinstance(value, Decimal):
        places = (
            field.decimal_places if isinstance(field, models.DecimalField) else None
        )
        if name == "amount":
            return format_money(value, places=places or 0)
        return formats.number_format(value, decimal_pos=places, force_grouping=True)
    return formats.number_format(value, force_grouping=True)
