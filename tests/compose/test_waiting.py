"""What waits for whom: each app's items appear for the people who must act, and disappear once done."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone

from cocreate.access.models import AccessEvent
from cocreate.access.policy import engagement_access
from cocreate.accounts.models import User
from cocreate.audit.lock import rewriting
from cocreate.care import selectors as care_selectors
from cocreate.care import services as care
from cocreate.care.models import Phase, SessionKind
from cocreate.compose.waiting import Waiting, collect
from cocreate.library import services as library
from cocreate.measures import flag_services
from cocreate.measures.models import Flag
from tests.agreements.helpers import accept, intentions, propose, transport
from tests.conftest import World
from tests.measures.service_helpers import every, open_one, submit


def waiting(user: User) -> list[Waiting]:
    return collect(care_selectors.reach_of(user))


def kinds(user: User) -> list[str]:
    return [item.kind for item in waiting(user)]


def test_nothing_waits_in_a_quiet_practice(world: World) -> None:
    for person in (world.alice, world.bea, world.carl, world.dana, world.eve, world.gus, world.fay):
        assert waiting(person) == []


def test_a_client_proposal_waits_for_every_facilitator_who_must_accept(world: World) -> None:
    revision = propose(world, world.dana, "intentions", intentions("Rest"), None)  # the whole team must accept
    (item,) = waiting(world.alice)
    assert item.kind == "agreements.proposal"
    assert item.label == "Decide on a proposed change to Intentions and goals"
    assert (item.engagement_id, item.client_name) == (world.engagement.pk, "Dana")
    assert item.url == f"/engagements/{world.engagement.pk}/agreements/intentions/#revision-{revision.number}"
    assert item.since == revision.created
    assert kinds(world.bea) == ["agreements.proposal"]
    assert kinds(world.dana) == []  # her own proposal waits for others, not for her
    assert kinds(world.carl) == [] and kinds(world.gus) == []  # not on the care team

    accept(world, world.alice, revision)
    assert kinds(world.alice) == []  # done by her
    assert kinds(world.bea) == ["agreements.proposal"]  # still needed from her
    accept(world, world.bea, revision)
    assert kinds(world.bea) == []


def test_any_one_of_the_team_will_do_where_one_acceptance_agrees(world: World) -> None:
    revision = propose(world, world.dana, "transport", transport(), None)
    assert kinds(world.alice) == kinds(world.bea) == ["agreements.proposal"]
    accept(world, world.bea, revision)  # agreed: client and one facilitator
    assert kinds(world.alice) == kinds(world.bea) == []


def test_a_care_team_proposal_waits_for_the_client(world: World) -> None:
    propose(world, world.alice, "transport", transport(), None)
    (item,) = waiting(world.dana)
    assert item.kind == "agreements.proposal" and item.client_name == "Dana"
    assert kinds(world.alice) == []  # the author accepted by proposing
    assert kinds(world.bea) == []  # alice's own acceptance already counts for the team


def test_a_questionnaire_waits_for_the_client_until_sent(world: World) -> None:
    administration = open_one(world, "gad7")
    (item,) = waiting(world.dana)
    assert item.kind == "measures.questionnaire"
    assert item.label == "Questionnaire to fill in: Generalized Anxiety Disorder scale (GAD-7)"
    assert item.due == administration.expires_at and item.detail.startswith("open until ")
    assert item.url == f"/measures/{administration.pk}/"
    assert kinds(world.alice) == []  # the care team does not answer for her
    submit(world, administration, every("gad7", 1))
    assert kinds(world.dana) == []


def test_a_flag_waits_for_the_care_team_until_followed_up(world: World) -> None:
    submit(world, open_one(world, "phq9"), every("phq9", 1, **{"9": 2}))
    flag = Flag.objects.get(engagement=world.engagement)
    (item,) = waiting(world.alice)
    assert item.kind == "measures.flag.risk" and item.label == "Follow up a risk answer"
    assert item.url == f"/engagements/{world.engagement.pk}/measures/#flag-{flag.pk}"
    assert kinds(world.bea) == ["measures.flag.risk"]
    assert kinds(world.dana) == []
    flag_services.flag_resolve(actor=world.bea, access=engagement_access(world.bea, world.engagement), flag=flag,
                               action="Called Dana the same afternoon; she is safe and has her plan.")
    assert kinds(world.alice) == kinds(world.bea) == []


def test_a_question_waits_for_the_other_side_until_answered(world: World) -> None:
    question = library.question_ask(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                                    body="Can I eat before the session?")
    (item,) = waiting(world.bea)
    assert (item.kind, item.label) == ("library.question", "Answer Dana's question")
    assert item.url == f"/engagements/{world.engagement.pk}/questions/{question.pk}/"
    assert kinds(world.dana) == []
    library.question_reply(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                           question=question, body="Also: water?")
    assert kinds(world.bea) == ["library.question"]  # her own follow-up is not an answer
    library.question_reply(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                           question=question, body="A light breakfast, and water is fine.")
    assert kinds(world.bea) == kinds(world.alice) == []

    asked = library.question_ask(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                 body="Would you like music at the start?")
    assert [(i.kind, i.label) for i in waiting(world.dana)] == [
        ("library.question", "Answer a question from your care team")]
    library.question_reply(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                           question=asked, body="Silence first, please.")
    assert kinds(world.dana) == []


def test_a_coming_medicine_session_waits_for_the_client(world: World) -> None:
    access = engagement_access(world.alice, world.engagement)
    starts = timezone.now() + timedelta(days=9)
    session = care.session_schedule(actor=world.alice, access=access, kind=SessionKind.MEDICINE, starts_at=starts,
                                    duration_minutes=480)
    (item,) = waiting(world.dana)
    assert (item.kind, item.label, item.due) == ("care.medicine_session", "Your medicine session", starts)
    assert item.url == f"/engagements/{world.engagement.pk}/#sessions"
    assert kinds(world.alice) == []
    care.session_cancel(actor=world.alice, access=access, session=session, reason="Moved to spring")
    assert kinds(world.dana) == []


def test_a_closed_engagement_has_nothing_waiting(world: World) -> None:
    propose(world, world.dana, "intentions", intentions("Rest"), None)
    open_one(world, "gad7")
    care.phase_transition(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                          to_phase=Phase.CLOSED, reason="Finished")
    assert waiting(world.alice) == waiting(world.dana) == []


def test_items_come_oldest_first_across_apps(world: World) -> None:
    open_one(world, "gad7")
    propose(world, world.alice, "transport", transport(), None)
    items = waiting(world.dana)
    assert [i.kind for i in items] == ["measures.questionnaire", "agreements.proposal"]
    assert items[0].since <= items[1].since


def test_the_waiting_list_records_reads_of_the_records_it_names(world: World) -> None:
    propose(world, world.dana, "intentions", intentions("Rest"), None)
    open_one(world, "gad7")
    before = AccessEvent.objects.count()
    care_selectors.waiting_for(world.alice, via="api")
    (event,) = AccessEvent.objects.filter(actor=world.alice)[: AccessEvent.objects.count() - before]
    assert (event.engagement_id, event.what, event.via) == (world.engagement.pk, "waiting list", "api")
    care_selectors.waiting_for(world.dana)
    assert not AccessEvent.objects.filter(actor=world.dana).exists()  # her own record


def test_the_waiting_list_read_again_within_the_window_records_nothing_new(world: World, settings: Any) -> None:
    propose(world, world.dana, "intentions", intentions("Rest"), None)
    care_selectors.waiting_for(world.alice, via="api")
    events = AccessEvent.objects.filter(actor=world.alice, what="waiting list")
    assert events.count() == 1
    care_selectors.waiting_for(world.alice, via="api")  # a minute later, say: the list names the same record
    assert events.count() == 1
    with rewriting():  # back-date the first read: the trail is append-only
        events.update(at=F("at") - timedelta(minutes=settings.ACCESS_LIST_WINDOW_MINUTES + 1))
    care_selectors.waiting_for(world.alice, via="api")
    assert events.count() == 2
