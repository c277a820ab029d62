"""The inbox page: one's own notices, newest first; opening one marks it read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from cocreate.accounts.current import request_user
from cocreate.inbox import selectors, services, status


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    page = Paginator(selectors.notices_for(user), 50).get_page(request.GET.get("page"))
    alerts = selectors.risk_alerts(user)
    done = status.done_subjects(user, [*page.object_list, *alerts])
    selectors.record_reads(user, [*page.object_list, *alerts], via="web")
    return render(request, "inbox/inbox.html", {
        "page": page, "unread": selectors.unread_count(user), "done": done,
        "urgent": [n for n in alerts if n.subject not in done],
    })


@login_required
@require_POST
def notice_open(request: HttpRequest, notice_id: int) -> HttpResponse:
    user = request_user(request)
    notice = services.notice_read(actor=user, notice=selectors.notice_for(user, notice_id))
    # Notice URLs are written by cocreate itself; the check keeps an odd one from leaving the site.
    if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None):
        return redirect(notice.url)
    return redirect("inbox")


@login_required
@require_POST
def notices_read_all(request: HttpRequest) -> HttpResponse:
    services.notices_read_all(actor=request_user(request))
    return redirect("inbox")
