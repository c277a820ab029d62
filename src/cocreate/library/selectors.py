"""Every read of the library: topics for members of their practice; questions and read marks through an engagement.

A client's read marks and questions are part of their record: anyone else reaches them through
`cocreate.care.selectors.engagement_for(..., what=...)`, which leaves the access event the client sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.models import Membership, Practice, Role, User
from cocreate.care.models import Engagement, Phase
from cocreate.library.models import Question, Reply, Topic, TopicKind, TopicRead

PANEL_QUESTIONS = 3
EDITORS = frozenset({Role.FACILITATOR, Role.ADMIN})


def _roles(actor: User, practice_id: int) -> set[str]:
    if not actor.is_authenticated or not actor.is_active:
        return set()
    return set(Membership.objects.filter(user=actor, practice_id=practice_id).values_list("role", flat=True))


def _topics_with_read_mark(actor: User) -> QuerySet[Topic]:
    """Topics annotated with `read_at`: when the actor marked each read (None if not, or not a client)."""
    marks = TopicRead.objects.filter(topic=OuterRef("pk"), client=actor).values("at")[:1]
    return Topic.objects.annotate(read_at=Subquery(marks))


def _practice_topics(actor: User, practice: Practice) -> list[Topic]:
    return list(_topics_with_read_mark(actor).filter(practice=practice).order_by("kind", "title", "pk"))


def topics_for(actor: User, practice: Practice) -> list[Topic]:
    """The practice's topics, modalities first, for any member of the practice; 404 for anyone else."""
    if not _roles(actor, practice.pk):
        raise Http404
    return _practice_topics(actor, practice)


def topic_for(actor: User, pk: int) -> Topic:
    """One topic, with the actor's read mark; 404 unless the actor belongs to the topic's practice."""
    practices = Membership.objects.filter(user=actor).values("practice_id")
    topic = (
        _topics_with_read_mark(actor).select_related("practice", "updated_by")
        .filter(pk=pk, practice_id__in=practices).first()
    )
    if topic is None:
        raise Http404
    return topic


def modality_choices(practice: Practice) -> list[tuple[str, str]]:
    """(slug, title) of the practice's modality topics: the options of an engagement's modality plan."""
    rows = Topic.objects.filter(practice=practice, kind=TopicKind.MODALITY).order_by("title", "pk")
    return list(rows.values_list("slug", "title"))


def topic_choices(practice: Practice) -> list[tuple[int, str]]:
    """(id, title) of every topic of the practice, for "what is your question about"."""
    return list(Topic.objects.filter(practice=practice).order_by("kind", "title", "pk").values_list("pk", "title"))


def practice_topic(practice_id: int, pk: int) -> Topic | None:
    """A topic of this practice, or None: for checking the topic a question names."""
    return Topic.objects.filter(practice_id=practice_id, pk=pk).first()


def may_edit_topics(actor: User, practice_id: int) -> bool:
    """Facilitators and admins of the practice write its library; clients and supervisors read it."""
    return bool(_roles(actor, practice_id) & EDITORS)


def reads_of(client: User, practice: Practice) -> dict[int, datetime]:
    """When the client marked each of the practice's topics read: for the client's own pages."""
    rows = TopicRead.objects.filter(client=client, topic__practice=practice).values_list("topic_id", "at")
    return dict(rows)


@dataclass
class LibraryPage:
    practice: Practice
    modalities: list[Topic]
    substances: list[Topic]
    is_client: bool
    can_edit: bool


def library_page(actor: User, practice: Practice) -> LibraryPage:
    roles = _roles(actor, practice.pk)
    if not roles:
        raise Http404
    topics = _practice_topics(actor, practice)
    return LibraryPage(
        practice=practice,
        modalities=[t for t in topics if t.kind == TopicKind.MODALITY],
        substances=[t for t in topics if t.kind == TopicKind.SUBSTANCE],
        is_client=Role.CLIENT in roles,
        can_edit=bool(roles & EDITORS),
    )


@dataclass
class TopicPage:
    topic: Topic
    is_client: bool
    can_edit: bool
    engagements: list[Engagement]  # the client's open engagements in the practice, to ask a question in


def topic_page(actor: User, topic: Topic) -> TopicPage:
    roles = _roles(actor, topic.practice_id)
    is_client = Role.CLIENT in roles
    engagements = client_open_engagements(actor, topic.practice_id) if is_client else []
    return TopicPage(topic=topic, is_client=is_client, can_edit=bool(roles & EDITORS),
                     engagements=engagements)


def client_open_engagements(client: User, practice_id: int) -> list[Engagement]:
    """The client's own engagements in the practice that are not closed; reading one's own leaves no event."""
    return list(
        Engagement.objects.filter(client=client, practice_id=practice_id).exclude(phase=Phase.CLOSED)
        .order_by("-created", "-pk")
    )


# --- through an engagement ------------------------------------------------------------------------------------


def _questions(access: EngagementAccess) -> QuerySet[Question]:
    # Ordered explicitly: Meta.ordering does not apply once a query aggregates (the panel's reply counts).
    return (Question.objects.filter(engagement=access.engagement).select_related("author", "topic")
            .order_by("-created", "-pk"))


def _with_replies(qs: QuerySet[Question]) -> QuerySet[Question]:
    return qs.prefetch_related(Prefetch("replies", queryset=Reply.objects.select_related("author")))


def questions_for(access: EngagementAccess, *, offset: int = 0, limit: int = 25) -> list[Question]:
    """A page of the engagement's questions, newest first, each with its replies: a fixed number of queries."""
    return list(_with_replies(_questions(access))[offset:offset + limit])


def question_in(access: EngagementAccess, pk: int) -> Question:
    """A question of this engagement with its replies; 404 if it belongs to another."""
    question = _with_replies(_questions(access).filter(pk=pk)).first()
    if question is None:
        raise Http404
    return question


def topics_read_by_client(access: EngagementAccess) -> list[TopicRead]:
    """The engagement's client's read marks in its practice, latest first."""
    engagement = access.engagement
    return list(
        TopicRead.objects.filter(client_id=engagement.client_id, topic__practice_id=engagement.practice_id)
        .select_related("topic")
    )


@dataclass
class EngagementPanel:
    questions: list[Question]  # the latest few, each annotated with `reply_count`
    question_count: int
    reads: list[TopicRead]
    library_practice_id: int


def engagement_panel(access: EngagementAccess) -> EngagementPanel:
    """What the engagement page shows of the library, in three queries."""
    latest = _questions(access).annotate(reply_count=Count("replies"))[:PANEL_QUESTIONS]
    return EngagementPanel(
        questions=list(latest),
        question_count=Question.objects.filter(engagement=access.engagement).count(),
        reads=topics_read_by_client(access),
        library_practice_id=access.engagement.practice_id,
    )


def unanswered_questions(*, as_client: set[int], as_team: set[int]) -> list[Question]:
    """Questions still waiting for the other side, oldest first, in one query: in the engagements given as the
    client's, those a care-team member asked that the client has not replied to; in those given as the care
    team's, those the client asked that nobody else has replied to."""
    if not as_client and not as_team:
        return []
    replies = Reply.objects.filter(question=OuterRef("pk"))
    by_client = replies.filter(author=OuterRef("engagement__client"))
    by_others = replies.exclude(author=OuterRef("engagement__client"))
    asked_by_client = Q(author=F("engagement__client"))
    return list(
        Question.objects.filter(
            (Q(engagement_id__in=as_client) & ~asked_by_client & ~Exists(by_client))
            | (Q(engagement_id__in=as_team) & asked_by_client & ~Exists(by_others))
        ).select_related("author").order_by("created", "pk")
    )

