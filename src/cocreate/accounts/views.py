"""Web views for signing in and out, sign-up, invitations, the security page and a practice's people."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocreate.access.policy import NotAllowed
from cocreate.accounts import backends, selectors, services, session_memo
from cocreate.accounts.current import request_user
from cocreate.accounts.forms import AcceptForm, InviteForm, LoginForm, SignupForm, TokenForm, ZoneForm
from cocreate.accounts.models import Role
from cocreate.accounts.second_factor import selectors as second_factor
from cocreate.accounts.second_factor.signin import second_step_start
from cocreate.accounts.zones import zone_names
from cocreate.compose.panels import PRACTICE_HOME, PRACTICE_LINKS, PracticePage
from cocreate.web.forms import add_service_errors, set_choices

BACKEND = backends.PATH



class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if second_factor.has_second_factor(user):
            # Not signed in yet: the password only opens the second step (second_factor/signin.py).
            return second_step_start(self.request, user, self.get_success_url())
        return super().form_valid(form)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)  # flushes the server-side session
    messages.info(request, _("You are signed out."))
    return redirect("login")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.practice_signup(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, _("Your practice is ready. Invite your first client."))
            return redirect("home")
    return render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_lookup(token)
    except services.InvitationUnusable as exc:
        return render(request, "accounts/invitation_unusable.html", {"message": exc.message}, status=410)
    form = AcceptForm(request.POST or None, initial={"name": invitation.name})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(raw=token, **form.cleaned_data)
        except services.InvitationUnusable as exc:
            return render(request, "accounts/invitation_unusable.html", {"message": exc.message}, status=410)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, _("Welcome to %(practice)s.") % {"practice": invitation.practice.name})
            return redirect("home")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def security(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, issued = services.api_token_create(
                actor=user, name=form.cleaned_data["name"],
                second_factor_passed=second_factor.session_passed(request),
            )
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            form = TokenForm()
    return render(
        request, "accounts/security.html",
        {"form": form, "issued": issued, "tokens": selectors.api_tokens(user), "zone_form": _zone_form(user),
         "has_second_factor": second_factor.has_second_factor(user),
         "second_factor_required": second_factor.required_for(user)},
        status=400 if form.errors else 200,
    )


def _zone_form(user: Any, data: Any = None) -> ZoneForm:
    form = ZoneForm(data, initial={"time_zone": user.time_zone})
    practice = _("Your practice's")
    set_choices(form, "time_zone", [("", practice), *((z, z) for z in zone_names())])
    return form


@login_required
@require_POST
def practice_time_zone(request: HttpRequest, practice_id: int) -> HttpResponse:
    user = request_user(request)
    practice = selectors.practice_for(user, practice_id)
    try:
        services.practice_time_zone_set(actor=user, practice=practice, time_zone=request.POST.get("time_zone", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        session_memo.forget(request)  # shown at once in this session, within a minute in the others
        messages.success(request, _("The practice's time zone is now %(zone)s.") % {"zone": practice.time_zone})
    return redirect("practice_people", practice_id=practice.pk)


@login_required
@require_POST
def time_zone(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = _zone_form(user, request.POST)
    if form.is_valid():
        services.user_time_zone_set(actor=user, time_zone=form.cleaned_data["time_zone"])
        messages.success(request, _("Time zone saved."))
    else:
        messages.error(request, _("Choose a time zone from the list."))
    return redirect(reverse("security") + "#zone")


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = selectors.api_token_for(request_user(request), token_id)
    services.api_token_revoke(actor=request_user(request), token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("security")


@login_required
@require_http_methods(["GET"])
def practice_people(request: HttpRequest, practice_id: int) -> HttpResponse:
    user = request_user(request)
    practice = selectors.practice_for(user, practice_id)
    roles = selectors.roles_in(user, practice)
    memberships = list(selectors.memberships(practice))
    selectors.record_roster_read(user, practice, memberships)
    is_admin = Role.ADMIN in roles
    with_factor = second_factor.with_second_factor([m.user_id for m in memberships]) if is_admin else set()
    return render(
        request, "accounts/practice_people.html",
        {
            "practice": practice,
            "memberships": memberships,
            "invitations": selectors.invitations(practice),
            "is_admin": is_admin,
            "with_factor": with_factor,
            "zones": zone_names(),
            "links": PRACTICE_LINKS.show(page := PracticePage(actor=user, practice=practice, roles=frozenset(roles))),
            "panels": PRACTICE_HOME.show(page),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, practice_id: int) -> HttpResponse:
    user = request_user(request)
    practice = selectors.practice_for(user, practice_id)
    form = InviteForm(request.POST or None)
    if Role.ADMIN not in selectors.roles_in(user, practice):
        set_choices(form, "role", [(Role.CLIENT, Role.CLIENT.label)])
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.invitation_create(actor=user, practice=practice, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            form = InviteForm(initial={"role": form.cleaned_data["role"]})
    return render(
        request, "accounts/invite.html", {"form": form, "practice": practice, "issued": issued},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = selectors.invitation_for(request_user(request), invitation_id)
    try:
        services.invitation_revoke(actor=request_user(request), invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Invitation for %(email)s withdrawn.") % {"email": invitation.email})
    return redirect("practice_people", practice_id=invitation.practice_id)
