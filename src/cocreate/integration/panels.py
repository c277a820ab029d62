"""What integration adds to the shared pages: its section on the engagement page, and the invitation to note
shifts on the days the two chose, waiting for the client from that morning until they write or two days pass."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.zones import zone_of
from cocreate.compose.panels import ENGAGEMENT, EngagementPage
from cocreate.compose.waiting import Reach, Waiting, provider
from cocreate.integration.models import ShiftEntry, Tracker

PROMPT_HOUR = time(9, 0)  # an invitation comes at nine in the morning of its day, on the client's clock
PROMPT_OPEN = timedelta(days=2)  # and waits two days, or until the next one


@ENGAGEMENT.panel("integration.tracker", order=34, template="integration/_panel.html")
def integration_panel(page: EngagementPage) -> Mapping[str, Any] | None:
    engagement = page.access.engagement
    tracker = Tracker.objects.filter(engagement=engagement).order_by("-began_at", "-id").first()
    is_client = page.access.relation.value == "client"
    if tracker is None and engagement.phase not in ("integration", "therapy"):
        return None
    counts: dict[str, Any] = {}
    if tracker is not None:
        rows = ShiftEntry.objects.filter(engagement=engagement, deleted_at__isnull=True)
        if not is_client:
            rows = rows.filter(shared_at__isnull=False)
        counts = rows.aggregate(total=Count("id"), shared=Count("id", filter=Q(shared_at__isnull=False)),
                                latest=Max("on"))
    return {"integration_tracker": tracker, "integration_counts": counts, "is_client": is_client,
            "integration_day": (_today(engagement.client) - tracker.began_on).days if tracker else None}


def _today(person: Any) -> date:
    return timezone.localtime(timezone.now(), ZoneInfo(zone_of(person))).date()


def prompt_moment(tracker: Tracker, day: int, zone: ZoneInfo) -> datetime:
    """When the invitation of a day arrives: nine in the morning of that day, on the client's clock."""
    return datetime.combine(tracker.began_on + timedelta(days=day), PROMPT_HOUR, tzinfo=zone)


def due_day(tracker: Tracker, now: datetime, zone: ZoneInfo) -> int | None:
    """The prompt day whose invitation is open now: arrived, and neither two days old nor followed by the next."""
    open_day = None
    for day in tracker.days:
        if prompt_moment(tracker, day, zone) <= now:
            open_day = day
    if open_day is None or now >= prompt_moment(tracker, open_day, zone) + PROMPT_OPEN:
        return None
    return open_day


@provider("integration.prompt", side="client")
def note_shifts(reach: Reach) -> Iterator[Waiting]:
    """The client is invited to note shifts on the chosen days, until they write an entry that day or later
    (nothing is required: the invitation simply goes after two days)."""
    if not reach.as_client:
        return
    now = timezone.now()
    zone = ZoneInfo(zone_of(reach.actor))
    latest: dict[int, Tracker] = {}
    for tracker in Tracker.objects.filter(engagement_id__in=set(reach.as_client)).order_by("began_at", "id"):
        latest[tracker.engagement_id] = tracker
    open_days = {t.pk: d for t in latest.values() if (d := due_day(t, now, zone)) is not None}
    if not open_days:
        return
    written = set(ShiftEntry.objects.filter(tracker_id__in=list(open_days), created__gte=now - PROMPT_OPEN)
                  .values_list("tracker_id", "day"))
    for tracker in latest.values():
        day = open_days.get(tracker.pk)
        if day is None or any(t == tracker.pk and d >= day for t, d in written):
            continue
        since = prompt_moment(tracker, day, zone)
        engagement = reach.engagement(tracker.engagement_id)
        yield Waiting(kind="integration.prompt",
                      label=_("Day %(day)d after your session: note any shifts, if you like") % {"day": day},
                      engagement_id=engagement.pk, client_name=engagement.client.name, since=since,
                      due=since + PROMPT_OPEN, detail=_("a few words are enough; nothing is required"),
                      url=reverse("integration", args=[engagement.pk]) + "#note")
