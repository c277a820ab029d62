"""The chart is drawn once per state of what it shows: kept in the cache under a key naming the engagement and that
state, served with an ETag, answered with 304 when the browser has it; never served to anyone the engagement is
foreign to, and read in a fixed, smaller number of queries once drawn."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cocreate.access.models import AccessEvent
from cocreate.care import services as care
from cocreate.care.models import Session
from cocreate.measures import chart_cache, charts, registry
from tests.conftest import World
from tests.measures.service_helpers import access, every, open_one, session, submit, submit_new
from tests.measures.test_query_counts import grow


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def draws(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per chart drawn: the real drawing, counted."""
    drawn: list[int] = []
    draw = charts.trajectory_svg

    def counted(*args: Any, **kwargs: Any) -> bytes:
        drawn.append(1)
        return draw(*args, **kwargs)

    monkeypatch.setattr(charts, "trajectory_svg", counted)
    return drawn


def url(world: World, instrument: str = "phq9") -> str:
    return reverse("measure_chart", args=[world.engagement.pk, instrument])


def test_drawn_once_then_revalidated_without_drawing(world: World, draws: list[int]) -> None:
    submit(world, open_one(world), every("phq9", 1))
    alice = world.client_for(world.alice)
    first = alice.get(url(world))
    assert first.status_code == 200 and first["Content-Type"] == "image/svg+xml"
    assert b"<svg" in first.content and first["ETag"].startswith('W/"') and draws == [1]

    again = alice.get(url(world), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    assert draws == [1]

    unconditional = alice.get(url(world))
    assert unconditional.status_code == 200 and unconditional.content == first.content
    assert unconditional["ETag"] == first["ETag"] and draws == [1]


def test_browsers_are_still_told_not_to_keep_it(world: World) -> None:
    # The server's cache saves the drawing; a picture of a client's scores stays off the browser's disk.
    response = world.client_for(world.alice).get(url(world))
    assert response["Cache-Control"] == "no-store"


def test_a_new_score_gives_a_new_etag_and_picture(world: World, draws: list[int]) -> None:
    submit(world, open_one(world), every("phq9", 1))
    alice = world.client_for(world.alice)
    before = alice.get(url(world))
    submit_new(world, "phq9", every("phq9", 3))
    after = alice.get(url(world), headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert after.content != before.content and draws == [1, 1]


def test_another_questionnaires_score_leaves_the_chart_as_it_was(world: World, draws: list[int]) -> None:
    submit(world, open_one(world), every("phq9", 1))
    alice = world.client_for(world.alice)
    before = alice.get(url(world))
    submit_new(world, "gad7", every("gad7", 2))
    assert alice.get(url(world), headers={"If-None-Match": before["ETag"]}).status_code == 304
    assert draws == [1]


def test_the_sessions_marked_are_part_of_the_version(world: World) -> None:
    submit(world, open_one(world), every("phq9", 1))
    alice = world.client_for(world.alice)

    def etag() -> str:
        return str(alice.get(url(world))["ETag"])

    first = etag()
    # The planned session's time comes: it is marked now, though nothing about it was changed.
    Session.objects.filter(pk=world.session.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    passed = etag()
    assert passed != first
    held = session(world, "integration", timedelta(days=-3))
    with_held = etag()
    assert with_held != passed
    care.session_cancel(actor=world.alice, access=access(world.alice, world.engagement), session=held,
                        reason="Recorded on the wrong day.")
    assert etag() == passed  # the same marks as before: the same picture


@pytest.mark.parametrize("stranger", ["carl", "eve", "olga", "oscar"])
def test_a_stranger_gets_404_before_the_cache_is_asked(world: World, stranger: str, draws: list[int],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    submit(world, open_one(world), every("phq9", 1))
    etag = world.client_for(world.alice).get(url(world))["ETag"]
    versions: list[int] = []
    version = chart_cache.chart_version

    def counted(*args: Any, **kwargs: Any) -> chart_cache.ChartVersion:
        versions.append(1)
        return version(*args, **kwargs)

    monkeypatch.setattr(chart_cache, "chart_version", counted)
    client = world.client_for(getattr(world, stranger))
    assert client.get(url(world)).status_code == 404
    # Knowing the ETag (it names no one) does not turn the refusal into "not modified".
    assert client.get(url(world), headers={"If-None-Match": etag}).status_code == 404
    assert versions == [] and draws == [1]
    assert Client().get(url(world), headers={"If-None-Match": etag}).status_code == 302  # to sign in


def test_each_engagement_has_its_own_keys(world: World) -> None:
    submit(world, open_one(world), every("phq9", 1))
    alice, carl = access(world.alice, world.engagement), access(world.carl, world.eve_engagement)
    ours, theirs = (chart_cache.chart_version(a, registry.instrument("phq9")) for a in (alice, carl))
    assert str(world.engagement.pk) in ours.cache_key and str(world.eve_engagement.pk) in theirs.cache_key
    assert ours.cache_key != theirs.cache_key


def test_not_modified_is_still_a_read_of_the_chart(world: World) -> None:
    submit(world, open_one(world), every("phq9", 1))
    etag = world.client_for(world.alice).get(url(world))["ETag"]
    bea = world.client_for(world.bea)
    assert bea.get(url(world), headers={"If-None-Match": etag}).status_code == 304
    assert AccessEvent.objects.filter(actor=world.bea, engagement=world.engagement, what="measures").count() == 1
    assert bea.get(url(world), headers={"If-None-Match": etag}).status_code == 304
    assert AccessEvent.objects.filter(actor=world.bea, engagement=world.engagement, what="measures").count() == 1


def queries(client: Client, path: str, **headers: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        status = client.get(path, headers=headers).status_code
    return status, len(captured)


def test_a_cached_chart_costs_fewer_queries_and_as_many_at_any_history(world: World) -> None:
    alice = world.client_for(world.alice)
    alice.get(reverse("engagement_measures", args=[world.engagement.pk]))  # the session and the read, recorded
    grow(world, 10, 0)
    missed = queries(alice, url(world))
    hit = queries(alice, url(world))
    etag = alice.get(url(world))["ETag"]
    revalidated = queries(alice, url(world), **{"If-None-Match": etag})
    assert missed[0] == hit[0] == 200 and revalidated[0] == 304
    assert hit[1] < missed[1] and revalidated[1] == hit[1]
    grow(world, 500, 10)
    assert queries(alice, url(world))[0] == 200  # the new history drawn once
    assert queries(alice, url(world)) == hit


def test_another_language_is_another_picture(world: World, settings: Any, draws: list[int]) -> None:
    settings.LANGUAGES = [("en", "English"), ("de", "Deutsch")]
    submit(world, open_one(world), every("phq9", 1))
    alice = world.client_for(world.alice)
    english = alice.get(url(world), headers={"Accept-Language": "en"})
    german = alice.get(url(world), headers={"Accept-Language": "de"})
    assert german["Content-Language"] == "de" and english["Content-Language"] == "en"
    assert german["ETag"] != english["ETag"] and draws == [1, 1]
