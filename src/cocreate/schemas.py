"""The base of every API input shape: text without NUL characters, times written as ISO 8601."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import field_validator


class In(Schema):
    @field_validator("*", mode="before")
    @classmethod
    def _refuse_unreadable(cls, value: Any, info: Any) -> Any:
        # PostgreSQL cannot store NUL in text; forms refuse it too (Django's ProhibitNullCharactersValidator).
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("must not contain NUL characters")
        field = cls.model_fields.get(info.field_name)
        if field is not None and field.annotation is datetime and not isinstance(value, str | datetime):
            raise ValueError("give a date and time as ISO 8601 text, e.g. 2026-12-01T10:00:00+00:00")
        return value
