"""The reminder pages: a person's own choice under their security settings, and a practice's times (its staff see
them, its admins change them). Bad input is shown back on the form, never a server error."""

from __future__ import annotations

from cocreate.reminders import selectors
from tests.conftest import World

PAGE = "/accounts/security/reminders/"


def test_a_person_chooses_their_own_times_or_none(world: World) -> None:
    browser = world.client_for(world.dana)
    page = browser.get(PAGE).content.decode()
    assert "Juniper: 48 h, 2 h before" in page and "Remind me of my sessions" in page
    answer = browser.post(PAGE, {"enabled": "on", "times": "own", "own": "24h, 30m", "show_kind": "on"})
    assert answer.status_code == 302
    preference = selectors.preference_of(world.dana)
    assert (preference.enabled, preference.offsets, preference.show_kind) == (True, [1440, 30], True)
    assert "Juniper: 24 h, 30 min before" in browser.get(PAGE).content.decode()
    browser.post(PAGE, {"times": "practice", "own": ""})
    preference = selectors.preference_of(world.dana)
    assert (preference.enabled, preference.offsets, preference.show_kind) == (False, None, False)


def test_bad_times_are_shown_back_on_the_form(world: World) -> None:
    browser = world.client_for(world.dana)
    for own, message in (("soon", "is not one"), ("1h, 2h, 3h, 4h, 5h", "at most 4"), ("3m", "from 10 minutes"),
                         ("", "Give at least one time")):
        answer = browser.post(PAGE, {"enabled": "on", "times": "own", "own": own})
        assert answer.status_code == 400, own
        assert message in answer.content.decode(), own
    assert browser.post(PAGE, {"times": "sometimes"}).status_code == 400
    assert selectors.preference_of(world.dana).pk is None  # nothing saved


def test_the_security_page_links_to_reminders_and_calendar_feeds(world: World) -> None:
    page = world.client_for(world.eve).get("/accounts/security/").content.decode()
    assert PAGE in page and "/accounts/security/calendar/" in page


def test_practice_times_are_seen_by_staff_and_set_by_admins(world: World) -> None:
    path = f"/practices/{world.practice.pk}/reminders/"
    bea = world.client_for(world.bea)
    page = bea.get(path).content.decode()
    assert "48 h, 2 h before each session" in page and "The practice's admins set these times." in page
    assert bea.post(path, {"offsets": "1h"}).status_code == 403
    alice = world.client_for(world.alice)
    assert alice.post(path, {"offsets": "3d, 90m"}).status_code == 302
    assert selectors.practice_offsets(world.practice) == [4320, 90]
    assert "72 h, 90 min before each session" in alice.get(path).content.decode()
    assert alice.post(path, {"offsets": "every now and then"}).status_code == 400
    assert alice.post(path, {"offsets": ""}).status_code == 302
    assert "sends no session reminders" in alice.get(path).content.decode()
    assert world.client_for(world.dana).get(path).status_code == 404
    home = alice.get(f"/practices/{world.practice.pk}/").content.decode()
    assert path in home
