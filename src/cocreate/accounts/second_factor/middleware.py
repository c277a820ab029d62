"""Staff whose practice requires a second factor and who have none are led to set one up before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.accounts import session_memo
from cocreate.accounts.models import User
from cocreate.accounts.second_factor import selectors
from cocreate.accounts.second_factor.urls import ENROLMENT_PREFIXES


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._open: tuple[str, ...] | None = None

    def _open_paths(self) -> tuple[str, ...]:
        # Signing out, "Get help now" and the enrolment pages stay open; resolved once, after the URLconf loads.
        if self._open is None:
            self._open = (*ENROLMENT_PREFIXES, reverse("logout"), reverse("get_help"), "/static/")
        return self._open

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if isinstance(user, User) and not request.path.startswith(self._open_paths()) and self._must_enrol(request):
            return self._to_enrolment(request)
        return self.get_response(request)

    @staticmethod
    def _must_enrol(request: HttpRequest) -> bool:
        # "Nothing to set up" is kept until the session is next marked as seen (a minute at most), so turning the
        # requirement on reaches a signed-in person within a minute; "set one up" is read on every request, so
        # the first page after enrolling is open at once.
        if session_memo.recall(request, "enrolled_or_free", False):
            return False
        must = selectors.must_enrol(request.user)  # type: ignore[arg-type]
        if not must:
            session_memo.remember(request, "enrolled_or_free", True)
        return must

    def _to_enrolment(self, request: HttpRequest) -> HttpResponse:
        message = _("Your practice asks staff to sign in with a second factor. Set one up first.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "second_factor_enrolment_required"}, status=403)
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("second_factor")
            return response
        return redirect("second_factor")
