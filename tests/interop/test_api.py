"""The calendar feeds API: one's own feeds only; the address is given once, at making or resetting; a revoked
feed is gone from the list and its address answers 404."""

from __future__ import annotations

from django.test import Client

from cocreate.interop.models import CalendarFeed
from tests.api_helpers import Api
from tests.conftest import World
from tests.interop.helpers import new_feed

FEEDS = "/me/calendar-feeds"


def test_make_list_change_reset_and_revoke_a_feed(world: World) -> None:
    api = Api.as_user(world.dana)
    made = api.post(FEEDS, {"label": "Phone", "show_kinds": False})
    assert made.status_code == 201
    body = made.json()
    assert body["url"].startswith("http") and body["url"].endswith(".ics") and body["label"] == "Phone"
    assert body["webcal_url"] == "webcal://" + body["url"].split("://", 1)[1]
    path = "/" + body["url"].split("/", 3)[3]
    assert Client().get(path).status_code == 200

    listed = api.get(FEEDS).json()
    assert [(f["id"], f["label"], f["show_kinds"]) for f in listed] == [(body["id"], "Phone", False)]
    assert "url" not in listed[0]

    changed = api.patch(f"{FEEDS}/{body['id']}", {"show_kinds": True})
    assert changed.status_code == 200 and changed.json()["show_kinds"] is True and changed.json()["label"] == "Phone"

    reset = api.post(f"{FEEDS}/{body['id']}/reset")
    assert reset.status_code == 200 and reset.json()["url"] != body["url"] and reset.json()["reset_at"]
    assert Client().get(path).status_code == 404
    new_path = "/" + reset.json()["url"].split("/", 3)[3]
    assert Client().get(new_path).status_code == 200

    assert api.delete(f"{FEEDS}/{body['id']}").status_code == 204
    assert api.get(FEEDS).json() == []
    assert Client().get(new_path).status_code == 404
    assert api.post(f"{FEEDS}/{body['id']}/reset").status_code == 404  # revoked for good


def test_another_persons_feed_is_not_found(world: World) -> None:
    feed, path = new_feed(world.dana)
    eve = Api.as_user(world.eve)
    assert eve.patch(f"{FEEDS}/{feed.pk}", {"show_kinds": True}).status_code == 404
    assert eve.post(f"{FEEDS}/{feed.pk}/reset").status_code == 404
    assert eve.delete(f"{FEEDS}/{feed.pk}").status_code == 404
    assert eve.get(FEEDS).json() == []
    assert Client().get(path).status_code == 200
    feed.refresh_from_db()
    assert feed.show_kinds is False and feed.revoked_at is None


def test_bad_input_is_refused_by_name(world: World) -> None:
    api = Api.as_user(world.dana)
    assert api.post(FEEDS, {"label": "x" * 101}).status_code == 422
    assert api.post(FEEDS, {"label": "Phone", "show_kinds": "maybe"}).status_code == 422
    assert api.post(FEEDS, {"label": "Phone", "secret": "mine"}).status_code == 422  # no field of ours
    assert api.post(FEEDS, raw="not json").status_code in (400, 422)
    for _ in range(5):
        assert api.post(FEEDS, {}).status_code == 201
    too_many = api.post(FEEDS, {})
    assert too_many.status_code == 400 and "revoke one" in too_many.json()["detail"]
    assert CalendarFeed.objects.filter(owner=world.dana).count() == 5
    assert api.patch(f"{FEEDS}/99999999", {"show_kinds": True}).status_code == 404


def test_the_feed_api_needs_a_caller(world: World) -> None:
    assert Api().get(FEEDS).status_code == 401
    assert Api().post(FEEDS, {}).status_code == 401
