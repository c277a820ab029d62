"""Each person's time zone: their own choice, else their practice's, else the site's. Times are shown in it."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from cocreate.accounts import session_memo
from cocreate.accounts.models import Membership, User


@cache
def zone_names() -> list[str]:
    """Every zone name a person may choose, sorted."""
    return sorted(z for z in _zones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))


@cache
def _zones() -> frozenset[str]:
    """Every zone the system knows: read from disk once per process (listing the files on each request cost a
    signed-in page most of its time)."""
    return frozenset(available_timezones())


def is_zone(name: str) -> bool:
    return name in _zones()


def zone_of(user: User, request: HttpRequest | None = None) -> str:
    """The name of the zone this person's times are shown in. With their request, the practice's zone is read
    once a minute per session rather than on every request (`session_memo`)."""
    if user.is_authenticated and user.time_zone and is_zone(user.time_zone):
        return user.time_zone
    if user.is_authenticated:
        practice_zone = None if request is None else session_memo.recall(request, "practice_zone", None)
        if practice_zone is None:
            practice_zone = (Membership.objects.filter(user=user).order_by("practice_id")
                             .values_list("practice__time_zone", flat=True).first()) or ""
            if request is not None:
                session_memo.remember(request, "practice_zone", practice_zone)
        if practice_zone and is_zone(practice_zone):
            return practice_zone
    return str(settings.TIME_ZONE)


class TimeZoneMiddleware:
    """Shows every time in the signed-in person's zone, for the length of their request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(ZoneInfo(zone_of(user, request)))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
