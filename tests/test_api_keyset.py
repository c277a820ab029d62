"""The API lists that grow with history come in pages: following each page's `Link: <…>; rel="next"` from the first
gives every row once, in order, even when rows are written between pages; a page costs as many queries with a long
history as with a short one; a bad `limit` or `after` is refused with the error body; a foreign engagement is 404."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cocreate.access.models import AccessEvent
from cocreate.agreements.models import Revision
from cocreate.care.models import CareTeamMember, Engagement, Kind, SharedNote
from cocreate.measures.models import Flag
from tests.agreements.helpers import propose
from tests.api_helpers import API, Api, eng
from tests.conftest import World
from tests.measures.test_query_counts import grow as grow_scores

LINK = re.compile(r'<(?P<url>[^>]+)>; rel="next"')


def next_url(response: Any) -> str | None:
    link = response.headers.get("Link")
    if link is None:
        return None
    found = LINK.fullmatch(link)
    assert found is not None, link
    return found["url"]


def walk(api: Api, path: str, between: Callable[[], None] | None = None) -> list[Any]:
    """Each page's body, from `path` on, following the Link header until there is none; `between` runs after
    the first page."""
    pages, url = [], API + path
    while url is not None:
        response = api.client.get(url, **api.headers)
        assert response.status_code == 200, response.content
        pages.append(response.json())
        url = next_url(response)
        if between is not None and len(pages) == 1:
            between()
    return pages


def flat(pages: list[Any], key: str = "id") -> list[Any]:
    return [row[key] for page in pages for row in page]


def whole(api: Api, path: str) -> list[Any]:
    """The list in one page, which must then carry no Link."""
    response = api.get(path + ("&" if "?" in path else "?") + "limit=100")
    assert response.status_code == 200 and "Link" not in response.headers
    return response.json()


# Making history in bulk.

def engagements(world: World, caseload: int, own: int) -> None:
    """`caseload` engagements more on alice's care team (dana's and eve's names, so names tie), and `own` where
    alice is the client."""
    made = Engagement.objects.bulk_create([
        Engagement(practice=world.practice, client=world.dana if n % 2 else world.eve, kind=Kind.PSYCHOTHERAPY,
                   created_by=world.alice, title=f"care {n}") for n in range(caseload)])
    CareTeamMember.objects.bulk_create([CareTeamMember(engagement=e, facilitator=world.alice, added_by=world.alice)
                                        for e in made])
    Engagement.objects.bulk_create([
        Engagement(practice=world.practice, client=world.alice, kind=Kind.PSYCHOTHERAPY, title=f"own {n}",
                   created_by=world.carl, created=timezone.now() - timedelta(days=n % 3)) for n in range(own)])


def notes(world: World, count: int) -> None:
    at = timezone.now() - timedelta(days=1)
    SharedNote.objects.bulk_create([  # every third at the same moment: the key breaks the tie
        SharedNote(engagement=world.engagement, author=world.dana, body=f"note {n}", created=at + timedelta(
            minutes=n - n % 3)) for n in range(count)])


def reads(world: World, count: int) -> None:
    at = timezone.now() - timedelta(days=1)
    AccessEvent.objects.bulk_create([
        AccessEvent(actor=world.alice, engagement=world.engagement, what="sessions", via="api",
                    at=at + timedelta(seconds=n - n % 2)) for n in range(count)])


def revisions(world: World, count: int) -> None:
    """`count` proposals more on dana's intentions, each based on the one before, by dana and alice in turn."""
    latest = Revision.objects.filter(document__engagement=world.engagement).aggregate(n=Max("number"))["n"]
    for n in range(count):
        latest = propose(world, (world.dana, world.alice)[n % 2], "intentions",
                         {"goals": [{"words": f"Goal {latest}-{n}"}]}, latest).number


def path(world: World, rest: str) -> str:
    return rest if rest.startswith("/engagements") else eng(world.engagement.pk, rest)


# Walking every page.

def test_the_engagements_walk_through_the_caseload_then_the_callers_own(world: World) -> None:
    engagements(world, caseload=8, own=5)
    alice = Api.as_user(world.alice)
    full = whole(alice, "/engagements")
    assert [r["relation"] for r in full] == ["care_team"] * 9 + ["client"] * 5
    assert [r["client"]["name"] for r in full[:9]] == sorted(r["client"]["name"] for r in full[:9])
    for limit in (1, 4, 9, 13):  # ending inside either part, at the end of the first, one short of the end
        pages = walk(alice, f"/engagements?limit={limit}")
        assert flat(pages) == [r["id"] for r in full]
        assert [len(p) for p in pages[:-1]] == [limit] * (len(pages) - 1)
        assert all("caseload" in r for p in pages for r in p if r["relation"] == "care_team")


def test_scores_walk_and_each_series_carries_its_change_from_the_very_first(world: World) -> None:
    grow_scores(world, 40, 0)
    alice = Api.as_user(world.alice)
    full = {s["instrument"]: s for s in whole(alice, path(world, "/scores"))}
    pages = walk(alice, path(world, "/scores?limit=7"))
    assert len(pages) == 6
    # PHQ-9 has a reliable change index: on every page after its first score, its change is from that first.
    assert all(s["trajectory"] is not None for page in pages[1:] for s in page if s["instrument"] == "phq9")
    for key, series in full.items():
        parts = [s for page in pages for s in page if s["instrument"] == key]
        assert [x["id"] for s in parts for x in s["scores"]] == [x["id"] for x in series["scores"]]
        assert (parts[-1]["trajectory"], parts[-1]["latest"]) == (series["trajectory"], series["latest"])
    one = walk(alice, path(world, "/scores?instrument=wai_sr&limit=4"))
    assert [x["id"] for [s] in one for x in s["scores"]] == [x["id"] for x in full["wai_sr"]["scores"]]


def test_flags_walk_newest_first(world: World) -> None:
    grow_scores(world, 60, 0)
    alice = Api.as_user(world.alice)
    for query in ("", "unresolved=true&"):
        full = whole(alice, path(world, f"/flags?{query}"))
        assert len(full) > 3
        assert flat(walk(alice, path(world, f"/flags?{query}limit=2"))) == [f["id"] for f in full]


def test_revisions_walk_newest_first_and_before_still_works(world: World) -> None:
    revisions(world, 7)
    dana = Api.as_user(world.dana)
    docs = "/documents/intentions/revisions"
    assert flat(walk(dana, path(world, docs + "?limit=2")), "number") == [7, 6, 5, 4, 3, 2, 1]
    response = dana.get(path(world, docs + "?before=5&limit=2"))
    assert [r["number"] for r in response.json()] == [4, 3]
    assert "before" not in next_url(response) and dana.client.get(next_url(response), **dana.headers).json()[0][
        "number"] == 2


def test_a_row_written_between_pages_neither_repeats_nor_hides_an_older_one(world: World) -> None:
    notes(world, 12)
    reads(world, 12)
    alice, dana = Api.as_user(world.alice), Api.as_user(world.dana)
    before = [n["id"] for n in whole(dana, path(world, "/shared-notes"))]

    def write_note() -> None:
        alice.post(path(world, "/shared-notes"), {"body": "written meanwhile"})

    ids = flat(walk(dana, path(world, "/shared-notes?limit=5"), write_note))
    assert ids[:12] == before and len(ids) == 13 == len(set(ids))  # oldest first: the new one comes last

    log = [e["id"] for e in whole(dana, path(world, "/access-events"))]
    ids = flat(walk(dana, path(world, "/access-events?limit=5"), lambda: alice.get(path(world, "/sessions"))))
    assert ids == log  # newest first: the new read is before the first page, and nothing older moved


def test_the_access_log_pages_on_from_an_offset_too(world: World) -> None:
    reads(world, 9)
    dana = Api.as_user(world.dana)
    log = [e["id"] for e in whole(dana, path(world, "/access-events"))]
    first = dana.get(path(world, "/access-events?offset=2&limit=3"))
    assert [e["id"] for e in first.json()] == log[2:5] and "offset" not in next_url(first)
    assert flat([first.json(), *walk(dana, next_url(first)[len(API):])]) == log[2:]


def test_each_page_is_one_read_in_the_clients_log(world: World) -> None:
    notes(world, 11)
    alice = Api.as_user(world.alice)
    assert len(walk(alice, path(world, "/shared-notes?limit=4"))) == 3
    assert AccessEvent.objects.filter(actor=world.alice, what="shared notes").count() == 3


# Refused.

LISTS = ["/engagements", "/scores", "/flags", "/shared-notes", "/access-events", "/documents/intentions/revisions"]


@pytest.mark.parametrize("rest", LISTS)
def test_a_bad_limit_or_cursor_is_refused_with_the_error_body(world: World, rest: str) -> None:
    dana = Api.as_user(world.dana)
    events = AccessEvent.objects.count()
    for limit in ("0", "-1", "100000", "many"):
        response = dana.get(path(world, f"{rest}?limit={limit}"))
        assert response.status_code == 422 and "limit" in response.json()["errors"], (limit, response.content)
    for after in ("nonsense", "W10:", "WzAsMV0:1kFhX2:" + "x" * 43):
        response = dana.get(path(world, f"{rest}?after={after}"))
        assert response.status_code == 400, (after, response.content)
        assert response.json()["code"] == "bad_cursor" and "after" in response.json()["errors"]
    assert AccessEvent.objects.count() == events


def test_a_cursor_altered_or_from_another_list_is_refused(world: World) -> None:
    notes(world, 3)
    reads(world, 3)
    dana = Api.as_user(world.dana)
    note_cursor = next_url(dana.get(path(world, "/shared-notes?limit=1")))
    assert note_cursor is not None
    cursor = note_cursor.split("after=")[1]
    altered = cursor[:3] + ("A" if cursor[3] != "A" else "B") + cursor[4:]
    for rest in (f"/shared-notes?after={altered}", f"/access-events?after={cursor}", f"/scores?after={cursor}"):
        response = dana.get(path(world, rest))
        assert (response.status_code, response.json()["code"]) == (400, "bad_cursor"), rest


def test_paging_one_way_at_a_time(world: World) -> None:
    dana = Api.as_user(world.dana)
    cursor = next_url(dana.get(path(world, "/access-events?limit=1"))) or "after=x"
    given = cursor.split("after=")[1]
    revisions(world, 3)
    for rest, older in ((f"/access-events?offset=1&after={given}", "offset"),
                        (f"/documents/intentions/revisions?before=2&after={given}", "before")):
        response = dana.get(path(world, rest))
        assert response.status_code == 400 and older in response.json()["errors"], response.content


@pytest.mark.parametrize("rest", LISTS[1:])
def test_a_foreign_engagement_is_not_found_even_with_a_cursor(world: World, rest: str) -> None:
    notes(world, 3)
    reads(world, 3)
    grow_scores(world, 15, 0)
    revisions(world, 3)
    dana = Api.as_user(world.dana)
    url = next_url(dana.get(path(world, f"{rest}?limit=1")))
    assert url is not None
    for who in (world.olga, world.oscar, world.eve):
        response = Api.as_user(who).client.get(url, **Api.as_user(who).headers)
        assert response.status_code == 404, (who, rest)
        assert response.json()["detail"]


# What a page costs.

def counts(world: World, apis: dict[str, Api]) -> dict[str, int]:
    """Queries of the second page of each list, five rows a page; the access log as the client reads it, the
    other lists as the care team (the client's engagements are no caseload)."""
    found = {}
    for rest in LISTS:
        api = apis["client" if rest == "/access-events" else "care team"]
        url = next_url(api.get(path(world, f"{rest}?limit=5")))
        assert url is not None, rest
        with CaptureQueriesContext(connection) as queries:
            assert api.client.get(url, **api.headers).status_code == 200
        found[rest] = len(queries)
    return found


def grow(world: World, size: int, scores: tuple[int, int]) -> None:
    """`size` rows more of each list, and scores scores[0] to scores[1] (every seventh with a flag)."""
    engagements(world, caseload=size, own=size)
    notes(world, size)
    reads(world, size)
    grow_scores(world, scores[1], scores[0])


def test_a_page_costs_the_same_with_a_long_history(world: World) -> None:
    apis = {"care team": Api.as_user(world.alice), "client": Api.as_user(world.dana)}
    for api in apis.values():
        api.get("/me")  # the token's first use is recorded once; keep it out of the counts
    revisions(world, 12)
    grow(world, 12, (0, 80))
    small = counts(world, apis)
    grow(world, 300, (80, 500))
    revisions(world, 30)
    assert counts(world, apis) == small
    assert Flag.objects.filter(engagement=world.engagement).count() > 40
