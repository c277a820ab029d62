"""The agreements pages as the client and the facilitators use them in the browser's place: forms, errors,
conflicts, decisions, consent narrowed from the page, deviations, and the access events they leave."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocreate.access.models import AccessEvent
from cocreate.access.policy import engagement_access
from cocreate.agreements import services
from cocreate.agreements.models import Deviation, Revision, RevisionState
from cocreate.inbox.models import Notice
from tests.conftest import World

pytestmark = pytest.mark.django_db

TOUCH = {"hand_holding": "yes", "hand_on_shoulder": "yes", "hug": "ask_first", "hands_on_feet": "no",
         "bodywork": "no", "stop_signal": "Raise my hand", "notes": ""}


def url(world: World, name: str, kind: str = "intentions", **kwargs: Any) -> str:
    return reverse(name, kwargs={"engagement_id": world.engagement.pk, "kind": kind, **kwargs})


def propose_form(client: Client, world: World, based_on: Any = "", **fields: str) -> Any:
    data = {"based_on": based_on, "goals-0-words": "", "goals-0-status": "open", **fields}
    return client.post(url(world, "agreement_propose"), data)


def agree_touch(world: World) -> None:
    revision = services.revision_propose(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                                         kind="touch_consent", content=TOUCH, based_on=None)
    for user in (world.alice, world.bea):
        services.revision_accept(actor=user, access=engagement_access(user, world.engagement), revision=revision)


def test_an_empty_document_says_nothing_is_agreed(world: World) -> None:
    response = world.client_for(world.dana).get(url(world, "agreement", "touch_consent"))
    assert response.status_code == 200
    assert "Nothing is agreed yet." in response.text
    assert "no touch is offered" in response.text
    assert "Propose a change" in response.text


def test_client_proposes_from_the_form_and_the_team_sees_whom_it_waits_for(world: World) -> None:
    dana = world.client_for(world.dana)
    response = propose_form(dana, world, **{"goals-0-words": "Feel at home in my body",
                                            "goals-0-why": "I have been numb for years"})
    assert response.status_code == 302
    revision = Revision.objects.get()
    assert revision.content["goals"][0]["words"] == "Feel at home in my body"
    page = world.client_for(world.alice).get(url(world, "agreement")).text
    assert "Revision 1, proposed by Dana (Client)" in page
    assert "Feel at home in my body" in page
    assert "Waiting for:" in page and "Alice" in page and "Bea" in page
    assert "Accept revision 1" in page


def test_invalid_content_is_shown_again_with_the_error_and_nothing_saved(world: World) -> None:
    response = propose_form(world.client_for(world.dana), world, **{"goals-0-why": "it matters to me",
                                                                      "goals-0-noticing": ""})
    # A row with only "why" filled is kept (it has text), and its missing goal is named.
    assert response.status_code == 400
    assert "it matters to me" in response.text
    assert 'aria-invalid="true"' in response.text and "Fill this in." in response.text
    assert Revision.objects.count() == 0


def test_an_empty_form_says_what_is_missing(world: World) -> None:
    response = propose_form(world.client_for(world.dana), world)
    assert response.status_code == 400
    assert "write at least one goal or intention" in response.text.lower()
    assert Revision.objects.count() == 0


def test_a_damaged_base_is_refused_without_a_crash(world: World) -> None:
    response = propose_form(world.client_for(world.dana), world, based_on="1; drop", **{"goals-0-words": "x"})
    assert response.status_code == 400
    assert Revision.objects.count() == 0


def test_a_stale_proposal_gets_the_conflict_page_with_what_changed(world: World) -> None:
    dana, alice = world.client_for(world.dana), world.client_for(world.alice)
    propose_form(dana, world, **{"goals-0-words": "Sleep better"})
    assert propose_form(alice, world, based_on="1", **{"goals-0-words": "Sleep through the night"}).status_code == 302
    response = propose_form(dana, world, based_on="1", **{"goals-0-words": "Sleep better, and dream"})
    assert response.status_code == 409
    page = response.text
    assert "Someone changed this while you were writing" in page
    assert "Sleep through the night" in page  # what changed since
    assert "Sleep better, and dream" in page  # their own draft, to copy from
    assert "Start again from the newest version" in page
    assert Revision.objects.count() == 2


def test_the_propose_form_starts_from_the_newest_live_revision(world: World) -> None:
    propose_form(world.client_for(world.dana), world, **{"goals-0-words": "Sleep better"})
    page = world.client_for(world.alice).get(url(world, "agreement_propose")).text
    assert "Sleep better" in page
    assert 'name="based_on" value="1"' in page


def test_accepting_and_declining_from_the_page(world: World) -> None:
    propose_form(world.client_for(world.dana), world, **{"goals-0-words": "Sleep better"})
    alice, bea = world.client_for(world.alice), world.client_for(world.bea)
    response = alice.post(url(world, "revision_decide", number=1), {"verdict": "accept"})
    assert response.status_code == 302
    assert Revision.objects.get().state == RevisionState.PROPOSED  # bea must accept too
    refused = bea.post(url(world, "revision_decide", number=1), {"verdict": "decline", "comment": "  "})
    assert refused.status_code == 400
    assert "Say why you decline" in refused.text
    assert bea.post(url(world, "revision_decide", number=1), {"verdict": "accept"}).status_code == 302
    page = world.client_for(world.dana).get(url(world, "agreement")).text
    assert "What we have agreed" in page and "version 1, written by Dana" in page  # plain words for the client
    assert "In force" not in page.split("<main", 1)[1].split("Decisions")[0]
    team = world.client_for(world.alice).get(url(world, "agreement")).text
    assert "In force now" in team and "Revision 1, by Dana" in team
    again = alice.post(url(world, "revision_decide", number=1), {"verdict": "accept"})
    assert again.status_code == 400
    assert "can no longer be accepted" in again.text


def test_only_the_author_sees_withdraw_and_can_use_it(world: World) -> None:
    propose_form(world.client_for(world.dana), world, **{"goals-0-words": "Sleep better"})
    assert "Withdraw my proposal" not in world.client_for(world.alice).get(url(world, "agreement")).text
    assert world.client_for(world.alice).post(url(world, "revision_withdraw", number=1)).status_code == 403
    dana = world.client_for(world.dana)
    assert "Withdraw my proposal" in dana.get(url(world, "agreement")).text
    assert dana.post(url(world, "revision_withdraw", number=1)).status_code == 302
    assert Revision.objects.get().state == RevisionState.WITHDRAWN


def test_client_withdraws_touch_from_the_page_and_the_facilitator_sees_it_at_once(world: World) -> None:
    agree_touch(world)
    dana = world.client_for(world.dana)
    page = dana.get(url(world, "agreement", "touch_consent")).text
    assert "Hand on shoulder: change to No" in page
    response = dana.post(url(world, "consent_narrow", "touch_consent"), {"item": "hand_on_shoulder", "level": "no"})
    assert response.status_code == 302
    alice_page = world.client_for(world.alice).get(url(world, "agreement", "touch_consent")).text
    row = '<tr data-item="hand_on_shoulder"><th scope="row">Hand on shoulder</th><td class="level level-no">No'
    assert row in alice_page
    engagement_page = world.client_for(world.alice).get(reverse("engagement", args=[world.engagement.pk])).text
    assert 'data-item="hand_on_shoulder">Hand on shoulder: <strong class="level-no">No' in engagement_page
    assert Notice.objects.filter(recipient=world.alice, kind="consent_narrowed").exists()


def test_widening_from_the_narrow_form_is_refused_plainly(world: World) -> None:
    agree_touch(world)
    response = world.client_for(world.dana).post(url(world, "consent_narrow", "touch_consent"),
                                                 {"item": "hands_on_feet", "level": "yes"})
    assert response.status_code == 400
    assert "Widening consent needs everyone" in response.text


def test_deviations_are_recorded_and_listed(world: World) -> None:
    alice = world.client_for(world.alice)
    bad = alice.post(url(world, "deviation_add", "transport"), {"occurred_at": "not a time", "description": "x"})
    assert bad.status_code == 400 and Deviation.objects.count() == 0
    response = alice.post(url(world, "deviation_add", "transport"),
                          {"occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                           "description": "Her sister drove her home instead."})
    assert response.status_code == 302
    assert "Her sister drove her home instead." in alice.get(url(world, "agreement", "transport")).text


def test_a_kind_of_another_engagement_kind_or_unknown_is_404(world: World) -> None:
    carl = world.client_for(world.carl)
    eve_url = reverse("agreement", kwargs={"engagement_id": world.eve_engagement.pk, "kind": "touch_consent"})
    assert carl.get(eve_url).status_code == 404
    assert world.client_for(world.dana).get(url(world, "agreement", "nonsense")).status_code == 404


def test_reading_a_document_leaves_an_access_event_for_the_client_to_see(world: World) -> None:
    world.client_for(world.alice).get(url(world, "agreement"))
    world.client_for(world.alice).get(url(world, "agreement_history"))
    whats = set(AccessEvent.objects.filter(actor=world.alice).values_list("what", flat=True))
    assert {"agreements", "agreement history"} <= whats
    log = world.client_for(world.dana).get(reverse("access_log", args=[world.engagement.pk])).text
    assert "the history of your agreements" in log


def test_history_shows_every_revision_with_authors_decisions_and_changes(world: World) -> None:
    dana, alice, bea = (world.client_for(u) for u in (world.dana, world.alice, world.bea))
    propose_form(dana, world, **{"goals-0-words": "Sleep better"})
    propose_form(alice, world, based_on="1", **{"goals-0-words": "Sleep through the night"})
    dana.post(url(world, "revision_decide", number=2), {"verdict": "accept", "comment": "Yes, that's it"})
    bea.post(url(world, "revision_decide", number=2), {"verdict": "accept"})
    page = alice.get(url(world, "agreement_history")).text
    assert "Revision 2" in page and "Agreed" in page and "Revision 1" in page and "Superseded" in page
    assert "by Alice (Care team)" in page and "by Dana (Client)" in page
    assert "Yes, that&#x27;s it" in page
    assert "<del>Sleep better</del>" in page and "<ins>Sleep through the night</ins>" in page
    assert "superseded by revision 2" in page
    mine = dana.get(url(world, "agreement_history")).text  # the client reads it in plain words
    assert "Version 2" in mine and "Replaced" in mine and "replaced by a newer version (2)" in mine
    words = re.sub(r"<[^>]+>", " ", mine.split("<main", 1)[1])
    found = [w for w in ("Revision", "revision", "uperseded") if w in words]
    assert not found, [words[max(0, words.index(w) - 80):words.index(w) + 40] for w in found]


def test_an_open_page_polls_and_gets_the_fresh_consent_only_when_it_changed(world: World) -> None:
    agree_touch(world)
    alice = world.client_for(world.alice)
    poll = reverse("agreement_in_force", kwargs={"engagement_id": world.engagement.pk, "kind": "touch_consent"})
    events = AccessEvent.objects.filter(actor=world.alice).count()
    assert alice.get(poll + "?n=1").status_code == 204
    assert AccessEvent.objects.filter(actor=world.alice).count() == events  # nothing read, nothing recorded
    world.client_for(world.dana).post(url(world, "consent_narrow", "touch_consent"),
                                      {"item": "hand_on_shoulder", "level": "no"})
    fresh = alice.get(poll + "?n=1&part=summary")
    assert fresh.status_code == 200
    assert 'data-item="hand_on_shoulder">Hand on shoulder: <strong class="level-no">No' in fresh.text
    assert "?n=2&amp;part=summary" in fresh.text  # it goes on polling from the new revision
    assert AccessEvent.objects.filter(actor=world.alice).count() == events + 1
    section = alice.get(poll + "?n=1")
    assert section.status_code == 200 and 'id="in-force"' in section.text
    assert world.client_for(world.alice).get(url(world, "agreement_in_force", "intentions")).status_code == 404
