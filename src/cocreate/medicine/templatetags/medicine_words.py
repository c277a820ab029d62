"""`{{ entry|described }}`: an entry of the medicine timeline in words."""

from __future__ import annotations

from django import template

from cocreate.medicine.describe import describe
from cocreate.medicine.models import Entry

register = template.Library()


@register.filter
def described(entry: Entry) -> str:
    return describe(entry.kind, entry.data)
