"""The agreements API's reads take as many queries with a long history as with a short one."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api_helpers import Api, eng
from tests.conftest import World

READS = ("/documents", "/documents/intentions", "/documents/intentions/revisions",
         "/documents/intentions/revisions/1", "/documents/intentions/revisions/1/diff", "/co-authorship")


def _grow(world: World, upto: int, start: int) -> None:
    """Revisions start..upto of the intentions, alternating authors; every third one is agreed."""
    apis = {world.dana.pk: Api.as_user(world.dana), world.alice.pk: Api.as_user(world.alice),
            world.bea.pk: Api.as_user(world.bea)}
    path = eng(world.engagement.pk, "/documents/intentions/revisions")
    for n in range(start, upto + 1):
        author = world.dana if n % 2 else world.alice
        response = apis[author.pk].post(path, {"based_on": n - 1 or None,
                                               "content": {"goals": [{"words": f"Goal {n}"}]}})
        assert response.status_code == 201, response.content
        if n % 3 == 0:
            for party in {world.dana.pk, world.alice.pk, world.bea.pk} - {author.pk}:
                assert apis[party].post(f"{path}/{n}/accept", {}).status_code == 200


def _counts(api: Api, world: World) -> dict[str, int]:
    counts = {}
    for read in READS:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(eng(world.engagement.pk, read)).status_code == 200, read
        counts[read] = len(queries)
    return counts


def test_reads_do_not_grow_with_history(world: World) -> None:
    alice = Api.as_user(world.alice)
    alice.get("/me")  # the token's first use is recorded once; keep it out of the counts
    _grow(world, 4, 1)  # #3 agreed, #4 pending
    short = _counts(alice, world)
    _grow(world, 11, 5)  # #9 agreed, #10 and #11 pending
    assert _counts(alice, world) == short
