"""The facilitator's reflection journal through the API: their entries (theirs alone), writing one, sharing one
with a supervisor and taking it back, deleting, the offers to reflect after a held session and "not now", and what
supervisees have shared with a supervisor. Nothing here records an access event: it is not client data."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from cocreate.accounts.current import request_user
from cocreate.accounts.models import User
from cocreate.accounts.schemas import ErrorOut
from cocreate.alliance import reflection
from cocreate.alliance.models import ReflectionEntry
from cocreate.schemas import DB_INT_MAX, In, StrictIn

router = Router(tags=["relationship"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ReflectionPersonOut(Schema):
    id: int
    name: str


class OwnReflectionOut(Schema):
    id: int
    author: ReflectionPersonOut
    practice_id: int
    prompt: str
    text: str
    created: datetime
    session_id: int | None = Field(None, description="For its author only: the session it follows.")
    client_name: str | None = Field(None, description="For its author only: whose session it follows.")
    shared_with: ReflectionPersonOut | None
    shared_at: datetime | None
    may_share_with: list[ReflectionPersonOut] = Field(default_factory=list,
                                           description="For its author: the supervisors it may be shared with.")


class OwnReflectionsOut(Schema):
    count: int
    entries: list[OwnReflectionOut]


class ReflectionPromptOut(Schema):
    session_id: int
    engagement_id: int
    client_name: str
    held_at: datetime
    until: datetime


class OwnReflectionIn(StrictIn):
    text: str = ""
    prompt: str = ""
    session_id: int | None = Field(None, ge=1, description="The session it follows: one of a care team you are on.")
    practice_id: int | None = Field(None, ge=1, description="Without a session: the practice it belongs to.")


class ReflectionShareIn(StrictIn):
    supervisor_id: int | None = Field(description="One of your supervisors in the entry's practice; null takes the "
                                                  "entry back.")


class ReflectionPageIn(In):
    offset: int = Field(0, ge=0, le=DB_INT_MAX)
    limit: int = Field(50, ge=1, le=200)


def _named(user: User | None) -> dict[str, object] | None:
    return None if user is None else {"id": user.pk, "name": user.name}


def _out(entry: ReflectionEntry, reader: User, *, choices: bool = True) -> dict[str, object]:
    own = entry.author_id == reader.pk
    may = reflection.supervisors_for(reader, entry.practice_id) if own and choices else []
    return {
        "id": entry.pk, "author": _named(entry.author), "practice_id": entry.practice_id, "prompt": entry.prompt,
        "text": entry.text, "created": entry.created, "shared_with": _named(entry.shared_with),
        "shared_at": entry.shared_at,
        "session_id": entry.session_id if own else None,
        "client_name": entry.session.engagement.client.name if own and entry.session else None,
        "may_share_with": [_named(s) for s in may],
    }


@router.get("/reflections", response={200: OwnReflectionsOut, **ERRORS})
def entries(request: HttpRequest, page: Query[ReflectionPageIn]) -> object:
    """The author's own entries, newest first (a facilitator's; anyone else finds nothing here)."""
    user = request_user(request)
    reflection.writer_or_404(user)
    rows = reflection.own_entries(user).select_related("author")
    return {"count": rows.count(),
            "entries": [_out(e, user, choices=False) for e in rows[page.offset:page.offset + page.limit]]}


@router.post("/reflections", response={201: OwnReflectionOut, **ERRORS})
def write(request: HttpRequest, payload: OwnReflectionIn) -> Status[object]:
    user = request_user(request)
    entry = reflection.reflection_write(actor=user, text=payload.text, prompt=payload.prompt,
                                        session_id=payload.session_id, practice_id=payload.practice_id)
    return Status(201, _out(reflection.entry_for(user, entry.pk), user))


@router.get("/reflections/shared-with-me", response={200: list[OwnReflectionOut], **ERRORS})
def shared_with_me(request: HttpRequest) -> object:
    """What the facilitators one supervises have shared: their words, not the session or client."""
    user = request_user(request)
    if not reflection.is_supervisor(user):
        raise Http404
    return [_out(e, user) for e in reflection.shared_with_me(user)[:200]]


@router.get("/reflections/prompts", response={200: list[ReflectionPromptOut], **ERRORS})
def prompts(request: HttpRequest) -> object:
    """Sessions held in the last two days on one's care teams, not yet reflected on nor set aside."""
    user = request_user(request)
    reflection.writer_or_404(user)
    return [{"session_id": p.session.pk, "engagement_id": p.session.engagement_id, "client_name": p.client_name,
             "held_at": p.since, "until": p.since + reflection.PROMPT_OPEN} for p in reflection.open_prompts(user)]


@router.post("/reflections/prompts/{session_id}/not-now", response={204: None, **ERRORS})
def not_now(request: HttpRequest, session_id: int) -> Status[None]:
    user = request_user(request)
    reflection.writer_or_404(user)
    reflection.reflection_not_now(actor=user, session_id=session_id)
    return Status(204, None)


@router.get("/reflections/{entry_id}", response={200: OwnReflectionOut, **ERRORS})
def entry(request: HttpRequest, entry_id: int) -> object:
    """The author's entry, or one shared with the reader as the author's supervisor; anyone else: 404."""
    user = request_user(request)
    return _out(reflection.entry_for(user, entry_id), user)


@router.post("/reflections/{entry_id}/share", response={200: OwnReflectionOut, **ERRORS})
def share(request: HttpRequest, entry_id: int, payload: ReflectionShareIn) -> object:
    user = request_user(request)
    found = reflection.entry_for(user, entry_id)
    reflection.reflection_share(actor=user, entry=found, supervisor_id=payload.supervisor_id)
    return _out(reflection.entry_for(user, entry_id), user)


@router.delete("/reflections/{entry_id}", response={204: None, **ERRORS})
def delete(request: HttpRequest, entry_id: int) -> Status[None]:
    user = request_user(request)
    reflection.reflection_delete(actor=user, entry=reflection.entry_for(user, entry_id))
    return Status(204, None)
