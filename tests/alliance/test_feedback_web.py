"""Feedback through the web pages: the client's ratings after a held session, the care team's "Needs me" and
acknowledgement with a reply, the client seeing who read it; bad input shown back; wrong users 404; query counts
flat however much feedback there is."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocreate.access.models import AccessEvent
from cocreate.alliance import feedback
from cocreate.alliance.models import Addressee, Feedback
from cocreate.measures.models import Flag
from tests.alliance.feedback_helpers import gus_states_a_reason, held, theirs
from tests.conftest import World

E = "/engagements/{}/feedback/"


def _url(world: World, rest: str = "") -> str:
    return E.format(world.engagement.pk) + rest


def test_priya_rates_a_session_low_and_maya_answers(world: World) -> None:
    *_earlier, third = held(world, count=3)
    dana, alice = world.client_for(world.dana), world.client_for(world.alice)
    assert "How was this session for you?" in dana.get("/my/").text
    form = dana.get(_url(world, f"sessions/{third.pk}/")).text
    for words in ("I felt heard and respected", "The way we worked suited me", "Leave this one out",
                  "What could be better?", "Is there something you did not feel able to say?", "Send this to",
                  "the practice&#x27;s clinical lead (Gus)", "not a licensed", "Your care team will not see it"):
        assert words in form, words
    response = dana.post(_url(world, f"sessions/{third.pk}/"), {
        "rating_1": "8", "rating_2": "7", "rating_3": "3", "rating_4": "6", "to": "care_team",
        "better": "Less time on forms, more on what came up in my week.", "unsaid": ""})
    sent = Feedback.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#feedback-{sent.pk}")
    assert "“The way we worked suited me”, 3 of 10" in Flag.objects.get(kind="alliance").reason

    needs = alice.get("/caseload/?needs=me").text
    assert "Read and acknowledge feedback" in needs and "waiting less than a day" in needs
    page = alice.get(_url(world, f"{sent.pk}/")).text
    assert "3 of 10" in page and "Less time on forms" in page and "Acknowledge" in page
    assert AccessEvent.objects.filter(actor=world.alice, what="feedback").exists()
    response = alice.post(_url(world, f"{sent.pk}/acknowledge/"),
                          {"reply": "Thank you. Let's start with your week next time."})
    assert response.status_code == 302
    assert "Read and acknowledge feedback" not in alice.get("/caseload/?needs=me").text
    mine = dana.get(_url(world)).text
    assert "Read by Alice on" in mine and "Let&#x27;s start with your week next time." in mine


def test_bad_input_is_shown_back_with_the_problem_named(world: World) -> None:
    [session] = held(world)
    dana = world.client_for(world.dana)
    url = _url(world, f"sessions/{session.pk}/")
    response = dana.post(url, {"rating_3": "11", "better": "my own words here", "to": "care_team"})
    assert response.status_code == 400
    assert "my own words here" in response.text and "Choose a number from 0 to 10, or leave it out." in response.text
    response = dana.post(url, {"to": "care_team", "better": "   "})
    assert response.status_code == 400 and "Give at least one rating, or write something" in response.text
    response = dana.post(url, {})
    assert response.status_code == 400 and "Choose who to send this to." in response.text
    response = dana.post(_url(world, "message/"), {"message": "", "to": "lead"})
    assert response.status_code == 400 and "Write what you would like them to know." in response.text
    response = dana.post(_url(world, "cadence/"), {"every_nth": "7x"})
    assert response.status_code == 400 and "Choose how often." in response.text
    assert not Feedback.objects.exists()


def test_a_message_and_the_cadence_from_the_client(world: World) -> None:
    dana = world.client_for(world.dana)
    response = dana.post(_url(world, "message/"), {"message": "The music was too loud for me.", "to": "care_team"})
    assert response.status_code == 302
    assert dana.post(_url(world, "cadence/"), {"every_nth": "3"}).status_code == 302
    page = dana.get(_url(world)).text
    assert "The music was too loud for me." in page and "Not read yet." in page
    assert "You are asked after every 3rd session." in page
    assert "Dana is asked after every 3rd session." in world.client_for(world.alice).get(_url(world)).text
    assert feedback.cadence_of(world.engagement) == 3


def test_the_engagement_page_shows_feedback_to_both_sides(world: World) -> None:
    [session] = held(world)
    dana, alice = world.client_for(world.dana), world.client_for(world.alice)
    page = dana.get(f"/engagements/{world.engagement.pk}/").text
    assert "How was this session for you?" in page and "Tell my therapist something" in page
    feedback.feedback_give(actor=world.dana, access=theirs(world), session=session, ratings={"1": 9})
    page = alice.get(f"/engagements/{world.engagement.pk}/").text
    assert "1 piece of feedback waits to be acknowledged" in page
    assert AccessEvent.objects.filter(actor=world.alice, what="feedback").exists()


def test_wrong_users_get_404_and_the_lead_reads_what_was_sent_to_them(world: World) -> None:
    [session] = held(world)
    team = feedback.feedback_message_send(actor=world.dana, access=theirs(world), message="For the team.")
    lead = feedback.feedback_message_send(actor=world.dana, access=theirs(world), message="For the lead.",
                                          to=Addressee.LEAD)
    urls = [_url(world), _url(world, f"sessions/{session.pk}/"), _url(world, f"{team.pk}/"),
            _url(world, f"{lead.pk}/")]
    for who in (world.eve, world.carl, world.olga, world.oscar, world.fay):
        browser = world.client_for(who)
        for url in urls:
            assert browser.get(url).status_code == 404, (who, url)
        assert browser.post(_url(world, f"{team.pk}/acknowledge/"), {"reply": "x"}).status_code == 404
        assert browser.get("/feedback/to-me/").status_code == 404
    alice = world.client_for(world.alice)
    assert alice.get(_url(world, f"{lead.pk}/")).status_code == 404
    assert alice.post(_url(world, f"{lead.pk}/acknowledge/"), {}).status_code == 404
    assert "For the lead." not in alice.get(_url(world)).text

    gus = world.client_for(world.gus)
    assert gus.get(_url(world, f"{team.pk}/")).url == "/supervision/"  # the care team's: a reason first
    page = gus.get(_url(world, f"{lead.pk}/"))
    assert page.status_code == 200 and "For the lead." in page.text and "instead of to their care team" in page.text
    listed = gus.get("/feedback/to-me/").text
    assert "Dana" in listed and "waiting less than a day" in listed
    assert gus.post(_url(world, f"{lead.pk}/acknowledge/"), {"reply": "Shall we talk on Friday?"}).status_code == 302
    mine = world.client_for(world.dana).get(_url(world)).text
    assert "Read by Gus on" in mine and "Shall we talk on Friday?" in mine


def test_a_supervisor_reads_care_team_feedback_but_does_not_acknowledge_it(world: World) -> None:
    sent = feedback.feedback_message_send(actor=world.dana, access=theirs(world), message="For the team.")
    gus_states_a_reason(world)
    gus = world.client_for(world.gus)
    page = gus.get(_url(world, f"{sent.pk}/"))
    assert page.status_code == 200 and "Opened for supervision" in page.text and "Acknowledge" not in page.text
    assert gus.post(_url(world, f"{sent.pk}/acknowledge/"), {"reply": ""}).status_code == 403
    assert world.client_for(world.dana).post(_url(world, f"{sent.pk}/acknowledge/"), {}).status_code == 403


def _count(browser: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200
    return len(queries)


def test_pages_read_in_the_same_number_of_queries_however_much_feedback(world: World, settings: Any) -> None:
    settings.ACCESS_LIST_WINDOW_MINUTES = 0  # the caseload records every view, so both sizes do the same work
    sessions = held(world, count=4)
    counts: dict[str, list[int]] = {}
    for more in (2, 15):
        for n in range(more):
            to = Addressee.LEAD if n % 3 == 0 else Addressee.CARE_TEAM
            sent = feedback.feedback_message_send(actor=world.dana, access=theirs(world), message=f"m{n}", to=to)
            if n % 2 and to == Addressee.CARE_TEAM:
                feedback.feedback_acknowledge(actor=world.alice, access=feedback.care_selectors.engagement_for(
                    world.alice, world.engagement.pk, what=None), feedback=sent, reply="r")
        if more == 2:
            feedback.feedback_give(actor=world.dana, access=theirs(world), session=sessions[0],
                                   ratings={"1": 5, "3": 2})
        for name, who, url in (("client list", world.dana, _url(world)), ("team list", world.alice, _url(world)),
                               ("lead list", world.gus, "/feedback/to-me/"),
                               ("engagement", world.alice, f"/engagements/{world.engagement.pk}/"),
                               ("needs me", world.alice, "/caseload/?needs=me"),
                               ("my care", world.dana, "/my/")):
            counts.setdefault(name, []).append(_count(world.client_for(who), url))
    for name, (small, large) in counts.items():
        assert small == large, (name, small, large)


def test_long_lists_are_paged_newest_first(world: World, monkeypatch: Any) -> None:
    monkeypatch.setattr(feedback, "PAGE", 2)
    for n in range(5):
        feedback.feedback_message_send(actor=world.dana, access=theirs(world), message=f"message {n}")
    dana = world.client_for(world.dana)
    first = dana.get(_url(world)).text
    assert "message 4" in first and "message 3" in first and "message 2" not in first and "Older" in first
    third = dana.get(_url(world) + "?page=3").text
    assert "message 0" in third and "Newer" in third and "Older" not in third


def test_the_lead_sees_what_waits_for_them_on_the_caseload(world: World) -> None:
    feedback.feedback_message_send(actor=world.dana, access=theirs(world), message="For the lead.",
                                   to=Addressee.LEAD)
    page = world.client_for(world.gus).get("/caseload/").text
    assert "Feedback sent to you as clinical lead" in page and "1 waits for you to acknowledge it" in page
    assert "Feedback sent to you as clinical lead" not in world.client_for(world.alice).get("/caseload/").text


def test_the_supervision_page_leads_to_what_was_sent_to_the_supervisor(world: World) -> None:
    page = world.client_for(world.gus).get("/supervision/").content.decode()
    assert 'href="/feedback/to-me/"' in page and 'href="/reflections/shared-with-me/"' in page
