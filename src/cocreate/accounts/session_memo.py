"""What a signed-in request needs to know about its person besides the user row (the practice's time zone; that
no second factor is waiting to be set up), kept in the session and read again each time the session is marked as
seen (at most once a minute, `web/middleware.py`). Most requests then ask the database for neither, and keeping
them writes nothing of its own: the session is saved anyway in the request that marks it as seen."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

SEEN = "cocreate_last_seen"  # when the idle timeout last marked the session as seen
_MEMO = "cocreate_memo"
_MISSING = object()


def _memo(request: HttpRequest) -> dict[str, Any] | None:
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    if session is None or user is None or not user.is_authenticated:
        return None
    memo = session.get(_MEMO)
    if not isinstance(memo, dict) or memo.get("seen") != session.get(SEEN) or memo.get("user") != user.pk:
        return {"seen": session.get(SEEN), "user": user.pk}
    return memo


def recall(request: HttpRequest, name: str, default: Any = _MISSING) -> Any:
    """What was remembered under `name` since the session was last marked as seen, else `default`."""
    memo = _memo(request)
    return default if memo is None else memo.get(name, default)


def remember(request: HttpRequest, name: str, value: Any) -> None:
    """Keep `value` (JSON) until the session is next marked as seen."""
    memo = _memo(request)
    if memo is not None and memo.get(name, _MISSING) != value:
        request.session[_MEMO] = {**memo, name: value}


def forget(request: HttpRequest) -> None:
    """Read everything afresh on the next request (after a change this session made itself)."""
    session = getattr(request, "session", None)
    if session is not None and _MEMO in session:
        del session[_MEMO]
