"""Web pages of the second factor: one's own (app, passkeys, recovery codes) and a practice admin's (the
requirement for staff, and resetting someone who lost everything)."""

from __future__ import annotations

from typing import Any

from allauth.core.context import request_context
from allauth.mfa.adapter import get_adapter
from allauth.mfa.totp.internal.auth import generate_totp_secret
from allauth.mfa.webauthn.internal import auth as webauthn
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.access.policy import NotAllowed
from cocreate.accounts import selectors as account_selectors
from cocreate.accounts import session_memo
from cocreate.accounts.current import request_user
from cocreate.accounts.second_factor import selectors, services
from cocreate.accounts.second_factor.forms import PasskeyAddForm, RequirementForm, TotpSetupForm
from cocreate.web.forms import add_service_errors

SETUP_SALT = "cocreate.second_factor.totp_setup"
SETUP_MAX_AGE = 30 * 60  # the key shown on the page works this long before the page must be opened again


def _setup_secret(signed: str, user_id: int) -> str:
    """The key the setup page showed, if it was shown to this person within SETUP_MAX_AGE."""
    try:
        found = signing.loads(signed, salt=SETUP_SALT, max_age=SETUP_MAX_AGE)
    except signing.BadSignature:
        return ""
    if not isinstance(found, dict) or found.get("user") != user_id:
        return ""
    return str(found.get("secret", ""))


def _grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    codes = selectors.recovery_codes_of(user)
    return render(request, "accounts/second_factor/overview.html", {
        "app": selectors.totp_of(user),
        "passkeys": selectors.passkeys(user),
        "codes_left": len(codes.get_unused_codes()) if codes else None,
        "codes_to_save": codes is not None and not codes.did_view,
        "required": selectors.required_for(user),
        "has_factor": selectors.has_second_factor(user),
        "events": selectors.events_of(user, limit=10),
    })


@login_required
@require_http_methods(["GET", "POST"])
def app_setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app. The new key travels signed in the form, so opening the page writes nothing."""
    user = request_user(request)
    if selectors.totp_of(user) is not None:
        messages.info(request, _("You already have an authenticator app."))
        return redirect("second_factor")
    form = TotpSetupForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        secret = _setup_secret(request.POST.get("setup", ""), user.pk)
        if not secret:
            form.add_error("code", _("This page was open too long. Add the new key below to your app instead."))
        else:
            try:
                services.totp_enrol(actor=user, secret=secret, code=form.cleaned_data["code"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                selectors.mark_session_passed(request)
                messages.success(request, _("Your authenticator app is set up. Keep your recovery codes now."))
                return redirect("second_factor_codes")
    elif request.method == "POST":
        secret = _setup_secret(request.POST.get("setup", ""), user.pk)
    secret = secret or generate_totp_secret()
    setup = signing.dumps({"secret": secret, "user": user.pk}, salt=SETUP_SALT)
    with request_context(request):
        adapter = get_adapter()
        url = adapter.build_totp_url(user, secret)
        svg = adapter.build_totp_svg(url)
    return render(
        request, "accounts/second_factor/app_setup.html",
        {"form": form, "setup": setup, "secret": secret, "grouped": _grouped(secret), "url": url, "svg": svg},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes, shown until the person says they kept them; after that only how many are left."""
    user = request_user(request)
    found = selectors.recovery_codes_of(user)
    if found is None:
        return redirect("second_factor")
    show = not found.did_view
    return render(request, "accounts/second_factor/codes.html", {
        "codes": found.get_unused_codes() if show else None,
        "left": len(found.get_unused_codes()),
    })


@login_required
@require_GET
def codes_download(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    found = selectors.recovery_codes_of(user)
    if found is None or found.did_view:
        raise Http404
    lines = [_("cocreate recovery codes for %(email)s") % {"email": user.email},
             _("Each works once, in place of your authenticator app's code."), "", *found.get_unused_codes(), ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cocreate-recovery-codes.txt"'
    return response


@login_required
@require_POST
def codes_saved(request: HttpRequest) -> HttpResponse:
    services.recovery_codes_saved(actor=request_user(request))
    messages.success(request, _("Good. Your codes will not be shown again; you can always make new ones."))
    return redirect("second_factor")


@login_required
@require_http_methods(["GET", "POST"])
def codes_regenerate(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if request.method == "POST":
        try:
            services.recovery_codes_regenerate(actor=user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("second_factor")
        messages.success(request, _("New recovery codes made. The old ones no longer work."))
        return redirect("second_factor_codes")
    return render(request, "accounts/second_factor/confirm.html", {
        "title": _("Make new recovery codes?"),
        "text": _("Your old recovery codes will stop working at once. You will see the new ones next."),
        "button": _("Make new codes"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def factor_remove(request: HttpRequest, factor_id: int) -> HttpResponse:
    user = request_user(request)
    factor = selectors.factor_for(user, factor_id)
    label = str(factor)
    if request.method == "POST":
        try:
            services.factor_remove(actor=user, factor=factor)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Removed: %(name)s.") % {"name": label})
        return redirect("second_factor")
    return render(request, "accounts/second_factor/confirm.html", {
        "title": _("Remove %(name)s?") % {"name": label},
        "text": _("You will no longer be able to sign in with it."),
        "button": _("Remove"),
    })


@login_required
@require_POST
def passkey_options(request: HttpRequest) -> HttpResponse:
    """What the browser needs to make a passkey for this person (its challenge waits in the session)."""
    user = request_user(request)
    with request_context(request):
        options = webauthn.begin_registration(user, passwordless=False)
    return JsonResponse({"creation_options": options})


@login_required
@require_POST
def passkey_add(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = PasskeyAddForm(request.POST)
    if form.is_valid():
        try:
            with request_context(request):
                services.passkey_add(actor=user, name=form.cleaned_data["name"],
                                     credential=form.cleaned_data["credential"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            selectors.mark_session_passed(request)
            messages.success(request, _("Passkey added."))
            found = selectors.recovery_codes_of(user)
            return redirect("second_factor_codes" if found and not found.did_view else "second_factor")
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("second_factor")


def _practice_admin(request: HttpRequest, practice_id: int) -> tuple[Any, Any]:
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id)
    if "admin" not in account_selectors.roles_in(user, practice):
        raise Http404
    return user, practice


@login_required
@require_POST
def practice_requirement(request: HttpRequest, practice_id: int) -> HttpResponse:
    user, practice = _practice_admin(request, practice_id)
    form = RequirementForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether a second factor is required."))
    else:
        services.practice_second_factor_set(actor=user, practice=practice, required=form.cleaned_data["required"])
        session_memo.forget(request)  # the admin's own session follows the new rule at once, the others within a minute
        messages.success(request, _("Saved: staff must now sign in with a second factor.")
                         if form.cleaned_data["required"] else
                         _("Saved: staff may now sign in with a password alone."))
    return redirect("practice_people", practice_id=practice.pk)


@login_required
@require_http_methods(["GET", "POST"])
def member_reset(request: HttpRequest, practice_id: int, user_id: int) -> HttpResponse:
    actor, practice = _practice_admin(request, practice_id)
    member = selectors.member_for_reset(actor, practice, user_id)
    if request.method == "POST":
        try:
            services.second_factor_reset(actor=actor, practice=practice, user=member)
        except NotAllowed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(name)s's second factor is reset. They will set one up at their next "
                                        "sign-in, and have been told by email.") % {"name": member.name})
        return redirect("practice_people", practice_id=practice.pk)
    return render(request, "accounts/second_factor/confirm.html", {
        "title": _("Reset %(name)s's second factor?") % {"name": member.name},
        "text": _("Do this only when %(name)s has lost both their authenticator and their recovery codes, and you "
                  "are sure it is them asking (for example by phone or in person). Their app, passkeys and recovery "
                  "codes stop working at once; they set up a new one at their next sign-in, and are told by "
                  "email.") % {"name": member.name},
        "button": _("Reset second factor"),
        "cancel": reverse("practice_people", args=[practice.pk]),
    })
