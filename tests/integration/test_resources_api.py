"""Resources and action steps through the API: the client writes, the care team and a supervisor read (403 for a
write), anyone else 404; bad input answers 400 with the field named and writes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from cocreate.access.models import AccessEvent
from cocreate.inbox.models import Notice, NoticeKind
from cocreate.integration.models import Resource, StepCheckIn
from cocreate.integration.selectors import client_today
from tests.api_helpers import Api
from tests.conftest import World
from tests.integration.resources_helpers import acc, add, backdate, checkin, plan_agreed, rows, supervise, use


def res(world: World, rest: str = "") -> str:
    return f"/engagements/{world.engagement.pk}/integration/resources{rest}"


def steps(world: World, rest: str = "") -> str:
    return f"/engagements/{world.engagement.pk}/integration/steps{rest}"


def test_the_client_keeps_their_list(world: World) -> None:
    dana = Api.as_user(world.dana)
    made = dana.post(res(world), {"name": "Slow breathing", "how": "Four in, six out"})
    assert made.status_code == 201
    body = made.json()
    assert (body["name"], body["how"], body["on_list"], body["uses"], body["last_used_on"]) == (
        "Slow breathing", "Four in, six out", True, 0, None)
    rid = body["id"]
    assert dana.patch(res(world, f"/{rid}"), {"how": ""}).json()["how"] == ""
    assert dana.patch(res(world, f"/{rid}"), {"name": "Breathing"}).json()["name"] == "Breathing"
    off = dana.post(res(world, f"/{rid}/retire")).json()
    assert (off["on_list"], off["retired_at"] is not None) == (False, True)
    assert dana.post(res(world, f"/{rid}/restore")).json()["on_list"] is True
    listed = dana.get(res(world)).json()
    assert [(r["id"], r["name"]) for r in listed] == [(rid, "Breathing")]


def test_the_client_records_uses_and_lists_them(world: World) -> None:
    backdate(world)
    dana = Api.as_user(world.dana)
    walk = add(world, "Walking")
    today = client_today(acc(world, world.dana))
    tapped = dana.post(res(world, f"/{walk.pk}/uses"), {})
    assert tapped.status_code == 201
    assert (tapped.json()["used_on"], tapped.json()["helped"]) == (today.isoformat(), "")
    earlier = (today - timedelta(days=3)).isoformat()
    said = dana.post(res(world, f"/{walk.pk}/uses"), {"used_on": earlier, "helped": "a_little"})
    assert said.status_code == 201 and said.json()["resource_name"] == "Walking"
    assert [u["used_on"] for u in dana.get(res(world, "/uses")).json()] == [today.isoformat(), earlier]
    assert [u["helped"] for u in dana.get(res(world, f"/{walk.pk}/uses?limit=1&offset=1")).json()] == ["a_little"]
    row = dana.get(res(world)).json()[0]
    assert (row["uses"], row["last_used_on"], row["helped"]) == (
        2, today.isoformat(), {"yes": 0, "a_little": 1, "not_this_time": 0})


def test_the_care_team_reads_and_each_read_is_recorded(world: World) -> None:
    walk = add(world, "Walking")
    use(world, walk, helped="yes")
    plan_agreed(world, "Walk")
    checkin(world, "Walk", "done")
    alice = Api.as_user(world.alice)
    assert [r["name"] for r in alice.get(res(world)).json()] == ["Walking"]
    assert len(alice.get(res(world, "/uses")).json()) == 1
    assert len(alice.get(res(world, f"/{walk.pk}/uses")).json()) == 1
    plan = alice.get(steps(world)).json()
    assert (plan["agreed"], plan["revision_number"], plan["steps"][0]["latest"]["status"]) == (True, 1, "done")
    assert [c["author"]["name"] for c in alice.get(steps(world, "/check-ins")).json()] == ["Dana"]
    events = list(AccessEvent.objects.filter(actor=world.alice).values_list("what", "via"))
    assert sorted(events) == [("integration plan check-ins", "api")] * 2 + [("resources", "api")] * 3


@pytest.mark.parametrize(("method", "path", "body"), [
    ("post", "", {"name": "Suggested"}),
    ("patch", "/{rid}", {"name": "Renamed"}),
    ("post", "/{rid}/retire", None),
    ("post", "/{rid}/restore", None),
    ("post", "/{rid}/uses", {}),
])
def test_the_care_team_and_a_supervisor_may_not_write_the_list(world: World, method: str, path: str,
                                                               body: Any) -> None:
    walk = add(world, "Walking")
    supervise(world)
    before = rows()
    for person in (world.alice, world.gus):
        api = Api.as_user(person)
        response = getattr(api, method)(res(world, path.format(rid=walk.pk)), body or {})
        assert response.status_code == 403, person
        assert response.json()["code"] == "not_allowed"
    assert rows() == before


def test_the_care_team_may_not_check_in_for_the_client(world: World) -> None:
    plan_agreed(world, "Walk")
    response = Api.as_user(world.bea).post(steps(world, "/check-ins"), {"step": "Walk", "status": "done"})
    assert response.status_code == 403 and StepCheckIn.objects.count() == 0


@pytest.mark.parametrize("persona", ["carl", "oscar", "eve"])
def test_anyone_else_gets_404(world: World, persona: str) -> None:
    walk = add(world, "Walking")
    plan_agreed(world, "Walk")
    api = Api.as_user(getattr(world, persona))
    before = rows()
    for path in ("", "/uses", f"/{walk.pk}/uses"):
        assert api.get(res(world, path)).status_code == 404
    for path in ("", "/check-ins"):
        assert api.get(steps(world, path)).status_code == 404
    assert api.post(res(world), {"name": "Theirs"}).status_code == 404
    assert api.patch(res(world, f"/{walk.pk}"), {"name": "Theirs"}).status_code == 404
    for path in ("/retire", "/restore", "/uses"):
        assert api.post(res(world, f"/{walk.pk}{path}"), {}).status_code == 404
    assert api.post(steps(world, "/check-ins"), {"step": "Walk", "status": "done"}).status_code == 404
    assert rows() == before


def test_a_resource_of_another_engagement_is_not_found_through_ones_own(world: World) -> None:
    eves = Resource.objects.create(engagement=world.eve_engagement, name="Eve's")
    dana = Api.as_user(world.dana)
    assert dana.post(res(world, f"/{eves.pk}/uses"), {}).status_code == 404
    assert dana.patch(res(world, f"/{eves.pk}"), {"name": "Mine"}).status_code == 404
    assert dana.get(res(world, f"/{eves.pk}/uses")).status_code == 404


@pytest.mark.parametrize(("path", "body", "field"), [
    ("", {"name": ""}, "name"),
    ("", {"name": "  "}, "name"),
    ("", {"name": "n" * 201}, "name"),
    ("", {"name": "Walk", "how": "h" * 4001}, "how"),
    ("", {"name": "walking"}, "name"),
    ("/{rid}", {"name": ""}, "name"),
    ("/{rid}/uses", {"helped": "hugely"}, "helped"),
    ("/{rid}/uses", {"used_on": "tomorrow"}, "used_on"),
])
def test_bad_input_is_a_clear_400_and_writes_nothing(world: World, path: str, body: dict[str, Any],
                                                     field: str) -> None:
    walk = add(world, "Walking")
    if body.get("used_on") == "tomorrow":
        body = {**body, "used_on": (client_today(acc(world, world.dana)) + timedelta(days=1)).isoformat()}
    before = rows()
    dana = Api.as_user(world.dana)
    url = res(world, path.format(rid=walk.pk))
    response = dana.patch(url, body) if path == "/{rid}" else dana.post(url, body)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert response.json()["detail"].startswith(f"{field}: ")
    assert rows() == before


def test_steps_without_a_plan_say_so(world: World) -> None:
    assert Api.as_user(world.dana).get(steps(world)).json() == {
        "agreed": False, "revision_number": None, "agreed_at": None, "review": "", "steps": []}
    refused = Api.as_user(world.dana).post(steps(world, "/check-ins"), {"step": "Walk", "status": "done"})
    assert refused.status_code == 400 and "no agreed integration plan" in refused.json()["errors"]["step"][0]


def test_the_client_checks_in_on_a_step_and_the_team_is_told(world: World) -> None:
    plan_agreed(world, "Walk", "Call my sister", review="Next month")
    dana = Api.as_user(world.dana)
    plan = dana.get(steps(world)).json()
    assert [(s["number"], s["step"], s["when"], s["latest"]) for s in plan["steps"]] == [
        (1, "Walk", "Weekly", None), (2, "Call my sister", "Weekly", None)]
    assert plan["review"] == "Next month"
    made = dana.post(steps(world, "/check-ins"), {"step": "Call my sister", "status": "let_go"})
    assert made.status_code == 201
    assert (made.json()["step"], made.json()["status"], made.json()["note"]) == ("Call my sister", "let_go", "")
    assert Notice.objects.filter(kind=NoticeKind.STEP_CHECKIN).count() == 2
    assert dana.get(steps(world)).json()["steps"][1]["latest"]["id"] == made.json()["id"]


@pytest.mark.parametrize(("body", "field"), [
    ({"step": "Swim", "status": "done"}, "step"),
    ({"step": "", "status": "done"}, "step"),
    ({"step": "Walk", "status": "sideways"}, "status"),
    ({"step": "Walk", "status": "done", "note": "n" * 4001}, "note"),
])
def test_a_bad_step_check_in_is_a_clear_400(world: World, body: dict[str, str], field: str) -> None:
    plan_agreed(world, "Walk")
    before = rows()
    response = Api.as_user(world.dana).post(steps(world, "/check-ins"), body)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert rows() == before


def test_a_malformed_day_or_page_is_refused_before_anything_is_read(world: World) -> None:
    walk = add(world, "Walking")
    dana = Api.as_user(world.dana)
    assert dana.post(res(world, f"/{walk.pk}/uses"), {"used_on": "someday"}).status_code == 422
    assert dana.get(res(world, "/uses?limit=0")).status_code == 422
    assert dana.get(steps(world, "/check-ins?limit=100000")).status_code == 422
    assert dana.post(res(world), {"name": "Walk\x00"}).status_code == 422
