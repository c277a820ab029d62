"""Access events of a request are written once its answer is known: a request that was refused or found nothing
(401, 403, 404, 405) read nothing, so it leaves no event; anything shown, errors on a form included, does."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from cocreate.access.models import AccessEvent
from cocreate.access.policy import EmergencyEnded

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

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A lead whose emergency access ran out is sent back to the reason form, from whichever page they were
        reading (the API answers for itself: 404 with "code": "emergency_ended")."""
        if isinstance(exception, EmergencyEnded):
            messages.info(request, str(exception.args[0]) if exception.args else "")
            return redirect("emergency_open", engagement_id=exception.engagement_id)
        return None
