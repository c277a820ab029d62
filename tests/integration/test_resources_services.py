"""The services of resources and action steps: the client's own list, quick check-ins on it, and check-ins on the
steps of the agreed integration plan; everything refused is refused by name, and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from cocreate.access.policy import NotAllowed, engagement_access
from cocreate.agreements import services as agreements
from cocreate.care import services as care
from cocreate.inbox.models import Notice, NoticeKind
from cocreate.integration import resources
from cocreate.integration.demo_resources import demo_resources
from cocreate.integration.models import Resource, ResourceUse, StepCheckIn
from cocreate.integration.selectors import client_today
from tests.conftest import World
from tests.integration.resources_helpers import acc, add, backdate, checkin, plan_agreed, rows, supervise, use


def refused(action: Callable[[], Any]) -> dict[str, list[str]]:
    """The errors of a refused action, checking it wrote nothing."""
    before = rows()
    with pytest.raises(ValidationError) as caught:
        action()
    assert rows() == before
    return caught.value.message_dict


# --- the list ---------------------------------------------------------------------------------------------------


def test_the_client_adds_changes_takes_off_and_puts_back(world: World) -> None:
    walk = add(world, "  Walking the dog ", "Round the block")
    assert (walk.name, walk.how, walk.retired_at) == ("Walking the dog", "Round the block", None)
    use(world, walk, helped="yes")
    changed = resources.resource_edit(actor=world.dana, access=acc(world, world.dana), resource=walk,
                                      name="Walking Bo", how="")
    assert (changed.name, changed.how) == ("Walking Bo", "")
    off = resources.resource_retire(actor=world.dana, access=acc(world, world.dana), resource=walk)
    assert off.retired_at is not None
    assert ResourceUse.objects.filter(resource=walk).count() == 1  # its check-ins are kept
    [row] = resources.resources(acc(world, world.alice))
    assert (row.resource.name, row.uses, row.helped["yes"]) == ("Walking Bo", 1, 1)
    back = resources.resource_restore(actor=world.dana, access=acc(world, world.dana), resource=walk)
    assert back.retired_at is None


def test_the_list_shows_those_on_it_first_with_their_tallies(world: World) -> None:
    backdate(world)
    first, second, third = add(world, "Breathing"), add(world, "Music"), add(world, "Cold water")
    resources.resource_retire(actor=world.dana, access=acc(world, world.dana), resource=first)
    today = client_today(acc(world, world.dana))
    use(world, second, helped="a_little", used_on=today - timedelta(days=1))
    use(world, second)
    use(world, second, helped="not_this_time")
    listed = resources.resources(acc(world, world.bea))
    assert [r.resource.name for r in listed] == ["Music", "Cold water", "Breathing"]
    music = listed[0]
    assert (music.uses, music.last_used) == (3, today)
    assert music.helped == {"yes": 0, "a_little": 1, "not_this_time": 1}
    assert (listed[1].uses, listed[1].last_used) == (0, None)
    assert third.pk == listed[1].resource.pk


@pytest.mark.parametrize(("name", "how", "field"), [
    ("", "", "name"),
    ("   \n ", "", "name"),
    ("x" * 201, "", "name"),
    ("Breathing", "y" * 4001, "how"),
])
def test_bad_words_are_refused_by_name(world: World, name: str, how: str, field: str) -> None:
    errors = refused(lambda: add(world, name, how))
    assert list(errors) == [field]


def test_the_same_name_twice_is_refused(world: World) -> None:
    walk = add(world, "Walking")
    assert refused(lambda: add(world, "walking"))["name"] == ["“Walking” is on your list already."]
    resources.resource_retire(actor=world.dana, access=acc(world, world.dana), resource=walk)
    assert "put it back" in refused(lambda: add(world, "Walking"))["name"][0]


def test_only_the_client_writes_on_their_list(world: World) -> None:
    walk = add(world)
    supervise(world)
    for person in (world.alice, world.bea, world.gus):
        access = engagement_access(person, world.engagement)
        with pytest.raises(NotAllowed):
            resources.resource_add(actor=person, access=access, name="Suggested by us")
        with pytest.raises(NotAllowed):
            resources.resource_edit(actor=person, access=access, resource=walk, name="Renamed", how="")
        with pytest.raises(NotAllowed):
            resources.resource_retire(actor=person, access=access, resource=walk)
        with pytest.raises(NotAllowed):
            resources.resource_use(actor=person, access=access, resource=walk)
    walk.refresh_from_db()
    assert (walk.name, walk.retired_at, Resource.objects.count(), ResourceUse.objects.count()) == (
        "Slow breathing", None, 1, 0)


def test_a_resource_of_another_engagement_is_not_found(world: World) -> None:
    eves = resources.resource_add(actor=world.eve, access=engagement_access(world.eve, world.eve_engagement),
                                  name="Eve's")
    with pytest.raises(Http404):
        resources.resource_in(acc(world, world.dana), eves.pk)
    with pytest.raises(Http404):
        resources.resource_use(actor=world.dana, access=acc(world, world.dana), resource=eves)
    assert ResourceUse.objects.count() == 0


def test_a_closed_engagement_keeps_its_list_as_it_is(world: World) -> None:
    walk = add(world)
    care.phase_transition(actor=world.alice, access=acc(world, world.alice), to_phase="closed", reason="Moved away")
    world.engagement.refresh_from_db()
    assert "__all__" in refused(lambda: add(world, "Another"))
    assert "__all__" in refused(lambda: use(world, walk))


# --- I used it ----------------------------------------------------------------------------------------------------


def test_one_tap_records_today_and_leaves_how_it_went_unsaid(world: World) -> None:
    walk = add(world)
    done = use(world, walk)
    assert (done.used_on, done.helped) == (client_today(acc(world, world.dana)), "")
    said = use(world, walk, helped="not_this_time", used_on=done.used_on)
    assert said.helped == "not_this_time"


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"helped": "very"}, "helped"),
    ({"helped": "YES"}, "helped"),
    ({"used_on": "tomorrow"}, "used_on"),
    ({"used_on": "before"}, "used_on"),
])
def test_a_bad_check_in_is_refused_by_name(world: World, kwargs: dict[str, Any], field: str) -> None:
    backdate(world, 3)
    walk = add(world)
    today = client_today(acc(world, world.dana))
    days = {"tomorrow": today + timedelta(days=1), "before": resources.first_day(acc(world, world.dana))
            - timedelta(days=1)}
    kwargs = {k: days.get(v, v) if k == "used_on" else v for k, v in kwargs.items()}
    assert list(refused(lambda: use(world, walk, **kwargs))) == [field]


def test_a_resource_off_the_list_is_put_back_before_it_is_used(world: World) -> None:
    walk = add(world)
    resources.resource_retire(actor=world.dana, access=acc(world, world.dana), resource=walk)
    assert "put it back first" in refused(lambda: use(world, walk))["__all__"][0]


def test_uses_are_listed_latest_day_first(world: World) -> None:
    backdate(world)
    walk, music = add(world, "Walk"), add(world, "Music")
    today = client_today(acc(world, world.dana))
    earlier = use(world, walk, used_on=today - timedelta(days=2))
    on_music = use(world, music)
    latest = use(world, walk)
    listed = resources.uses(acc(world, world.alice))
    assert [u.pk for u in listed] == [latest.pk, on_music.pk, earlier.pk]
    assert [u.pk for u in resources.uses(acc(world, world.alice), resource=music)] == [on_music.pk]
    assert [u.pk for u in resources.uses(acc(world, world.alice), limit=1, offset=2)] == [earlier.pk]


# --- action steps ---------------------------------------------------------------------------------------------------


def test_a_check_in_on_a_step_tells_the_team_which_step(world: World) -> None:
    revision = plan_agreed(world, "Walk three mornings a week", "Call my sister")
    done = checkin(world, "  call my   SISTER ", "let_go")
    assert (done.step, done.revision_number, done.status, done.note) == ("Call my sister", revision.number,
                                                                         "let_go", "")
    told = Notice.objects.filter(kind=NoticeKind.STEP_CHECKIN)
    assert sorted(n.recipient.name for n in told) == ["Alice", "Bea"]
    assert {n.title for n in told} == {"Dana checked in on the step “Call my sister”."}
    assert all(n.url.endswith("/integration/resources/#step-2") for n in told)


def test_without_an_agreed_plan_there_is_nothing_to_check_in_on(world: World) -> None:
    assert resources.agreed_plan(acc(world, world.dana)) is None
    assert "no agreed integration plan" in refused(lambda: checkin(world, "Walk"))["step"][0]


@pytest.mark.parametrize(("step", "status", "note", "field"), [
    ("Swim in the sea", "done", "", "step"),
    ("", "done", "", "step"),
    ("Walk", "finished", "", "status"),
    ("Walk", "", "", "status"),
    ("Walk", "done", "n" * 4001, "note"),
])
def test_a_bad_step_check_in_is_refused_by_name(world: World, step: str, status: str, note: str, field: str) -> None:
    plan_agreed(world, "Walk")
    errors = refused(lambda: checkin(world, step, status, note))
    assert list(errors) == [field]
    if step == "Swim in the sea":
        assert errors["step"][0].startswith("“Swim in the sea” is not a step of the agreed integration plan")


def test_a_proposed_change_does_not_move_the_steps_until_agreed(world: World) -> None:
    plan_agreed(world, "Walk")
    agreements.revision_propose(actor=world.dana, access=acc(world, world.dana), kind="integration_plan",
                                content={"steps": [{"step": "Swim"}]}, based_on=1)
    plan = resources.agreed_plan(acc(world, world.dana))
    assert plan is not None and [s.step for s in plan.steps] == ["Walk"]
    assert "step" in refused(lambda: checkin(world, "Swim"))


def test_each_step_shows_its_latest_check_in_across_agreed_plans(world: World) -> None:
    plan_agreed(world, "Walk", "Call my sister")
    checkin(world, "Walk", "not_yet")
    latest_walk = checkin(world, "Walk", "under_way", note="Two mornings")
    second = plan_agreed(world, "Walk", "Write a letter", review="")
    plan = resources.plan_with_checkins(acc(world, world.alice))
    assert plan is not None and plan.revision_number == second.number
    assert [(s.number, s.step, s.latest.pk if s.latest else None) for s in plan.steps] == [
        (1, "Walk", latest_walk.pk), (2, "Write a letter", None)]
    assert checkin(world, "Write a letter", "done").revision_number == second.number
    assert [c.status for c in resources.checkins(acc(world, world.alice))] == ["done", "under_way", "not_yet"]


def test_only_the_client_checks_in_on_steps(world: World) -> None:
    plan_agreed(world, "Walk")
    supervise(world)
    for person in (world.alice, world.gus):
        with pytest.raises(NotAllowed):
            resources.step_checkin(actor=person, access=engagement_access(person, world.engagement), step="Walk",
                                   status="done")
    assert StepCheckIn.objects.count() == 0


def test_the_demo_agrees_a_plan_and_fills_the_list_once(world: World) -> None:
    demo_resources(world.engagement, world.dana, world.alice)
    plan = resources.plan_with_checkins(acc(world, world.alice))
    assert plan is not None and len(plan.steps) == 2
    assert plan.steps[0].latest is not None and plan.steps[0].latest.status == "under_way"
    assert [r.resource.name for r in resources.resources(acc(world, world.alice))] == [
        "Slow breathing", "Walking the dog round the block", "The song from the session"]
    before = rows()
    assert before["ResourceUse"] == 6
    demo_resources(world.engagement, world.dana, world.alice)
    assert rows() == before
