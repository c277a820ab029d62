"""`{{ minor|money:currency }}`: integer minor units shown as money ("$50.25")."""

from __future__ import annotations

from django import template

from cocreate.equity.money import format_money

register = template.Library()


@register.filter
def money(minor: int | None, currency: str) -> str:
    return "" if minor is None else format_money(int(minor), currency)
