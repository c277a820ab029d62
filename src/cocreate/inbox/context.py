"""Template context of every page: how many notices the signed-in person has not read."""

from __future__ import annotations

from django.http import HttpRequest

from cocreate.inbox.selectors import unread_count


def unread(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_unread": unread_count(user)}
