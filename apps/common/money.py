"""Amounts of money: the currency of every amount (the CURRENCY setting) and
how a page writes one, for the reader's language."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.template.defaultfilters import floatformat

# The symbol a reader expects; any other currency is written by its code.
SYMBOLS = {
    "EUR": "€",
    "USD": "$",
    "GBP": "£",
    "JPY": "¥",
    "CNY": "¥",
    "INR": "₹",
    "KRW": "₩",
    "BRL": "R$",
    "ZAR": "R",
}


def currency() -> str:
    """Return the ISO 4217 code of every amount, as exports and the API name it."""
    return settings.CURRENCY


def currency_symbol() -> str:
    return SYMBOLS.get(currency(), currency())


def format_money(amount: Decimal | float | int, *, places: int = 0) -> str:
    """Write an amount for the reader's language, rounded to `places` decimals
    and followed by its currency: `2,150,000 €`, `2 150 000 €`, `2.150.000 €`."""
    # The "g" groups the thousands whatever USE_THOUSAND_SEPARATOR says.
    return f"{floatformat(amount, f'{places}g')}\u00a0{currency_symbol()}"
