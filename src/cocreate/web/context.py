"""Template context shared by every page: which portals the signed-in person may open."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from cocreate.accounts.selectors import memberships_of


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"TIME_ZONE": settings.TIME_ZONE, "ZONE": timezone.get_current_timezone_name()}
    memberships = list(memberships_of(user))
    roles = {m.role for m in memberships}
    return {"nav_roles": roles, "TIME_ZONE": settings.TIME_ZONE, "ZONE": timezone.get_current_timezone_name(),
            "nav_library_practice_id": memberships[0].practice_id if memberships else None}
