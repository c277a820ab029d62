"""A signed-in GET writes nothing, apart from the one insert of the access events a read of client data leaves.

Walks every route of the URL matrix (tests/web/test_url_matrix.py) with every persona that may use it. Before
measuring, each browser and token has made one request already (a new session is marked as seen once, within the
minute of SESSION_TIMEOUT's throttle), so what is measured is a repeat visit: what every page view costs.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocreate.access.models import AccessEvent
from tests.conftest import World
from tests.web.matrix import PERSONAS, SEEN
from tests.web.test_url_matrix import CASES, persona_client, url_for

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
ACCESS_INSERT = re.compile(rf'^\s*INSERT INTO "?{AccessEvent._meta.db_table}"?', re.IGNORECASE)

# GETs that may write, each with its reason. A link followed from an email (an invitation, a password reset) only
# shows a form: its POST acts.
MAY_WRITE: dict[str, str] = {
    # A calendar app polling its feed (no session: the token is the link) notes when it last read it, at most once
    # an hour, so that its owner can tell a feed in use from a forgotten one (interop/services.py).
    "calendar/<str:token>.ics": "notes the feed's last read, once an hour",
}
# Routes whose GET is not a read to measure: signing out ends the session (a GET of it only shows the form, but
# it must never be walked with a live session in a loop like this one).
SKIP = {"accounts/logout/"}


def writes_of(sql: list[str]) -> tuple[list[str], list[str]]:
    """(inserts of access events, every other write)."""
    writes = [s for s in sql if WRITE.match(s)]
    return [s for s in writes if ACCESS_INSERT.match(s)], [s for s in writes if not ACCESS_INSERT.match(s)]


@pytest.mark.parametrize("route", sorted(r for r in CASES if r not in SKIP))
def test_a_signed_in_get_writes_nothing_but_its_access_events(world: World, route: str) -> None:
    case = CASES[route]
    api = route.startswith("api/")
    url = url_for(route, case.kwargs(world))
    wrong = []
    for persona in PERSONAS[1:]:
        if case.expect[persona] != SEEN:
            continue
        client, headers = persona_client(world, persona, api)
        client.get("/api/v1/me" if api else "/ping/", **headers)  # a first request marks the session as seen
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **headers)
        if response.status_code != 200:
            continue  # redirects, 405 for POST-only routes: not a page read
        access, other = writes_of([q["sql"] for q in queries.captured_queries])
        if other and route not in MAY_WRITE:
            wrong.append(f"{persona} GET {url} wrote: " + " | ".join(s[:120] for s in other))
        if len(access) > 1:
            wrong.append(f"{persona} GET {url} inserted access events {len(access)} times")
    assert not wrong, "\n".join(wrong)


def test_the_walk_reaches_the_pages_that_record_access(world: World) -> None:
    """The walk above is not vacuous: a care-team read of the engagement page leaves its one insert."""
    client, headers = persona_client(world, "alice", api=False)
    client.get("/ping/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/engagements/{world.engagement.pk}/").status_code == 200
    access, other = writes_of([q["sql"] for q in queries.captured_queries])
    assert (len(access), other) == (1, [])
