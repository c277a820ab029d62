"""Reads of the reminders app: each person's choice, a practice's times, the reminders due now, and the page a
reminder opens."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import F, OuterRef, Subquery
from django.http import Http404

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.models import Practice, Role, User
from cocreate.agreements.fields import flatten, specs
from cocreate.agreements.kinds import SettingContent, TransportContent
from cocreate.agreements.models import DocumentKind
from cocreate.agreements.selectors import in_force_content
from cocreate.care.models import CareTeamMember, Phase, Session, SessionChange, SessionKind, SessionStatus
from cocreate.reminders import offsets
from cocreate.reminders.models import Outcome, PracticeReminders, ReminderPreference, SessionReminder

# What the client brings, of the setting plan; the rest of it (decor, seating, lighting) is the room's.
TO_BRING = ("sensory_items", "sensory_other", "cultural", "playlist")


def preference_of(person: User) -> ReminderPreference:
    """The person's choice, or the default (reminders on, the practice's times, no kind named) not yet saved."""
    found = ReminderPreference.objects.filter(person=person).first()
    return found or ReminderPreference(person=person)


def practice_offsets(practice: Practice) -> list[int]:
    found = PracticeReminders.objects.filter(practice=practice).values_list("offsets", flat=True).first()
    return list(found) if found is not None else list(offsets.DEFAULT)


def offsets_for(person: User) -> dict[int, list[int]]:
    """The times that apply to the person, by each of their practices: their own if they chose some."""
    preference = preference_of(person)
    practices = list(Practice.objects.filter(memberships__user=person).distinct().order_by("name"))
    chosen = dict(PracticeReminders.objects.filter(practice__in=practices).values_list("practice_id", "offsets"))
    if preference.offsets is not None:
        return {p.pk: list(preference.offsets) for p in practices}
    return {p.pk: list(chosen.get(p.pk, offsets.DEFAULT)) for p in practices}


@dataclass(frozen=True)
class Due:
    """One reminder to send now (or to pass over, with its outcome): a session, a person, a time before it."""

    session: Session
    person: User
    offset_minutes: int
    outcome: str
    show_kind: bool = False


def _people(sessions: Sequence[Session]) -> dict[int, list[User]]:
    """Who is reminded of each engagement's sessions: its client and its care team as they stand now (a member
    still a facilitator of the practice, as the access policy asks)."""
    engagement_ids = {s.engagement_id for s in sessions}
    people: dict[int, list[User]] = defaultdict(list)
    for s in sessions:
        if s.engagement.client.is_active and s.engagement.client not in people[s.engagement_id]:
            people[s.engagement_id].append(s.engagement.client)
    team = (CareTeamMember.objects.filter(engagement_id__in=engagement_ids, removed_at__isnull=True,
                                          facilitator__is_active=True, facilitator__memberships__role=Role.FACILITATOR,
                                          facilitator__memberships__practice_id=F("engagement__practice_id"))
            .select_related("facilitator").distinct())
    for member in team:
        people[member.engagement_id].append(member.facilitator)
    return people


def reminders_due(now: datetime) -> list[Due]:
    """Every reminder due by `now` and not yet sent, in a fixed number of queries.

    For each coming session, each person and each of their times: due once the time before the start has come.
    When several of one person's reminders of a session are due at once, only the latest is sent; a reminder
    that fell due before the session got its present time is passed over, since everyone was told of the time
    just then (the one who set it knows it)."""
    changed = SessionChange.objects.filter(
        session=OuterRef("pk"), action__in=[SessionChange.Action.SCHEDULED, SessionChange.Action.RESCHEDULED]
    ).order_by("-at").values("at")[:1]
    sessions = list(
        Session.objects.filter(status=SessionStatus.SCHEDULED, starts_at__gt=now,
                               starts_at__lte=now + timedelta(minutes=offsets.LONGEST))
        .exclude(engagement__phase=Phase.CLOSED)
        .select_related("engagement__practice", "engagement__client")
        .annotate(timed_at=Subquery(changed)).order_by("starts_at", "pk")
    )
    if not sessions:
        return []
    people = _people(sessions)
    everyone = {u.pk for group in people.values() for u in group}
    practices = {s.engagement.practice_id for s in sessions}
    chosen = dict(PracticeReminders.objects.filter(practice_id__in=practices).values_list("practice_id", "offsets"))
    preferences = {p.person_id: p for p in ReminderPreference.objects.filter(person_id__in=everyone)}
    done = set(SessionReminder.objects.filter(session__in=sessions).values_list(
        "session_id", "person_id", "offset_minutes", "starts_at"))
    latest_done: dict[tuple[int, int, datetime], int] = {}  # the shortest time already reminded at
    for session_id, person_id, minutes, starts_at in done:
        key = (session_id, person_id, starts_at)
        latest_done[key] = min(minutes, latest_done.get(key, minutes))
    due: list[Due] = []
    for session in sessions:
        practice_times = chosen.get(session.engagement.practice_id, offsets.DEFAULT)
        timed_at = getattr(session, "timed_at", None) or session.created
        for person in people[session.engagement_id]:
            preference = preferences.get(person.pk)
            if preference is not None and not preference.enabled:
                continue
            times = preference.offsets if preference is not None and preference.offsets is not None else practice_times
            fallen = sorted(m for m in times if session.starts_at - timedelta(minutes=m) <= now
                            and (session.pk, person.pk, m, session.starts_at) not in done)
            show_kind = preference.show_kind if preference is not None else False
            already = latest_done.get((session.pk, person.pk, session.starts_at), offsets.LONGEST + 1)
            for i, minutes in enumerate(fallen):
                late = (i > 0 or minutes > already  # a later reminder is due now, or went out already
                        or session.starts_at - timedelta(minutes=minutes) < timed_at)
                due.append(Due(session, person, minutes, Outcome.PASSED if late else Outcome.SENT, show_kind))
    return due


def session_in(access: EngagementAccess, pk: int) -> Session:
    session = Session.objects.filter(engagement=access.engagement, pk=pk).first()
    if session is None:
        raise Http404
    return session


@dataclass
class BeforeSession:
    """What a reminder opens: the session, and for a medicine session what the client agreed to bring and how
    they get home, from the agreements in force."""

    session: Session
    setting: list[tuple[str, str]] = field(default_factory=list)  # (label, value) of what to bring
    transport: list[tuple[str, str]] = field(default_factory=list)
    has_setting: bool = False
    has_transport: bool = False


def before_session(access: EngagementAccess, session_id: int) -> BeforeSession:
    """Read within the access the view resolved (and recorded)."""
    session = session_in(access, session_id)
    page = BeforeSession(session)
    if session.kind != SessionKind.MEDICINE:
        return page
    setting = in_force_content(access, DocumentKind.SETTING)
    transport = in_force_content(access, DocumentKind.TRANSPORT)
    page.has_setting, page.has_transport = setting is not None, transport is not None
    flat = flatten(specs(SettingContent), setting)
    page.setting = [flat[name] for name in TO_BRING if name in flat]
    page.transport = list(flatten(specs(TransportContent), transport).values())
    return page
