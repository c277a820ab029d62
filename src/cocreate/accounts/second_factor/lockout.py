"""A wrong second-factor code counts toward the same lockout (django-axes) as a wrong password."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest


def _credentials(email: str) -> dict[str, str]:
    # The same key the password step uses (AXES_USERNAME_FORM_FIELD), so both steps fill one counter.
    return {"username": email}


def is_locked(request: HttpRequest, email: str) -> bool:
    AxesProxyHandler.update_request(request)
    return AxesProxyHandler.is_locked(request, _credentials(email))


def count_failure(request: HttpRequest, email: str) -> None:
    """Record a failed attempt; at the limit axes marks the request, and its middleware answers with the lockout."""
    AxesProxyHandler.update_request(request)
    user_login_failed.send(sender=__name__, credentials=_credentials(email), request=request)
