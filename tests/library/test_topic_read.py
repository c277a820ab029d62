"""A client marks a topic read: once, idempotently, and only as a client of the topic's practice."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cocreate.access.policy import NotAllowed
from cocreate.library import services
from cocreate.library.models import TopicRead
from cocreate.library.selectors import reads_of, topics_read_by_client
from tests.conftest import World
from tests.library.conftest import access, topic


def test_marking_read_twice_keeps_one_mark_with_the_first_time(library: World) -> None:
    psilocybin = topic(library, "psilocybin")
    first = services.topic_mark_read(actor=library.dana, topic=psilocybin)
    again = services.topic_mark_read(actor=library.dana, topic=psilocybin)
    assert first.pk == again.pk and first.at == again.at
    assert TopicRead.objects.count() == 1
    assert reads_of(library.dana, library.practice) == {psilocybin.pk: first.at}
    assert reads_of(library.eve, library.practice) == {}


@pytest.mark.parametrize("who", ["alice", "fay", "gus", "oscar"])
def test_only_a_client_of_the_practice_marks_read(library: World, who: str) -> None:
    with pytest.raises(NotAllowed):
        services.topic_mark_read(actor=getattr(library, who), topic=topic(library, "psilocybin"))
    assert not TopicRead.objects.exists()


def test_the_care_team_sees_what_their_client_read_in_this_practice_only(library: World) -> None:
    services.topic_mark_read(actor=library.dana, topic=topic(library, "mdma"))
    services.topic_mark_read(actor=library.eve, topic=topic(library, "ketamine"))
    reads = topics_read_by_client(access(library.alice, library.engagement))
    assert [r.topic.slug for r in reads] == ["mdma"]


def test_mark_read_through_the_web(library: World) -> None:
    mdma = topic(library, "mdma")
    url = reverse("topic_read", args=[mdma.pk])
    browser = library.client_for(library.dana)
    response = browser.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("topic", args=[mdma.pk])
    page = browser.get(reverse("topic", args=[mdma.pk])).content.decode()
    assert "You marked this as read on" in page
    assert browser.post(url).status_code == 302
    assert TopicRead.objects.filter(topic=mdma, client=library.dana).count() == 1
    assert library.client_for(library.alice).post(url).status_code == 403
    assert library.client_for(library.oscar).post(url).status_code == 404
    assert browser.get(url).status_code == 405
