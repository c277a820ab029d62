"""The shift tracker through the API: trackers and their invitation days, the client's entries (shared, un-shared,
deleted), reflections beside shared ones, the client's sharing choice, and patterns. What the client keeps private
answers 404 to anyone else, as if it did not exist."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.current import request_user
from cocreate.care import selectors as care_selectors
from cocreate.care.models import Session
from cocreate.integration import selectors, services
from cocreate.integration.models import Pattern, ShiftEntry, Tracker
from cocreate.integration.schemas import (
    DaysIn,
    ErrorOut,
    PatternAnswerIn,
    PatternChangeIn,
    PatternIn,
    PatternOut,
    ReflectionIn,
    ReflectionOut,
    ShareIn,
    SharingIn,
    SharingOut,
    ShiftEditIn,
    ShiftIn,
    ShiftOut,
    TrackerIn,
    TrackerOut,
)

router = Router(tags=["integration"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PATH = "/engagements/{engagement_id}/integration"


def _access(request: HttpRequest, engagement_id: int) -> EngagementAccess:
    return care_selectors.engagement_for(request_user(request), engagement_id, what=None, via="api")


def _read(request: HttpRequest, access: EngagementAccess) -> None:
    selectors.seen(request_user(request), access, "shift tracker", via="api")


def _tracker(t: Tracker) -> dict[str, object]:
    return {"id": t.pk, "session_id": t.session_id, "session_kind": t.session.kind, "began_on": t.began_on,
            "days": t.days}


def _shift(e: ShiftEntry) -> dict[str, object]:
    return {"id": e.pk, "tracker_id": e.tracker_id, "on": e.on, "day": e.day, "domains": e.domains, "text": e.text,
            "shared": e.is_shared, "deleted": e.deleted_at is not None, "created": e.created,
            "reflections": [{"id": r.pk, "author": r.author, "body": r.body, "session_id": r.session_id,
                             "created": r.created} for r in e.reflections.all()]}


def _one(access: EngagementAccess, entry_id: int) -> dict[str, object]:
    found = selectors.entries(access, only=entry_id)
    if not found:
        raise Http404
    return _shift(found[0])


@router.get(PATH + "/trackers", response={200: list[TrackerOut], **ERRORS})
def trackers(request: HttpRequest, engagement_id: int) -> object:
    """The days after each session the two chose (every released medicine session has one), newest first."""
    access = _access(request, engagement_id)
    return [_tracker(t) for t in selectors.trackers(access)]


@router.post(PATH + "/trackers", response={201: TrackerOut, **ERRORS})
def tracker_start(request: HttpRequest, engagement_id: int, payload: TrackerIn) -> Status[object]:
    access = _access(request, engagement_id)
    session = Session.objects.filter(engagement=access.engagement, pk=payload.session_id).first()
    if session is None:
        raise ValidationError({"session_id": _("Choose one of this engagement's sessions.")})
    tracker = services.tracker_start(actor=request_user(request), access=access, session=session)
    return Status(201, _tracker(selectors.tracker_in(access, tracker.pk)))


@router.put(PATH + "/trackers/{tracker_id}/days", response={200: TrackerOut, **ERRORS})
def days(request: HttpRequest, engagement_id: int, tracker_id: int, payload: DaysIn) -> object:
    access = _access(request, engagement_id)
    tracker = services.tracker_days_set(actor=request_user(request), access=access,
                                        tracker=selectors.tracker_in(access, tracker_id), days=payload.days)
    return _tracker(selectors.tracker_in(access, tracker.pk))


@router.get(PATH + "/shifts", response={200: list[ShiftOut], **ERRORS})
def shifts(request: HttpRequest, engagement_id: int, tracker: int | None = None) -> object:
    """The entries this reader may read, oldest first: all for the client, what they share for anyone else."""
    access = _access(request, engagement_id)
    found = selectors.entries(access, selectors.tracker_in(access, tracker) if tracker is not None else None)
    _read(request, access)
    return [_shift(e) for e in found]


@router.post(PATH + "/shifts", response={201: ShiftOut, **ERRORS})
def shift_add(request: HttpRequest, engagement_id: int, payload: ShiftIn) -> Status[object]:
    access = _access(request, engagement_id)
    entry = services.shift_add(actor=request_user(request), access=access, text=payload.text,
                               domains=payload.domains, on=payload.on, share=payload.share)
    return Status(201, _one(access, entry.pk))


@router.get(PATH + "/shifts/{entry_id}", response={200: ShiftOut, **ERRORS})
def shift(request: HttpRequest, engagement_id: int, entry_id: int) -> object:
    access = _access(request, engagement_id)
    found = _one(access, entry_id)
    _read(request, access)
    return found


@router.patch(PATH + "/shifts/{entry_id}", response={200: ShiftOut, **ERRORS})
def shift_edit(request: HttpRequest, engagement_id: int, entry_id: int, payload: ShiftEditIn) -> object:
    access = _access(request, engagement_id)
    services.shift_edit(actor=request_user(request), access=access, entry=selectors.entry_for(access, entry_id),
                        text=payload.text, domains=payload.domains, on=payload.on)
    return _one(access, entry_id)


@router.post(PATH + "/shifts/{entry_id}/share", response={200: ShiftOut, **ERRORS})
def shift_share(request: HttpRequest, engagement_id: int, entry_id: int, payload: ShareIn) -> object:
    access = _access(request, engagement_id)
    services.shift_share(actor=request_user(request), access=access, entry=selectors.entry_for(access, entry_id),
                         shared=payload.shared)
    return _one(access, entry_id)


@router.delete(PATH + "/shifts/{entry_id}", response={200: ShiftOut, **ERRORS})
def shift_delete(request: HttpRequest, engagement_id: int, entry_id: int) -> object:
    """The client's right: the words go; the entry stays as deleted, with any reflections beside it."""
    access = _access(request, engagement_id)
    services.shift_delete(actor=request_user(request), access=access, entry=selectors.entry_for(access, entry_id))
    return _one(access, entry_id)


@router.post(PATH + "/shifts/{entry_id}/reflections", response={201: ReflectionOut, **ERRORS})
def reflect(request: HttpRequest, engagement_id: int, entry_id: int, payload: ReflectionIn) -> Status[object]:
    access = _access(request, engagement_id)
    made = services.reflection_add(actor=request_user(request), access=access,
                                   entry=selectors.entry_for(access, entry_id), body=payload.body,
                                   session_id=payload.session_id)
    return Status(201, {"id": made.pk, "author": made.author, "body": made.body, "session_id": made.session_id,
                        "created": made.created})


@router.put(PATH + "/sharing", response={200: SharingOut, **ERRORS})
def sharing(request: HttpRequest, engagement_id: int, payload: SharingIn) -> object:
    access = _access(request, engagement_id)
    return services.sharing_set(actor=request_user(request), access=access, share_new=payload.share_new)


def _patterns(request: HttpRequest, access: EngagementAccess, only: int | None = None) -> list[dict[str, object]]:
    shown = selectors.patterns(access, selectors.entries(access))
    return [{"id": s.pattern.pk, "name": s.pattern.name, "state": s.pattern.state,
             "suggested_by": s.pattern.suggested_by, "entry_ids": [e.pk for e in s.entries],
             "hidden_entries": s.hidden} for s in shown if only is None or s.pattern.pk == only]


@router.get(PATH + "/patterns", response={200: list[PatternOut], **ERRORS})
def patterns(request: HttpRequest, engagement_id: int) -> object:
    access = _access(request, engagement_id)
    _read(request, access)
    return _patterns(request, access)


@router.post(PATH + "/patterns", response={201: PatternOut, **ERRORS})
def pattern_add(request: HttpRequest, engagement_id: int, payload: PatternIn) -> Status[object]:
    """The client names a pattern; a member of the care team suggests one (of shared entries)."""
    access = _access(request, engagement_id)
    act = services.pattern_name if access.is_client else services.pattern_suggest
    made: Pattern = act(actor=request_user(request), access=access, name=payload.name, entry_ids=payload.entry_ids)
    return Status(201, _patterns(request, access, made.pk)[0])


@router.post(PATH + "/patterns/{pattern_id}/answer", response={200: PatternOut, **ERRORS})
def pattern_answer(request: HttpRequest, engagement_id: int, pattern_id: int, payload: PatternAnswerIn) -> object:
    access = _access(request, engagement_id)
    pattern = selectors.pattern_in(access, pattern_id)
    services.pattern_answer(actor=request_user(request), access=access, pattern=pattern, accept=payload.accept,
                            name=payload.name)
    return _patterns(request, access, pattern_id)[0]


@router.patch(PATH + "/patterns/{pattern_id}", response={200: PatternOut, **ERRORS})
def pattern_change(request: HttpRequest, engagement_id: int, pattern_id: int, payload: PatternChangeIn) -> object:
    access = _access(request, engagement_id)
    pattern = selectors.pattern_in(access, pattern_id)
    services.pattern_change(actor=request_user(request), access=access, pattern=pattern, name=payload.name,
                            entry_ids=payload.entry_ids, set_aside=payload.set_aside)
    return _patterns(request, access, pattern_id)[0]
