"""Each person has a time zone, their practice's unless they choose their own; times are shown in it, the zone
named, and a session's notice gives its time in the reader's own zone."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.accounts.models import Practice
from cocreate.accounts.zones import zone_of
from cocreate.care import services
from cocreate.care.models import SessionKind
from cocreate.inbox.models import Notice
from tests.conftest import World


def test_a_person_follows_the_practice_until_choosing_their_own(world: World) -> None:
    Practice.objects.filter(pk=world.practice.pk).update(time_zone="America/Denver")
    world.dana.refresh_from_db()
    assert zone_of(world.dana) == "America/Denver"
    client = world.client_for(world.dana)
    assert "Times are in America/Denver." in client.get(reverse("my_engagements")).text
    saved = client.post(reverse("time_zone"), {"time_zone": "Asia/Tokyo"})
    assert saved.status_code == 302
    world.dana.refresh_from_db()
    assert world.dana.time_zone == "Asia/Tokyo"
    page = client.get(reverse("engagement", args=[world.engagement.pk])).text
    starts = timezone.localtime(world.session.starts_at, ZoneInfo("Asia/Tokyo"))
    assert "Times are in Asia/Tokyo." in page and starts.strftime("%H:%M") in page
    refused = client.post(reverse("time_zone"), {"time_zone": "Mars/Olympus"}, follow=True)
    assert "Choose a time zone from the list." in refused.text
    world.dana.refresh_from_db()
    assert world.dana.time_zone == "Asia/Tokyo"  # unchanged
    client.post(reverse("time_zone"), {"time_zone": ""})
    world.dana.refresh_from_db()
    assert zone_of(world.dana) == "America/Denver"


def test_a_session_notice_gives_the_time_in_each_readers_zone(world: World) -> None:
    world.dana.time_zone = "Asia/Tokyo"
    world.dana.save(update_fields=["time_zone"])
    world.bea.time_zone = "America/New_York"
    world.bea.save(update_fields=["time_zone"])
    starts = (timezone.now() + timedelta(days=10)).replace(hour=12, minute=0, second=0, microsecond=0)
    services.session_schedule(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                              kind=SessionKind.PREPARATION, starts_at=starts, duration_minutes=60)
    for person, zone in ((world.dana, "Asia/Tokyo"), (world.bea, "America/New_York")):
        (notice,) = Notice.objects.filter(recipient=person)
        local = timezone.localtime(starts, ZoneInfo(zone))
        assert f"{local:%H:%M} ({zone})" in notice.title


def test_an_admin_sets_the_practices_zone_and_a_facilitator_may_not(world: World) -> None:
    url = reverse("practice_time_zone", args=[world.practice.pk])
    assert world.client_for(world.carl).post(url, {"time_zone": "Europe/Berlin"}).status_code == 403
    assert world.client_for(world.fay).post(url, {"time_zone": "Mars/Olympus"}).status_code == 302
    world.practice.refresh_from_db()
    assert world.practice.time_zone != "Mars/Olympus"
    world.client_for(world.fay).post(url, {"time_zone": "Europe/Berlin"})
    world.practice.refresh_from_db()
    assert world.practice.time_zone == "Europe/Berlin"
    assert "Times are in Europe/Berlin." in world.client_for(world.dana).get(reverse("my_engagements")).text
