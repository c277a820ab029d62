"""Web views for looking back: the timeline of a tracker's entries by area and day (chart and table), the printable
worksheet (blank, or filled with the client's chosen entries) and the client's download of all their integration
material."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.current import request_user
from cocreate.care.views import with_engagement
from cocreate.integration import archive, lookback, worksheet
from cocreate.integration.selectors import seen

E = "engagements/<int:engagement_id>/integration/"
WHAT = "integration look-back"


@with_engagement(None)
@require_GET
def look_back(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    look = lookback.look_back(access, request.GET.get("tracker"))
    seen(request_user(request), access, WHAT)
    you = access.is_client
    name = access.engagement.client.name
    entry_url = reverse("integration", args=[access.engagement.pk])
    return render(request, "integration/lookback.html", {
        "engagement": access.engagement, "look": look, "you": you, "client_name": name,
        "chart": lookback.chart_svg(look, entry_url=entry_url, you=you) if look.points else "",
        "table": lookback.table_html(look, entry_url=entry_url, you=you, client_name=name),
        "summary": lookback.summary(look, you=you, client_name=name),
    })


@with_engagement(None)
@require_GET
def worksheet_pdf(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    """`?blank=1`: the blank sheet, for anyone on the engagement to print (`&tracker=<id>` dates its days). Without
    it, the client's filled sheet of the entries they chose (`?entry=<id>&entry=<id>`; none chosen: all)."""
    if request.GET.get("blank", "").lower() in ("1", "true", "yes", "on"):
        look = lookback.look_back(access, request.GET.get("tracker"))
        return pdf_response(worksheet.blank_pdf(look.tracker), "worksheet-blank.pdf")
    try:
        groups = worksheet.chosen(access, request.GET.getlist("entry"))
    except ValidationError as exc:
        return render(request, "integration/lookback_refused.html", {
            "engagement": access.engagement, "reasons": exc.messages}, status=400)
    return pdf_response(worksheet.filled_pdf(groups), "worksheet.pdf")


@with_engagement(None)
@require_GET
def download(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    # A streamed file answers like any response; the engagement decorator is typed for the plain kind.
    return cast(HttpResponse, zip_response(archive.archive(access)))


def pdf_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def zip_response(content: object) -> FileResponse:
    response = FileResponse(content, as_attachment=True, filename=archive.file_name(),
                            content_type="application/zip")
    return response


urlpatterns = [
    path(E + "look-back/", look_back, name="integration_lookback"),
    path(E + "worksheet.pdf", worksheet_pdf, name="integration_worksheet"),
    path(E + "download.zip", download, name="integration_download"),
]
