"""The second step of signing in: after the right password, an authenticator code, a recovery code or a passkey.

Until this step passes the person is not signed in; the password step only leaves a note in the session of who
is waiting, which lapses after SECOND_FACTOR_STEP_SECONDS.
"""

from __future__ import annotations

import time
from typing import Any

from allauth.core.context import request_context
from allauth.mfa.webauthn.internal import auth as webauthn
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocreate.accounts.lockout import lockout_response
from cocreate.accounts.models import User
from cocreate.accounts.second_factor import lockout, selectors, services
from cocreate.accounts.second_factor.forms import SecondStepForm

PENDING_KEY = "cocreate_second_step"


def second_step_start(request: HttpRequest, user: Any, next_url: str) -> HttpResponse:
    request.session[PENDING_KEY] = {
        "user": user.pk, "at": time.time(), "backend": user.backend, "next": next_url,
    }
    return redirect("login_second_step")


def _pending(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict) or time.time() - float(data.get("at", 0)) > settings.SECOND_FACTOR_STEP_SECONDS:
        return None
    user_id = data.get("user")
    if not isinstance(user_id, int):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return (user, data) if user is not None else None


def _start_over(request: HttpRequest) -> HttpResponse:
    request.session.pop(PENDING_KEY, None)
    messages.info(request, _("Sign in again: the second step waits only a few minutes after your password."))
    return redirect("login")


@require_http_methods(["GET", "POST"])
def second_step(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None:
        return _start_over(request)
    user, data = pending
    form = SecondStepForm(request.POST or None)
    if request.method == "POST":
        if lockout.is_locked(request, user.email):
            return lockout_response(request)
        kind = None
        if form.is_valid():
            credential = form.cleaned_data["credential"]
            if credential:
                with request_context(request):
                    kind = "passkey" if services.passkey_check(user=user, credential=credential) else None
            else:
                kind = services.second_factor_check(user=user, code=form.cleaned_data["code"])
        if kind is not None:
            request.session.pop(PENDING_KEY, None)
            login(request, user, backend=data["backend"])
            selectors.mark_session_passed(request)
            if kind == "recovery":
                codes = selectors.recovery_codes_of(user)
                left = len(codes.get_unused_codes()) if codes else 0
                messages.warning(request, _(
                    "You signed in with a recovery code; it will not work again. %(left)d left. If your phone is "
                    "lost, set up your authenticator app again and make new codes."
                ) % {"left": left})
            return redirect(data.get("next") or settings.LOGIN_REDIRECT_URL)
        lockout.count_failure(request, user.email)  # at the limit, the lockout answers instead of this page
        form.errors.pop("credential", None)
        form.add_error("code", str(services.WRONG_CODE))
    return render(
        request, "accounts/second_factor/second_step.html",
        {"form": form, "has_app": selectors.totp_of(user) is not None, "has_passkey": bool(selectors.passkeys(user))},
        status=400 if form.errors else 200,
    )


@require_POST
def second_step_passkey(request: HttpRequest) -> HttpResponse:
    """The challenge a passkey signs for this sign-in (kept in the session until it is answered)."""
    pending = _pending(request)
    if pending is None:
        return _start_over(request)
    user, _data = pending
    with request_context(request):
        options = webauthn.begin_authentication(user)
    return JsonResponse({"request_options": options})
