"""Opening, ending and reviewing emergency access: a reason that says something, the care team told at once (by
notice and by an email that names neither the client nor the reason), and reviews added by another lead."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from cocreate.access import emergency
from cocreate.access.models import EmergencyAccess, EmergencyAccessEnd, EmergencyAccessReview
from cocreate.inbox.models import Notice, NoticeKind
from tests.conftest import World
from tests.emergency.helpers import REASON, opened, second_lead


def test_opening_lasts_the_configured_time(world: World, settings: object) -> None:
    settings.EMERGENCY_ACCESS_TTL = timedelta(minutes=15)  # type: ignore[attr-defined]
    before = timezone.now()
    grant = opened(world)
    assert grant.reason == REASON and grant.practice_id == world.practice.pk
    assert before + timedelta(minutes=15) <= grant.expires_at <= timezone.now() + timedelta(minutes=15)


@pytest.mark.parametrize("reason", ["", "   ", "too short", "x\x00" * 10, "y" * 2001])
def test_a_reason_that_says_nothing_is_refused_and_nothing_is_written(world: World, reason: str) -> None:
    engagement = emergency.target_for(world.gus, world.eve_engagement.pk)
    mail.outbox.clear()
    with pytest.raises(ValidationError) as raised:
        emergency.emergency_access_open(actor=world.gus, engagement=engagement, reason=reason)
    assert "reason" in raised.value.message_dict
    assert not EmergencyAccess.objects.exists() and not Notice.objects.exists() and not mail.outbox


def test_the_care_team_is_told_at_once_without_the_reason_in_the_email(
        world: World, django_capture_on_commit_callbacks: Any) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        opened(world)
    notices = list(Notice.objects.filter(kind=NoticeKind.EMERGENCY_ACCESS))
    assert [n.recipient for n in notices] == [world.carl]
    assert "Gus" in notices[0].title and "Eve" in notices[0].title and "stated reason" in notices[0].title
    assert REASON not in notices[0].title
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["carl@example.org"]
    body = mail.outbox[0].subject + mail.outbox[0].body
    assert "Gus" in body and "emergency access" in body
    assert "Eve" not in body and REASON not in body


def test_a_second_opening_while_one_is_open_is_refused(world: World) -> None:
    opened(world)
    with pytest.raises(ValidationError):
        opened(world)
    assert EmergencyAccess.objects.count() == 1


def test_ending_early_is_a_row_beside_the_grant(world: World) -> None:
    grant = opened(world)
    ended = emergency.emergency_access_end(actor=world.gus, engagement_id=world.eve_engagement.pk)
    assert ended.pk == grant.pk and EmergencyAccessEnd.objects.get().grant_id == grant.pk
    assert emergency.open_grant(world.gus, world.eve_engagement) is None
    with pytest.raises(Http404):  # nothing left to end; nor can anyone end someone else's
        emergency.emergency_access_end(actor=world.gus, engagement_id=world.eve_engagement.pk)


def test_nobody_else_ends_a_leads_grant(world: World) -> None:
    opened(world)
    with pytest.raises(Http404):
        emergency.emergency_access_end(actor=world.carl, engagement_id=world.eve_engagement.pk)
    assert emergency.open_grant(world.gus, world.eve_engagement) is not None


def test_another_lead_reviews_and_reviews_are_added_not_changed(world: World) -> None:
    grant = opened(world)
    lena = second_lead(world)
    emergency.emergency_access_review(actor=lena, grant=grant, comment="Needed: the safety plan was due.")
    emergency.emergency_access_review(actor=lena, grant=grant, comment="Checked the reads too: fine.")
    assert [r.comment for r in EmergencyAccessReview.objects.order_by("at", "id")] == [
        "Needed: the safety plan was due.", "Checked the reads too: fine."]
    with pytest.raises(ValidationError):
        emergency.emergency_access_review(actor=world.gus, grant=grant, comment="I reviewed myself")
    with pytest.raises(ValidationError):
        emergency.emergency_access_review(actor=lena, grant=grant, comment=" ")
    with pytest.raises(Http404):  # an admin oversees but does not review
        emergency.emergency_access_review(actor=world.fay, grant=grant, comment="Looks fine to me")
    assert EmergencyAccessReview.objects.count() == 2
