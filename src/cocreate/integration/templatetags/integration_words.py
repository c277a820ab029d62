"""Template words of integration: an area (domain) of a shift by its label."""

from __future__ import annotations

from django import template

from cocreate.integration.models import Domain

register = template.Library()
_LABELS = dict(Domain.choices)


@register.filter
def domain(value: str) -> str:
    return str(_LABELS.get(value, value))
