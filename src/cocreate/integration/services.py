"""Every write of the shift tracker: starting one after a session and choosing its prompt days; the client's
entries (added, shared, un-shared, deleted); reflections beside shared entries; patterns the client names or
accepts from a suggestion. Helpers at the top are shared by the journal and the resources."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.access.policy import EngagementAccess, NotAllowed, Relation
from cocreate.accounts.models import User
from cocreate.care.models import Phase, Session, SessionStatus
from cocreate.care.selectors import facilitators_on
from cocreate.inbox.models import NoticeKind
from cocreate.inbox.services import notices_withdraw, notify
from cocreate.integration.models import (
    DEFAULT_DAYS,
    MAX_DAY,
    TEXT_MAX,
    Domain,
    Pattern,
    PatternState,
    Reflection,
    ScheduleChange,
    Shared,
    Sharing,
    ShiftEntry,
    Tracker,
)
from cocreate.integration.selectors import client_today, tracker_for_day
from cocreate.medicine.reports import zone_of as practice_zone
from cocreate.text import clean_text

MAX_PROMPT_DAYS = 30
MAX_PATTERN_ENTRIES = 200


# Shared by every part of integration.

def client_only(access: EngagementAccess, what: str) -> None:
    if not access.is_client:
        raise NotAllowed(what)


def writer(access: EngagementAccess) -> None:
    """The client or their care team: a supervisor reads, and writes nothing here."""
    if access.relation is Relation.SUPERVISOR:
        raise NotAllowed(_("Supervision reads; it does not write here."))


def open_engagement(access: EngagementAccess) -> None:
    if access.engagement.phase == Phase.CLOSED:
        raise ValidationError({"__all__": _("This engagement is closed.")})


def words(text: str, field: str, *, required: bool, limit: int = TEXT_MAX, ask: str = "") -> str:
    """The project's free-text rule (`cocreate.text.clean_text`), with integration's own default length."""
    return clean_text(text, field, max_length=limit, required=required, message=ask or _("Write a few words here."))


def tell_team(access: EngagementAccess, *, kind: str, title: str, url: str, actor: User) -> None:
    notify(recipients=facilitators_on(access.engagement), kind=kind, title=title, url=url,
           engagement=access.engagement, exclude=actor)


def tell_client(access: EngagementAccess, *, kind: str, title: str, url: str, actor: User) -> None:
    notify(recipients=[access.engagement.client], kind=kind, title=title, url=url, engagement=access.engagement,
           exclude=actor)


def tell_other_side(access: EngagementAccess, *, kind: str, title_for_client: str, title_for_team: str, url: str,
                    actor: User) -> None:
    if access.is_client:
        tell_team(access, kind=kind, title=title_for_team, url=url, actor=actor)
    else:
        tell_client(access, kind=kind, title=title_for_client, url=url, actor=actor)


def tracker_url(access: EngagementAccess, anchor: str = "") -> str:
    return reverse("integration", args=[access.engagement.pk]) + (f"#{anchor}" if anchor else "")


# Trackers and their prompt days.

def prompt_days(days: Iterable[object]) -> list[int]:
    """The days as numbers from 1 to ten years, each once, ascending; anything else is refused by name."""
    found: set[int] = set()
    for raw in days:
        text = str(raw).strip()
        if not text:
            continue
        if not text.isdigit() or not 1 <= int(text) <= MAX_DAY:
            raise ValidationError({"days": _("“%(day)s” is not a day after the session: use whole numbers from 1 "
                                             "to %(max)d.") % {"day": text[:20], "max": MAX_DAY}})
        found.add(int(text))
    if len(found) > MAX_PROMPT_DAYS:
        raise ValidationError({"days": _("Choose at most %(n)d days.") % {"n": MAX_PROMPT_DAYS}})
    return sorted(found)


def _ended_at(session: Session) -> datetime:
    return session.starts_at + timedelta(minutes=session.duration_minutes)


def tracker_begin(*, actor: User, engagement_access: EngagementAccess, session: Session, ended_at: datetime,
                  days: Iterable[int] = DEFAULT_DAYS) -> Tracker:
    """The tracker after a session, begun on the practice's calendar day it ended (inside the caller's
    transaction); a session has at most one."""
    existing = Tracker.objects.filter(session=session).first()
    if existing is not None:
        return existing
    began_on = timezone.localtime(ended_at, practice_zone(engagement_access.engagement.practice)).date()
    tracker = Tracker.objects.create(engagement=engagement_access.engagement, session=session, began_on=began_on,
                                     began_at=ended_at, days=list(days), started_by=actor)
    ScheduleChange.objects.create(tracker=tracker, author=actor, days=tracker.days)
    return tracker


def tracker_start(*, actor: User, access: EngagementAccess, session: Session) -> Tracker:
    """Either side begins noting shifts after a session the two choose (a medicine session's tracker begins by
    itself at the release). The session must belong here and have taken place."""
    writer(access)
    open_engagement(access)
    if session.engagement_id != access.engagement.pk:
        raise ValidationError({"session": _("Choose one of this engagement's sessions.")})
    if session.status in (SessionStatus.CANCELLED, SessionStatus.POSTPONED) or session.starts_at > timezone.now():
        raise ValidationError({"session": _("Choose a session that has taken place.")})
    with transaction.atomic():
        if Tracker.objects.filter(session=session).exists():
            raise ValidationError({"session": _("Shifts are already being noted after this session.")})
        tracker = tracker_begin(actor=actor, engagement_access=access, session=session,
                                ended_at=min(_ended_at(session), timezone.now()))
        tell_other_side(access, kind=NoticeKind.PROMPTS_CHANGED, url=tracker_url(access),
                        title_for_client=_("Your care team opened a page for noting shifts after a session."),
                        title_for_team=_("%(client)s began noting shifts after a session.")
                        % {"client": access.engagement.client.name}, actor=actor)
    return tracker


def tracker_days_set(*, actor: User, access: EngagementAccess, tracker: Tracker, days: Iterable[object]) -> Tracker:
    """The days the client is invited to note shifts. Either side may change them, and the other is told; an
    empty list means no prompts (entries can still be added any day)."""
    writer(access)
    chosen = prompt_days(days)
    with transaction.atomic():
        tracker = Tracker.objects.select_for_update().get(pk=tracker.pk)
        if tracker.days == chosen:
            return tracker
        tracker.days = chosen
        tracker.save(update_fields=["days"])
        ScheduleChange.objects.create(tracker=tracker, author=actor, days=chosen)
        listed = ", ".join(str(d) for d in chosen) or _("none")
        tell_other_side(access, kind=NoticeKind.PROMPTS_CHANGED, url=tracker_url(access, "prompts"),
                        title_for_client=_("Your care team changed the days you are invited to note shifts: %(d)s.")
                        % {"d": listed},
                        title_for_team=_("%(client)s changed the days they are invited to note shifts: %(d)s.")
                        % {"client": access.engagement.client.name, "d": listed}, actor=actor)
    return tracker


# The client's entries.

def _domains(chosen: Iterable[str]) -> list[str]:
    picked = [d for d in Domain.values if d in set(chosen)]
    unknown = set(chosen) - set(Domain.values)
    if unknown:
        raise ValidationError({"domains": _("Choose from the listed areas.")})
    if not picked:
        raise ValidationError({"domains": _("Choose at least one area: body, emotions, thoughts, …; “other” "
                                            "is fine.")})
    return picked


def _entry_day(access: EngagementAccess, on: date | None, tracker: Tracker | None) -> tuple[Tracker, date]:
    on = on or client_today(access)
    if on > client_today(access) + timedelta(days=1):  # a day ahead: the client's zone may be ahead of the server's
        raise ValidationError({"on": _("That day has not come yet.")})
    found = tracker or tracker_for_day(access, on)
    if found is None:
        first = tracker or Tracker.objects.filter(engagement=access.engagement).order_by("began_on").first()
        if first is None:
            raise ValidationError({"on": _("There is no session to note shifts after yet.")})
        found = first
    if on < found.began_on:
        raise ValidationError({"on": _("That day is before the session (%(day)s). Choose a day on or after it.")
                               % {"day": found.began_on.isoformat()}})
    return found, on


def shift_add(*, actor: User, access: EngagementAccess, text: str, domains: Iterable[str], on: date | None = None,
              tracker: Tracker | None = None, share: bool | None = None) -> ShiftEntry:
    """The client notes a shift in their own words. It is theirs alone unless they share it now, or chose to
    share every new entry."""
    client_only(access, _("Shifts are noted by the client, in their own words."))
    open_engagement(access)
    text = words(text, "text", required=True, ask=_("Write what you noticed, in a few words or many."))
    chosen = _domains(list(domains))
    with transaction.atomic():
        found, on = _entry_day(access, on, tracker)
        if share is None:
            share = Sharing.objects.filter(engagement=access.engagement, share_new=True).exists()
        now = timezone.now()
        entry = ShiftEntry.objects.create(engagement=access.engagement, author=actor, tracker=found, on=on,
                                          day=(on - found.began_on).days, domains=chosen, text=text,
                                          shared_at=now if share else None, created=now, changed=now)
        if share:
            _tell_shared(access, actor, entry)
    return entry


def _tell_shared(access: EngagementAccess, actor: User, entry: ShiftEntry) -> None:
    tell_team(access, kind=NoticeKind.SHARED_WITH_YOU, url=tracker_url(access, f"shift-{entry.pk}"), actor=actor,
              title=_("%(client)s shared a shift they noticed on day %(day)d.")
              % {"client": access.engagement.client.name, "day": entry.day})


def shift_edit(*, actor: User, access: EngagementAccess, entry: ShiftEntry, text: str, domains: Iterable[str],
               on: date | None = None) -> ShiftEntry:
    """The client corrects their own entry, until a reflection stands beside it (then it stays as it was read)."""
    client_only(access, _("An entry is changed only by the client who wrote it."))
    text = words(text, "text", required=True, ask=_("Write what you noticed, in a few words or many."))
    chosen = _domains(list(domains))
    with transaction.atomic():
        entry = ShiftEntry.objects.select_for_update().select_related("tracker").get(pk=entry.pk)
        if entry.deleted_at is not None:
            raise ValidationError({"__all__": _("This entry was deleted.")})
        if entry.reflections.exists():
            raise ValidationError({"__all__": _("A reflection stands beside this entry, so it stays as it is. "
                                                "Add a new entry, or delete this one.")})
        _tracker, on = _entry_day(access, on or entry.on, entry.tracker)
        entry.text, entry.domains, entry.on = text, chosen, on
        entry.day, entry.changed = (on - entry.tracker.began_on).days, timezone.now()
        entry.save(update_fields=["text", "domains", "on", "day", "changed"])
    return entry


S = TypeVar("S", bound=Shared)


def share_set(row: S, shared: bool, *, url: str, on_share: Callable[[S], None]) -> S:
    """Share a client's entry (shift or journal) with the care team, or take it back, under its row lock: taken
    back, the notice that it was shared goes too (it would lead to something no longer there for them)."""
    with transaction.atomic():
        row = type(row)._default_manager.select_for_update().get(pk=row.pk)
        if row.deleted_at is not None:
            raise ValidationError({"__all__": _("This entry was deleted.")})
        if row.is_shared == shared:
            return row
        row.shared_at, row.changed = (timezone.now() if shared else None), timezone.now()
        row.save(update_fields=["shared_at", "changed"])
        if shared:
            on_share(row)
        else:
            notices_withdraw(kind=NoticeKind.SHARED_WITH_YOU, urls=[url])
    return row


def shift_share(*, actor: User, access: EngagementAccess, entry: ShiftEntry, shared: bool) -> ShiftEntry:
    """Share an entry with the care team, or take it back: from then on they no longer see it."""
    client_only(access, _("Only the client shares their entries."))
    return share_set(entry, shared, url=tracker_url(access, f"shift-{entry.pk}"),
                     on_share=lambda row: _tell_shared(access, actor, row))


def sharing_set(*, actor: User, access: EngagementAccess, share_new: bool) -> Sharing:
    """Share every new entry from now on (or stop); entries already written keep their own choice."""
    client_only(access, _("Only the client chooses what they share."))
    with transaction.atomic():
        sharing, _created = Sharing.objects.select_for_update().get_or_create(engagement=access.engagement)
        sharing.share_new, sharing.changed = share_new, timezone.now()
        sharing.save(update_fields=["share_new", "changed"])
    return sharing


def shift_delete(*, actor: User, access: EngagementAccess, entry: ShiftEntry) -> ShiftEntry:
    """The client's right: the words go; the row stays as "deleted by the client" so that what was said beside
    it is not silently orphaned."""
    client_only(access, _("Only the client deletes their entries."))
    with transaction.atomic():
        entry = ShiftEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.deleted_at is None:
            entry.text, entry.domains, entry.deleted_at = "", [], timezone.now()
            entry.changed = entry.deleted_at
            entry.save(update_fields=["text", "domains", "deleted_at", "changed"])
    return entry


# Meaning made together.

def _session_here(access: EngagementAccess, session_id: int | None) -> Session | None:
    if session_id is None:
        return None
    session = Session.objects.filter(engagement=access.engagement, pk=session_id).first()
    if session is None:
        raise ValidationError({"session": _("Choose one of this engagement's sessions.")})
    return session


def reflection_add(*, actor: User, access: EngagementAccess, entry: ShiftEntry, body: str,
                   session_id: int | None = None) -> Reflection:
    """Either side adds what they make of a shared entry, beside it: attributed, dated, never an edit."""
    writer(access)
    body = words(body, "body", required=True, ask=_("Write the reflection."))
    with transaction.atomic():
        entry = ShiftEntry.objects.select_for_update().get(pk=entry.pk)
        if not entry.is_shared:
            raise ValidationError({"__all__": _("Reflections are added beside shared entries.")})
        reflection = Reflection.objects.create(entry=entry, author=actor, body=body,
                                               session=_session_here(access, session_id))
        tell_other_side(access, kind=NoticeKind.REFLECTION_ADDED, url=tracker_url(access, f"shift-{entry.pk}"),
                        title_for_client=_("%(who)s added a reflection beside your entry of day %(day)d.")
                        % {"who": actor.name, "day": entry.day},
                        title_for_team=_("%(who)s added a reflection beside their entry of day %(day)d.")
                        % {"who": actor.name, "day": entry.day}, actor=actor)
    return reflection


def _grouped(access: EngagementAccess, entry_ids: Iterable[int], *, shared_only: bool) -> list[ShiftEntry]:
    ids = {int(i) for i in entry_ids}
    if not ids:
        raise ValidationError({"entries": _("Choose the entries that belong together.")})
    if len(ids) > MAX_PATTERN_ENTRIES:
        raise ValidationError({"entries": _("Choose at most %(n)d entries.") % {"n": MAX_PATTERN_ENTRIES}})
    rows = ShiftEntry.objects.filter(engagement=access.engagement, pk__in=ids, deleted_at__isnull=True)
    if shared_only:
        rows = rows.filter(shared_at__isnull=False)
    found = list(rows)
    if len(found) != len(ids):
        raise ValidationError({"entries": _("Some of the chosen entries cannot be grouped here.")})
    return found


def pattern_name(*, actor: User, access: EngagementAccess, name: str, entry_ids: Iterable[int]) -> Pattern:
    """The client groups entries under a name of their own."""
    client_only(access, _("A pattern is named by the client; the care team may suggest one."))
    name = words(name, "name", required=True, limit=200, ask=_("Give the pattern a name, in your own words."))
    with transaction.atomic():
        chosen = _grouped(access, entry_ids, shared_only=False)
        pattern = Pattern.objects.create(engagement=access.engagement, name=name, state=PatternState.NAMED)
        pattern.entries.set(chosen)
    return pattern


def pattern_suggest(*, actor: User, access: EngagementAccess, name: str, entry_ids: Iterable[int]) -> Pattern:
    """The care team suggests a grouping of shared entries; it is the client's to accept, rename or set aside."""
    writer(access)
    if access.is_client:
        raise NotAllowed(_("The client names patterns directly."))
    name = words(name, "name", required=True, limit=200, ask=_("Suggest a name for the grouping."))
    with transaction.atomic():
        chosen = _grouped(access, entry_ids, shared_only=True)
        pattern = Pattern.objects.create(engagement=access.engagement, name=name, state=PatternState.SUGGESTED,
                                         suggested_by=actor, suggested_name=name)
        pattern.entries.set(chosen)
        tell_client(access, kind=NoticeKind.PATTERN_SUGGESTED, url=tracker_url(access, f"pattern-{pattern.pk}"),
                    actor=actor, title=_("%(who)s suggested grouping some of your entries. It is yours to accept, "
                                         "rename or set aside.") % {"who": actor.name})
    return pattern


def pattern_answer(*, actor: User, access: EngagementAccess, pattern: Pattern, accept: bool,
                   name: str = "") -> Pattern:
    """The client accepts a suggested grouping (under the suggested name, or their own) or sets it aside."""
    client_only(access, _("A suggestion is the client's to answer."))
    with transaction.atomic():
        pattern = Pattern.objects.select_for_update().get(pk=pattern.pk)
        if pattern.state != PatternState.SUGGESTED:
            raise ValidationError({"__all__": _("This suggestion has already been answered.")})
        if accept:
            pattern.name = words(name, "name", required=False, limit=200) or pattern.suggested_name
            pattern.state = PatternState.NAMED
        else:
            pattern.state = PatternState.DISMISSED
        pattern.changed = timezone.now()
        pattern.save(update_fields=["name", "state", "changed"])
    return pattern


def pattern_change(*, actor: User, access: EngagementAccess, pattern: Pattern, name: str,
                   entry_ids: Iterable[int] | None = None, set_aside: bool = False) -> Pattern:
    """The client renames a pattern of theirs, regroups it, or sets it aside."""
    client_only(access, _("Only the client changes their patterns."))
    with transaction.atomic():
        pattern = Pattern.objects.select_for_update().get(pk=pattern.pk)
        if pattern.state == PatternState.SUGGESTED:
            raise ValidationError({"__all__": _("Accept or set aside the suggestion first.")})
        if set_aside:
            pattern.state = PatternState.DISMISSED
        else:
            pattern.name = words(name, "name", required=True, limit=200,
                                 ask=_("Give the pattern a name, in your own words."))
            pattern.state = PatternState.NAMED
            if entry_ids is not None:
                pattern.entries.set(_grouped(access, entry_ids, shared_only=False))
        pattern.changed = timezone.now()
        pattern.save(update_fields=["name", "state", "changed"])
    return pattern


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return timezone.localtime(moment, zone).date()
