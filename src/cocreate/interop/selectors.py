"""Reads of interop: a person's feeds, a feed found by its URL's token, and the sessions it shows; the client's
whole record as an archive."""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.access.models import AccessEvent, Basis
from cocreate.access.policy import EngagementAccess, NotAllowed, Relation
from cocreate.access.services import access_record_many
from cocreate.accounts.models import Role, User, hash_token
from cocreate.care.models import OFF, Engagement, Session, SessionChange, SessionKind
from cocreate.care.outside import outside_title
from cocreate.care.selectors import client_engagements_for, engagement_for
from cocreate.interop import archive
from cocreate.interop.ical import Entry
from cocreate.interop.models import CalendarFeed

FEED_PAST = timedelta(days=365)  # a feed holds the sessions of the past year and everything to come
FEED_READ = "calendar feed"
READ_AGAIN_AFTER = timedelta(days=1)  # a calendar app asks hourly: one access event a day is the honest record
# What moves an event in someone's calendar (RFC 5545 SEQUENCE): a new time, a cancellation, a postponement.
REVISIONS = (SessionChange.Action.RESCHEDULED, SessionChange.Action.CANCELLED, SessionChange.Action.POSTPONED)


def feeds_of(actor: User) -> QuerySet[CalendarFeed]:
    """The actor's live feeds, newest first (a revoked feed is gone for good)."""
    return CalendarFeed.objects.filter(owner=actor, revoked_at__isnull=True)


def feed_for(actor: User, pk: int) -> CalendarFeed:
    feed = feeds_of(actor).filter(pk=pk).first()
    if feed is None:
        raise Http404
    return feed


def feed_by_token(token: str) -> CalendarFeed | None:
    """The live feed of an active person whose URL carries `token`, or None. The key half finds the row; the
    secret half is compared with the stored hash in constant time."""
    key, _sep, secret = token.partition("_")
    if not key or not secret or len(token) > 200:
        return None
    feed = CalendarFeed.objects.select_related("owner").filter(key=key, revoked_at__isnull=True).first()
    if feed is None or not hmac.compare_digest(feed.secret_hash, hash_token(secret)) or not feed.owner.is_active:
        return None
    return feed


def feed_url(token: str) -> str:
    return settings.SITE_URL + reverse("calendar_feed", args=[token])


def _team_engagements(person: User) -> list[int]:
    """Engagements the person serves on the care team, as a facilitator of their practice (the access policy's
    test)."""
    return list(Engagement.objects.filter(
        care_team__facilitator=person, care_team__removed_at__isnull=True, practice__memberships__user=person,
        practice__memberships__role=Role.FACILITATOR).values_list("pk", flat=True).distinct())


# Only these columns are read: a feed of thousands of sessions builds no model instances.
FIELDS = ("pk", "engagement_id", "kind", "starts_at", "duration_minutes", "location", "status", "created",
          "engagement__practice__name", "engagement__practice__time_zone")


def _rows(sessions: QuerySet[Session]) -> list[dict[str, Any]]:
    return list(sessions.annotate(revisions=Count("changes", filter=Q(changes__action__in=REVISIONS)),
                                  changed_at=Max("changes__at")).values(*FIELDS, "revisions", "changed_at"))


class _Entries:
    """Makes entries from rows, working out what is the same for many of them (the link, the title) once."""

    def __init__(self, *, show_kinds: bool) -> None:
        self.show_kinds = show_kinds
        self.host = urlsplit(settings.SITE_URL).hostname or "cocreate"
        # The session page's address with stand-ins for its two ids, filled in for each session below.
        self.link = settings.SITE_URL + reverse("session_reminder", args=[101, 202]).replace(
            "/101/", "/{engagement}/", 1).replace("/202/", "/{session}/", 1)
        self.titles: dict[tuple[str, str], str] = {}

    def title(self, kind: str, practice: str) -> str:
        key = (kind, practice)
        if key not in self.titles:
            self.titles[key] = outside_title(kind_label=str(SessionKind(kind).label) if self.show_kinds else "",
                                             practice_name=practice)
        return self.titles[key]

    def entry(self, row: dict[str, Any]) -> Entry:
        starts_at = row["starts_at"]
        return Entry(
            uid=f"session-{row['pk']}@{self.host}",
            starts_at=starts_at, ends_at=starts_at + timedelta(minutes=row["duration_minutes"]),
            zone=row["engagement__practice__time_zone"],
            summary=self.title(row["kind"], row["engagement__practice__name"]),
            location=row["location"],
            url=self.link.format(engagement=row["engagement_id"], session=row["pk"]),
            sequence=row["revisions"], cancelled=row["status"] in OFF,
            stamp=row["changed_at"] or row["created"], created=row["created"],
        )


def feed_entries(feed: CalendarFeed, *, now: datetime | None = None) -> list[Entry]:
    """The owner's sessions, as client and as care team, from a year back: three queries and one insert however
    many there are. Sessions of someone else's care are a read of their record, recorded once a day."""
    now = now or timezone.now()
    person = feed.owner
    team = _team_engagements(person)
    rows = _rows(Session.objects.filter(Q(engagement__client=person) | Q(engagement_id__in=team),
                                        starts_at__gte=now - FEED_PAST).order_by("starts_at", "pk"))
    shown = {r["engagement_id"] for r in rows} & set(team)
    recent = set(AccessEvent.objects.filter(actor=person, what=FEED_READ, engagement_id__in=shown,
                                            at__gte=now - READ_AGAIN_AFTER).values_list("engagement_id", flat=True))
    access_record_many(actor=person, engagement_ids=sorted(shown - recent), what=FEED_READ, via="feed")
    entries = _Entries(show_kinds=feed.show_kinds)
    return [entries.entry(r) for r in rows]


def session_entry(access: EngagementAccess, session_id: int, *, show_kind: bool) -> Entry:
    """One session of an engagement the view already opened (and recorded), for a one-off download."""
    rows = _rows(Session.objects.filter(engagement=access.engagement, pk=session_id))
    if not rows:
        raise Http404
    return _Entries(show_kinds=show_kind).entry(rows[0])


# The client's whole record (archive.py gathers it; archive_forms.py writes it out).

def own_archive(actor: User, engagement_id: int | None = None) -> archive.Record:
    """The client's own archive of one engagement, or of all of theirs (404 for an engagement they cannot open)."""
    if engagement_id is None:
        engagements = client_engagements_for(actor)
        return archive.gather(archive.own_scope(actor, [EngagementAccess(e, Relation.CLIENT, Basis.CARE)
                                                        for e in engagements]))
    return own_archive_of(engagement_for(actor, engagement_id, what=None))


def own_archive_of(access: EngagementAccess) -> archive.Record:
    """The client's own read leaves no access event. Anyone else is told to use the transfer export (403)."""
    if not access.is_client:
        raise NotAllowed(_("This is the client's own download. The care team exports a record for a transfer, "
                           "with what the client chose to share."))
    return archive.gather(archive.own_scope(access.engagement.client, [access]))


def transfer_preview(access: EngagementAccess, actor: User) -> archive.Scope:
    """What a transfer export would hold, for the care team: the page names the sections and why the others are
    left out. It reads no content, so it records no access event."""
    if access.relation is not Relation.CARE_TEAM:
        raise NotAllowed(_("Only the client's care team exports their record for a transfer."))
    return archive.transfer_scope(actor, access)
