"""API endpoints of the inbox: one's own notices only."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import P, QueryEx, Router

from cocreate.accounts.current import request_user
from cocreate.accounts.models import User
from cocreate.accounts.schemas import ErrorOut
from cocreate.inbox import selectors, services, status
from cocreate.inbox.models import Notice
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
    done = status.done_subjects(user, shown)
    return [_out(n, user, done) for n in shown]


def _out(notice: Notice, reader: User, done: set[str]) -> dict[str, object]:
    engagement = notice.engagement
    return {"id": notice.pk, "kind": notice.kind, "title": notice.title, "url": notice.url,
            "engagement_id": notice.engagement_id, "created": notice.created, "read_at": notice.read_at,
            "client_name": engagement.client.name if engagement and engagement.client_id != reader.pk else None,
            "done": notice.subject in done}


@router.post("/inbox/{notice_id}/read", response={200: NoticeOut, **ERRORS})
def notice_read(request: HttpRequest, notice_id: int) -> object:
    user = request_user(request)
    notice = services.notice_read(actor=user, notice=selectors.notice_for(user, notice_id))
    return _out(notice, user, status.done_subjects(user, [notice]))


@router.post("/inbox/read-all", response={200: ReadAllOut, **ERRORS})
def read_all(request: HttpRequest) -> object:
    return {"marked": services.notices_read_all(actor=request_user(request))}
