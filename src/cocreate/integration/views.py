"""Web views of the shift tracker."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from cocreate.access.policy import EngagementAccess
from cocreate.care.views import with_engagement


@with_engagement(None)
@require_GET
def tracker(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    return HttpResponse("")
