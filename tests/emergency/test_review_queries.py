"""The review list reads in a fixed number of queries, however many emergency accesses, reads and reviews it shows;
and it counts each one's reads under it, not the lead's other reads."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cocreate.access import emergency
from cocreate.access.models import AccessEvent, Basis, EmergencyAccess, EmergencyAccessEnd, EmergencyAccessReview
from cocreate.accounts.models import User
from cocreate.care import services as care_services
from cocreate.care.models import Engagement, Kind
from tests.conftest import World, make_user
from tests.emergency.helpers import REASON, second_lead


def _history(world: World, lena: User, n: int) -> None:
    """n past emergency accesses on n clients' engagements, each with reads, an early end and a review."""
    for i in range(n):
        client = make_user(f"client{n}x{i}", world.practice, "client")
        engagement: Engagement = care_services.engagement_create(
            actor=world.carl, practice=world.practice, client_id=client.pk, kind=Kind.PSYCHOTHERAPY)
        started = timezone.now() - timedelta(days=i + 1)
        grant = EmergencyAccess.objects.create(practice=world.practice, lead=world.gus, engagement=engagement,
                                               reason=REASON, started=started,
                                               expires_at=started + timedelta(hours=1))
        AccessEvent.objects.bulk_create([
            AccessEvent(actor=world.gus, engagement=engagement, what="engagement page", basis=Basis.EMERGENCY,
                        reason=REASON, at=started + timedelta(minutes=m)) for m in (1, 2, 40)])
        EmergencyAccessEnd.objects.create(grant=grant, at=started + timedelta(minutes=30))
        EmergencyAccessReview.objects.create(grant=grant, reviewer=lena, comment="Fine.")


def _queries(world: World) -> int:
    fay = world.client_for(world.fay)
    url = f"/practices/{world.practice.pk}/emergency/review/"
    fay.get(url)  # the session and the like warm up
    with CaptureQueriesContext(connection) as captured:
        assert fay.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_review_page_costs_the_same_at_two_sizes(world: World) -> None:
    lena = second_lead(world)
    _history(world, lena, 2)
    small = _queries(world)
    _history(world, lena, 12)
    assert _queries(world) == small


def test_reads_are_counted_within_the_access_and_its_early_end(world: World) -> None:
    _history(world, second_lead(world), 1)
    rows, total = emergency.review_list(world.practice)
    assert total == 1 and rows[0].reads == 2 and rows[0].ended and rows[0].minutes == 30
    assert len(rows[0].reviews) == 1
