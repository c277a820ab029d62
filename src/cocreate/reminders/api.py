"""API endpoints of reminders: one's own choice, and a practice's times (its staff read them, its admins set
them)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from cocreate.accounts import selectors as account_selectors
from cocreate.accounts.current import request_user
from cocreate.accounts.models import Practice, User
from cocreate.accounts.schemas import ErrorOut
from cocreate.reminders import selectors, services
from cocreate.reminders.schemas import PracticeTimesIn, PracticeTimesOut, ReminderPreferenceIn, ReminderPreferenceOut

router = Router(tags=["reminders"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _preference_out(user: User) -> dict[str, object]:
    preference = selectors.preference_of(user)
    times = selectors.offsets_for(user)
    practices = account_selectors.practices_for(user).order_by("name")
    return {"enabled": preference.enabled, "offsets_minutes": preference.offsets, "show_kind": preference.show_kind,
            "practices": [{"practice_id": p.pk, "name": p.name, "offsets_minutes": times.get(p.pk, [])}
                          for p in practices]}


@router.get("/me/reminders", response={200: ReminderPreferenceOut, **ERRORS})
def preference_get(request: HttpRequest) -> object:
    """The caller's reminder choice and the times that apply to them in each practice."""
    return _preference_out(request_user(request))


@router.put("/me/reminders", response={200: ReminderPreferenceOut, **ERRORS})
def preference_set(request: HttpRequest, payload: ReminderPreferenceIn) -> object:
    user = request_user(request)
    services.reminder_preference_set(actor=user, enabled=payload.enabled, offsets=payload.offsets_minutes,
                                     show_kind=payload.show_kind)
    return _preference_out(user)


def _times_out(practice: Practice) -> dict[str, object]:
    return {"practice_id": practice.pk, "name": practice.name, "offsets_minutes": selectors.practice_offsets(practice)}


@router.get("/practices/{practice_id}/reminder-times", response={200: PracticeTimesOut, **ERRORS})
def practice_times_get(request: HttpRequest, practice_id: int) -> object:
    """The practice's reminder times: for its facilitators and admins."""
    return _times_out(account_selectors.practice_for(request_user(request), practice_id))


@router.put("/practices/{practice_id}/reminder-times", response={200: PracticeTimesOut, **ERRORS})
def practice_times_set(request: HttpRequest, practice_id: int, payload: PracticeTimesIn) -> object:
    """Set the practice's reminder times: its admins only (403 for its facilitators)."""
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id)
    services.practice_reminders_set(actor=user, practice=practice, offsets=payload.offsets_minutes)
    return _times_out(practice)
