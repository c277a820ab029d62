"""Every read of the shift tracker. Callers hold an `EngagementAccess` from the access policy: the client reads all
of their own; anyone else reads only what the client shares (a private or unknown entry answers 404), and each such
read leaves an access event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from cocreate.access import services as access_services
from cocreate.access.policy import EngagementAccess
from cocreate.accounts.models import User
from cocreate.accounts.zones import zone_of
from cocreate.integration.models import Pattern, PatternState, Reflection, ShiftEntry, Tracker

M = TypeVar("M", bound=Model)


def seen(actor: User, access: EngagementAccess, what: str, via: str = "web",
         once_within: timedelta | None = None) -> None:
    """Leave the access event of a read by anyone but the client (the client's own reads leave none)."""
    access_services.access_record(actor=actor, access=access, what=what, via=via, once_within=once_within)


def visible(access: EngagementAccess, rows: QuerySet[M]) -> QuerySet[M]:
    """Of a Shared model's rows of this engagement, those this person may read: all for the client; for anyone
    else what the client shares now (deleted ones stay as "deleted by the client", without their words)."""
    rows = rows.filter(engagement=access.engagement)
    return rows if access.is_client else rows.filter(shared_at__isnull=False)


def one_visible(access: EngagementAccess, rows: QuerySet[M], pk: int) -> M:
    found = visible(access, rows).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def client_today(access: EngagementAccess) -> date:
    """Today on the client's calendar: the day their entries are about unless they say otherwise."""
    return timezone.localtime(timezone.now(), ZoneInfo(zone_of(access.engagement.client))).date()


def trackers(access: EngagementAccess) -> list[Tracker]:
    return list(Tracker.objects.filter(engagement=access.engagement).select_related("session")
                .order_by("-began_at", "-id"))


def tracker_in(access: EngagementAccess, tracker_id: int) -> Tracker:
    tracker = Tracker.objects.filter(engagement=access.engagement, pk=tracker_id).select_related("session").first()
    if tracker is None:
        raise Http404
    return tracker


def tracker_for_day(access: EngagementAccess, on: date) -> Tracker | None:
    """The tracker an entry about this day belongs to: the latest one begun on or before it."""
    return (Tracker.objects.filter(engagement=access.engagement, began_on__lte=on)
            .order_by("-began_on", "-began_at", "-id").first())


def entries(access: EngagementAccess, tracker: Tracker | None = None, only: int | None = None) -> list[ShiftEntry]:
    """The entries this person may read (of a tracker, or just one), oldest first, each with its reflections (and
    their authors): two queries however many there are."""
    rows = visible(access, ShiftEntry.objects.all())
    if tracker is not None:
        rows = rows.filter(tracker=tracker)
    if only is not None:
        rows = rows.filter(pk=only)
    return list(rows.prefetch_related(Prefetch("reflections", Reflection.objects.select_related("author")))
                .order_by("on", "id"))


def entry_for(access: EngagementAccess, entry_id: int) -> ShiftEntry:
    return one_visible(access, ShiftEntry.objects.select_related("tracker"), entry_id)


@dataclass
class Shown:
    """A pattern as this person sees it: its entries they may read, and how many more the client keeps."""

    pattern: Pattern
    entries: list[ShiftEntry] = field(default_factory=list)
    hidden: int = 0


def patterns(access: EngagementAccess, readable: Iterable[ShiftEntry]) -> list[Shown]:
    """The client sees every pattern, set aside ones too; the care team the named ones and their own suggestions
    still open. Two queries (patterns, and their memberships)."""
    rows = Pattern.objects.filter(engagement=access.engagement)
    if not access.is_client:
        rows = rows.exclude(state=PatternState.DISMISSED)
    found = list(rows.select_related("suggested_by").order_by("state", "created", "id"))
    by_id = {e.pk: e for e in readable}
    shown = {p.pk: Shown(p) for p in found}
    links = Pattern.entries.through.objects.filter(pattern_id__in=list(shown)).values_list("pattern_id",
                                                                                              "shiftentry_id")
    for pattern_id, entry_id in links:
        if entry_id in by_id:
            shown[pattern_id].entries.append(by_id[entry_id])
        else:
            shown[pattern_id].hidden += 1
    for item in shown.values():
        item.entries.sort(key=lambda e: (e.on, e.pk))
    return [shown[p.pk] for p in found]


def pattern_in(access: EngagementAccess, pattern_id: int) -> Pattern:
    pattern = Pattern.objects.filter(engagement=access.engagement, pk=pattern_id).first()
    if pattern is None or (not access.is_client and pattern.state == PatternState.DISMISSED):
        raise Http404
    return pattern
