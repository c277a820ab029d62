"""A client never has to justify a no, and every comment box says who will read it."""

from __future__ import annotations

from django.urls import reverse

from cocreate.agreements.models import RevisionState
from tests.agreements.helpers import intentions, propose, state_of, touch
from tests.api_helpers import Api, eng
from tests.conftest import World


def test_the_client_declines_on_the_web_without_a_word(world: World) -> None:
    revision = propose(world, world.alice, "touch_consent", touch(hug="yes"), None)
    url = reverse("agreement", args=[world.engagement.pk, "touch_consent"])
    page = world.client_for(world.dana).get(url).text
    assert "Comment (optional)" in page
    assert "Your care team will read it. You never have to explain a no." in page
    response = world.client_for(world.dana).post(
        reverse("revision_decide", args=[world.engagement.pk, "touch_consent", revision.number]),
        {"verdict": "decline", "comment": ""})
    assert response.status_code == 302
    assert state_of(revision) == RevisionState.DECLINED


def test_the_facilitator_is_told_who_reads_the_comment(world: World) -> None:
    propose(world, world.dana, "intentions", intentions("Rest"), None)
    page = world.client_for(world.alice).get(reverse("agreement", args=[world.engagement.pk, "intentions"])).text
    assert "Dana will read it. If you decline, say why, so Dana can respond." in page
    # Accept and Decline carry equal weight: neither is styled as the lesser choice.
    assert '<button type="submit" name="verdict" value="decline">' in page
    assert '<button type="submit" name="verdict" value="accept">' in page


def test_the_api_takes_a_clients_decline_without_a_comment_and_a_withdrawal_with_one(world: World) -> None:
    offered = propose(world, world.alice, "touch_consent", touch(hug="yes"), None)
    dana = Api.as_user(world.dana)
    declined = dana.post(eng(world.engagement.pk, f"/documents/touch_consent/revisions/{offered.number}/decline"), {})
    assert declined.status_code == 200 and declined.json()["state"] == "declined"

    mine = propose(world, world.dana, "intentions", intentions("Rest"), None)
    url = eng(world.engagement.pk, f"/documents/intentions/revisions/{mine.number}/withdraw")
    withdrawn = dana.post(url, {"comment": "Not ready to name it"})
    assert withdrawn.status_code == 200
    assert (withdrawn.json()["state"], withdrawn.json()["withdraw_comment"]) == ("withdrawn", "Not ready to name it")

    asked = propose(world, world.dana, "intentions", intentions("Sleep"), mine.number)
    refused = Api.as_user(world.alice).post(
        eng(world.engagement.pk, f"/documents/intentions/revisions/{asked.number}/decline"), {})
    assert refused.status_code == 400 and refused.json()["errors"]["comment"] == [
        "Say why you decline, so Dana can respond."]
