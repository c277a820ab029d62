"""The answer given when login lockout (django-axes) refuses a sign-in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed sign-in attempts. Try again in %(minutes)d minutes, or reset your password."
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    return render(request, "accounts/locked_out.html", {"message": message}, status=429)
