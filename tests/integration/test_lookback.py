"""The look-back page: a chart of the tracker's entries by area and day since the session, with a table of the same
entries; the client sees all of theirs, the care team only what is shared (and their read is recorded)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.urls import reverse

from cocreate.access import services as access_services
from cocreate.access.models import AccessEvent
from cocreate.access.policy import engagement_access
from cocreate.integration import services
from cocreate.integration.models import ShiftEntry
from tests.care.test_query_counts import query_count
from tests.conftest import World
from tests.integration.helpers import note, tracker_after

SVG = "{http://www.w3.org/2000/svg}"


def page(world: World, who: str, query: str = "") -> Any:
    return world.client_for(getattr(world, who)).get(
        reverse("integration_lookback", args=[world.engagement.pk]) + query)


def marks(html: str) -> dict[str, list[int]]:
    """The chart's marks: for each row (area), the entry each mark links to."""
    found = re.search(r"<svg .*?</svg>", html, re.S)
    assert found, "no chart on the page"
    svg = ET.fromstring(found.group(0))  # noqa: S314 - our own page, made in this test
    rows: dict[str, list[int]] = {}
    for group in svg.iter(SVG + "g"):
        if group.get("class") == "row":
            rows[group.get("data-row", "")] = [int(a.get("href", "").rsplit("#shift-", 1)[1])
                                               for a in group.iter(SVG + "a")]
    return rows


def table_rows(html: str) -> dict[int, str]:
    """The table's rows by entry, as their visible text."""
    body = html.split('id="lookback-table"', 1)[1].split("</table>", 1)[0]
    return {int(pk): re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for pk, row in re.findall(r'<tr id="lb-(\d+)">(.*?)</tr>', body, re.S)}


@pytest.fixture
def entries(world: World) -> dict[str, ShiftEntry]:
    tracker = tracker_after(world, days_ago=3)
    return {
        "loose": note(world, tracker, "My shoulders felt loose", day=1, domains=("body",), share=True),
        "dream": note(world, tracker, "I dreamt of my grandmother", day=2, domains=("sleep", "relationships"),
                      share=True),
        "secret": note(world, tracker, "Something only mine", day=2, domains=("emotions",)),
    }


def test_the_client_sees_a_mark_per_entry_in_each_of_its_areas_and_all_the_words(
        world: World, entries: dict[str, ShiftEntry]) -> None:
    response = page(world, "dana")
    assert response.status_code == 200
    html = response.content.decode()
    rows = marks(html)
    assert rows["body"] == [entries["loose"].pk]
    assert rows["sleep"] == [entries["dream"].pk] and rows["relationships"] == [entries["dream"].pk]
    assert rows["emotions"] == [entries["secret"].pk]
    assert rows["thoughts"] == [] and "deleted" not in rows
    tracker_page = reverse("integration", args=[world.engagement.pk])
    assert f'href="{tracker_page}#shift-{entries["loose"].pk}"' in html
    table = table_rows(html)
    assert "My shoulders felt loose" in table[entries["loose"].pk] and "Shared" in table[entries["loose"].pk]
    assert "Something only mine" in table[entries["secret"].pk] and "Only you" in table[entries["secret"].pk]
    assert "Make my worksheet" in html and 'name="entry"' in html
    assert not AccessEvent.objects.filter(engagement=world.engagement).exists()


def test_the_care_team_sees_only_what_is_shared_and_their_read_is_recorded(
        world: World, entries: dict[str, ShiftEntry]) -> None:
    response = page(world, "alice")
    assert response.status_code == 200
    html = response.content.decode()
    rows = marks(html)
    assert rows["emotions"] == [] and entries["secret"].pk not in sum(rows.values(), [])
    assert "Something only mine" not in html and "My shoulders felt loose" in html
    assert set(table_rows(html)) == {entries["loose"].pk, entries["dream"].pk}
    assert "Make my worksheet" not in html and 'name="entry"' not in html
    [event] = AccessEvent.objects.filter(engagement=world.engagement)
    assert (event.actor, event.what) == (world.alice, "integration look-back")


def test_a_deleted_entry_stays_a_mark_without_its_words(world: World, entries: dict[str, ShiftEntry]) -> None:
    services.shift_delete(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                          entry=entries["loose"])
    for who, words in (("dana", "deleted by you"), ("alice", "deleted by the client")):
        html = page(world, who).content.decode()
        assert marks(html)["deleted"] == [entries["loose"].pk] and marks(html)["body"] == []
        assert words in table_rows(html)[entries["loose"].pk]
        assert "My shoulders felt loose" not in html
    assert f'value="{entries["loose"].pk}"' not in page(world, "dana").content.decode()  # nothing to print


def test_the_empty_states_say_so_in_plain_words(world: World) -> None:
    html = page(world, "dana").content.decode()
    assert "There is nothing to look back on yet" in html and "<svg" not in html
    tracker = tracker_after(world)
    note(world, tracker, "Kept to myself")
    html = page(world, "alice").content.decode()
    assert "Dana has not shared any shifts from after this session" in html and "<svg" not in html
    assert "You have not noted" not in page(world, "dana").content.decode()


def test_an_earlier_tracker_is_chosen_by_its_id_and_the_latest_is_the_default(world: World) -> None:
    earlier = tracker_after(world, days_ago=20)
    old = note(world, earlier, "Three weeks ago", day=2)
    latest = tracker_after(world, days_ago=2)
    new = note(world, latest, "This week", day=1)
    assert sum(marks(page(world, "dana").content.decode()).values(), []) == [new.pk]
    assert sum(marks(page(world, "dana", f"?tracker={earlier.pk}").content.decode()).values(), []) == [old.pk]


@pytest.mark.parametrize("query", ["?tracker=abc", "?tracker=-1", "?tracker=99999999", "?tracker=1e3"])
def test_a_tracker_that_is_not_there_is_not_found(world: World, query: str) -> None:
    tracker_after(world)
    assert page(world, "dana", query).status_code == 404


def test_a_tracker_of_another_engagement_is_not_found(world: World) -> None:
    tracker = tracker_after(world)
    # The same tracker id, asked for under an engagement where carl is on the care team.
    url = reverse("integration_lookback", args=[world.eve_engagement.pk]) + f"?tracker={tracker.pk}"
    assert world.client_for(world.carl).get(url).status_code == 404


@pytest.mark.parametrize("who", ["carl", "eve", "oscar", "olga"])
def test_people_outside_the_engagement_are_not_found(world: World, who: str) -> None:
    tracker_after(world)
    assert page(world, who).status_code == 404


def test_a_signed_out_visitor_is_sent_to_sign_in(world: World) -> None:
    response = world.client_for(None).get(reverse("integration_lookback", args=[world.engagement.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_words_are_escaped(world: World) -> None:
    tracker = tracker_after(world)
    note(world, tracker, '<script>alert("x")</script> & more', share=True)
    html = page(world, "alice").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("who", ["dana", "alice"])
def test_the_page_runs_the_same_queries_for_five_entries_as_for_sixty(world: World, who: str) -> None:
    tracker = tracker_after(world, days_ago=30)
    for n in range(5):
        note(world, tracker, f"Entry {n}", day=1 + n % 28, domains=("body", "emotions"), share=True)
    client = world.client_for(getattr(world, who))
    url = reverse("integration_lookback", args=[world.engagement.pk])
    small, _ = query_count(client, url)
    for n in range(55):
        note(world, tracker, f"Entry {n}", day=1 + n % 28, domains=("thoughts",), share=n % 2 == 0)
    large, sql = query_count(client, url)
    assert large == small, "\n".join(sql)


def test_a_supervisor_with_a_stated_reason_sees_what_is_shared_and_is_recorded(
        world: World, entries: dict[str, ShiftEntry]) -> None:
    assert page(world, "gus").status_code == 302  # a reason first
    access_services.supervision_access_start(actor=world.gus, practice=world.practice, supervisee=world.alice,
                                             reason="Reviewing the integration work together.")
    html = page(world, "gus").content.decode()
    assert "My shoulders felt loose" in html and "Something only mine" not in html
    [event] = AccessEvent.objects.filter(engagement=world.engagement)
    assert (event.actor, event.what, event.basis) == (world.gus, "integration look-back", "supervision")
