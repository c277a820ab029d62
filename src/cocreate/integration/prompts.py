"""The invitations to note shifts, sent by `cocreate remind`: on each chosen day after a session, a quiet notice in
the client's inbox and an email that says nothing about their care, once per tracker and day. A day missed (the
sender did not run) is not sent late once the next day's invitation or two days have passed."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.zones import zone_of
from cocreate.care.models import Phase
from cocreate.inbox.models import NoticeKind
from cocreate.inbox.services import Mail, notify
from cocreate.integration.models import PromptSent, Tracker
from cocreate.integration.panels import due_day


def prompts_send(*, now: datetime | None = None) -> int:
    """Every invitation open now and not yet sent; returns how many went out. Each is claimed by inserting its
    row first, so two senders at once send it once."""
    now = now or timezone.now()
    sent = 0
    trackers = (Tracker.objects.exclude(days=[]).exclude(engagement__phase=Phase.CLOSED)
                .filter(began_on__gte=(now - timedelta(days=3660)).date())
                .select_related("engagement__client", "engagement__practice").order_by("engagement_id", "-began_at"))
    latest: dict[int, Tracker] = {}
    for tracker in trackers:
        latest.setdefault(tracker.engagement_id, tracker)  # the newest tracker of an engagement speaks for it
    done = set(PromptSent.objects.filter(tracker__in=list(latest.values())).values_list("tracker_id", "day"))
    for tracker in latest.values():
        client = tracker.engagement.client
        if not client.is_active:
            continue
        day = due_day(tracker, now, ZoneInfo(zone_of(client)))
        if day is None or (tracker.pk, day) in done:
            continue
        try:
            with transaction.atomic():
                PromptSent.objects.create(tracker=tracker, day=day, sent_at=now)
                _invite(tracker, day)
        except IntegrityError:
            continue  # another sender claimed it first
        sent += 1
    return sent


def _invite(tracker: Tracker, day: int) -> None:
    engagement = tracker.engagement
    url = reverse("integration", args=[engagement.pk]) + "#note"
    mail = Mail(
        subject=_("cocreate: a moment for yourself, if you like"),
        body=_("There is a quiet page waiting for you in cocreate, whenever you have a moment. Nothing is "
               "required.\n\nSign in to see it:\n%(link)s\n\nTo change these invitations or stop them, open the same "
               "page.\n") % {"link": settings.SITE_URL + url},
    )
    notify(recipients=[engagement.client], kind=NoticeKind.SHIFT_PROMPT, engagement=engagement, url=url, mail=mail,
           title=_("Day %(day)d after your session. If you like, note any shifts you notice: a few words are "
                   "enough, and noticing is enough.") % {"day": day})
