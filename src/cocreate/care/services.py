"""Every write of the care app: one transaction per action, checked against the access policy."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cocreate.access.policy import Action, EngagementAccess, NotAllowed, has_role, require
from cocreate.accounts.models import Membership, Practice, Role, User
from cocreate.care.events import (
    CareTeamChanged,
    EngagementClosed,
    EngagementOpened,
    PhaseMoved,
    PhaseMoving,
    SessionCancelled,
    SessionCompleted,
    SessionMoved,
    SessionPlanning,
    SessionPostponed,
    SessionScheduled,
)
from cocreate.care.models import (
    NOTE_MAX_LENGTH,
    OFF,
    CareTeamMember,
    Engagement,
    Kind,
    Phase,
    PhaseTransition,
    PrivateNote,
    Session,
    SessionChange,
    SessionKind,
    SessionStatus,
    SharedNote,
)
from cocreate.care.phases import next_phases, schedulable_kinds
from cocreate.compose.events import publish


def _practice_member(practice: Practice, user_id: int, role: str, field: str) -> User:
    membership = (
        Membership.objects.filter(practice=practice, user_id=user_id, role=role, user__is_active=True)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise ValidationError({field: _("Choose someone from this practice.")})
    return membership.user


def engagement_create(
    *, actor: User, practice: Practice, client_id: int, kind: str, title: str = ""
) -> Engagement:
    if not has_role(actor, Role.FACILITATOR, practice.pk):
        raise NotAllowed(_("Only facilitators open engagements."))
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose psychotherapy or psychedelic-assisted therapy.")})
    if len(title) > 200:
        raise ValidationError({"title": _("Keep the title under 200 characters.")})
    client = _practice_member(practice, client_id, Role.CLIENT, "client")
    with transaction.atomic():
        engagement = Engagement.objects.create(
            practice=practice, client=client, kind=kind, title=title.strip(), created_by=actor
        )
        CareTeamMember.objects.create(engagement=engagement, facilitator=actor, added_by=actor)
        PhaseTransition.objects.create(
            engagement=engagement, from_phase="", to_phase=Phase.CONSULTATION, actor=actor,
            reason=_("Engagement opened"),
        )
        publish(EngagementOpened(actor=actor, engagement=engagement))
    return engagement


def care_team_add(*, actor: User, access: EngagementAccess, facilitator_id: int) -> CareTeamMember:
    require(access, Action.MANAGE_TEAM)
    engagement = access.engagement
    facilitator = _practice_member(engagement.practice, facilitator_id, Role.FACILITATOR, "facilitator")
    with transaction.atomic():
        if CareTeamMember.objects.filter(
            engagement=engagement, facilitator=facilitator, removed_at__isnull=True
        ).exists():
            raise ValidationError({"facilitator": _("%(name)s is already on the care team.") % {"name": facilitator}})
        member = CareTeamMember.objects.create(engagement=engagement, facilitator=facilitator, added_by=actor)
        publish(CareTeamChanged(actor=actor, engagement=engagement, facilitator_id=facilitator.pk, added=True))
    return member


def care_team_remove(*, actor: User, access: EngagementAccess, facilitator_id: int) -> None:
    require(access, Action.MANAGE_TEAM)
    with transaction.atomic():
        active = CareTeamMember.objects.select_for_update().filter(
            engagement=access.engagement, removed_at__isnull=True
        )
        member = next((m for m in active if m.facilitator_id == facilitator_id), None)
        if member is None:
            raise ValidationError({"facilitator": _("This person is not on the care team.")})
        if len(active) == 1:
            raise ValidationError({"facilitator": _("An engagement needs at least one facilitator.")})
        member.removed_at = timezone.now()
        member.save(update_fields=["removed_at"])
        publish(CareTeamChanged(actor=actor, engagement=access.engagement, facilitator_id=facilitator_id, added=False))


def phase_transition(*, actor: User, access: EngagementAccess, to_phase: str, reason: str) -> PhaseTransition:
    require(access, Action.TRANSITION)
    return _move(actor, access, to_phase, reason)


def engagement_end_by_client(*, actor: User, access: EngagementAccess, reason: str) -> PhaseTransition:
    """The client ends their engagement: at once, whatever its phase, and without anyone's acceptance. Moving
    phases is otherwise the care team's; ending is the one move that is the client's too. The engagement is closed,
    never deleted: the client goes on reading their record."""
    if access.relation.value != "client":
        raise NotAllowed(_("Only the client ends their engagement this way."))
    if access.engagement.phase == Phase.CLOSED:
        raise ValidationError({"__all__": _("This engagement is already closed.")})
    return _move(actor, access, Phase.CLOSED, reason)


def _move(actor: User, access: EngagementAccess, to_phase: str, reason: str) -> PhaseTransition:
    if len(reason) > 2000:
        raise ValidationError({"reason": _("Keep the reason under 2000 characters.")})
    with transaction.atomic():
        # Re-read the phase inside the transaction so two concurrent moves cannot both apply.
        engagement = Engagement.objects.select_for_update().get(pk=access.engagement.pk)
        if to_phase not in next_phases(engagement):
            raise ValidationError(
                {"to_phase": _("An engagement in %(phase)s cannot move to %(to)s.")
                 % {"phase": engagement.get_phase_display(), "to": to_phase}}
            )
        publish(PhaseMoving(actor=actor, engagement=engagement, from_phase=engagement.phase, to_phase=to_phase))
        transition = PhaseTransition.objects.create(
            engagement=engagement, from_phase=engagement.phase, to_phase=to_phase, actor=actor,
            reason=reason.strip(),
        )
        engagement.phase = to_phase
        engagement.save(update_fields=["phase"])
        access.engagement.phase = to_phase
        publish(PhaseMoved(actor=actor, engagement=engagement, transition=transition))
        if to_phase == Phase.CLOSED:
            publish(EngagementClosed(actor=actor, engagement=engagement, transition=transition))
            # The work has ended: sessions still planned will not take place (each is cancelled as usual, so
            # everyone is told and nothing is reminded or asked about it).
            for planned in Session.objects.filter(engagement=engagement, status=SessionStatus.SCHEDULED,
                                                  starts_at__gt=timezone.now()):
                _call_off(actor, access, planned, SessionStatus.CANCELLED, _("The engagement was closed."))
    return transition


SESSION_PAST = timedelta(days=365)  # a session recorded afterwards: at most a year back
SESSION_AHEAD = timedelta(days=3 * 365)  # planned ahead: at most three years


MAX_DOSE_MG = Decimal("10000")


def _clean_dose(kind: str, dose: Decimal | float | str | None) -> Decimal | None:
    """A planned dose belongs to a medicine session only: more than 0 and under 10 g, to 0.01 mg."""
    if dose is None or dose == "":
        return None
    if kind != SessionKind.MEDICINE:
        raise ValidationError({"planned_dose_mg": _("Only a medicine session has a planned dose.")})
    try:
        value = Decimal(str(dose))
    except InvalidOperation:
        raise ValidationError({"planned_dose_mg": _("Give the dose as a number of milligrams.")}) from None
    if not value.is_finite() or not Decimal("0") < value < MAX_DOSE_MG or value != value.quantize(Decimal("0.01")):
        raise ValidationError({"planned_dose_mg": _("Give a dose above 0 and under 10,000 mg, to two decimals.")})
    return value


def _check_session_fields(engagement: Engagement, kind: str, starts_at: datetime, duration: int, location: str,
                          *, new: bool = True) -> None:
    errors: dict[str, str] = {}
    if new and kind not in schedulable_kinds(engagement):
        errors["kind"] = _("This kind of session cannot be scheduled in the %(phase)s phase of this engagement.") % {
            "phase": engagement.get_phase_display()}
    now = timezone.now()
    if timezone.is_naive(starts_at):
        errors["starts_at"] = _("Give the time with its time zone.")
    elif not now - SESSION_PAST <= starts_at <= now + SESSION_AHEAD:
        errors["starts_at"] = _("Choose a time from %(earliest)s to %(latest)s: a session is at most a year in "
                                "the past or three years ahead.") % {
            "earliest": formats.date_format(timezone.localtime(now - SESSION_PAST), "j M Y"),
            "latest": formats.date_format(timezone.localtime(now + SESSION_AHEAD), "j M Y")}
    if not 5 <= duration <= 24 * 60:
        errors["duration_minutes"] = _("A session lasts between 5 minutes and 24 hours.")
    if len(location) > 500:
        errors["location"] = _("Keep the place or link under 500 characters.")
    if engagement.phase == Phase.CLOSED:
        errors["__all__"] = _("This engagement is closed.")
    if errors:
        raise ValidationError(errors)


def engagement_locked(engagement: Engagement) -> Engagement:
    """The engagement's row, locked for the rest of the transaction: a rule checked now still holds at commit."""
    return Engagement.objects.select_for_update().get(pk=engagement.pk)


def session_schedule(
    *, actor: User, access: EngagementAccess, kind: str, starts_at: datetime, duration_minutes: int, location: str = "",
    planned_dose_mg: Decimal | float | str | None = None,
) -> Session:
    require(access, Action.SCHEDULE)
    _check_session_fields(access.engagement, kind, starts_at, duration_minutes, location)
    dose = _clean_dose(kind, planned_dose_mg)
    with transaction.atomic():
        engagement = engagement_locked(access.engagement)
        if engagement.phase == Phase.CLOSED:
            raise ValidationError({"__all__": _("This engagement is closed.")})
        publish(SessionPlanning(actor=actor, engagement=engagement, kind=kind, starts_at=starts_at,
                                duration_minutes=duration_minutes, planned_dose_mg=dose))
        session = Session.objects.create(
            engagement=engagement, kind=kind, starts_at=starts_at, duration_minutes=duration_minutes,
            location=location.strip(), planned_dose_mg=dose, created_by=actor,
        )
        SessionChange.objects.create(session=session, action=SessionChange.Action.SCHEDULED, actor=actor)
        publish(SessionScheduled(actor=actor, engagement=access.engagement, session=session))
    return session


def session_reschedule(
    *, actor: User, access: EngagementAccess, session: Session, starts_at: datetime, duration_minutes: int,
    location: str, reason: str = "", planned_dose_mg: Decimal | float | str | None = None,
) -> Session:
    """Move a session. A medicine session's planned dose is kept unless a new one is given."""
    require(access, Action.SCHEDULE)
    _check_session_fields(access.engagement, session.kind, starts_at, duration_minutes, location, new=False)
    dose = _clean_dose(session.kind, planned_dose_mg)
    with transaction.atomic():
        engagement = engagement_locked(access.engagement)
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.status in OFF:
            raise ValidationError({"__all__": _("A cancelled or postponed session cannot be rescheduled.")})
        if session.status == SessionStatus.COMPLETED:
            raise ValidationError({"__all__": _("A session that was held cannot be rescheduled.")})
        dose = dose if dose is not None else session.planned_dose_mg
        publish(SessionPlanning(actor=actor, engagement=engagement, kind=session.kind, starts_at=starts_at,
                                duration_minutes=duration_minutes, planned_dose_mg=dose, session=session))
        previous = session.starts_at
        SessionChange.objects.create(
            session=session, action=SessionChange.Action.RESCHEDULED, actor=actor,
            previous_starts_at=previous, reason=reason.strip(),
        )
        session.starts_at = starts_at
        session.duration_minutes = duration_minutes
        session.location = location.strip()
        session.planned_dose_mg = dose
        session.save(update_fields=["starts_at", "duration_minutes", "location", "planned_dose_mg"])
        publish(SessionMoved(actor=actor, engagement=access.engagement, session=session, previous_starts_at=previous))
    return session


def session_cancel(*, actor: User, access: EngagementAccess, session: Session, reason: str) -> Session:
    require(access, Action.CANCEL_SESSION)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the session is cancelled.")})
    if len(reason) > 2000:
        raise ValidationError({"reason": _("Keep the reason under 2000 characters.")})
    return _call_off(actor, access, session, SessionStatus.CANCELLED, reason)


def session_postpone(*, actor: User, access: EngagementAccess, session: Session) -> Session:
    """The client puts a session off, at any time, without giving a reason; the care team is told."""
    require(access, Action.CANCEL_SESSION)
    if access.relation.value != "client":
        raise NotAllowed(_("Postponing is the client's: the care team cancels with a reason instead."))
    return _call_off(actor, access, session, SessionStatus.POSTPONED, "")


def _call_off(actor: User, access: EngagementAccess, session: Session, status: str, reason: str) -> Session:
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.status == SessionStatus.CANCELLED:
            raise ValidationError({"__all__": _("This session is already cancelled.")})
        if session.status == SessionStatus.POSTPONED:
            raise ValidationError({"__all__": _("This session is already postponed.")})
        if session.status == SessionStatus.COMPLETED:
            raise ValidationError({"__all__": _("A session that was held cannot be called off.")})
        session.status = status
        session.cancel_reason = reason
        session.save(update_fields=["status", "cancel_reason"])
        action = SessionChange.Action.POSTPONED if status == SessionStatus.POSTPONED else SessionChange.Action.CANCELLED
        SessionChange.objects.create(session=session, action=action, actor=actor, reason=reason)
        event = SessionPostponed if status == SessionStatus.POSTPONED else SessionCancelled
        publish(event(actor=actor, engagement=access.engagement, session=session, reason=reason))
    return session


def session_complete(*, actor: User, access: EngagementAccess, session: Session, now: datetime | None = None
                     ) -> Session:
    """Record that a session was held: it must have begun, and not have been cancelled."""
    require(access, Action.SCHEDULE)
    now = now or timezone.now()
    if access.engagement.phase == Phase.CLOSED:
        raise ValidationError({"__all__": _("This engagement is closed.")})
    with transaction.atomic():
        # Re-read under the lock: a cancel or a second click in between must not be overwritten.
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.status in OFF:
            raise ValidationError({"__all__": _("A cancelled or postponed session cannot be marked as held.")})
        if session.status == SessionStatus.COMPLETED:
            raise ValidationError({"__all__": _("This session is already marked as held.")})
        if session.starts_at > now:
            raise ValidationError({"__all__": _("A session can be marked as held once it has begun.")})
        session.status = SessionStatus.COMPLETED
        session.save(update_fields=["status"])
        SessionChange.objects.create(session=session, action=SessionChange.Action.COMPLETED, actor=actor)
        publish(SessionCompleted(actor=actor, engagement=access.engagement, session=session))
    return session


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write something before saving.")})
    if len(body) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"body": _("A note holds at most %(max)d characters; this one has %(n)d.")
             % {"max": NOTE_MAX_LENGTH, "n": len(body)}}
        )
    return body


def shared_note_create(*, actor: User, access: EngagementAccess, body: str) -> SharedNote:
    require(access, Action.WRITE_SHARED_NOTE)
    if access.engagement.phase == Phase.CLOSED:  # the record stays to be read, as it was when the work ended
        raise ValidationError({"body": _("This engagement is closed; its shared notes are kept as they are.")})
    body = _clean_body(body)
    with transaction.atomic():
        return SharedNote.objects.create(engagement=access.engagement, author=actor, body=body)


def private_note_create(*, actor: User, access: EngagementAccess, body: str) -> PrivateNote:
    require(access, Action.WRITE_PRIVATE_NOTE)
    body = _clean_body(body)
    with transaction.atomic():
        return PrivateNote.objects.create(engagement=access.engagement, author=actor, body=body)


def default_session_start() -> datetime:
    """Next whole hour a week from now: a sensible default for the scheduling form."""
    start = timezone.localtime() + timedelta(days=7)
    return start.replace(minute=0, second=0, microsecond=0)
