"""A trivial page: the floor that the benchmark (`make bench`) measures every other page against."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def ping(request: HttpRequest) -> HttpResponse:
    """Answers "ok", signed in or not, reading nothing: its cost is the middleware's (sessions, sign-in, CSRF,
    time zone, idle timeout), which every page pays, so a page's cost above it is the page's own."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
