"""Emergency access on the web, end to end: the lead searches, states a reason, confirms, reads with a banner and
ends it; the client sees it at once in "Who has seen my record" and on "My care"; the care team's inbox says so;
anyone else is answered 404; bad input is shown back; an expired grant leads back to the reason."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cocreate.access.models import AccessEvent, Basis, EmergencyAccess
from cocreate.inbox.models import Notice, NoticeKind
from tests.conftest import World
from tests.emergency.helpers import REASON, opened, opened_earlier, second_lead


def _open_url(world: World) -> str:
    return f"/engagements/{world.eve_engagement.pk}/emergency/"


def test_the_lead_finds_the_engagement_by_name_or_reference_and_nothing_of_the_care(world: World) -> None:
    gus = world.client_for(world.gus)
    home = f"/practices/{world.practice.pk}/emergency/"
    assert gus.get("/emergency/").url == home
    page = gus.get(home, {"q": "ev"}).content.decode()
    assert "Eve" in page and f"E{world.eve_engagement.pk}" in page
    assert "Psychotherapy" not in page and "Dana" not in page and "Oscar" not in page
    event = AccessEvent.objects.get(actor=world.gus)
    assert (event.engagement, event.what, event.basis) == (world.eve_engagement, "emergency search", Basis.PRACTICE)
    by_ref = gus.get(home, {"q": f"E{world.eve_engagement.pk}"}).content.decode()
    assert "Eve" in by_ref
    assert "No record" in gus.get(home, {"q": "zzz"}).content.decode()
    assert gus.get(home, {"q": "e"}).status_code == 200  # one letter lists nobody


def test_reason_then_confirmation_then_the_record_with_its_banner(world: World) -> None:
    gus = world.client_for(world.gus)
    form = gus.get(_open_url(world)).content.decode()
    assert "Eve and their care team will see at once" in form
    confirm = gus.post(_open_url(world), {"reason": REASON})
    assert confirm.status_code == 200 and "Confirm emergency access" in confirm.content.decode()
    assert not EmergencyAccess.objects.exists()  # nothing opens before the confirmation
    done = gus.post(_open_url(world), {"reason": REASON, "confirmed": "True"})
    assert done.status_code == 302 and done.url == f"/engagements/{world.eve_engagement.pk}/"
    page = gus.get(done.url).content.decode()
    assert "Emergency access until" in page and REASON in page and "End now" in page
    read = AccessEvent.objects.filter(actor=world.gus, what="engagement page").get()
    assert (read.basis, read.reason) == (Basis.EMERGENCY, REASON)
    assert Notice.objects.filter(kind=NoticeKind.EMERGENCY_ACCESS, recipient=world.carl).exists()
    # Reading, not writing: a shared note is refused.
    note = gus.post(f"/engagements/{world.eve_engagement.pk}/notes/", {"body": "From the lead"})
    assert note.status_code in (403, 404)


@pytest.mark.parametrize("reason", ["", "short", "z" * 2001])
def test_a_bad_reason_is_shown_back_with_the_problem(world: World, reason: str) -> None:
    response = world.client_for(world.gus).post(_open_url(world), {"reason": reason})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert reason[:100] in page
    assert not EmergencyAccess.objects.exists()


def test_the_client_sees_it_at_once_marked_with_the_reason(world: World) -> None:
    opened(world)
    world.client_for(world.gus).get(f"/engagements/{world.eve_engagement.pk}/")
    eve = world.client_for(world.eve)
    log = eve.get(f"/engagements/{world.eve_engagement.pk}/who-has-seen/").content.decode()
    assert 'class="emergency"' in log and "Emergency access" in log and REASON in log and "Gus" in log
    care = eve.get("/my/").content.decode()
    assert "opened your record in an emergency" in care and REASON in care


def test_end_now_closes_it_and_the_client_notice_goes(world: World) -> None:
    opened(world)
    gus = world.client_for(world.gus)
    ended = gus.post(f"/engagements/{world.eve_engagement.pk}/emergency/end/")
    assert ended.status_code == 302 and ended.url == f"/practices/{world.practice.pk}/emergency/"
    back = gus.get(f"/engagements/{world.eve_engagement.pk}/")
    assert back.status_code == 302 and back.url == _open_url(world)
    assert gus.post(f"/engagements/{world.eve_engagement.pk}/emergency/end/").status_code == 404


def test_an_expired_grant_leads_back_to_the_reason_form(world: World) -> None:
    opened_earlier(world)
    gus = world.client_for(world.gus)
    before = AccessEvent.objects.count()
    for path in ("", "who-has-seen/"):
        response = gus.get(f"/engagements/{world.eve_engagement.pk}/{path}")
        assert response.status_code == 302 and response.url == _open_url(world), path
    assert AccessEvent.objects.count() == before
    assert gus.get(_open_url(world)).status_code == 200


@pytest.mark.parametrize("who", ["carl", "alice", "fay", "eve", "dana", "olga", "oscar"])
def test_anyone_but_a_lead_is_answered_404(world: World, who: str) -> None:
    client: Client = world.client_for(getattr(world, who))
    assert client.get(_open_url(world)).status_code == 404
    assert client.post(_open_url(world), {"reason": REASON, "confirmed": "True"}).status_code == 404
    assert client.get(f"/practices/{world.practice.pk}/emergency/").status_code == 404
    assert not EmergencyAccess.objects.exists()


def test_a_foreign_practice_is_404_for_the_lead(world: World) -> None:
    gus = world.client_for(world.gus)
    assert gus.get(f"/engagements/{world.oscar_engagement.pk}/emergency/").status_code == 404
    assert gus.get(f"/practices/{world.other_practice.pk}/emergency/").status_code == 404
    assert gus.get(f"/practices/{world.other_practice.pk}/emergency/review/").status_code == 404


def test_the_review_list_names_a_reference_and_takes_reviews_from_another_lead(world: World) -> None:
    grant = opened(world)
    lena = world.client_for(second_lead(world))
    review_url = f"/practices/{world.practice.pk}/emergency/review/"
    admin_page = world.client_for(world.fay).get(review_url).content.decode()
    assert f"E{world.eve_engagement.pk}" in admin_page and REASON in admin_page and "Gus" in admin_page
    assert not re.search(r"\bEve\b", admin_page) and "Record a review" not in admin_page
    assert world.client_for(world.carl).get(review_url).status_code == 404
    add = f"/practices/{world.practice.pk}/emergency/{grant.pk}/review/"
    bad = lena.post(add, {"comment": "  "})
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.content.decode()
    assert lena.post(add, {"comment": "Needed; reads kept to the safety plan."}).status_code == 302
    assert "Needed; reads kept to the safety plan." in lena.get(review_url).content.decode()
    assert world.client_for(world.gus).post(add, {"comment": "Reviewing myself"}).status_code == 400
    assert world.client_for(world.fay).post(add, {"comment": "An admin's view"}).status_code == 404
