"""Writes of interop: making, resetting, changing and revoking a person's calendar feeds; a care team's export of a
client's record for a transfer (a read the client is told of)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.access.policy import EngagementAccess, NotAllowed, Relation
from cocreate.access.services import access_record
from cocreate.accounts.models import User, hash_token
from cocreate.inbox.models import NoticeKind
from cocreate.inbox.services import notify
from cocreate.interop import archive
from cocreate.interop.models import MOST_FEEDS, CalendarFeed

NOTE_READ_EVERY = timedelta(hours=1)  # "last read" is kept to the hour: a poll is not worth a write each time


def _new_token() -> tuple[str, str, str]:
    """(key, secret, the token for the URL): the key finds the feed, the secret proves the URL."""
    key, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
    return key, secret, f"{key}_{secret}"


def _label(label: str) -> str:
    label = label.strip() or _("My calendar")
    if len(label) > 100:
        raise ValidationError({"label": _("Keep the name under 100 characters.")})
    return label


def _own(actor: User, feed: CalendarFeed) -> None:
    if feed.owner_id != actor.pk:
        raise NotAllowed(_("Not your calendar feed."))  # selectors never hand out another person's feed


def calendar_feed_create(*, actor: User, label: str = "", show_kinds: bool = False) -> tuple[CalendarFeed, str]:
    """A new feed; returns it with the token for its URL, shown this once (only a hash is kept)."""
    label = _label(label)
    key, secret, token = _new_token()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()  # two at once cannot both pass the count
        if CalendarFeed.objects.filter(owner=actor, revoked_at__isnull=True).count() >= MOST_FEEDS:
            raise ValidationError({"__all__": _("You have %(most)d calendar feeds already: revoke one you no longer "
                                                "use first.") % {"most": MOST_FEEDS}})
        feed = CalendarFeed.objects.create(owner=actor, label=label, key=key, secret_hash=hash_token(secret),
                                           show_kinds=show_kinds)
    return feed, token


def calendar_feed_reset(*, actor: User, feed: CalendarFeed) -> tuple[CalendarFeed, str]:
    """A new URL for the feed: the old one answers 404 from now on."""
    _own(actor, feed)
    key, secret, token = _new_token()
    with transaction.atomic():
        feed.key, feed.secret_hash, feed.reset_at = key, hash_token(secret), timezone.now()
        feed.save(update_fields=["key", "secret_hash", "reset_at"])
    return feed, token


def calendar_feed_update(*, actor: User, feed: CalendarFeed, label: str | None = None,
                         show_kinds: bool | None = None) -> CalendarFeed:
    _own(actor, feed)
    fields = []
    if label is not None:
        feed.label = _label(label)
        fields.append("label")
    if show_kinds is not None:
        feed.show_kinds = show_kinds
        fields.append("show_kinds")
    if fields:
        with transaction.atomic():
            feed.save(update_fields=fields)
    return feed


def calendar_feed_revoke(*, actor: User, feed: CalendarFeed) -> CalendarFeed:
    """The feed's URL answers 404 for good; calendars subscribed to it keep what they last read."""
    _own(actor, feed)
    with transaction.atomic():
        if feed.revoked_at is None:
            feed.revoked_at = timezone.now()
            feed.save(update_fields=["revoked_at"])
    return feed


def calendar_feed_note_read(*, feed: CalendarFeed, now: datetime | None = None) -> None:
    """Note that a calendar read the feed, so its owner sees which feeds are in use (to the hour)."""
    now = now or timezone.now()
    if feed.last_read is None or now - feed.last_read >= NOTE_READ_EVERY:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_read=now)
        feed.last_read = now


WHOLE_RECORD = "whole record export"  # its label is in access.models.WHAT_LABELS


def archive_transfer_export(*, actor: User, access: EngagementAccess, via: str = "web") -> archive.Record:
    """A care-team member exports the client's record for a transfer: only what the client chose to share. It is a
    read the client sees in their access log, and they are told in their inbox, in the same transaction."""
    if access.relation is not Relation.CARE_TEAM:
        raise NotAllowed(_("Only the client's care team exports their record for a transfer."))
    with transaction.atomic():
        record = archive.gather(archive.transfer_scope(actor, access))
        access_record(actor=actor, access=access, what=WHOLE_RECORD, via=via)
        engagement = access.engagement
        notify(recipients=[engagement.client], kind=NoticeKind.TEAM_PROPOSAL, engagement=engagement,
               exclude=actor, url=reverse("access_log", args=[engagement.pk]),
               title=_("%(name)s exported your record for a transfer of your care, with what you chose to share.")
               % {"name": actor.name})
    return record
