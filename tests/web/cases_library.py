"""URL/persona matrix rows for the library app's routes (joined in test_url_matrix.py).

Topics are open to every member of their practice (SEEN even where a write then answers 403: a client may read
a topic but not edit it, staff may edit but not mark it read); the other practice gets 404. Questions belong to
an engagement and follow its access: the client and care team, a supervisor only after stating a reason.
"""

from __future__ import annotations

from typing import Any

from cocreate.access.policy import engagement_access
from cocreate.library import services
from cocreate.library.models import Topic
from tests.conftest import World
from tests.web.matrix import CARE, STAFF, Case, engagement, only, practice

MEMBERS = only("alice", "carl", "fay", "gus", "dana", "eve")  # everyone in the practice, in any role


def topic(world: World) -> dict[str, Any]:
    services.library_seed(practice=world.practice)
    return {"topic_id": Topic.objects.get(practice=world.practice, slug="psilocybin").pk}


def question(world: World) -> dict[str, Any]:
    asked = services.question_ask(
        actor=world.dana, access=engagement_access(world.dana, world.engagement), body="How long does it last?"
    )
    return {"engagement_id": world.engagement.pk, "question_id": asked.pk}


def new_topic(world: World) -> dict[str, Any]:
    return {"kind": "modality", "title": "Breathwork", "summary": "Working with the breath.",
            "body": "Paced breathing, guided by a practitioner."}


LIBRARY_CASES: dict[str, Case] = {
    # web
    "practices/<int:practice_id>/library/": Case(practice, MEMBERS),
    "practices/<int:practice_id>/library/new/": Case(practice, STAFF),
    "library/topics/<int:topic_id>/": Case(topic, MEMBERS),
    "library/topics/<int:topic_id>/edit/": Case(topic, MEMBERS),
    "library/topics/<int:topic_id>/read/": Case(topic, MEMBERS),
    "library/topics/<int:topic_id>/ask/": Case(topic, MEMBERS),
    "engagements/<int:engagement_id>/questions/": Case(engagement, CARE),
    "engagements/<int:engagement_id>/questions/<int:question_id>/": Case(question, CARE),
    # API
    "api/v1/practices/<practice_id>/library/topics": Case(practice, MEMBERS, body=new_topic),
    "api/v1/library/topics/<topic_id>": Case(topic, MEMBERS, body=lambda w: {"summary": "A shorter summary."}),
    "api/v1/library/topics/<topic_id>/read": Case(topic, MEMBERS),
    "api/v1/engagements/<engagement_id>/questions": Case(engagement, CARE, body=lambda w: {"body": "Is it safe?"}),
    "api/v1/engagements/<engagement_id>/questions/<question_id>": Case(question, CARE),
    "api/v1/engagements/<engagement_id>/questions/<question_id>/replies": Case(
        question, CARE, body=lambda w: {"body": "Yes, let us talk on Thursday."}
    ),
}
