"""The shift tracker's pages and API, as the client, their care team and outsiders use them."""

from __future__ import annotations

import json
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocreate.access.models import AccessEvent
from cocreate.integration.models import Pattern, ShiftEntry
from tests.api_helpers import Api
from tests.conftest import World
from tests.integration.helpers import note, tracker_after

API = "/engagements/{}/integration"


def _page(world: World, who) -> str:  # type: ignore[no-untyped-def]
    response = world.client_for(who).get(f"/engagements/{world.engagement.pk}/integration/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_client_notes_a_shift_and_keeps_it_private(world: World) -> None:
    tracker = tracker_after(world)
    response = world.client_for(world.dana).post(
        f"/engagements/{world.engagement.pk}/integration/shifts/new/",
        {"on": (tracker.began_on + timedelta(days=1)).isoformat(), "domains": ["body"],
         "text": "My jaw unclenched"})
    assert response.status_code == 302
    entry = ShiftEntry.objects.get()
    assert (entry.text, entry.day, entry.is_shared) == ("My jaw unclenched", 1, False)
    page = _page(world, world.dana)
    assert "My jaw unclenched" in page and "Private: only you" in page and "Noticing is enough" in page
    assert "My jaw unclenched" not in _page(world, world.alice)
    assert world.client_for(world.alice).post(
        f"/engagements/{world.engagement.pk}/integration/shifts/{entry.pk}/reflect/", {"body": "x"}).status_code == 404


def test_a_form_with_problems_comes_back_with_what_was_typed(world: World) -> None:
    tracker = tracker_after(world)
    response = world.client_for(world.dana).post(
        f"/engagements/{world.engagement.pk}/integration/shifts/new/",
        {"on": (tracker.began_on - timedelta(days=2)).isoformat(), "domains": ["body"],
         "text": "Words I do not want to lose"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Words I do not want to lose" in page and "before the session" in page
    for bad in ({"on": "yesterday", "domains": ["body"], "text": "x"}, {"on": "2026-13-45", "text": "x"},
                {"domains": ["nonsense"], "text": "x"}, {"text": "x" * 5000, "domains": ["body"]}):
        assert world.client_for(world.dana).post(
            f"/engagements/{world.engagement.pk}/integration/shifts/new/", bad).status_code == 400
    assert not ShiftEntry.objects.exists()


def test_a_shared_entry_unshared_leaves_the_facilitators_page_at_the_next_poll(world: World) -> None:
    tracker = tracker_after(world)
    entry = note(world, tracker, "The light looked different", share=True)
    part = f"/engagements/{world.engagement.pk}/integration/shifts/?tracker={tracker.pk}"
    alice = world.client_for(world.alice)
    page = alice.get(part).content.decode()
    assert "The light looked different" in page and 'hx-trigger="every 30s"' in _page(world, world.alice)
    world.client_for(world.dana).post(f"/engagements/{world.engagement.pk}/integration/shifts/{entry.pk}/share/",
                                      {"shared": "no"})
    assert "The light looked different" not in alice.get(part).content.decode()
    assert Api.as_user(world.alice).get(API.format(world.engagement.pk) + f"/shifts/{entry.pk}").status_code == 404
    seen = AccessEvent.objects.filter(actor=world.alice, what="shift tracker")
    assert seen.exists()  # what alice saw while it was shared is on record


def test_deleting_asks_first(world: World) -> None:
    entry = note(world, tracker_after(world), "Something to let go")
    dana = world.client_for(world.dana)
    url = f"/engagements/{world.engagement.pk}/integration/shifts/{entry.pk}/delete/"
    assert "Delete this entry?" in dana.get(url).content.decode()
    assert ShiftEntry.objects.get().text == "Something to let go"
    dana.post(url)
    assert ShiftEntry.objects.get().text == "" and "Deleted by you" in _page(world, world.dana)
    assert world.client_for(world.alice).get(url).status_code == 404


def test_facilitators_suggest_and_the_client_answers_on_the_page(world: World) -> None:
    tracker = tracker_after(world)
    one, two = note(world, tracker, "A", share=True), note(world, tracker, "B", day=2, share=True)
    base = f"/engagements/{world.engagement.pk}/integration/patterns/"
    assert world.client_for(world.alice).post(base, {"name": "Going quiet", "entries": [one.pk, two.pk]}
                                              ).status_code == 302
    pattern = Pattern.objects.get()
    assert "suggested by Alice" in _page(world, world.dana)
    world.client_for(world.dana).post(base + f"{pattern.pk}/answer/", {"answer": "accept", "name": "My quiet"})
    pattern.refresh_from_db()
    assert pattern.name == "My quiet"
    assert world.client_for(world.dana).post(base, {"name": "", "entries": ["abc"]}).status_code == 400


def test_outsiders_get_404_everywhere(world: World) -> None:
    tracker = tracker_after(world)
    entry = note(world, tracker, share=True)
    for who in (world.carl, world.oscar, world.eve):
        browser = world.client_for(who)
        assert browser.get(f"/engagements/{world.engagement.pk}/integration/").status_code == 404
        assert browser.post(f"/engagements/{world.engagement.pk}/integration/shifts/{entry.pk}/share/",
                            {"shared": "no"}).status_code == 404
        assert Api.as_user(who).get(API.format(world.engagement.pk) + "/shifts").status_code == 404
    assert ShiftEntry.objects.get().is_shared


def test_the_page_reads_in_the_same_number_of_queries_however_many_entries(world: World) -> None:
    tracker = tracker_after(world, days_ago=30)
    for who in (world.dana, world.alice):
        counts = []
        for more in (3, 40):
            for i in range(more):
                entry = note(world, tracker, f"entry {i}", day=1 + i % 20, share=True)
                if i % 5 == 0:
                    from cocreate.access.policy import engagement_access
                    from cocreate.integration import services

                    services.reflection_add(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                            entry=entry, body="beside")
            browser = world.client_for(who)
            with CaptureQueriesContext(connection) as queries:
                assert browser.get(f"/engagements/{world.engagement.pk}/integration/").status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1], counts


def test_the_api_round_trip(world: World) -> None:
    tracker = tracker_after(world)
    dana, alice = Api.as_user(world.dana), Api.as_user(world.alice)
    base = API.format(world.engagement.pk)
    made = dana.post(base + "/shifts", {"text": "Lighter", "domains": ["emotions"],
                                        "on": (tracker.began_on + timedelta(days=2)).isoformat()})
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["day"], body["shared"], body["text"]) == (2, False, "Lighter")
    assert alice.get(base + f"/shifts/{body['id']}").status_code == 404
    assert alice.get(base + "/shifts").json() == []
    assert dana.post(base + f"/shifts/{body['id']}/share", {"shared": True}).json()["shared"] is True
    assert [e["text"] for e in alice.get(base + "/shifts").json()] == ["Lighter"]
    reflected = alice.post(base + f"/shifts/{body['id']}/reflections", {"body": "We talked about lightness."})
    assert reflected.status_code == 201 and reflected.json()["author"]["name"] == "Alice"
    assert alice.delete(base + f"/shifts/{body['id']}").status_code == 403
    gone = dana.delete(base + f"/shifts/{body['id']}").json()
    assert gone["deleted"] and gone["text"] == "" and len(gone["reflections"]) == 1
    bad = dana.post(base + "/shifts", {"text": "x", "domains": ["body"], "on": "1999-01-01"})
    assert bad.status_code == 400 and "on" in json.dumps(bad.json())
    assert dana.post(base + "/shifts", {"text": "x", "domains": "body"}).status_code in (400, 422)
    days = dana.client.put("/api/v1" + base + f"/trackers/{tracker.pk}/days", json.dumps({"days": [1, 5]}),
                           content_type="application/json", **dana.headers)
    assert days.status_code == 200 and days.json()["days"] == [1, 5]
    assert alice.get(base + "/trackers").json()[0]["days"] == [1, 5]
