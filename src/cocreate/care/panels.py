"""What care contributes to the shared pages: its own sections of the engagement page and of "My care", and the
medicine sessions waiting for a client. Registered when the app is ready, like every other app's panels."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.access.policy import Action
from cocreate.care import selectors
from cocreate.care.forms import PrivateNoteForm, note_form_for, phase_form_for
from cocreate.care.models import Phase
from cocreate.compose.panels import ENGAGEMENT, MY_CARE, EngagementPage, MyCarePage
from cocreate.compose.waiting import Reach, Waiting, provider, when


@ENGAGEMENT.panel("care.team_and_phases", order=10, template="care/_team_and_phases.html")
def team_and_phases(page: EngagementPage) -> Mapping[str, Any]:
    access = page.access
    team = selectors.care_team(access.engagement)
    return {
        "care_team": team,
        "transitions": selectors.transitions(access.engagement),
        "can_manage": access.may(Action.MANAGE_TEAM),
        "can_transition": access.may(Action.TRANSITION),
        "phase_form": page.forms.get("phase_form") or phase_form_for(access),
    }


@ENGAGEMENT.panel("care.sessions", order=30, template="care/_sessions.html")
def sessions(page: EngagementPage) -> Mapping[str, Any]:
    now = timezone.now()
    found = selectors.sessions(page.access.engagement)
    is_client = page.access.relation.value == "client"
    return {
        "upcoming": [s for s in found if s.starts_at >= now],
        "past": [s for s in found if s.starts_at < now],
        "can_schedule": page.access.may(Action.SCHEDULE),
        "can_cancel": page.access.may(Action.CANCEL_SESSION) and not is_client,
        "can_postpone": is_client,
    }


@ENGAGEMENT.panel("care.shared_notes", order=40, template="care/_shared_notes.html")
def shared_notes(page: EngagementPage) -> Mapping[str, Any]:
    return {
        "shared_notes": selectors.shared_notes(page.access.engagement),
        "note_form": page.forms.get("note_form") or note_form_for(page.access),
        "can_write_shared": page.access.may(Action.WRITE_SHARED_NOTE)
        and page.access.engagement.phase != Phase.CLOSED,
    }


@ENGAGEMENT.panel("care.private_notes", order=90, template="care/_private_notes.html")
def private_notes(page: EngagementPage) -> Mapping[str, Any] | None:
    if not page.access.may(Action.WRITE_PRIVATE_NOTE):
        return None
    return {
        "private_notes": selectors.private_notes(page.access, page.actor),
        "private_form": page.forms.get("private_form") or PrivateNoteForm(),
    }


@MY_CARE.panel("care.engagements", order=50, template="care/_my_engagements.html")
def my_engagements(page: MyCarePage) -> Mapping[str, Any]:
    return {"engagements": page.engagements}


@provider("care.medicine_session", side="client")
def medicine_sessions(reach: Reach) -> Iterator[Waiting]:
    """A client's coming medicine sessions: the day they are preparing for."""
    for session in selectors.upcoming_medicine_sessions(list(reach.as_client)):
        yield Waiting(
            kind="care.medicine_session",
            label=_("Your medicine session"),
            engagement_id=session.engagement_id,
            client_name=reach.engagement(session.engagement_id).client.name,
            since=session.created,
            due=session.starts_at,
            detail=when(session.starts_at),
            url=reverse("engagement", args=[session.engagement_id]) + "#sessions",
        )
