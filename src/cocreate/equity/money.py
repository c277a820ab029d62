"""Money as integer minor units with a currency: parsing what a person types, and showing it."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Currencies a practice may choose, with their symbol; all of them have two decimal places.
CURRENCIES: dict[str, str] = {"USD": "$", "CAD": "CA$", "EUR": "€", "GBP": "£", "AUD": "A$", "NZD": "NZ$",
                              "BRL": "R$", "MXN": "MX$", "CHF": "CHF "}
_AMOUNT = re.compile(r"^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$")


def format_money(minor: int, currency: str) -> str:
    """12345, "USD" -> "$123.45"; a negative amount keeps its sign in front."""
    sign = "−" if minor < 0 else ""
    whole, cents = divmod(abs(int(minor)), 100)
    return f"{sign}{CURRENCIES.get(currency, currency + ' ')}{whole:,}.{cents:02d}"


def parse_money(text: str, field: str = "amount") -> int:
    """"123.45" or "123,45" or "123" -> 12345 minor units; anything else is a ValidationError on `field`."""
    found = _AMOUNT.match(str(text or ""))
    if found is None:
        raise ValidationError({field: _("Write an amount like 120 or 120.50.")})
    whole, cents = found.group(1), (found.group(2) or "0").ljust(2, "0")
    return int(whole) * 100 + int(cents)
