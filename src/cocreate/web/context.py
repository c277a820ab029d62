"""Template context shared by every page: which portals the signed-in person may open."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from cocreate.accounts.selectors import memberships_of


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"TIME_ZONE": settings.TIME_ZONE}
    roles = {m.role for m in memberships_of(user)}
    return {"nav_roles": roles, "TIME_ZONE": settings.TIME_ZONE}
