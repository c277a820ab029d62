"""Choices a kind's field takes from an app above the engine: the fee agreement's tier comes from the practice's
sliding scale (equity). An app registers a source for a field name; the form offers its options, the reading
shows their labels, and validation accepts only their values. A source reads for one engagement and returns
(value, label) pairs, the values as strings."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cocreate.care.models import Engagement

ChoiceSource = Callable[["Engagement"], list[tuple[str, str]]]
_SOURCES: dict[str, ChoiceSource] = {}


def source(field: str) -> Callable[[ChoiceSource], ChoiceSource]:
    """Decorator: the options of every field named `field`, for an engagement."""

    def register(fn: ChoiceSource) -> ChoiceSource:
        existing = _SOURCES.get(field)
        if existing is not None and existing is not fn:
            raise ValueError(f"the field {field!r} already has a source of choices")
        _SOURCES[field] = fn
        return fn

    return register


def sources() -> dict[str, ChoiceSource]:
    return dict(_SOURCES)
