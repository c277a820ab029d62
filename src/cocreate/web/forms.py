"""Helpers shared by every form view: service errors shown on the fields they name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form, on the named field where the form has it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        target = field if field in form.fields else None
        for error in errors:
            form.add_error(target, error)


FormT = TypeVar("FormT", bound=forms.BaseForm)


def tell_readers(form: FormT, readers: str, *names: str) -> FormT:
    """Say beside each named field who will read what is written in it ("Dana will read this.")."""
    for name in names:
        field = form.fields[name]
        field.help_text = f"{readers} {field.help_text}".strip() if field.help_text else readers
    return form


def set_choices(form: forms.BaseForm, name: str, choices: Sequence[tuple[Any, Any]]) -> None:
    """Fill a choice field's options at request time (clients of this practice, phases allowed now ...)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is not a choice field")
    field.choices = choices


def small_int(raw: str | None, digits: int = 9) -> int | None:
    """A non-negative whole number written in ASCII digits (not "²", not "1e9"), or None."""
    if raw and raw.isascii() and raw.isdigit() and len(raw) <= digits:
        return int(raw)
    return None
