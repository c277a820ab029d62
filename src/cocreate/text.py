"""Free text as services take it in: trimmed, without NUL (PostgreSQL cannot store it), within its length."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def clean_text(value: str, field: str, *, max_length: int, required: bool = True, message: str = "") -> str:
    """The text trimmed, or a ValidationError on `field`; `message` says what to write when it is required."""
    value = (value or "").replace("\r\n", "\n").strip()
    if "\x00" in value:
        raise ValidationError({field: _("Remove the NUL characters.")})
    if required and not value:
        raise ValidationError({field: message or _("Fill this in.")})
    if len(value) > max_length:
        raise ValidationError({field: _("Keep this under %(n)d characters.") % {"n": max_length}})
    return value
