"""The page of what steadies the client and their action steps: the client writes, the care team and a supervisor
read (each read an access event), anyone else 404; a refused write shows back what was typed, saving nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from cocreate.access.models import AccessEvent
from cocreate.care import services as care
from cocreate.inbox.models import Notice, NoticeKind
from cocreate.integration.models import Resource, ResourceUse, StepCheckIn
from cocreate.integration.selectors import client_today
from tests.conftest import World
from tests.integration.resources_helpers import acc, add, backdate, checkin, plan_agreed, rows, supervise, use


def page_url(world: World) -> str:
    return reverse("integration_resources", args=[world.engagement.pk])


def action(world: World, name: str, *args: int) -> str:
    return reverse(name, args=[world.engagement.pk, *args])


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1]).split())


def test_the_client_sees_their_list_and_steps_with_forms(world: World) -> None:
    walk = add(world, "Walking", "Round the block")
    use(world, walk, helped="yes")
    plan_agreed(world, "Walk three mornings a week", "Call my sister", review="In a month")
    checkin(world, "Call my sister", "let_go")
    response = world.client_for(world.dana).get(page_url(world))
    assert response.status_code == 200
    page = text_of(response.text)
    for words in ("What steadies you", "Walking", "Round the block", "Used once", "it helped: 1",
                  "I used it today", "Your action steps", "Walk three mornings a week", "In a month",
                  "Letting it go", "Add something that steadies you", "Your care team will read this."):
        assert words in page, words
    assert "the client" not in page.lower()
    assert AccessEvent.objects.count() == 0  # the client's own reads leave none


def test_the_care_team_reads_and_each_read_is_recorded(world: World) -> None:
    add(world, "Walking")
    plan_agreed(world, "Walk")
    response = world.client_for(world.alice).get(page_url(world))
    assert response.status_code == 200
    page = text_of(response.text)
    assert "What steadies Dana" in page and "Walking" in page and "only they write on it" in page
    assert "I used it today" not in page and "Add something" not in page and "Check in" not in page
    assert sorted(AccessEvent.objects.filter(actor=world.alice).values_list("what", flat=True)) == [
        "integration plan check-ins", "resources"]


def test_a_supervisor_reads_after_a_reason_and_writes_nothing(world: World) -> None:
    walk = add(world, "Walking")
    browser = world.client_for(world.gus)
    assert browser.get(page_url(world))["Location"] == "/supervision/"
    supervise(world)
    page = browser.get(page_url(world))
    assert page.status_code == 200 and "Walking" in page.text and "I used it today" not in page.text
    before = rows()
    assert browser.post(action(world, "integration_resource_use", walk.pk)).status_code == 403
    assert browser.post(action(world, "integration_resource_add"), {"name": "Ours"}).status_code == 403
    assert rows() == before


@pytest.mark.parametrize("persona", ["carl", "oscar", "eve"])
def test_anyone_else_gets_404_and_writes_nothing(world: World, persona: str) -> None:
    walk = add(world, "Walking")
    plan_agreed(world, "Walk")
    browser = world.client_for(getattr(world, persona))
    before = rows()
    assert browser.get(page_url(world)).status_code == 404
    for name, args, data in (
            ("integration_resource_add", (), {"name": "Theirs"}),
            ("integration_resource_edit", (walk.pk,), {"name": "Renamed"}),
            ("integration_resource_retire", (walk.pk,), {}),
            ("integration_resource_restore", (walk.pk,), {}),
            ("integration_resource_use", (walk.pk,), {"helped": "yes"}),
            ("integration_step_checkin", (), {"step": "Walk", "number": "1", "status": "done"})):
        assert browser.post(action(world, name, *args), data).status_code == 404, name
    assert rows() == before


def test_a_facilitator_cannot_write_on_the_clients_list(world: World) -> None:
    walk = add(world, "Walking")
    browser = world.client_for(world.alice)
    assert browser.post(action(world, "integration_resource_add"), {"name": "Ours"}).status_code == 403
    assert browser.post(action(world, "integration_resource_retire", walk.pk)).status_code == 403
    assert Resource.objects.get().retired_at is None and Resource.objects.count() == 1


def test_the_client_keeps_their_list_through_the_page(world: World) -> None:
    browser = world.client_for(world.dana)
    added = browser.post(action(world, "integration_resource_add"), {"name": "Cold water", "how": "On my face"})
    resource = Resource.objects.get()
    assert added["Location"] == page_url(world) + f"#resource-{resource.pk}"
    assert "“Cold water” is on your list." in browser.get(page_url(world)).text
    browser.post(action(world, "integration_resource_edit", resource.pk), {"name": "Cold water, face", "how": ""})
    browser.post(action(world, "integration_resource_retire", resource.pk))
    resource.refresh_from_db()
    assert (resource.name, resource.how, resource.retired_at is not None) == ("Cold water, face", "", True)
    assert "Taken off your list (1)" in browser.get(page_url(world)).text
    browser.post(action(world, "integration_resource_restore", resource.pk))
    resource.refresh_from_db()
    assert resource.retired_at is None


def test_one_tap_records_today_and_the_small_form_another_day(world: World) -> None:
    backdate(world)
    walk = add(world, "Walking")
    browser = world.client_for(world.dana)
    assert browser.post(action(world, "integration_resource_use", walk.pk)).status_code == 302
    assert browser.post(action(world, "integration_resource_use", walk.pk), {"helped": "a_little"}).status_code == 302
    yesterday = client_today(acc(world, world.dana)) - timedelta(days=1)
    browser.post(action(world, "integration_resource_use", walk.pk), {"used_on": yesterday.isoformat(),
                                                                      "helped": ""})
    today = client_today(acc(world, world.dana))
    assert sorted(ResourceUse.objects.values_list("used_on", "helped")) == [
        (yesterday, ""), (today, ""), (today, "a_little")]


@pytest.mark.parametrize(("name", "data", "problem", "typed"), [
    ("integration_resource_add", {"name": "", "how": "I keep this"}, "Name what steadies you", "I keep this"),
    ("integration_resource_add", {"name": "n" * 201, "how": ""}, "at most 200 characters", "n" * 201),
    ("integration_resource_add", {"name": "Walking", "how": "h" * 4001}, "at most 4000 characters", "Walking"),
    ("integration_resource_add", {"name": "walking"}, "is on your list already", "walking"),
    ("integration_resource_edit", {"name": " ", "how": "Kept words"}, "Name what steadies you", "Kept words"),
    ("integration_resource_use", {"used_on": "tomorrow", "helped": "yes"}, "That day has not come yet", ""),
    ("integration_resource_use", {"helped": "enormously"}, "Select a valid choice", ""),
])
def test_a_refused_write_shows_back_what_was_typed(world: World, name: str, data: dict[str, str], problem: str,
                                                   typed: str) -> None:
    walk = add(world, "Walking")
    if data.get("used_on") == "tomorrow":
        data = {**data, "used_on": (client_today(acc(world, world.dana)) + timedelta(days=1)).isoformat()}
    before = rows()
    args = (walk.pk,) if name != "integration_resource_add" else ()
    response = world.client_for(world.dana).post(action(world, name, *args), data)
    assert response.status_code == 400
    assert problem in response.text
    assert typed in response.text
    assert rows() == before
    assert Resource.objects.get().name == "Walking"


def test_putting_back_a_name_now_on_the_list_is_refused_on_the_page(world: World) -> None:
    old = add(world, "Walking")
    browser = world.client_for(world.dana)
    browser.post(action(world, "integration_resource_retire", old.pk))
    Resource.objects.create(engagement=world.engagement, name="walking")  # as if added since, in another tab
    response = browser.post(action(world, "integration_resource_restore", old.pk))
    assert response.status_code == 400 and "“walking” is on your list already." in response.text
    old.refresh_from_db()
    assert old.retired_at is not None


def test_without_a_plan_the_page_says_so_and_links_to_propose_one(world: World) -> None:
    propose = reverse("agreement_propose", args=[world.engagement.pk, "integration_plan"])
    for person in (world.dana, world.alice):
        page = world.client_for(person).get(page_url(world)).text
        assert "There is no agreed integration plan yet" in page
        assert f'href="{propose}"' in page
    supervise(world)
    page = world.client_for(world.gus).get(page_url(world)).text
    assert f'href="{propose}"' not in page
    assert reverse("agreement", args=[world.engagement.pk, "integration_plan"]) in page


def test_the_client_checks_in_on_a_step_and_the_team_is_told(world: World) -> None:
    plan_agreed(world, "Walk", "Call my sister")
    browser = world.client_for(world.dana)
    response = browser.post(action(world, "integration_step_checkin"),
                            {"step": "Call my sister", "number": "2", "status": "let_go", "note": ""})
    assert response["Location"] == page_url(world) + "#step-2"
    assert StepCheckIn.objects.get().status == "let_go"
    assert Notice.objects.filter(kind=NoticeKind.STEP_CHECKIN, recipient=world.alice).count() == 1
    team = text_of(world.client_for(world.alice).get(page_url(world)).text)
    assert "Latest check-in" in team and "Letting it go" in team


@pytest.mark.parametrize(("data", "problem"), [
    ({"step": "Swim", "number": "1", "status": "done"}, "“Swim” is not a step of the agreed integration plan"),
    ({"step": "Walk", "number": "1", "status": ""}, "Choose how it is going."),
    ({"step": "Walk", "number": "1", "status": "finished"}, "Select a valid choice"),
    ({"step": "Walk", "number": "1", "status": "done", "note": "n" * 4001}, "at most 4000 characters"),
    ({"step": "Gone", "number": "9", "status": "done", "note": "My words"}, "“Gone” is not a step"),
])
def test_a_refused_check_in_shows_the_problem_and_saves_nothing(world: World, data: dict[str, str],
                                                                problem: str) -> None:
    plan_agreed(world, "Walk")
    before = rows()
    response = world.client_for(world.dana).post(action(world, "integration_step_checkin"), data)
    assert response.status_code == 400
    assert problem in response.text
    if data.get("note"):
        assert data["note"] in response.text
    assert rows() == before


def test_a_closed_engagement_shows_the_list_without_forms(world: World) -> None:
    add(world, "Walking")
    care.phase_transition(actor=world.alice, access=acc(world, world.alice), to_phase="closed", reason="Done")
    page = world.client_for(world.dana).get(page_url(world)).text
    assert "Walking" in page and "I used it today" not in page


def test_a_write_after_the_engagement_closed_is_refused_where_it_can_be_read(world: World) -> None:
    walk = add(world, "Walking")
    plan_agreed(world, "Walk")
    browser = world.client_for(world.dana)
    care.phase_transition(actor=world.alice, access=acc(world, world.alice), to_phase="closed", reason="Done")
    before = rows()
    for name, args, data in (
            ("integration_resource_add", (), {"name": "Music", "how": "Loud"}),
            ("integration_resource_edit", (walk.pk,), {"name": "Renamed"}),
            ("integration_resource_retire", (walk.pk,), {}),
            ("integration_resource_use", (walk.pk,), {"helped": "yes"}),
            ("integration_step_checkin", (), {"step": "Walk", "number": "1", "status": "done", "note": "Kept"})):
        response = browser.post(action(world, name, *args), data)
        assert response.status_code == 400, name
        assert "This engagement is closed." in response.text, name
    assert "Kept" in response.text
    assert rows() == before


def test_a_mistaken_check_in_is_taken_back_within_a_day_and_an_old_one_stays(world: World) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from cocreate.access.policy import engagement_access
    from cocreate.integration import resources
    from cocreate.integration.models import ResourceUse

    mine = engagement_access(world.dana, world.engagement)
    walk = resources.resource_add(actor=world.dana, access=mine, name="A walk by the river")
    mistaken = resources.resource_use(actor=world.dana, access=mine, resource=walk)
    old = resources.resource_use(actor=world.dana, access=mine, resource=walk)
    ResourceUse.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=2))
    base = f"/engagements/{world.engagement.pk}/integration/resources/uses/"
    page = world.client_for(world.dana).get(f"/engagements/{world.engagement.pk}/integration/resources/")
    assert page.content.decode().count(">Undo</button>") == 1
    assert world.client_for(world.alice).post(base + f"{mistaken.pk}/undo/").status_code == 403
    assert world.client_for(world.carl).post(base + f"{mistaken.pk}/undo/").status_code == 404
    world.client_for(world.dana).post(base + f"{mistaken.pk}/undo/")
    world.client_for(world.dana).post(base + f"{old.pk}/undo/")
    assert list(ResourceUse.objects.values_list("pk", flat=True)) == [old.pk]
