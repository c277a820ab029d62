"""The ending page as Dana and her care team use it: ending at once after a confirmation, asking, proposing,
answering; after ending, Dana still reads her whole record, and writing is refused politely where the record is
kept as it is; the closing summary is still written together. Outsiders get 404; an empty POST changes nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocreate.access.policy import engagement_access
from cocreate.agreements.models import Revision, RevisionState
from cocreate.alliance import endings
from cocreate.alliance.models import Ending, EndingState
from cocreate.care import services as care
from cocreate.care.models import Phase, SharedNote
from cocreate.inbox.models import Notice, NoticeKind
from tests.conftest import World

REASONS = "I feel steadier now, and I want to try on my own for a while."


def url(world: World, name: str, *args: int) -> str:
    return reverse(name, args=[world.engagement.pk, *args])


def phase(world: World) -> str:
    world.engagement.refresh_from_db()
    return world.engagement.phase


def test_dana_sees_how_to_end_and_who_will_read_her_words(world: World) -> None:
    page = world.client_for(world.dana).get(url(world, "alliance_ending"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "End our work together" in text and "Ask to end" in text
    assert "In your own words, if you want to say why. Your care team will read this." in text
    assert "You never have to explain why" in text
    engagement_page = world.client_for(world.dana).get(reverse("engagement", args=[world.engagement.pk])).content
    assert url(world, "alliance_ending").encode() in engagement_page


def test_ending_asks_for_confirmation_first_then_ends(world: World) -> None:
    dana = world.client_for(world.dana)
    confirm = dana.post(url(world, "alliance_ending_now"), {"reasons": REASONS})
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "Your record stays yours to read" in text and "Your care team is told" in text
    assert REASONS in text  # what she wrote comes along to the confirmation
    assert phase(world) == Phase.CONSULTATION and not Ending.objects.exists()
    done = dana.post(url(world, "alliance_ending_now"), {"reasons": REASONS, "referral_to": "My GP",
                                                          "confirmed": "yes"})
    assert done.status_code == 302
    assert phase(world) == Phase.CLOSED
    ending = Ending.objects.get()
    assert (ending.reasons, ending.referral_to, ending.state) == (REASONS, "My GP", EndingState.AGREED)
    assert {n.recipient.name for n in Notice.objects.filter(kind=NoticeKind.ENDING)} == {"Alice", "Bea"}
    page = dana.get(url(world, "alliance_ending")).content.decode()
    assert "Dana ended the work on" in page and REASONS in page and "Read my record" in page
    alices = world.client_for(world.alice).get(url(world, "alliance_ending")).content.decode()
    assert REASONS in alices and "Dana’s words" in alices


def test_after_ending_dana_still_reads_everything_and_writing_is_refused_politely(world: World) -> None:
    dana_access = engagement_access(world.dana, world.engagement)
    care.shared_note_create(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                            body="What we noticed together in March.")
    endings.ending_now(actor=world.dana, access=dana_access, reasons=REASONS)
    dana = world.client_for(world.dana)
    pk = world.engagement.pk
    for name in ("engagement", "agreements", "engagement_measures", "access_log", "alliance_ending",
                 "alliance_team"):
        assert dana.get(reverse(name, args=[pk])).status_code == 200, name
    record = dana.get(reverse("engagement", args=[pk])).content.decode()
    assert "What we noticed together in March." in record
    assert "Add shared note" not in record  # no form where nothing can be written
    assert dana.get(reverse("my_engagements")).status_code == 200
    refused = dana.post(reverse("shared_note_add", args=[pk]), {"body": "One more thing"})
    assert refused.status_code == 400 and "closed" in refused.content.decode()
    assert SharedNote.objects.count() == 1
    intentions = dana.post(reverse("agreement_propose", args=[pk, "intentions"]),
                           {"goals-0-words": "Sleep through the night", "goals-0-status": "open"})
    assert intentions.status_code == 400 and "closed" in intentions.content.decode()
    summary = dana.post(reverse("agreement_propose", args=[pk, "closing_summary"]),
                        {"worked_on": "Sleep, and grief for my grandmother."})
    assert summary.status_code == 302  # the closing summary is still written together
    revision = Revision.objects.get(document__kind="closing_summary")
    world.client_for(world.bea).post(reverse("revision_decide", args=[pk, "closing_summary", revision.number]),
                                     {"verdict": "accept"})
    revision.refresh_from_db()
    assert revision.state == RevisionState.AGREED


def test_the_api_reads_stay_open_to_dana_after_ending(world: World) -> None:
    from tests.api_helpers import Api, eng

    endings.ending_now(actor=world.dana, access=engagement_access(world.dana, world.engagement))
    api = Api.as_user(world.dana)
    for path in ("", "/shared-notes", "/sessions", "/transitions", "/care-team", "/documents",
                 "/relationship/endings", "/relationship/team", "/access-events"):
        assert api.get(eng(world.engagement.pk, path)).status_code == 200, path
    refused = api.post(eng(world.engagement.pk, "/shared-notes"), {"body": "late"})
    assert refused.status_code == 400 and "closed" in refused.json()["detail"]


def test_an_empty_or_unclear_post_changes_nothing(world: World) -> None:
    dana, alice = world.client_for(world.dana), world.client_for(world.alice)
    assert dana.post(url(world, "alliance_ending_now")).status_code == 200  # the confirmation, nothing more
    assert dana.post(url(world, "alliance_ending_ask")).status_code == 302
    assert alice.post(url(world, "alliance_ending_propose")).status_code == 400
    assert alice.post(url(world, "alliance_ending_referral")).status_code == 400
    assert not Ending.objects.exists() and phase(world) == Phase.CONSULTATION
    proposed = endings.ending_propose(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                      note="Time?")
    assert dana.post(url(world, "alliance_ending_answer", proposed.pk)).status_code == 302
    assert alice.post(url(world, "alliance_ending_withdraw", proposed.pk)).status_code == 302
    proposed.refresh_from_db()
    assert proposed.state == EndingState.PROPOSED and phase(world) == Phase.CONSULTATION


def test_a_proposal_waits_for_dana_and_closes_when_she_agrees(world: World) -> None:
    alice, dana = world.client_for(world.alice), world.client_for(world.dana)
    made = alice.post(url(world, "alliance_ending_propose"), {"note": "You have met the goals you set."})
    assert made.status_code == 302 and phase(world) == Phase.CONSULTATION
    waiting = dana.get(reverse("my_engagements")).content.decode()
    assert "Your care team proposes ending your work together" in waiting
    page = dana.get(url(world, "alliance_ending")).content.decode()
    assert "You have met the goals you set." in page and "Agree to end" in page and "Not now" in page
    ending = Ending.objects.get()
    assert dana.post(url(world, "alliance_ending_answer", ending.pk), {"answer": "agree"}).status_code == 302
    assert phase(world) == Phase.CLOSED


def test_dana_asks_alice_declines_with_a_word_and_dana_may_still_end(world: World) -> None:
    alice, dana = world.client_for(world.alice), world.client_for(world.dana)
    assert dana.post(url(world, "alliance_ending_ask"), {"intent": "ask", "reasons": REASONS}).status_code == 302
    asked = Ending.objects.get()
    caseload = alice.get(reverse("caseload") + "?needs=me").content.decode()
    assert "Dana asks to end the work together" in caseload
    refused = alice.post(url(world, "alliance_ending_answer", asked.pk), {"answer": "decline"})
    assert refused.status_code == 400 and "Say why" in refused.content.decode()
    alice.post(url(world, "alliance_ending_answer", asked.pk), {"answer": "decline", "note": "Thursday first?"})
    asked.refresh_from_db()
    assert asked.state == EndingState.DECLINED
    page = dana.get(url(world, "alliance_ending")).content.decode()
    assert "Thursday first?" in page and "End our work together" in page


@pytest.mark.parametrize("who", ["carl", "eve", "oscar", "olga", "fay"])
def test_outsiders_get_404_everywhere(world: World, who: str) -> None:
    proposed = endings.ending_propose(actor=world.dana, access=engagement_access(world.dana, world.engagement))
    browser = world.client_for(getattr(world, who))
    assert browser.get(url(world, "alliance_ending")).status_code == 404
    assert browser.get(url(world, "alliance_ending_now")).status_code == 404
    for name, args, data in (("alliance_ending_now", (), {"confirmed": "yes"}),
                             ("alliance_ending_ask", (), {"intent": "ask"}),
                             ("alliance_ending_propose", (), {"note": "x"}),
                             ("alliance_ending_referral", (), {"referral_to": "x"}),
                             ("alliance_ending_answer", (proposed.pk,), {"answer": "agree"}),
                             ("alliance_ending_withdraw", (proposed.pk,), {"withdraw": "yes"})):
        assert browser.post(url(world, name, *args), data).status_code == 404, name
    assert phase(world) == Phase.CONSULTATION


def test_an_ending_of_another_engagement_is_404(world: World) -> None:
    eves = endings.ending_propose(actor=world.eve, access=engagement_access(world.eve, world.eve_engagement))
    dana = world.client_for(world.dana)
    assert dana.post(url(world, "alliance_ending_answer", eves.pk), {"answer": "agree"}).status_code == 404
    assert dana.post(url(world, "alliance_ending_withdraw", eves.pk), {"withdraw": "yes"}).status_code == 404


def test_the_ending_page_reads_in_the_same_number_of_queries_however_long_the_history(world: World) -> None:
    for who in (world.dana, world.alice):
        counts = []
        for more in (2, 12):
            for _i in range(more):
                asked = endings.ending_propose(actor=world.dana,
                                               access=engagement_access(world.dana, world.engagement),
                                               reasons="Maybe")
                endings.ending_withdraw(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                                        ending=asked)
            browser = world.client_for(who)
            for name in ("alliance_ending", "engagement"):
                browser.get(url(world, name))  # warm the session and the caches
            with CaptureQueriesContext(connection) as queries:
                assert browser.get(url(world, "alliance_ending")).status_code == 200
                assert browser.get(url(world, "engagement")).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1], counts
