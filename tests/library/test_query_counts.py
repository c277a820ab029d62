"""The library's list pages and the engagement panel run a fixed number of queries, however much there is."""

from __future__ import annotations

from collections.abc import Callable
from itertools import cycle

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocreate.access.policy import engagement_access
from cocreate.library import services
from cocreate.library.models import Question, Reply, Topic, TopicKind, TopicRead
from cocreate.library.selectors import engagement_panel
from tests.api_helpers import API, bearer_token
from tests.conftest import World
from tests.library.conftest import access


def grow(world: World, n: int, tag: str) -> None:
    """n more topics (half read by dana), n questions on dana's engagement with replies, and n on eve's."""
    topics = Topic.objects.bulk_create([
        Topic(practice=world.practice, kind=TopicKind.SUBSTANCE if i % 2 else TopicKind.MODALITY,
              slug=f"{tag}-{i}", title=f"Topic {tag} {i}", summary="s", body="b", updated_by=world.alice)
        for i in range(n)
    ])
    TopicRead.objects.bulk_create([TopicRead(topic=t, client=world.dana) for t in topics[::2]])
    authors = cycle([world.dana, world.alice, world.bea])
    questions = Question.objects.bulk_create([
        Question(engagement=world.engagement, topic=topics[i] if i % 3 else None, author=next(authors),
                 body=f"question {tag} {i}")
        for i in range(n)
    ])
    Reply.objects.bulk_create([
        Reply(question=q, author=next(authors), body=f"reply {tag} {i}-{j}")
        for i, q in enumerate(questions) for j in range(i % 4)
    ])
    Question.objects.bulk_create([
        Question(engagement=world.eve_engagement, author=world.eve, body=f"eve {tag} {i}") for i in range(n)
    ])


def count(fetch: Callable[[], object]) -> tuple[int, list[str]]:
    fetch()  # settle the session and caches first
    with CaptureQueriesContext(connection) as queries:
        fetch()
    return len(queries), [q["sql"] for q in queries.captured_queries]


def web(world: World, who: str, url_of: Callable[[World], str]) -> Callable[[], object]:
    browser = world.client_for(getattr(world, who))

    def fetch() -> object:
        response = browser.get(url_of(world))
        assert response.status_code == 200
        return response

    return fetch


def api(world: World, who: str, url_of: Callable[[World], str]) -> Callable[[], object]:
    browser = world.client_for(None)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {bearer_token(getattr(world, who))}"}

    def fetch() -> object:
        response = browser.get(API + url_of(world), **headers)
        assert response.status_code == 200
        return response

    return fetch


def first_question(world: World) -> str:
    question = Question.objects.filter(engagement=world.engagement).order_by("pk").first()
    assert question is not None
    return reverse("question", args=[world.engagement.pk, question.pk])


PAGES: dict[str, Callable[[World], Callable[[], object]]] = {
    "library (client)": lambda w: web(w, "dana", lambda w: reverse("library", args=[w.practice.pk])),
    "library (facilitator)": lambda w: web(w, "alice", lambda w: reverse("library", args=[w.practice.pk])),
    "questions (client)": lambda w: web(w, "dana", lambda w: reverse("questions", args=[w.engagement.pk])),
    "questions (care team)": lambda w: web(w, "alice", lambda w: reverse("questions", args=[w.engagement.pk])),
    "question thread": lambda w: web(w, "bea", first_question),
    "API topic list": lambda w: api(w, "dana", lambda w: f"/practices/{w.practice.pk}/library/topics"),
    "API questions": lambda w: api(w, "alice", lambda w: f"/engagements/{w.engagement.pk}/questions"),
    "engagement panel": lambda w: lambda: engagement_panel(access(w.alice, w.engagement)),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_query_count_does_not_grow_with_data(world: World, page: str) -> None:
    grow(world, 3, "small")
    fetch = PAGES[page](world)
    small, _ = count(fetch)
    grow(world, 40, "large")
    large, sql = count(fetch)
    assert large == small, f"{page}: {small} queries with little data, {large} with a lot:\n" + "\n".join(sql)


def test_the_large_pages_show_the_data(world: World) -> None:
    grow(world, 40, "large")
    library = world.client_for(world.dana).get(reverse("library", args=[world.practice.pk])).content.decode()
    assert library.count("Topic large ") == 40
    assert library.count('<span class="badge">read</span>') == 20
    questions = world.client_for(world.alice).get(reverse("questions", args=[world.engagement.pk])).content.decode()
    assert questions.count("question large ") == 25 and "eve large" not in questions  # a page of 25
    panel = engagement_panel(access(world.alice, world.engagement))
    assert panel.question_count == 40 and len(panel.questions) == 3 and len(panel.reads) == 20
    assert sum(q.reply_count for q in panel.questions) == sum(q.replies.count() for q in panel.questions)


def test_the_questions_page_shows_25_at_a_time_with_older_ones_a_page_away(library: World) -> None:
    access = engagement_access(library.dana, library.engagement)
    for n in range(30):
        services.question_ask(actor=library.dana, access=access, body=f"Question number {n:02d}")
    client = library.client_for(library.dana)
    url = f"/engagements/{library.engagement.pk}/questions/"
    first = client.get(url).text
    assert "Question number 29" in first and "Question number 04" not in first and "?page=2" in first
    second = client.get(url + "?page=2").text
    assert "Question number 04" in second and "Question number 29" not in second
    assert client.get(url + "?page=²").status_code == 200
