"""The base of every API input shape: text without NUL characters, times written as ISO 8601 and within the
calendar a database can hold, whole numbers within a database integer. Bad input is refused here, by name, before
any service or query sees it; query numbers are bounded where they are declared, with DB_INT_MAX."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, field_validator

# The largest number a database integer column holds (SQLite INTEGER, PostgreSQL bigint): anything larger is no
# id of ours, and no count we page by.
DB_INT_MAX = 2**63 - 1
# The calendar every time must fall within: converting to UTC and storing must never overflow.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)

def _int_in_range(value: Any) -> bool:
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return -DB_INT_MAX - 1 <= value <= DB_INT_MAX
    if isinstance(value, list | tuple):
        return all(_int_in_range(v) for v in value)
    if isinstance(value, dict):
        return all(_int_in_range(v) for v in value.values())
    return True


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
        if not _int_in_range(value):
            raise ValueError(f"must be a whole number between {-DB_INT_MAX - 1} and {DB_INT_MAX}")
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_out_of_calendar(cls, value: Any) -> Any:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise ValueError("give the time with its time zone offset, e.g. 2026-12-01T10:00:00+01:00")
            try:
                in_utc = value.astimezone(UTC)
            except OverflowError:
                in_utc = None
            if in_utc is None or not EARLIEST <= in_utc < LATEST:
                raise ValueError(f"must fall between {EARLIEST:%Y-%m-%d} and {LATEST:%Y-%m-%d}")
        return value


class StrictIn(In):
    """An input that refuses a field the endpoint does not know rather than ignoring it: a decision never names
    its party, say."""

    model_config = ConfigDict(extra="forbid")
