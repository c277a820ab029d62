"""API endpoints of interop: the caller's own calendar feeds (list, make, change, reset, revoke); the client's
whole record (archive_api.py)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from cocreate.accounts.current import request_user
from cocreate.accounts.schemas import ErrorOut
from cocreate.interop import selectors, services
from cocreate.interop.archive_api import router as archive_router
from cocreate.interop.models import CalendarFeed
from cocreate.interop.schemas import CalendarFeedChangeIn, CalendarFeedIn, CalendarFeedIssuedOut, CalendarFeedOut

router = Router(tags=["calendar"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PATH = "/me/calendar-feeds"


def _issued(feed: CalendarFeed, token: str) -> dict[str, object]:
    url = selectors.feed_url(token)
    return {"id": feed.pk, "label": feed.label, "show_kinds": feed.show_kinds, "created": feed.created,
            "reset_at": feed.reset_at, "last_read": feed.last_read, "url": url,
            "webcal_url": "webcal://" + url.split("://", 1)[-1]}


@router.get(PATH, response={200: list[CalendarFeedOut], **ERRORS})
def feed_list(request: HttpRequest) -> object:
    """The caller's live calendar feeds (their addresses are not kept, so not shown)."""
    return list(selectors.feeds_of(request_user(request)))


@router.post(PATH, response={201: CalendarFeedIssuedOut, **ERRORS})
def feed_create(request: HttpRequest, payload: CalendarFeedIn) -> Status[object]:
    """A new feed of the caller's sessions; its address is in the answer, this once."""
    feed, token = services.calendar_feed_create(actor=request_user(request), label=payload.label,
                                                show_kinds=payload.show_kinds)
    return Status(201, _issued(feed, token))


@router.patch(PATH + "/{feed_id}", response={200: CalendarFeedOut, **ERRORS})
def feed_change(request: HttpRequest, feed_id: int, payload: CalendarFeedChangeIn) -> object:
    user = request_user(request)
    return services.calendar_feed_update(actor=user, feed=selectors.feed_for(user, feed_id), label=payload.label,
                                         show_kinds=payload.show_kinds)


@router.post(PATH + "/{feed_id}/reset", response={200: CalendarFeedIssuedOut, **ERRORS})
def feed_reset(request: HttpRequest, feed_id: int) -> object:
    """A new address for the feed; the old one answers 404 from now on."""
    user = request_user(request)
    feed, token = services.calendar_feed_reset(actor=user, feed=selectors.feed_for(user, feed_id))
    return _issued(feed, token)


@router.delete(PATH + "/{feed_id}", response={204: None, **ERRORS})
def feed_revoke(request: HttpRequest, feed_id: int) -> Status[None]:
    """Revoke the feed: its address answers 404 for good."""
    user = request_user(request)
    services.calendar_feed_revoke(actor=user, feed=selectors.feed_for(user, feed_id))
    return Status(204, None)


router.add_router("", archive_router)
