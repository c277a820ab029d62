"""The demo's integration: Jordan's shift tracker two weeks after his first MDMA session, with some entries shared
and some kept private, one pattern he named, and a reflection Maya added beside an entry in their integration
session. Written through the same services a client uses, then dated to the days they are about."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.accounts.models import User
from cocreate.care.models import Engagement, Session, SessionKind
from cocreate.integration import services
from cocreate.integration.models import ShiftEntry, Tracker

ENTRIES: list[tuple[int, tuple[str, ...], str, bool]] = [  # day, domains, words, shared
    (1, ("body",), "My shoulders dropped for the first time in months. Not sure what it means yet.", True),
    (2, ("sleep",), "Slept nine hours. Dreamt of the lake house, the screen door banging.", False),
    (3, ("emotions",), "Cried at a song in the car. It did not feel bad, just big.", True),
    (7, ("relationships",), "Called my brother. When he talked over me I went quiet and let him.", True),
    (9, ("relationships", "behaviour"), "In the team meeting nobody picked up my point and I stopped talking "
                                        "for the rest of the hour.", False),
    (12, ("behaviour", "body"), "Walked to work three days this week instead of driving. Legs tired, head clear.",
     True),
]


def load(jordan: User, maya: User, engagement: Engagement) -> None:
    tracker = Tracker.objects.filter(engagement=engagement).order_by("-began_at").first()
    if tracker is None:
        return
    mine = engagement_access(jordan, engagement)
    made: dict[int, ShiftEntry] = {}
    for day, domains, words, shared in ENTRIES:
        on = tracker.began_on + timedelta(days=day)
        entry = services.shift_add(actor=jordan, access=mine, text=words, domains=list(domains), on=on,
                                   tracker=tracker, share=shared)
        at = timezone.make_aware(datetime.combine(on, time(20, 15)))
        ShiftEntry.objects.filter(pk=entry.pk).update(created=at, changed=at, shared_at=at if shared else None)
        made[day] = entry
    session = (Session.objects.filter(engagement=engagement, kind=SessionKind.INTEGRATION,
                                      starts_at__lte=timezone.now()).order_by("-starts_at").first())
    services.reflection_add(actor=maya, access=engagement_access(maya, engagement), entry=made[7],
                            session_id=session.pk if session else None,
                            body="In our session you linked this to going quiet at the dinner table as a boy. We "
                                 "left it there for now; you said you want to watch for it.")
    services.pattern_name(actor=jordan, access=mine, name="When I feel unheard I go quiet",
                          entry_ids=[made[7].pk, made[9].pk])
