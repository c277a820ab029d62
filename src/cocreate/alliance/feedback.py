"""Feedback that is answered: the client rates a held session (the shipped `session_feedback` questionnaire, four
0-10 ratings, none required) and says what could be better, or tells their therapist something at any time; every
piece waits for whoever it was sent to (the care team, or the practice's clinical lead instead) until one of them
acknowledges it, optionally with a reply the client reads.

Ratings sent to the care team become a measures administration, response and score, so the alliance watch flags a
low rating or a drop from the client's own first score, and they chart like any measure. Ratings sent to the lead
stay on the feedback itself: the care team reads the measures, and feedback sent to the lead is not theirs to read.

The cadence (after every session, every n-th, or never) is the engagement's, set by either side, the other told.

Reads come first, then writes; each write is one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, Min, OuterRef, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.access import services as access_services
from cocreate.access.models import Basis
from cocreate.access.policy import EngagementAccess, NotAllowed, ReasonRequired, Relation
from cocreate.accounts.models import Membership, Role, User
from cocreate.alliance.common import client_only, not_supervisor, still_open, supervisors_of
from cocreate.alliance.models import (
    DEFAULT_FEEDBACK_EVERY,
    TEXT_MAX,
    Acknowledgement,
    Addressee,
    Feedback,
    FeedbackCadence,
    FeedbackKind,
)
from cocreate.care import selectors as care_selectors
from cocreate.care.models import CareTeamMember, Engagement, Session, SessionStatus
from cocreate.care.selectors import facilitators_on
from cocreate.inbox.models import NoticeKind
from cocreate.inbox.services import Mail, notify
from cocreate.measures import registry
from cocreate.measures import services as measures
from cocreate.measures.definitions import Instrument
from cocreate.schemas import DB_INT_MAX
from cocreate.text import clean_text

INSTRUMENT = "session_feedback"
ASK_OPEN = timedelta(days=14)  # a session's question waits this long after it ends, then simply goes
MAX_EVERY = 10
PAGE = 50  # feedback shown per page, newest first
WHAT = "feedback"  # the access event of a read by anyone but the client


def instrument() -> Instrument:
    return registry.instrument(INSTRUMENT)


def scale() -> tuple[int, int]:
    """The lowest and highest rating (0 and 10)."""
    values = [o.value for o in instrument().options]
    return min(values), max(values)


def list_url(engagement_id: int, anchor: str = "") -> str:
    return reverse("alliance_feedback", args=[engagement_id]) + (f"#{anchor}" if anchor else "")


def detail_url(feedback: Feedback) -> str:
    return reverse("alliance_feedback_detail", args=[feedback.engagement_id, feedback.pk])


def session_url(engagement_id: int, session_id: int) -> str:
    return reverse("alliance_feedback_session", args=[engagement_id, session_id])


def waited(since: datetime, now: datetime | None = None) -> str:
    """How long something has waited, in words: "waiting less than a day", "waiting 3 days"."""
    days = ((now or timezone.now()) - since).days
    if days < 1:
        return _("waiting less than a day")
    return ngettext("waiting %(n)d day", "waiting %(n)d days", days) % {"n": days}


# --- who reads, and who answers ----------------------------------------------------------------------------------


def leads_for(engagement: Engagement) -> list[User]:
    """Who feedback sent to the clinical lead goes to: the practice's supervisors who are not on this client's care
    team (a client sending it there wants someone other than their care team to read it)."""
    team = {u.pk for u in facilitators_on(engagement)}
    return [u for u in supervisors_of(engagement.practice) if u.pk not in team]


def is_lead(actor: User, engagement: Engagement) -> bool:
    return actor.is_authenticated and actor.is_active and any(u.pk == actor.pk for u in leads_for(engagement))


def lead_reason() -> str:
    return _("The client sent this feedback to the practice's clinical lead.")


def lead_access(engagement: Engagement) -> EngagementAccess:
    """The lead's reading of feedback sent to them: no supervision reason is asked, the client sent it to them;
    their reads are recorded as supervision, saying so."""
    return EngagementAccess(engagement, Relation.SUPERVISOR, Basis.SUPERVISION, lead_reason())


def lead_seen(actor: User, feedback: Iterable[Feedback], via: str = "web") -> None:
    """The lead's reading of a list of what was sent to them: one event per engagement listed."""
    access_services.access_record_many(actor=actor, engagement_ids=sorted({f.engagement_id for f in feedback}),
                                       what=WHAT, via=via, basis=Basis.SUPERVISION, reason=lead_reason())


def _rows() -> QuerySet[Feedback]:
    return Feedback.objects.select_related("session", "author", "acknowledgement__by", "administration__response")


def visible(access: EngagementAccess, actor: User) -> QuerySet[Feedback]:
    """The engagement's feedback this person reads: all of it for the client; for anyone else what was sent to the
    care team, and, for the clinical lead, what was sent to them."""
    rows = _rows().filter(engagement=access.engagement)
    if access.is_client:
        return rows
    if access.relation is Relation.SUPERVISOR and is_lead(actor, access.engagement):
        return rows
    return rows.filter(to=Addressee.CARE_TEAM)


@dataclass(frozen=True)
class Opened:
    access: EngagementAccess  # for the lead reading what was sent to them: `lead_access`
    feedback: Feedback
    as_lead: bool


def feedback_open(actor: User, engagement_id: int, feedback_id: int, *, via: str = "web", read: bool = True
                  ) -> Opened:
    """One piece of feedback, for someone who may read it (404 for anyone else; the care team never reads what was
    sent to the lead). The lead needs no supervision reason for what was sent to them. A read leaves its event."""
    try:
        access = care_selectors.engagement_for(actor, engagement_id, what=None, via=via)
    except (Http404, ReasonRequired):
        if not (0 < engagement_id <= DB_INT_MAX and 0 < feedback_id <= DB_INT_MAX):
            raise  # no id of ours (and beyond what a database integer holds)
        found = (_rows().select_related("engagement__client", "engagement__practice")
                 .filter(pk=feedback_id, engagement_id=engagement_id, to=Addressee.LEAD).first())
        if found is None or not is_lead(actor, found.engagement):
            raise
        opened = Opened(lead_access(found.engagement), found, True)
    else:
        found = visible(access, actor).filter(pk=feedback_id).first()
        if found is None:
            raise Http404
        as_lead = found.to == Addressee.LEAD and not access.is_client
        opened = Opened(lead_access(access.engagement) if as_lead else access, found, as_lead)
    if read:
        access_services.access_record(actor=actor, access=opened.access, what=WHAT, via=via)
    return opened


def seen(actor: User, access: EngagementAccess, via: str = "web") -> None:
    access_services.access_record(actor=actor, access=access, what=WHAT, via=via)


def page_of(access: EngagementAccess, actor: User, *, offset: int = 0, limit: int = PAGE) -> list[Feedback]:
    """At most a page (and one more, for a caller asking whether there are more), newest first."""
    return list(visible(access, actor)[offset:offset + min(limit, PAGE + 1)])


def for_session(access: EngagementAccess, session: Session) -> Feedback | None:
    return _rows().filter(engagement=access.engagement, session=session, kind=FeedbackKind.SESSION).first()


def waiting_count(access: EngagementAccess) -> tuple[int, datetime | None]:
    """How much feedback sent to the care team waits to be acknowledged, and since when the oldest."""
    found = Feedback.objects.filter(engagement=access.engagement, to=Addressee.CARE_TEAM,
                                    acknowledgement__isnull=True).aggregate(n=Count("id"), oldest=Min("created"))
    return found["n"], found["oldest"]


def unacknowledged(engagement_ids: Iterable[int]) -> list[Feedback]:
    """Feedback sent to the care teams of these engagements that nobody has acknowledged yet, oldest first."""
    return list(Feedback.objects.filter(engagement_id__in=set(engagement_ids), to=Addressee.CARE_TEAM,
                                        acknowledgement__isnull=True).order_by("created", "id"))


def lead_rows(actor: User) -> QuerySet[Feedback]:
    """Feedback sent to the practice's clinical lead, in each practice where the actor is one (not where they are on
    the client's care team), waiting ones first, then the newest."""
    leads = Membership.objects.filter(practice=OuterRef("engagement__practice"), user=actor, role=Role.SUPERVISOR)
    on_team = CareTeamMember.objects.filter(engagement=OuterRef("engagement"), facilitator=actor,
                                            removed_at__isnull=True)
    if not (actor.is_authenticated and actor.is_active):
        return Feedback.objects.none()
    return (_rows().select_related("engagement__client", "engagement__practice")
            .filter(Exists(leads), to=Addressee.LEAD).exclude(Exists(on_team))
            .order_by(F("acknowledgement").asc(nulls_first=True), "-created", "-id"))


def is_lead_anywhere(actor: User) -> bool:
    return actor.is_authenticated and Membership.objects.filter(user=actor, role=Role.SUPERVISOR).exists()


def ratings_of(feedback: Feedback) -> list[tuple[str, int | None]]:
    """Each statement with the rating given (None where it was left out); nothing when no rating was given."""
    answers: Mapping[str, int] = feedback.lead_ratings or {}
    if feedback.administration is not None and hasattr(feedback.administration, "response"):
        answers = feedback.administration.response.answers
    if not answers:
        return []
    return [(item.text or item.id, answers.get(item.id)) for item in instrument().items]


# --- the cadence, and which sessions are asked about ---------------------------------------------------------


def cadences(engagement_ids: Iterable[int]) -> dict[int, int]:
    """Each engagement's cadence (after every n-th held session; 0: not asked), the default where none was set."""
    ids = set(engagement_ids)
    found = {pk: DEFAULT_FEEDBACK_EVERY for pk in ids}
    seen_ids: set[int] = set()
    for engagement_id, every in (FeedbackCadence.objects.filter(engagement_id__in=ids)
                                 .order_by("engagement_id", "-created", "-id").values_list("engagement_id",
                                                                                           "every_nth")):
        if engagement_id not in seen_ids:
            seen_ids.add(engagement_id)
            found[engagement_id] = every
    return found


def cadence_of(engagement: Engagement) -> int:
    return cadences([engagement.pk])[engagement.pk]


def cadence_words(every: int) -> str:
    if every == 0:
        return _("not asked after sessions")
    if every == 1:
        return _("after every session")
    return _("after every %(n)s session") % {"n": ordinal(every)}


def ordinal(n: int) -> str:
    return {2: _("2nd"), 3: _("3rd")}.get(n, _("%(n)dth") % {"n": n})


@dataclass(frozen=True)
class Ask:
    """A held session the client is asked about: "How was this session for you?", open until `until`."""

    session: Session
    until: datetime


def asks(engagement_ids: Iterable[int], now: datetime | None = None) -> dict[int, list[Ask]]:
    """By engagement, the held sessions whose feedback is asked for and not yet given: the n-th, 2n-th ... held
    session under the cadence now, for two weeks after it ends. Three queries, however many engagements."""
    now = now or timezone.now()
    every = cadences(engagement_ids)
    wanted = [pk for pk, n in every.items() if n > 0]
    if not wanted:
        return {}
    count: dict[int, int] = {}
    candidates: list[Session] = []
    for session in (Session.objects.filter(engagement_id__in=wanted, status=SessionStatus.COMPLETED)
                    .order_by("engagement_id", "starts_at", "id")):
        count[session.engagement_id] = count.get(session.engagement_id, 0) + 1
        if count[session.engagement_id] % every[session.engagement_id] == 0 and session.ends_at + ASK_OPEN > now:
            candidates.append(session)
    if not candidates:
        return {}
    given = set(Feedback.objects.filter(session__in=candidates, kind=FeedbackKind.SESSION)
                .values_list("session_id", flat=True))
    found: dict[int, list[Ask]] = {}
    for session in candidates:
        if session.pk not in given:
            found.setdefault(session.engagement_id, []).append(Ask(session, session.ends_at + ASK_OPEN))
    return found


def held_sessions(access: EngagementAccess, limit: int = 12) -> list[tuple[Session, bool]]:
    """The latest held sessions, newest first, each with whether session feedback was given on it."""
    sessions = list(Session.objects.filter(engagement=access.engagement, status=SessionStatus.COMPLETED)
                    .order_by("-starts_at", "-id")[:limit])
    given = set(Feedback.objects.filter(session__in=sessions, kind=FeedbackKind.SESSION)
                .values_list("session_id", flat=True))
    return [(s, s.pk in given) for s in sessions]


# --- writes ----------------------------------------------------------------------------------------------------


def _addressee(access: EngagementAccess, to: str) -> str:
    if to not in Addressee.values:
        raise ValidationError({"to": _("Choose who to send this to.")})
    if to == Addressee.LEAD and not leads_for(access.engagement):
        raise ValidationError({"to": _("Your practice has no clinical lead outside your care team to send this to. "
                                       "You can send it to your care team, or keep it for now.")})
    return to


def _ratings(raw: Mapping[str, object]) -> dict[str, int]:
    """The ratings given, by statement id; one left out (None or "") is simply not given."""
    low, high = scale()
    given: dict[str, int] = {}
    errors: dict[str, str] = {}
    for key, value in raw.items():
        if instrument().item(str(key)) is None:
            errors[f"rating_{key}"] = _("This is not one of the statements.")
        elif value is None or value == "":
            continue
        elif isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            errors[f"rating_{key}"] = _("Choose a number from %(low)d to %(high)d, or leave it out.") % {
                "low": low, "high": high}
        else:
            given[str(key)] = value
    if errors:
        raise ValidationError(errors)
    return given


def _tell_addressees(access: EngagementAccess, feedback: Feedback, title: str, actor: User) -> None:
    recipients = facilitators_on(access.engagement) if feedback.to == Addressee.CARE_TEAM \
        else leads_for(access.engagement)
    notify(recipients=recipients, kind=NoticeKind.FEEDBACK_GIVEN, title=title, url=detail_url(feedback),
           engagement=access.engagement, exclude=actor, subject=f"feedback:{feedback.pk}")


def feedback_give(*, actor: User, access: EngagementAccess, session: Session, ratings: Mapping[str, object],
                  better: str = "", unsaid: str = "", to: str = Addressee.CARE_TEAM, via: str = "web") -> Feedback:
    """The client's feedback on a held session: any of the four ratings, what could be better, what they did not
    feel able to say; at least one of them. Once per session (more can follow as a message)."""
    client_only(access, _("Feedback on a session is the client's to give."))
    still_open(access)
    given = _ratings(ratings)
    better = clean_text(better, "better", max_length=TEXT_MAX, required=False)
    unsaid = clean_text(unsaid, "unsaid", max_length=TEXT_MAX, required=False)
    to = _addressee(access, to)
    if session.engagement_id != access.engagement.pk:
        raise Http404
    if session.status != SessionStatus.COMPLETED:
        raise ValidationError({"__all__": _("You can give feedback on a session once it has been held.")})
    if not (given or better or unsaid):
        raise ValidationError({"__all__": _("Give at least one rating, or write something, before sending. "
                                            "Nothing else is needed.")})
    with transaction.atomic():
        # Under the session's lock, so a double send gives one piece of feedback.
        list(Session.objects.select_for_update().filter(pk=session.pk).values_list("pk", flat=True))
        earlier = for_session(access, session)
        if earlier is not None:
            raise ValidationError({"__all__": _(
                "You sent feedback on this session on %(date)s. To add something, send a message.") % {
                "date": date_format(timezone.localtime(earlier.created), "j M Y")}})
        administration = None
        if given and to == Addressee.CARE_TEAM:
            administration = measures.administration_adhoc(actor=actor, access=access, instrument=INSTRUMENT)
            measures.response_submit(actor=actor, access=access, administration=administration, answers=given,
                                     via=via, allow_skipped=True)
        feedback = Feedback.objects.create(
            engagement=access.engagement, author=actor, kind=FeedbackKind.SESSION, to=to, session=session,
            administration=administration, lead_ratings=given if to == Addressee.LEAD else {}, better=better,
            unsaid=unsaid)
        when = date_format(timezone.localtime(session.starts_at), "j M")
        _tell_addressees(access, feedback, _("%(client)s sent feedback on the session of %(date)s.") % {
            "client": access.engagement.client.name, "date": when}, actor)
    return feedback


def feedback_message_send(*, actor: User, access: EngagementAccess, message: str,
                          to: str = Addressee.CARE_TEAM) -> Feedback:
    """Something the client wants their therapist to know, at any time; it waits to be acknowledged like feedback."""
    client_only(access, _("Messages here are the client's to send."))
    still_open(access)
    message = clean_text(message, "message", max_length=TEXT_MAX,
                         message=_("Write what you would like them to know."))
    to = _addressee(access, to)
    with transaction.atomic():
        feedback = Feedback.objects.create(engagement=access.engagement, author=actor, kind=FeedbackKind.MESSAGE,
                                           to=to, message=message)
        _tell_addressees(access, feedback, _("%(client)s sent you a message.") % {
            "client": access.engagement.client.name}, actor)
    return feedback


def feedback_acknowledge(*, actor: User, access: EngagementAccess, feedback: Feedback, reply: str = ""
                         ) -> Acknowledgement:
    """Read, by whom and when, with an optional reply the client reads: by someone on the care team for feedback
    sent to it, by the practice's clinical lead for feedback sent to them. Once."""
    if feedback.engagement_id != access.engagement.pk:
        raise Http404
    if feedback.to == Addressee.CARE_TEAM and access.relation is not Relation.CARE_TEAM:
        raise NotAllowed(_("Feedback sent to the care team is acknowledged by someone on the care team."))
    if feedback.to == Addressee.LEAD and not is_lead(actor, access.engagement):
        raise NotAllowed(_("Feedback sent to the practice's clinical lead is acknowledged by the lead."))
    reply = clean_text(reply, "reply", max_length=TEXT_MAX, required=False)
    with transaction.atomic():
        fresh = Feedback.objects.select_for_update().filter(pk=feedback.pk, engagement=access.engagement).first()
        if fresh is None:
            raise Http404
        done = Acknowledgement.objects.filter(feedback=fresh).select_related("by").first()
        if done is not None:
            raise ValidationError({"__all__": _("%(name)s already acknowledged this on %(date)s.") % {
                "name": done.by.name, "date": date_format(timezone.localtime(done.at), "j M Y")}})
        acknowledgement = Acknowledgement.objects.create(feedback=fresh, by=actor, reply=reply)
        title = (_("%(name)s read what you sent and replied.") if reply else _("%(name)s read what you sent."))
        notify(recipients=[access.engagement.client], kind=NoticeKind.FEEDBACK_READ,
               title=title % {"name": actor.name}, url=list_url(access.engagement.pk, f"feedback-{fresh.pk}"),
               engagement=access.engagement, exclude=actor)
    return acknowledgement


def feedback_cadence_set(*, actor: User, access: EngagementAccess, every_nth: object) -> int:
    """After every n-th held session (1: every one), or never (0): the client or the care team sets it, and the
    other side is told. Setting it to what it is already changes nothing."""
    not_supervisor(access)
    still_open(access)
    if isinstance(every_nth, bool) or not isinstance(every_nth, int) or not 0 <= every_nth <= MAX_EVERY:
        raise ValidationError({"every_nth": _("Choose how often: after every session, every 2nd to %(n)dth, or "
                                              "not at all.") % {"n": MAX_EVERY}})
    with transaction.atomic():
        list(Engagement.objects.select_for_update().filter(pk=access.engagement.pk).values_list("pk", flat=True))
        if cadence_of(access.engagement) == every_nth:
            return every_nth
        FeedbackCadence.objects.create(engagement=access.engagement, every_nth=every_nth, set_by=actor)
        words = cadence_words(every_nth)
        if access.is_client:
            recipients = facilitators_on(access.engagement)
            title = _("%(client)s changed when they are asked for feedback: %(when)s.") % {
                "client": access.engagement.client.name, "when": words}
        else:
            recipients = [access.engagement.client]
            title = _("%(name)s changed when you are asked for feedback: %(when)s.") % {"name": actor.name,
                                                                                      "when": words}
        # No notice kind names a change of cadence; the email says what happened, and nothing clinical.
        mail = Mail(subject=_("cocreate: how often feedback is asked changed"),
                    body=_("How often feedback is asked after sessions was changed.\n\nSign in to cocreate to see "
                           "it:\n%(link)s\n") % {"link": settings.SITE_URL + reverse("inbox")})
        notify(recipients=recipients, kind=NoticeKind.FEEDBACK_GIVEN, title=title,
               url=list_url(access.engagement.pk, "cadence"), engagement=access.engagement, exclude=actor, mail=mail)
    return every_nth


def ask_notice(engagement: Engagement, session: Session) -> None:
    """Tell the client a held session is asked about (their inbox, and a plain email naming no content)."""
    if session.pk not in {a.session.pk for a in asks([engagement.pk]).get(engagement.pk, [])}:
        return
    notify(recipients=[engagement.client], kind=NoticeKind.MEASURE_DUE,
           title=_("How was this session for you? A few ratings, if you like; nothing is required."),
           url=session_url(engagement.pk, session.pk), engagement=engagement)
