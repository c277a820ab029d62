"""The measures reads run as many queries with 500 scores as with 10: the trajectory page, a series, the
caseload's flags and the scores API do not grow with a client's history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cocreate.measures import selectors
from cocreate.measures.models import Administration, Assignment, Flag, FlagKind, Response, Schedule, Score
from tests.api_helpers import Api, eng
from tests.conftest import World
from tests.measures.service_helpers import access, assign

KINDS = [FlagKind.RISK, FlagKind.DETERIORATION, FlagKind.ALLIANCE]


def grow(world: World, upto: int, start: int) -> None:
    """Scores start..upto-1 of PHQ-9 and WAI-SR on dana's engagement, every seventh with a flag (some resolved),
    made in bulk: one answered administration each."""
    engagement, now = world.engagement, timezone.now()
    assignments = {key: Assignment.objects.get_or_create(
        engagement=engagement, instrument=key, schedule=Schedule.AFTER_SESSIONS,
        defaults={"created_by": world.alice, "session_kinds": ["integration"]})[0] for key in ("phq9", "wai_sr")}
    count = upto - start
    keys = ["phq9" if n % 3 else "wai_sr" for n in range(start, upto)]
    at = [now - timedelta(days=1000 - n) for n in range(start, upto)]
    administrations = Administration.objects.bulk_create([
        Administration(assignment=assignments[keys[i]], engagement=engagement, instrument=keys[i], due_at=at[i],
                       expires_at=at[i] + timedelta(days=3), completed_at=at[i]) for i in range(count)])
    responses = Response.objects.bulk_create([
        Response(administration=a, answers={"1": 1}, submitted_at=a.due_at) for a in administrations])
    scores = Score.objects.bulk_create([
        Score(response=r, engagement=engagement, instrument=keys[i], at=at[i], total=float(i % 27), band="Mild")
        for i, r in enumerate(responses)])
    Flag.objects.bulk_create([
        Flag(engagement=engagement, instrument=s.instrument, response_id=s.response_id, score=s, kind=KINDS[i % 3],
             reason=f"reason {i}",
             resolved_at=now if i % 2 else None, resolved_by=world.alice if i % 2 else None,
             action="Talked it through." if i % 2 else "")
        for i, s in enumerate(scores) if i % 7 == 0])


def counted(read: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as queries:
        read()
    return len(queries)


def counts(world: World, api: Api) -> dict[str, int]:
    alice = access(world.alice, world.engagement)
    path = eng(world.engagement.pk)
    reads: dict[str, Callable[[], Any]] = {
        "measures_view": lambda: selectors.measures_view(alice),
        "series_for": lambda: selectors.series_for(alice, "phq9"),
        "session_markers": lambda: selectors.session_markers(alice),
        "caseload_flags": lambda: selectors.caseload_flags([world.engagement.pk, world.eve_engagement.pk]),
        "flags": lambda: selectors.flags(alice),
        "due_for_client": lambda: selectors.due_for_client(world.dana),
    }
    for read in ("/scores", "/scores?instrument=wai_sr", "/flags", "/administrations", "/assignments"):
        reads["GET " + read] = lambda read=read: api.get(path + read).json()
    return {name: counted(read) for name, read in reads.items()}


def test_reads_do_not_grow_with_history(world: World) -> None:
    assign(world, "gad7", "every_n_days", every_days=7)  # something open, something to come
    api = Api.as_user(world.alice)
    api.get("/me")  # the token's first use is recorded once; keep it out of the counts
    grow(world, 10, 0)
    small = counts(world, api)
    assert len(selectors.measures_view(access(world.alice, world.engagement)).series[0].scores) > 1
    grow(world, 500, 10)
    assert Score.objects.filter(engagement=world.engagement).count() == 500
    large = counts(world, api)
    assert large == small
    [series] = api.get(eng(world.engagement.pk, "/scores?instrument=phq9&limit=1000")).json()
    assert len(series["scores"]) == 333 and series["trajectory"] is not None


def page_counts(world: World) -> dict[str, int]:
    alice, dana = world.client_for(world.alice), world.client_for(world.dana)
    pages = {
        "trajectory page (facilitator)": (alice, f"/engagements/{world.engagement.pk}/measures/"),
        "trajectory page (client)": (dana, f"/engagements/{world.engagement.pk}/measures/"),
        "chart": (alice, f"/engagements/{world.engagement.pk}/measures/phq9/chart.svg"),
        "caseload": (alice, "/caseload/"),
        "engagement page": (alice, f"/engagements/{world.engagement.pk}/"),
        "my care": (dana, "/my/"),
        "my questionnaires": (dana, "/my/measures/"),
    }
    result = {}
    for name, (client, url) in pages.items():
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        result[name] = len(queries)
    return result


def test_pages_do_not_grow_with_history(world: World) -> None:
    assign(world, "gad7", "every_n_days", every_days=7)
    grow(world, 10, 0)
    small = page_counts(world)
    grow(world, 500, 10)
    assert page_counts(world) == small
