"""The client's shift entries: private until shared, un-shared at will, deleted without their words; reflections
beside shared entries; patterns named by the client or suggested to them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from cocreate.access.models import AccessEvent
from cocreate.access.policy import NotAllowed, engagement_access
from cocreate.inbox.models import Notice, NoticeKind
from cocreate.integration import selectors, services
from cocreate.integration.models import Pattern, PatternState, Reflection, ShiftEntry
from tests.conftest import World
from tests.integration.helpers import note, tracker_after


def _client(world: World):  # type: ignore[no-untyped-def]
    return engagement_access(world.dana, world.engagement)


def _team(world: World):  # type: ignore[no-untyped-def]
    return engagement_access(world.alice, world.engagement)


def test_an_entry_is_the_clients_alone_until_shared_and_gone_again_when_unshared(world: World) -> None:
    tracker = tracker_after(world)
    entry = note(world, tracker, "A warmth in my chest")
    assert entry.day == 1 and not entry.is_shared
    assert selectors.entries(_team(world)) == []
    with pytest.raises(Http404):
        selectors.entry_for(_team(world), entry.pk)
    services.shift_share(actor=world.dana, access=_client(world), entry=entry, shared=True)
    assert [e.text for e in selectors.entries(_team(world))] == ["A warmth in my chest"]
    assert Notice.objects.filter(kind=NoticeKind.SHARED_WITH_YOU, recipient=world.alice).exists()
    assert "warmth" not in Notice.objects.get(kind=NoticeKind.SHARED_WITH_YOU, recipient=world.alice).title
    services.shift_share(actor=world.dana, access=_client(world), entry=entry, shared=False)
    assert selectors.entries(_team(world)) == []
    assert not Notice.objects.filter(kind=NoticeKind.SHARED_WITH_YOU).exists()  # taken back with the entry


def test_share_every_new_entry_from_now_on_leaves_earlier_ones_as_they_were(world: World) -> None:
    tracker = tracker_after(world)
    before = note(world, tracker, "Before")
    services.sharing_set(actor=world.dana, access=_client(world), share_new=True)
    after = services.shift_add(actor=world.dana, access=_client(world), text="After", domains=["sleep"],
                               on=tracker.began_on + timedelta(days=2))
    assert after.is_shared and not ShiftEntry.objects.get(pk=before.pk).is_shared
    unticked = services.shift_add(actor=world.dana, access=_client(world), text="Mine", domains=["other"],
                                  on=tracker.began_on + timedelta(days=2), share=False)
    assert not unticked.is_shared


@pytest.mark.parametrize(("text", "domains", "days", "field"), [
    ("", ["body"], 1, "text"),
    ("   ", ["body"], 1, "text"),
    ("x" * 4001, ["body"], 1, "text"),
    ("Fine", [], 1, "domains"),
    ("Fine", ["body", "astrology"], 1, "domains"),
    ("Fine", ["body"], -1, "on"),  # before the session
    ("Fine", ["body"], 400, "on"),  # not yet come
])
def test_bad_entries_are_refused_by_field_and_nothing_is_written(world: World, text: str, domains: list[str],
                                                                days: int, field: str) -> None:
    tracker = tracker_after(world)
    with pytest.raises(ValidationError) as refused:
        services.shift_add(actor=world.dana, access=_client(world), text=text, domains=domains,
                           on=tracker.began_on + timedelta(days=days))
    assert field in refused.value.error_dict
    assert not ShiftEntry.objects.exists()


def test_only_the_client_notes_shares_and_deletes(world: World) -> None:
    tracker = tracker_after(world)
    entry = note(world, tracker, share=True)
    with pytest.raises(NotAllowed):
        services.shift_add(actor=world.alice, access=_team(world), text="x", domains=["body"])
    with pytest.raises(NotAllowed):
        services.shift_share(actor=world.alice, access=_team(world), entry=entry, shared=False)
    with pytest.raises(NotAllowed):
        services.shift_delete(actor=world.alice, access=_team(world), entry=entry)


def test_a_reflection_stands_beside_a_shared_entry_and_survives_its_deletion(world: World) -> None:
    tracker = tracker_after(world)
    private = note(world, tracker, "Mine alone")
    with pytest.raises(ValidationError):
        services.reflection_add(actor=world.alice, access=_team(world), entry=private, body="Hm")
    entry = note(world, tracker, "I went quiet at dinner", share=True, domains=("relationships",))
    services.reflection_add(actor=world.alice, access=_team(world), entry=entry,
                            body="You named this in our session: going quiet as a way of staying safe.")
    assert Notice.objects.filter(kind=NoticeKind.REFLECTION_ADDED, recipient=world.dana).exists()
    assert ShiftEntry.objects.get(pk=entry.pk).text == "I went quiet at dinner"  # never an edit
    with pytest.raises(ValidationError):  # the words stay as read once a reflection stands beside them
        services.shift_edit(actor=world.dana, access=_client(world), entry=entry, text="Changed", domains=["body"])
    services.shift_delete(actor=world.dana, access=_client(world), entry=entry)
    [seen] = selectors.entries(_team(world))
    assert seen.deleted_at is not None and seen.text == "" and seen.domains == []
    assert [r.body[:8] for r in seen.reflections.all()] == ["You name"]
    assert Reflection.objects.count() == 1


def test_the_client_names_a_pattern_and_answers_a_suggestion(world: World) -> None:
    tracker = tracker_after(world)
    one = note(world, tracker, "Quiet at dinner", share=True)
    two = note(world, tracker, "Quiet in the meeting", day=2, share=True)
    private = note(world, tracker, "Quiet with my sister", day=3)
    mine = services.pattern_name(actor=world.dana, access=_client(world), name="When I feel unheard I go quiet",
                                 entry_ids=[one.pk, two.pk, private.pk])
    [shown] = selectors.patterns(_team(world), selectors.entries(_team(world)))
    assert shown.pattern == mine and shown.entries == [one, two] and shown.hidden == 1
    with pytest.raises(NotAllowed):
        services.pattern_name(actor=world.alice, access=_team(world), name="x", entry_ids=[one.pk])
    with pytest.raises(ValidationError):  # a suggestion groups only what is shared
        services.pattern_suggest(actor=world.alice, access=_team(world), name="Going quiet",
                                 entry_ids=[one.pk, private.pk])
    suggested = services.pattern_suggest(actor=world.alice, access=_team(world), name="Withdrawing",
                                         entry_ids=[one.pk, two.pk])
    assert Notice.objects.filter(kind=NoticeKind.PATTERN_SUGGESTED, recipient=world.dana).exists()
    services.pattern_answer(actor=world.dana, access=_client(world), pattern=suggested, accept=True,
                            name="Keeping myself small")
    suggested.refresh_from_db()
    assert (suggested.state, suggested.name, suggested.suggested_name) == (
        PatternState.NAMED, "Keeping myself small", "Withdrawing")
    other = services.pattern_suggest(actor=world.bea, access=engagement_access(world.bea, world.engagement),
                                     name="Something else", entry_ids=[two.pk])
    services.pattern_answer(actor=world.dana, access=_client(world), pattern=other, accept=False)
    assert Pattern.objects.get(pk=other.pk).state == PatternState.DISMISSED
    with pytest.raises(Http404):  # a dismissed suggestion is the client's business
        selectors.pattern_in(_team(world), other.pk)


def test_an_entry_from_another_engagement_cannot_be_grouped(world: World) -> None:
    tracker = tracker_after(world)
    note(world, tracker)
    with pytest.raises(ValidationError):
        services.pattern_name(actor=world.dana, access=_client(world), name="x", entry_ids=[999999])


def test_reading_leaves_no_event_for_the_client_and_one_for_the_team(world: World) -> None:
    tracker = tracker_after(world)
    note(world, tracker, share=True)
    selectors.seen(world.dana, _client(world), "shift tracker")
    selectors.seen(world.alice, _team(world), "shift tracker")
    assert [(e.actor, e.what) for e in AccessEvent.objects.all()] == [(world.alice, "shift tracker")]
