"""Web views of interop: the calendar feed itself (its URL is the key), a session's one-off calendar file, and
the page where a person makes, resets and revokes their feeds."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.current import request_user
from cocreate.accounts.models import User
from cocreate.care.views import with_engagement
from cocreate.interop import selectors, services
from cocreate.interop.forms import FeedForm, KindsForm
from cocreate.interop.ical import calendar
from cocreate.reminders.selectors import preference_of
from cocreate.web.forms import add_service_errors

CALENDAR = "text/calendar; charset=utf-8"


@require_safe  # some calendar apps ask with HEAD first
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """What a calendar app subscribes to: no sign-in, the token is the key. Unknown, reset or revoked: 404."""
    found = selectors.feed_by_token(token)
    if found is None:
        raise Http404
    body = calendar(selectors.feed_entries(found), name=_("Sessions · cocreate"))
    services.calendar_feed_note_read(feed=found)
    response = HttpResponse(body, content_type=CALENDAR)
    response["Content-Disposition"] = 'inline; filename="cocreate.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@with_engagement("sessions")
@require_GET
def session_ics(request: HttpRequest, access: EngagementAccess, session_id: int) -> HttpResponse:
    show_kind = preference_of(request_user(request)).show_kind
    entry = selectors.session_entry(access, session_id, show_kind=show_kind)
    day = timezone.localtime(entry.starts_at, ZoneInfo(entry.zone)).date()
    response = HttpResponse(calendar([entry], name=entry.summary), content_type=CALENDAR)
    response["Content-Disposition"] = f'attachment; filename="session-{day:%Y-%m-%d}.ics"'
    return response


def _page(request: HttpRequest, user: User, *, form: FeedForm | None = None, issued: str = "",
          status: int = 200) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form or FeedForm(), "feeds": list(selectors.feeds_of(user)), "issued": issued,
        "webcal": issued.replace("https://", "webcal://", 1).replace("http://", "webcal://", 1),
    }
    return render(request, "interop/feeds.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def feeds(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if request.method == "GET":
        return _page(request, user)
    form = FeedForm(request.POST)
    if form.is_valid():
        try:
            _feed, token = services.calendar_feed_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _page(request, user, issued=selectors.feed_url(token))
    return _page(request, user, form=form, status=400)


@login_required
@require_POST
def feed_reset(request: HttpRequest, feed_id: int) -> HttpResponse:
    user = request_user(request)
    _feed, token = services.calendar_feed_reset(actor=user, feed=selectors.feed_for(user, feed_id))
    messages.success(request, _("The feed has a new address: the old one no longer works."))
    return _page(request, user, issued=selectors.feed_url(token))


@login_required
@require_POST
def feed_kinds(request: HttpRequest, feed_id: int) -> HttpResponse:
    user = request_user(request)
    found = selectors.feed_for(user, feed_id)
    form = KindsForm(request.POST)
    form.is_valid()  # a checkbox: absent is False, anything else True
    services.calendar_feed_update(actor=user, feed=found, show_kinds=form.cleaned_data.get("show_kinds", False))
    messages.success(request, _("Saved. Calendars show the change when they next look at the feed."))
    return redirect("calendar_feeds")


@login_required
@require_POST
def feed_revoke(request: HttpRequest, feed_id: int) -> HttpResponse:
    user = request_user(request)
    found = services.calendar_feed_revoke(actor=user, feed=selectors.feed_for(user, feed_id))
    messages.success(request, _("Feed “%(name)s” revoked: its address no longer works.") % {"name": found.label})
    return redirect("calendar_feeds")
