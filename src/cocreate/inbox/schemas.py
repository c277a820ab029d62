"""API shapes of the inbox."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class NoticeOut(Schema):
    id: int
    kind: str
    title: str
    url: str
    engagement_id: int | None
    client_name: str | None = Field(None, description="Whose care it is about, for a notice to the care team.")
    created: datetime
    read_at: datetime | None
    done: bool = Field(False, description="What it asked for is done: a decision made, a risk alert resolved.")


class ReadAllOut(Schema):
    marked: int
