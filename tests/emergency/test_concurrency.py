"""Real threads on a file database: a lead's two openings of the same record at the same moment (a double tap, two
tabs) make one grant and one notice to the care team; the other is told the record is already open."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from cocreate.access import emergency
from cocreate.access.models import EmergencyAccess
from cocreate.inbox.models import Notice, NoticeKind
from tests.conftest import World
from tests.emergency.helpers import REASON
from tests.threads import race

pytestmark = pytest.mark.django_db(transaction=True)


def _opener(world: World) -> Callable[[], EmergencyAccess]:
    engagement = emergency.target_for(world.gus, world.eve_engagement.pk)
    return lambda: emergency.emergency_access_open(actor=world.gus, engagement=engagement, reason=REASON)


def test_two_openings_at_once_make_one_grant(world: World) -> None:
    for round_number in range(3):
        if round_number:  # the last round's grant is ended first, as a lead would before opening again
            emergency.emergency_access_end(actor=world.gus, engagement_id=world.eve_engagement.pk)
        outcomes = race(_opener(world), _opener(world))
        assert sorted(type(o).__name__ for o in outcomes) == ["EmergencyAccess", "ValidationError"], outcomes
        assert isinstance(next(o for o in outcomes if not isinstance(o, EmergencyAccess)), ValidationError)
    assert EmergencyAccess.objects.count() == 3
    assert Notice.objects.filter(kind=NoticeKind.EMERGENCY_ACCESS).count() == 3
