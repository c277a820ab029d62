"""Cases found in review: taking back an acceptance before it is in force, a closed engagement, odd digits,
times out of range, a stale API proposal's read, and polling that must not keep a session alive."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from cocreate.access.models import AccessEvent
from cocreate.agreements import services
from cocreate.agreements.models import RevisionState
from cocreate.care import services as care
from tests.agreements.helpers import accept, access, agree, decline, in_force, propose, state_of, touch
from tests.api_helpers import Api
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_a_client_who_accepted_a_widening_can_decline_it_before_it_is_in_force(world: World) -> None:
    agree(world, "touch_consent", touch(hug="ask_first"))
    wider = propose(world, world.alice, "touch_consent", touch(hug="yes"), 1)
    accept(world, world.dana, wider)
    decline(world, world.dana, wider, "I have changed my mind about hugs")
    assert state_of(wider) == RevisionState.DECLINED
    with pytest.raises(ValidationError):
        accept(world, world.bea, wider)
    current = in_force(world.engagement, "touch_consent")
    assert current is not None and current.content["hug"] == "ask_first"


def test_the_first_consent_can_be_declined_after_accepting_it(world: World) -> None:
    first = propose(world, world.alice, "touch_consent", touch(hug="yes"), None)
    accept(world, world.dana, first)
    decline(world, world.dana, first, "Not yet")
    assert state_of(first) == RevisionState.DECLINED
    assert in_force(world.engagement, "touch_consent") is None


def test_an_author_withdraws_rather_than_declines_and_nobody_accepts_twice(world: World) -> None:
    revision = propose(world, world.dana, "intentions", {"goals": [{"words": "Rest"}]}, None)
    with pytest.raises(ValidationError, match="withdraw it instead"):
        decline(world, world.dana, revision, "oops")
    accept(world, world.alice, revision)
    with pytest.raises(ValidationError, match="already decided"):
        accept(world, world.alice, revision)


def test_leaving_the_team_of_a_closed_engagement_changes_no_agreement(world: World) -> None:
    revision = propose(world, world.dana, "intentions", {"goals": [{"words": "Rest"}]}, None)
    accept(world, world.alice, revision)
    for phase in ("closed",):
        care.phase_transition(actor=world.alice, access=access(world.alice, world.engagement), to_phase=phase,
                              reason="Ending")
    care.care_team_remove(actor=world.alice, access=access(world.alice, world.engagement),
                          facilitator_id=world.bea.pk)
    assert state_of(revision) == RevisionState.PROPOSED


@pytest.mark.parametrize("value", ["²", "١٢", "1e3", "-1", "9" * 30])
def test_odd_digits_in_numbers_are_refused_without_a_crash(world: World, value: str) -> None:
    agree(world, "touch_consent", touch())
    client = world.client_for(world.alice)
    base = f"/engagements/{world.engagement.pk}/agreements/"
    assert client.get(f"{base}touch_consent/history/?before={value}").status_code == 200
    assert client.get(f"{base}touch_consent/in-force/?n={value}").status_code == 200
    posted = client.post(f"{base}intentions/propose/", {"based_on": value, "goals-0-words": "x"})
    assert posted.status_code == 400
    intention = client.post(f"{base}intentions/propose/", {
        "based_on": "", "session_intentions-0-session_id": value, "session_intentions-0-intention": "Be here"})
    assert intention.status_code == 400


@pytest.mark.parametrize("when", ["0001-01-01T00:30:00+01:00", "1999-12-31T23:00:00+00:00"])
def test_a_deviation_dated_in_another_century_is_refused(world: World, when: str) -> None:
    response = Api.as_user(world.alice).post(
        f"/engagements/{world.engagement.pk}/documents/transport/deviations",
        {"occurred_at": when, "description": "Late"})
    assert response.status_code in (400, 422)
    with pytest.raises(ValidationError):
        services.deviation_record(actor=world.alice, access=access(world.alice, world.engagement),
                                  kind="transport", occurred_at=datetime(1999, 1, 1, tzinfo=UTC),
                                  description="Late")


def test_a_stale_api_proposal_records_the_read_its_conflict_shows(world: World) -> None:
    agree(world, "touch_consent", touch())
    propose(world, world.dana, "touch_consent", touch(hug="ask_first"), 1)
    before = AccessEvent.objects.filter(actor=world.alice, what="agreements").count()
    response = Api.as_user(world.alice).post(
        f"/engagements/{world.engagement.pk}/documents/touch_consent/revisions",
        {"based_on": 1, "content": touch(hug="yes"), "note": ""})
    assert response.status_code == 409
    assert AccessEvent.objects.filter(actor=world.alice, what="agreements").count() == before + 1


def test_polling_does_not_keep_an_idle_session_alive(world: World) -> None:
    agree(world, "touch_consent", touch())
    client = world.client_for(world.alice)
    poll = reverse("agreement_in_force", kwargs={"engagement_id": world.engagement.pk, "kind": "touch_consent"})
    client.get(f"/engagements/{world.engagement.pk}/")
    session = client.session
    session["cocreate_last_seen"] = time.time() - settings.SESSION_IDLE_TIMEOUT + 30
    session.save()
    last = session["cocreate_last_seen"]
    assert client.get(poll + "?n=1", HTTP_HX_REQUEST="true", HTTP_X_COCREATE_POLL="1").status_code == 204
    assert client.session["cocreate_last_seen"] == last  # the poll did not count as activity
    session = client.session
    session["cocreate_last_seen"] = time.time() - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    timed_out = client.get(poll + "?n=1", HTTP_HX_REQUEST="true", HTTP_X_COCREATE_POLL="1")
    assert timed_out.status_code == 204 and timed_out["HX-Refresh"] == "true"  # the page reloads to sign-in
