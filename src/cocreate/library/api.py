"""API endpoints of the library: topics of a practice, read marks, and questions within an engagement."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import P, QueryEx, Router, Status

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.current import request_user
from cocreate.accounts.models import Role
from cocreate.accounts.schemas import ErrorOut
from cocreate.accounts.selectors import practice_for
from cocreate.care.selectors import engagement_for
from cocreate.library import selectors, services
from cocreate.library.models import Question
from cocreate.library.schemas import (
    QuestionIn,
    QuestionOut,
    ReadOut,
    ReplyIn,
    ReplyOut,
    TopicIn,
    TopicOut,
    TopicPatchIn,
    TopicSummaryOut,
)
from cocreate.schemas import DB_INT_MAX

router = Router(tags=["library"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
MEMBERS = tuple(Role.values)
QUESTIONS = "/engagements/{engagement_id}/questions"


def _access(request: HttpRequest, engagement_id: int, what: str | None) -> EngagementAccess:
    """Resolve through the access policy; `what` is recorded as a read, None for writes."""
    return engagement_for(request_user(request), engagement_id, what=what, via="api")


@router.get("/practices/{practice_id}/library/topics", response={200: list[TopicSummaryOut], **ERRORS})
def topic_list(request: HttpRequest, practice_id: int) -> object:
    """The practice's topics, modalities first; for any member of the practice."""
    user = request_user(request)
    return selectors.topics_for(user, practice_for(user, practice_id, roles=MEMBERS))


@router.post("/practices/{practice_id}/library/topics", response={201: TopicOut, **ERRORS})
def topic_create(request: HttpRequest, practice_id: int, payload: TopicIn) -> Status[object]:
    user = request_user(request)
    practice = practice_for(user, practice_id, roles=MEMBERS)
    texts = payload.model_dump(exclude={"kind", "slug", "title"})
    topic = services.topic_create(actor=user, practice=practice, kind=payload.kind, title=payload.title,
                                  slug=payload.slug, **texts)
    return Status(201, selectors.topic_for(user, topic.pk))


@router.get("/library/topics/{topic_id}", response={200: TopicOut, **ERRORS})
def topic_detail(request: HttpRequest, topic_id: int) -> object:
    return selectors.topic_for(request_user(request), topic_id)


@router.patch("/library/topics/{topic_id}", response={200: TopicOut, **ERRORS})
def topic_update(request: HttpRequest, topic_id: int, payload: TopicPatchIn) -> object:
    user = request_user(request)
    topic = selectors.topic_for(user, topic_id)
    changes = payload.model_dump(exclude_unset=True, exclude={"updated"})
    if None in changes.values():
        raise ValidationError({f: _("Send text, or leave the field out.") for f, v in changes.items() if v is None})
    services.topic_update(actor=user, topic=topic, changes=changes, expected_updated=payload.updated)
    return selectors.topic_for(user, topic_id)


@router.post("/library/topics/{topic_id}/read", response={200: ReadOut, **ERRORS})
def topic_read(request: HttpRequest, topic_id: int) -> object:
    user = request_user(request)
    return services.topic_mark_read(actor=user, topic=selectors.topic_for(user, topic_id))


@router.get(QUESTIONS, response={200: list[QuestionOut], **ERRORS})
def question_list(request: HttpRequest, engagement_id: int,
                  offset: QueryEx[int, P(ge=0, le=DB_INT_MAX, description="How many to skip.")] = 0,
                  limit: QueryEx[int, P(ge=1, le=500, description="How many at most (1 to 500).")] = 100) -> object:
    """The engagement's questions, newest first, `limit` from `offset`."""
    return selectors.questions_for(_access(request, engagement_id, "questions"), offset=offset, limit=limit)


@router.post(QUESTIONS, response={201: QuestionOut, **ERRORS})
def question_ask(request: HttpRequest, engagement_id: int, payload: QuestionIn) -> Status[object]:
    access = _access(request, engagement_id, None)
    topic = None
    if payload.topic_id is not None:
        topic = selectors.practice_topic(access.engagement.practice_id, payload.topic_id)
        if topic is None:
            raise ValidationError({"topic_id": _("Choose a topic from this practice's library.")})
    question = services.question_ask(actor=request_user(request), access=access, body=payload.body, topic=topic)
    return Status(201, _question_out(question))


def _question_out(question: Question) -> dict[str, object]:
    return {
        "id": question.pk, "engagement_id": question.engagement_id, "topic": question.topic,
        "author": question.author, "body": question.body, "created": question.created,
        "replies": list(question.replies.all()),
    }


@router.get(QUESTIONS + "/{question_id}", response={200: QuestionOut, **ERRORS})
def question_detail(request: HttpRequest, engagement_id: int, question_id: int) -> object:
    return selectors.question_in(_access(request, engagement_id, "questions"), question_id)


@router.post(QUESTIONS + "/{question_id}/replies", response={201: ReplyOut, **ERRORS})
def question_reply(request: HttpRequest, engagement_id: int, question_id: int, payload: ReplyIn) -> Status[object]:
    access = _access(request, engagement_id, None)
    reply = services.question_reply(
        actor=request_user(request), access=access, question=selectors.question_in(access, question_id),
        body=payload.body,
    )
    return Status(201, reply)
