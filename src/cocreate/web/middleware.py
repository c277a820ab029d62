"""Cross-cutting HTTP behaviour: session idle timeout and absolute lifetime, no caching of client data."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.accounts import session_memo

_LAST = session_memo.SEEN
_START = "cocreate_started"
POLL_HEADER = "X-Cocreate-Poll"
# Someone active is marked as seen at most once a minute: marking them on every request would rewrite the session
# row each time (on SQLite, queueing every signed-in page behind one writer). The idle timeout is then exact to
# within this minute.
TOUCH_EVERY = 60


class SessionTimeoutMiddleware:
    """Ends a browser session server-side after idle time or its absolute lifetime."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(_LAST, now)
            started = request.session.setdefault(_START, now)
            if now - last > settings.SESSION_IDLE_TIMEOUT or now - started > settings.SESSION_COOKIE_AGE:
                logout(request)
                if request.path.startswith("/api/"):
                    # The API then answers 401 as for any request without valid credentials.
                    return self.get_response(request)
                if request.headers.get("HX-Request"):
                    # An htmx request would swap the login page into a panel: reload the page instead,
                    # which then goes to the login page.
                    response = HttpResponse(status=204)
                    response["HX-Refresh"] = "true"
                    return response
                messages.info(request, _("You were signed out after a period of inactivity."))
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            if not request.headers.get(POLL_HEADER) and (_LAST not in request.session or now - last >= TOUCH_EVERY):
                # A page polling on its own is not someone at the screen: it must not keep a session alive.
                request.session[_LAST] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """Nothing served to a signed-in person (or through the API) may be kept in a cache; only a page for anyone
    whose view marked it `public` keeps its own header, and only for someone not signed in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.get("Cache-Control", "").startswith("public") and not request.user.is_authenticated:
            return response  # a page for anyone (a practice's public page) that its view said may be cached
        if not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response
