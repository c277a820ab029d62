"""URL/persona matrix rows for looking back over the shift tracker, web and API: the timeline for the client and the
care team (a supervisor after a reason); the filled worksheet and the download for the client alone."""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from tests.integration.helpers import note, tracker_after
from tests.web.matrix import CARE, REASON, Case, only


def with_entries(world: World) -> dict[str, Any]:
    """A tracker after a session three days ago, with a shared entry and a private one."""
    tracker = tracker_after(world)
    note(world, tracker, "Shared with the team", share=True)
    note(world, tracker, "Only mine", day=2)
    return {"engagement_id": world.engagement.pk}


CLIENT = only("dana", gus=REASON)  # the filled worksheet (no ?blank=1) and the download: the client's alone
W = "engagements/<int:engagement_id>/integration/"
API = "api/v1/engagements/<engagement_id>/integration/"

INTEGRATION_LOOKBACK_CASES: dict[str, Case] = {
    W + "look-back/": Case(with_entries, CARE),
    W + "worksheet.pdf": Case(with_entries, CLIENT),
    W + "download.zip": Case(with_entries, CLIENT),
    API + "timeline": Case(with_entries, CARE),
    API + "worksheet.pdf": Case(with_entries, CLIENT),
    API + "download.zip": Case(with_entries, CLIENT),
}
