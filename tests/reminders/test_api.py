"""The reminders API: one's own choice (and the times that apply in each practice), and a practice's times, read
by its staff and set by its admins."""

from __future__ import annotations

from tests.api_helpers import Api
from tests.conftest import World

ME = "/me/reminders"


def test_a_person_reads_and_sets_their_own_choice(world: World) -> None:
    api = Api.as_user(world.dana)
    assert api.get(ME).json() == {"enabled": True, "offsets_minutes": None, "show_kind": False, "practices": [
        {"practice_id": world.practice.pk, "name": "Juniper", "offsets_minutes": [2880, 120]}]}
    answer = api.client.put("/api/v1" + ME, {"enabled": True, "offsets_minutes": [30, 1440], "show_kind": True},
                             content_type="application/json", **api.headers)
    assert answer.status_code == 200
    assert answer.json()["offsets_minutes"] == [1440, 30]
    assert answer.json()["practices"][0]["offsets_minutes"] == [1440, 30]
    off = api.client.put("/api/v1" + ME, {"enabled": False}, content_type="application/json", **api.headers)
    assert off.json()["enabled"] is False and off.json()["offsets_minutes"] is None


def test_bad_times_are_refused_by_name(world: World) -> None:
    api = Api.as_user(world.dana)

    for body, status in (({"offsets_minutes": [5]}, 400), ({"offsets_minutes": [60 * 24 * 15]}, 400),
                         ({"offsets_minutes": [1, 2, 3, 4, 5]}, 422), ({"offsets_minutes": ["two hours"]}, 422),
                         ({"offsets_minutes": [2**70]}, 422), ({"whatever": 1}, 422)):
        answer = api.client.put("/api/v1" + ME, body, content_type="application/json", **api.headers)
        assert answer.status_code == status, body
        [field] = answer.json()["errors"]
        assert field.split(".")[0] == next(iter(body)), (body, field)
    assert api.get(ME).json()["offsets_minutes"] is None


def test_practice_times_are_read_by_staff_and_set_by_admins(world: World) -> None:
    path = f"/practices/{world.practice.pk}/reminder-times"
    admin, facilitator = Api.as_user(world.alice), Api.as_user(world.bea)
    assert facilitator.get(path).json() == {"practice_id": world.practice.pk, "name": "Juniper",
                                            "offsets_minutes": [2880, 120]}
    refused = facilitator.client.put("/api/v1" + path, {"offsets_minutes": [60]}, content_type="application/json",
                                     **facilitator.headers)
    assert refused.status_code == 403
    done = admin.client.put("/api/v1" + path, {"offsets_minutes": [60, 4320]}, content_type="application/json",
                            **admin.headers)
    assert done.status_code == 200 and done.json()["offsets_minutes"] == [4320, 60]
    assert Api.as_user(world.dana).get(ME).json()["practices"][0]["offsets_minutes"] == [4320, 60]
    assert Api.as_user(world.dana).get(path).status_code == 404  # a client does not see the practice's settings
    assert Api.as_user(world.olga).get(path).status_code == 404
