"""Every write of measures but flags (flag_services.py): assigning questionnaires and keeping their
administrations in step with the sessions, saving and submitting answers (scored, with flags raised as they
come), a practice's crisis resources, and reminders.

Answers are the client's alone to give (`Action.ANSWER_MEASURE`). An answer out of range names its item and
writes nothing; a send refused for a missing question keeps the answers given, and any risk alert they raised.
Notices go in the acting transaction; their emails go after it commits and never carry answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cocreate.access.policy import Action, EngagementAccess, NotAllowed, has_role, require
from cocreate.accounts.models import Practice, Role, User
from cocreate.care.models import Engagement, Phase, Session
from cocreate.care.phases import session_kinds_for
from cocreate.inbox.models import NoticeKind
from cocreate.inbox.services import notices_withdraw, notify
from cocreate.measures import flag_services, registry, schedule, scoring, selectors
from cocreate.measures.definitions import Instrument
from cocreate.measures.models import (
    Administration,
    Assignment,
    CrisisResources,
    Flag,
    Response,
    Schedule,
    Score,
)
from cocreate.text import clean_text

CRISIS_MAX = 4000
MAX_OFFSETS = 10
SESSION_SCHEDULES = (Schedule.BEFORE_SESSIONS, Schedule.AFTER_SESSIONS)


def _instrument_or_error(key: str) -> Instrument:
    found = registry.instruments().get(key)
    if found is None:
        raise ValidationError({"instrument": _("Choose one of the questionnaires.")})
    return found


def _in_range(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _questionnaire_url(administration: Administration) -> str:
    return reverse("questionnaire", args=[administration.pk])


# --- assignments and their administrations ---------------------------------------------------------------


def _schedule_errors(engagement: Engagement, schedule_: str, session_kinds: list[str], every_nth: object,
                     every_days: object, offsets_days: list[int], expires_after_days: object) -> dict[str, str]:
    errors: dict[str, str] = {}
    if schedule_ not in Schedule.values:
        return {"schedule": _("Choose when the questionnaire is due.")}
    kinds = session_kinds_for(engagement.kind)
    if schedule_ == Schedule.EVERY_N_DAYS and not _in_range(every_days, 1, 365):
        errors["every_days"] = _("Give a number of days between 1 and 365.")
    if schedule_ in SESSION_SCHEDULES:
        if not session_kinds:
            errors["session_kinds"] = _("Choose at least one kind of session.")
        elif any(k not in kinds for k in session_kinds):
            errors["session_kinds"] = _("Choose kinds of session this engagement has.")
        if not _in_range(every_nth, 1, 20):
            errors["every_nth"] = _("Give a number between 1 and 20.")
    if schedule_ == Schedule.AFTER_MEDICINE:
        if schedule.MEDICINE not in kinds:
            errors["schedule"] = _("This engagement has no medicine sessions.")
        if not offsets_days:
            errors["offsets_days"] = _("Give the days after each medicine session, e.g. 1, 7, 30.")
        elif len(offsets_days) > MAX_OFFSETS:
            errors["offsets_days"] = _("Give at most %(n)d days.") % {"n": MAX_OFFSETS}
        elif not all(_in_range(d, 0, 365) for d in offsets_days):
            errors["offsets_days"] = _("Each day is a whole number from 0 to 365.")
    if not _in_range(expires_after_days, 1, 90):
        errors["expires_after_days"] = _("Give a number of days between 1 and 90.")
    return errors


def _same_assignment(new: Assignment) -> Assignment | None:
    """A standing assignment of the same questionnaire on the same schedule, if there is one. A one-off counts
    only while it is still waiting to be answered: once answered or closed, another one-off is a new request."""
    standing = Assignment.objects.filter(engagement=new.engagement, instrument=new.instrument,
                                         schedule=new.schedule, ended_at__isnull=True)
    if new.schedule in (Schedule.ONCE, Schedule.INTAKE):
        standing = standing.filter(administrations__completed_at__isnull=True,
                                   administrations__cancelled_at__isnull=True,
                                   administrations__expires_at__gt=timezone.now()).distinct()
    for found in standing:
        if (sorted(found.session_kinds or []), found.every_nth, found.every_days, sorted(found.offsets_days or []),
                found.expires_after_days) == (sorted(new.session_kinds or []), new.every_nth, new.every_days,
                                              sorted(new.offsets_days or []), new.expires_after_days):
            return found
    return None


def assignment_create(
    *, actor: User, access: EngagementAccess, instrument: str, schedule: str, session_kinds: list[str] | None = None,
    every_nth: int = 1, every_days: int | None = None, offsets_days: list[int] | None = None,
    expires_after_days: int = 7,
) -> Assignment:
    """Assign a questionnaire on a schedule; its administrations are planned at once, and the client is told
    when one is due now."""
    require(access, Action.ASSIGN_MEASURE)
    engagement = access.engagement
    kinds = list(dict.fromkeys(session_kinds or []))
    offsets = list(offsets_days or [])
    errors = _schedule_errors(engagement, schedule, kinds, every_nth, every_days, offsets, expires_after_days)
    known = registry.instruments().get(instrument)
    if known is None:
        errors["instrument"] = _("Choose one of the questionnaires.")
    elif any(not item.text for item in known.items):
        # A client cannot answer questions without their words: see docs/instruments.md, "wording files".
        errors["instrument"] = _(
            "%(title)s needs your practice's licensed copy. Its questions are not included with cocreate, because "
            "its terms do not allow it. Once your practice holds the licence, whoever runs your cocreate site adds "
            "the licensed wording (a small text file of the questions), and %(title)s can then be assigned."
        ) % {"title": known.short_title}
    if engagement.phase == Phase.CLOSED:
        errors["__all__"] = _("This engagement is closed.")
    if errors:
        raise ValidationError(errors)
    sessions_based = schedule in SESSION_SCHEDULES
    with transaction.atomic():
        # Under the engagement's lock, so two identical assignments made at once cannot both go through.
        list(Engagement.objects.select_for_update().filter(pk=engagement.pk).values_list("pk", flat=True))
        assignment = Assignment(
            engagement=engagement, instrument=instrument, schedule=schedule,
            session_kinds=sorted(kinds) if sessions_based else [],
            every_nth=every_nth if schedule == Schedule.AFTER_SESSIONS else 1,
            every_days=every_days if schedule == Schedule.EVERY_N_DAYS else None,
            offsets_days=sorted(set(offsets)) if schedule == Schedule.AFTER_MEDICINE else [],
            expires_after_days=expires_after_days, created_by=actor,
        )
        same = _same_assignment(assignment)
        if same is not None:
            raise ValidationError({"__all__": _(
                "%(title)s is already assigned on this schedule (since %(date)s). End that assignment first, or "
                "choose another schedule.") % {"title": known.short_title if known else instrument,
                                               "date": date_format(timezone.localtime(same.created), "j M Y")}})
        assignment.full_clean()
        assignment.save()
        now = timezone.now()
        administrations_sync(engagement=engagement, now=now)
        due = list(Administration.objects.filter(assignment=assignment, due_at__lte=now, expires_at__gt=now,
                                                 cancelled_at__isnull=True, completed_at__isnull=True))
        for administration in due:
            _tell_client_due(administration, engagement)
        Administration.objects.filter(pk__in=[a.pk for a in due]).update(reminded_at=now)
    return assignment


def assignment_end(*, actor: User, access: EngagementAccess, assignment: Assignment) -> Assignment:
    """Nothing more of it falls due: its open and future administrations are cancelled; answers given stay."""
    require(access, Action.ASSIGN_MEASURE)
    with transaction.atomic():
        fresh = Assignment.objects.select_for_update().filter(pk=assignment.pk, engagement=access.engagement).first()
        if fresh is None:
            raise Http404
        if fresh.ended_at is not None:
            raise ValidationError({"__all__": _("This assignment has already ended.")})
        now = timezone.now()
        fresh.ended_at, fresh.ended_by = now, actor
        fresh.save(update_fields=["ended_at", "ended_by"])
        withdrawn = list(Administration.objects.filter(assignment=fresh, completed_at__isnull=True,
                                                       cancelled_at__isnull=True, expires_at__gt=now))
        Administration.objects.filter(pk__in=[a.pk for a in withdrawn]).update(cancelled_at=now)
        # The client's "a questionnaire is waiting for you" notices for them are withdrawn too.
        notices_withdraw(kind=NoticeKind.MEASURE_DUE, urls=[_questionnaire_url(a) for a in withdrawn])
    return fresh


def _plan(assignment: Assignment) -> schedule.Plan:
    return schedule.Plan(
        schedule=assignment.schedule, created=assignment.created, expires_after_days=assignment.expires_after_days,
        session_kinds=tuple(assignment.session_kinds or ()), every_nth=assignment.every_nth,
        every_days=assignment.every_days, offsets_days=tuple(assignment.offsets_days or ()),
        zone=timezone.get_default_timezone(),
    )


def _keyed(items: list[Any], when: Callable[[Any], tuple[int | None, datetime]]) -> dict[tuple[Any, ...], Any]:
    """Occasions named so that a session's occasion keeps its name when the session moves: (session, n-th
    occasion of that session) for session-based schedules, the due time for the others."""
    keyed: dict[tuple[Any, ...], Any] = {}
    per_session: dict[int, int] = {}
    for item in sorted(items, key=lambda i: when(i)[1]):
        session_id, due = when(item)
        if session_id is None:
            keyed[("at", due)] = item
        else:
            per_session[session_id] = per_session.get(session_id, 0) + 1
            keyed[("session", session_id, per_session[session_id])] = item
    return keyed


def administrations_sync(*, engagement: Engagement, now: datetime | None = None) -> None:
    """Bring the engagement's administrations in line with its active assignments and its sessions.

    Idempotent. An occasion that is planned and missing is created; one whose session moved moves with it,
    answers and all; an open or future one that is no longer planned (its session was cancelled) is cancelled.
    What has been sent, or has closed, is never touched, and a sent one is not asked for again. Called by the
    care services whenever a session is scheduled, moved or cancelled, inside their transaction.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Serialise with other writers of this engagement's schedule (PostgreSQL; SQLite's write lock does it).
        list(Engagement.objects.select_for_update().filter(pk=engagement.pk).values_list("pk", flat=True))
        assignments = list(Assignment.objects.filter(engagement=engagement, ended_at__isnull=True))
        if not assignments:
            return
        sessions = [
            schedule.SessionTime(s.pk, s.kind, s.starts_at, s.ends_at, s.created, s.is_off)
            for s in Session.objects.filter(engagement=engagement)
        ] if any(a.schedule not in (Schedule.ONCE, Schedule.INTAKE, Schedule.EVERY_N_DAYS) for a in assignments) else []
        planned = {a.pk: schedule.occurrences(_plan(a), sessions, now) for a in assignments}
        dues = {o.due_at for found in planned.values() for o in found}
        existing: dict[int, list[Administration]] = {a.pk: [] for a in assignments}
        for administration in Administration.objects.filter(assignment__in=assignments).filter(
                Q(expires_at__gt=now) | Q(due_at__in=dues)):
            existing[administration.assignment_id].append(administration)
        create: list[Administration] = []
        update: list[Administration] = []
        cancel: list[int] = []
        for assignment in assignments:
            mine = [a for a in existing[assignment.pk] if a.cancelled_at is None or a.session_id is None]
            by_key = _keyed(mine, lambda a: (a.session_id, a.due_at))
            planned_keys = _keyed(planned[assignment.pk], lambda o: (o.session_id, o.due_at))
            taken = {a.due_at for a in existing[assignment.pk]}
            for key, o in planned_keys.items():
                found = by_key.get(key)
                if found is None:
                    create.append(Administration(assignment=assignment, engagement=engagement,
                                                 instrument=assignment.instrument, session_id=o.session_id,
                                                 due_at=o.due_at, expires_at=o.expires_at))
                elif found.completed_at is None and (found.cancelled_at is not None or found.due_at != o.due_at
                                                     or found.expires_at != o.expires_at):
                    # The same occasion, moved with its session (or planned again): it keeps its answers.
                    due = o.due_at
                    while due != found.due_at and due in taken:  # one occasion per time (a unique constraint)
                        due += timedelta(microseconds=1)
                    taken.add(due)
                    found.cancelled_at, found.due_at, found.expires_at = None, due, o.expires_at
                    update.append(found)
            cancel += [a.pk for key, a in by_key.items()
                       if key not in planned_keys and a.completed_at is None and a.cancelled_at is None
                       and a.expires_at > now]
        Administration.objects.bulk_create(create)
        if update:
            Administration.objects.bulk_update(update, ["cancelled_at", "due_at", "expires_at"])
        if cancel:
            Administration.objects.filter(pk__in=cancel).update(cancelled_at=now)
            notices_withdraw(kind=NoticeKind.MEASURE_DUE, urls=[reverse("questionnaire", args=[pk]) for pk in cancel])


def administration_adhoc(*, actor: User, access: EngagementAccess, instrument: str) -> Administration:
    """A one-off questionnaire due now, outside any schedule (the FHIR import takes in answers with it): kept
    as an assignment made and ended at once, so it never appears among the standing assignments."""
    require(access, Action.ANSWER_MEASURE)
    _instrument_or_error(instrument)
    if access.engagement.phase == Phase.CLOSED:
        raise ValidationError({"__all__": _("This engagement is closed.")})
    with transaction.atomic():
        now = timezone.now()
        assignment = Assignment.objects.create(
            engagement=access.engagement, instrument=instrument, schedule=Schedule.ONCE, created_by=actor,
            created=now, ended_at=now, ended_by=actor,
        )
        return Administration.objects.create(
            assignment=assignment, engagement=access.engagement, instrument=instrument, due_at=now,
            expires_at=now + timedelta(days=assignment.expires_after_days), reminded_at=now,
        )


# --- answers ---------------------------------------------------------------------------------------------


def _sent_already(access: EngagementAccess, administration: Administration, given: dict[str, int]) -> Score | None:
    """Under the administration's lock: its score, when it was sent already with these same answers (a double
    click, a retry after a timeout, ten sends at once), so that every one of them gets the same result, crisis
    resources included. Different answers after sending are refused by `_lock_open`."""
    # Wait for a send already in flight (PostgreSQL; SQLite's write lock does it), then look at what it left.
    list(Administration.objects.select_for_update().filter(pk=administration.pk).values_list("pk", flat=True))
    score = (Score.objects.filter(response__administration_id=administration.pk, engagement=access.engagement)
             .select_related("response").first())
    if score is None or any(score.response.answers.get(item) != value for item, value in given.items()):
        return None
    return score


def _lock_open(access: EngagementAccess, administration: Administration, now: datetime) -> Administration:
    """The administration re-read under lock, if it can still be answered; else the reason as an error."""
    fresh = (Administration.objects.select_for_update().filter(pk=administration.pk, engagement=access.engagement)
             .first())
    if fresh is None:
        raise Http404
    if fresh.completed_at is not None:
        raise ValidationError({"__all__": _("These answers have been sent; they can no longer be changed.")})
    if access.engagement.phase == Phase.CLOSED:
        raise ValidationError({"__all__": _("This engagement is closed; its questionnaires are no longer open.")})
    if fresh.cancelled_at is not None:
        raise ValidationError({"__all__": _("This questionnaire was withdrawn; it can no longer be answered.")})
    if fresh.due_at > now:
        raise ValidationError({"__all__": _("This questionnaire opens on %(date)s.")
                               % {"date": date_format(timezone.localtime(fresh.due_at), "DATETIME_FORMAT")}})
    if fresh.expires_at <= now:
        raise ValidationError({"__all__": _("This questionnaire closed on %(date)s.")
                               % {"date": date_format(timezone.localtime(fresh.expires_at), "DATETIME_FORMAT")}})
    return fresh


def _checked(instrument: Instrument, answers: object) -> dict[str, int]:
    """The answers if every one is an answer of its item; else a ValidationError keyed by item id."""
    if not isinstance(answers, Mapping):
        raise ValidationError({"answers": _("Send the answers as an object of item id to value.")})
    problems = scoring.check_answers(instrument, answers)
    if problems:
        raise ValidationError({
            item: [_("Choose one of the answers.") if instrument.item(item) is not None
                   else _("This is not a question of this questionnaire.")]
            for item in problems})
    return {str(k): int(v) for k, v in answers.items()}


def _response_of(administration: Administration, now: datetime, via: str) -> Response:
    response, _created = Response.objects.get_or_create(administration=administration,
                                                        defaults={"started": now, "updated": now, "via": via})
    return response


def answers_save(*, actor: User, access: EngagementAccess, administration: Administration,
                 answers: dict[str, int]) -> Response:
    """Keep some answers, so the client can leave and come back: merged into those already saved. A risk
    answer among them raises its alert now, sent or not: nobody waits for the rest of the questionnaire."""
    require(access, Action.ANSWER_MEASURE)
    instrument = registry.instrument(administration.instrument)
    given = _checked(instrument, answers)
    with transaction.atomic():
        now = timezone.now()
        fresh = _lock_open(access, administration, now)
        response = _response_of(fresh, now, "web")
        response.answers = {**response.answers, **given}
        response.updated = now
        response.save(update_fields=["answers", "updated"])
        flag_services.raise_risk(access.engagement, instrument, response)
    return response


def response_submit(*, actor: User, access: EngagementAccess, administration: Administration,
                    answers: dict[str, int] | None = None, via: str = "web",
                    answered_at: datetime | None = None, allow_skipped: bool = False) -> Score:
    """Send the answers: scored, the administration completed, and flags raised. Questions left out are refused
    by name, unless the questionnaire's rule scores it without them (PHQ-9 and GAD-7 with at most two left
    out) and `allow_skipped` says the client chose to send it so.

    The answers given are kept first, in their own transaction, with any risk alert they raise: a refused
    send (a question left out) must not lose the answers or the alert. Then, in one transaction, the score is
    written and the administration completed, or nothing is."""
    require(access, Action.ANSWER_MEASURE)
    instrument = registry.instrument(administration.instrument)
    given = _checked(instrument, answers or {})
    with transaction.atomic():
        now = timezone.now()
        sent = _sent_already(access, administration, given)
        if sent is not None:
            return sent
        fresh = _lock_open(access, administration, now)
        response = _response_of(fresh, now, via)
        response.answers, response.updated = {**response.answers, **given}, now
        response.save(update_fields=["answers", "updated"])
        flag_services.raise_risk(access.engagement, instrument, response)
    with transaction.atomic():
        now = timezone.now()
        sent = _sent_already(access, administration, given)  # another send finished in between
        if sent is not None:
            return sent
        fresh = _lock_open(access, administration, now)
        response = Response.objects.get(administration=fresh)
        merged = scoring.asked_answers(instrument, response.answers)
        result = scoring.score(instrument, merged)
        if result.missing and not (allow_skipped and result.prorated):
            if result.prorated:  # scorable as it is: the client chooses to answer them or to send without
                raise ValidationError({item: [_("You skipped this question. Answer it, or send without it.")]
                                       for item in result.missing})
            raise ValidationError({item: [_("Answer this question.")] for item in result.missing})
        when = answered_at or now  # an imported response keeps the time it was answered
        response.answers, response.updated, response.submitted_at, response.via = merged, now, when, via
        response.save(update_fields=["answers", "updated", "submitted_at", "via"])
        first = (Score.objects.filter(engagement=access.engagement, instrument=instrument.key)
                 .order_by("at", "pk").first())
        score = Score.objects.create(
            response=response, engagement=access.engagement, instrument=instrument.key, at=when, total=result.total,
            subscales=result.subscales, band=result.band.label if result.band else "",
            severity=result.band.severity if result.band else None, prorated=result.prorated,
        )
        fresh.completed_at = now
        fresh.save(update_fields=["completed_at"])
        Flag.objects.filter(response=response, score__isnull=True).update(score=score)
        flag_services.raise_risk(access.engagement, instrument, response, score=score)
        flag_services.raise_flags(access.engagement, instrument, score, merged, first)
    return score


def response_import(*, actor: User, access: EngagementAccess, instrument: str, answers: dict[str, int],
                    answered_at: datetime | None = None) -> Score:
    """Answers given elsewhere (a FHIR QuestionnaireResponse): they complete the open occasion of that
    questionnaire, unless they were given before it opened, then a one-off made for them. All or nothing."""
    with transaction.atomic():
        administration = selectors.administration_open(access, instrument)
        if administration is None or (answered_at is not None and answered_at < administration.due_at):
            administration = administration_adhoc(actor=actor, access=access, instrument=instrument)
        return response_submit(actor=actor, access=access, administration=administration, answers=answers,
                               via="fhir", answered_at=answered_at, allow_skipped=True)


# --- crisis resources and reminders ----------------------------------------------------------------------


def crisis_resources_set(*, actor: User, practice: Practice, text: str) -> CrisisResources:
    """The practice's own wording of what a client sees at once after a risk answer."""
    if not (has_role(actor, Role.FACILITATOR, practice.pk) or has_role(actor, Role.ADMIN, practice.pk)):
        raise NotAllowed(_("Only the practice's facilitators and admins word its crisis resources."))
    text = clean_text(text, "text", max_length=CRISIS_MAX,
                       message=_("Write the crisis resources clients should see."))
    with transaction.atomic():
        resources, _created = CrisisResources.objects.update_or_create(
            practice=practice, defaults={"text": text, "updated_by": actor, "updated": timezone.now()})
    return resources


def _tell_client_due(administration: Administration, engagement: Engagement) -> None:
    notify(recipients=[engagement.client], kind=NoticeKind.MEASURE_DUE,
           title=_("A questionnaire is waiting for you: %(title)s.")
           % {"title": registry.title_of(administration.instrument)},
           url=_questionnaire_url(administration), engagement=engagement)


def _plan_ahead(now: datetime) -> None:
    """Extend every-N-days schedules whose planned occasions run out within a month."""
    soon = now + timedelta(days=30)
    engagement_ids = set(
        Assignment.objects.filter(schedule=Schedule.EVERY_N_DAYS, ended_at__isnull=True)
        .exclude(engagement__phase=Phase.CLOSED)
        .annotate(last=Max("administrations__due_at")).filter(Q(last__isnull=True) | Q(last__lt=soon))
        .values_list("engagement_id", flat=True)
    )
    for engagement in Engagement.objects.filter(pk__in=engagement_ids):
        administrations_sync(engagement=engagement, now=now)


def reminders_send(*, now: datetime | None = None) -> int:
    """Tell each client, once, about every questionnaire of theirs that has fallen due (inbox and email);
    run hourly (`cocreate remind`). Returns how many reminders went out."""
    now = now or timezone.now()
    _plan_ahead(now)
    with transaction.atomic():
        due = list(
            Administration.objects.select_for_update(of=("self",))
            .filter(reminded_at__isnull=True, completed_at__isnull=True, cancelled_at__isnull=True,
                    due_at__lte=now, expires_at__gt=now)
            .exclude(engagement__phase=Phase.CLOSED).select_related("engagement__client")
        )
        for administration in due:
            _tell_client_due(administration, administration.engagement)
        Administration.objects.filter(pk__in=[a.pk for a in due]).update(reminded_at=now)
    return len(due)
