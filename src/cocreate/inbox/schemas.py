"""API shapes of the inbox."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema


class NoticeOut(Schema):
    id: int
    kind: str
    title: str
    url: str
    engagement_id: int | None
    created: datetime
    read_at: datetime | None


class ReadAllOut(Schema):
    marked: int
