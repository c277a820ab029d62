"""API shapes of the library."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from cocreate.care.schemas import PersonOut
from cocreate.library.models import (
    BODY_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    SECTION_MAX_LENGTH,
    SLUG_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from cocreate.schemas import In


class TopicIn(In):
    kind: str = Field(max_length=20)
    slug: str = Field(default="", max_length=SLUG_MAX_LENGTH)
    title: str = Field(max_length=TITLE_MAX_LENGTH)
    summary: str = Field(max_length=SUMMARY_MAX_LENGTH)
    body: str = Field(max_length=BODY_MAX_LENGTH)
    what_to_expect: str = Field(default="", max_length=SECTION_MAX_LENGTH)
    duration: str = Field(default="", max_length=SECTION_MAX_LENGTH)
    risks: str = Field(default="", max_length=SECTION_MAX_LENGTH)
    interactions: str = Field(default="", max_length=SECTION_MAX_LENGTH)
    sources: str = Field(default="", max_length=SECTION_MAX_LENGTH)


class TopicPatchIn(In):
    """Only the fields sent change. `updated`, if sent, must match the topic's, or the change is refused."""

    title: str | None = Field(default=None, max_length=TITLE_MAX_LENGTH)
    summary: str | None = Field(default=None, max_length=SUMMARY_MAX_LENGTH)
    body: str | None = Field(default=None, max_length=BODY_MAX_LENGTH)
    what_to_expect: str | None = Field(default=None, max_length=SECTION_MAX_LENGTH)
    duration: str | None = Field(default=None, max_length=SECTION_MAX_LENGTH)
    risks: str | None = Field(default=None, max_length=SECTION_MAX_LENGTH)
    interactions: str | None = Field(default=None, max_length=SECTION_MAX_LENGTH)
    sources: str | None = Field(default=None, max_length=SECTION_MAX_LENGTH)
    updated: datetime | None = None


class TopicSummaryOut(Schema):
    id: int
    kind: str
    slug: str
    title: str
    summary: str
    read_at: datetime | None = None  # when the caller, as a client, marked it read


class TopicOut(TopicSummaryOut):
    practice_id: int
    body: str
    what_to_expect: str
    duration: str
    risks: str
    interactions: str
    sources: str
    updated: datetime


class ReadOut(Schema):
    topic_id: int
    at: datetime


class QuestionIn(In):
    body: str = Field(max_length=QUESTION_MAX_LENGTH)
    topic_id: int | None = None


class ReplyIn(In):
    body: str = Field(max_length=QUESTION_MAX_LENGTH)


class TopicRefOut(Schema):
    id: int
    slug: str
    title: str


class ReplyOut(Schema):
    id: int
    author: PersonOut
    body: str
    created: datetime


class QuestionOut(Schema):
    id: int
    engagement_id: int
    topic: TopicRefOut | None
    author: PersonOut
    body: str
    created: datetime
    replies: list[ReplyOut]
