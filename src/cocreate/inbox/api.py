"""API endpoints of the inbox: one's own notices only."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import P, QueryEx, Router

from cocreate.accounts.current import request_user
from cocreate.accounts.schemas import ErrorOut
from cocreate.inbox import selectors, services
from cocreate.inbox.schemas import NoticeOut, ReadAllOut

router = Router(tags=["inbox"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get("/inbox", response={200: list[NoticeOut], **ERRORS})
def inbox(request: HttpRequest, unread: bool = False,
          limit: QueryEx[int, P(ge=1, le=500, description="How many at most (1 to 500).")] = 100) -> object:
    """The caller's notices, newest first (at most `limit`); `unread=true` for unread only."""
    user = request_user(request)
    notices = selectors.notices_for(user)
    if unread:
        notices = notices.filter(read_at__isnull=True)
    shown = list(notices[:limit])
    selectors.record_reads(user, shown, via="api")
    return shown


@router.post("/inbox/{notice_id}/read", response={200: NoticeOut, **ERRORS})
def notice_read(request: HttpRequest, notice_id: int) -> object:
    user = request_user(request)
    return services.notice_read(actor=user, notice=selectors.notice_for(user, notice_id))


@router.post("/inbox/read-all", response={200: ReadAllOut, **ERRORS})
def read_all(request: HttpRequest) -> object:
    return {"marked": services.notices_read_all(actor=request_user(request))}
