"""Pages speak to the client in plain words: no raw ids, no "revision" or "in force" where "agreed" will do,
and the API tokens kept under "Advanced"."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.care import services as care
from cocreate.care.models import SessionKind
from tests.agreements.helpers import propose
from tests.conftest import World


def test_a_change_names_the_medicine_session_by_its_kind_and_date(world: World) -> None:
    starts = (timezone.localtime() + timedelta(days=30)).replace(hour=9, minute=0, second=0, microsecond=0)
    session = care.session_schedule(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                    kind=SessionKind.MEDICINE, starts_at=starts, duration_minutes=480)
    propose(world, world.dana, "intentions", {"goals": [{"words": "Rest"}], "session_intentions": [
        {"session_id": session.pk, "intention": "Meet the grief"}]}, None)
    label = f"Medicine session, {starts:%a} {starts.day} {starts:%b %Y}, 09:00"
    for url in (reverse("agreement", args=[world.engagement.pk, "intentions"]),
                reverse("agreement_history", args=[world.engagement.pk, "intentions"])):
        page = world.client_for(world.dana).get(url).text
        assert label in page, url
        assert f"<ins>{session.pk}</ins>" not in page


def test_api_tokens_are_kept_under_advanced(world: World) -> None:
    page = world.client_for(world.dana).get(reverse("security")).text
    assert page.index("Password") < page.index("Advanced")
    assert "<summary>Connect another program (API tokens)</summary>" in page


def test_a_shared_document_speaks_to_the_client_as_you(world: World) -> None:
    url = reverse("agreement_propose", args=[world.engagement.pk, "intentions"])
    mine = world.client_for(world.dana).get(url).text
    assert "The goal, in your words" in mine and "What you want from this work" in mine
    assert "the client" not in mine.split("<main", 1)[1].lower()
    theirs = world.client_for(world.alice).get(url).text
    assert "The goal, in the client&#x27;s words" in theirs
    propose(world, world.dana, "intentions", {"goals": [{"words": "Rest"}]}, None)
    page = world.client_for(world.dana).get(reverse("agreement", args=[world.engagement.pk, "intentions"])).text
    assert "Goals 1 · The goal, in your words" in page
    words = re.sub(r"<[^>]+>", " ", page.split("<main", 1)[1])
    found = [w for w in ("in force", "revision") if w in words.lower()]
    assert not found, [words[words.lower().index(w) - 100:words.lower().index(w) + 40] for w in found]


def test_the_engagement_page_tells_the_client_what_is_agreed_in_plain_words(world: World) -> None:
    page = world.client_for(world.dana).get(reverse("engagement", args=[world.engagement.pk])).text
    assert "Touch you have agreed to" in page and "Nothing about touch is agreed yet" in page
    assert "in force" not in page
    team = world.client_for(world.alice).get(reverse("engagement", args=[world.engagement.pk])).text
    assert "Touch consent in force" in team


def test_the_library_panel_says_what_you_have_read(world: World) -> None:
    mine = world.client_for(world.dana).get(reverse("engagement", args=[world.engagement.pk])).text
    assert "Topics you have read" in mine and "Topics read by the client" not in mine
    team = world.client_for(world.alice).get(reverse("engagement", args=[world.engagement.pk])).text
    assert "Topics read by the client" in team
