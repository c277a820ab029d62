"""Access events of a request are written once its answer is known: a request that was refused or found nothing
(401, 403, 404, 405) read nothing, so it leaves no event; anything shown, errors on a form included, does."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

from cocreate.access.models import AccessEvent

REFUSED = frozenset({401, 403, 404, 405})
_pending: ContextVar[list[AccessEvent] | None] = ContextVar("cocreate_access_events", default=None)


def pending() -> list[AccessEvent] | None:
    """The events the current request has read so far; None outside a request (they are written at once)."""
    return _pending.get()


class AccessEventsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _pending.set([])
        try:
            response = self.get_response(request)
            events = _pending.get() or []
        finally:
            _pending.reset(token)
        if events and response.status_code not in REFUSED:
            AccessEvent.objects.bulk_create(events)
        return response
