"""Web pages of ending the work together: the ending page (the client ends at once, after a confirmation, or
asks to; the care team proposes; the other side answers; a referral is recorded), and the care team's proposals
(their views are in `endings_team_views`, their routes here)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.access import services as access_services
from cocreate.access.policy import EngagementAccess
from cocreate.accounts.current import request_user
from cocreate.alliance import endings, endings_team_views
from cocreate.alliance.endings_forms import (
    client_ending_form,
    decline_form,
    referral_form,
    team_ending_form,
)
from cocreate.care.models import Phase
from cocreate.care.views import with_engagement
from cocreate.web.forms import add_service_errors

READ = "ending"  # what a read of the ending page is recorded as


def _page(request: HttpRequest, access: EngagementAccess, *, status: int = 200, **forms_: Any) -> HttpResponse:
    if request.method != "GET":  # shown again after a refused write: a read too
        access_services.access_record(actor=request_user(request), access=access, what=READ)
    found = endings.endings_of(access.engagement)
    pending = found.pending
    client = access.is_client
    writer = access.relation.value != "supervisor"
    is_closed = access.engagement.phase == Phase.CLOSED
    context = {
        "engagement": access.engagement, "is_client": client, "is_closed": is_closed, "writer": writer,
        "endings": found.rows, "pending": pending, "agreed": found.agreed,
        "pending_is_mine": pending is not None and endings.by_client(pending) == client,
        "client_form": forms_.get("client_form") or client_ending_form(),
        "team_form": forms_.get("team_form") or team_ending_form(access),
        "decline_form": forms_.get("decline_form") or decline_form(access),
        "referral_form": forms_.get("referral_form") or referral_form(access),
    }
    return render(request, "alliance/endings.html", context, status=status)


def _back(access: EngagementAccess, anchor: str = "") -> HttpResponse:
    return redirect(endings.ending_url(access.engagement.pk, anchor))


@with_engagement(READ)
@require_GET
def ending(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    return _page(request, access)


@with_engagement(None)
@require_http_methods(["GET", "POST"])
def ending_now(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    """The client ends the work at once: first a page saying what happens, then the end itself. Only a POST with
    the confirmation ends anything."""
    form = client_ending_form(request.POST or None)
    if not access.is_client or access.engagement.phase == Phase.CLOSED:
        return _back(access)
    if request.method == "POST" and request.POST.get("confirmed") == "yes" and form.is_valid():
        try:
            endings.ending_now(actor=request_user(request), access=access, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your work together has ended. Your care team has been told. Your record "
                                        "stays yours to read."))
            return _back(access)
    return render(request, "alliance/endings_confirm.html", {"engagement": access.engagement, "form": form},
                  status=400 if form.errors else 200)


@with_engagement(None)
@require_POST
def ending_ask(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    """The client asks to end; their care team answers. The button says so: an empty POST changes nothing."""
    if request.POST.get("intent") != "ask":
        messages.error(request, _("Choose whether to ask to end, or to end the work now."))
        return _back(access)
    form = client_ending_form(request.POST)
    if form.is_valid():
        try:
            endings.ending_propose(actor=request_user(request), access=access, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Asked. Your care team has been told and will answer. You can still end "
                                        "the work at once, whenever you want."))
            return _back(access, "pending")
    return _page(request, access, status=400, client_form=form)


@with_engagement(None)
@require_POST
def ending_propose(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    form = team_ending_form(access, request.POST)
    if form.is_valid():
        try:
            endings.ending_propose(actor=request_user(request), access=access, note=form.cleaned_data["note"],
                                   referral_to=form.cleaned_data["referral_to"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Proposed. Nothing closes until %(name)s agrees.")
                             % {"name": access.engagement.client.name})
            return _back(access, "pending")
    return _page(request, access, status=400, team_form=form)


@with_engagement(None)
@require_POST
def ending_answer(request: HttpRequest, access: EngagementAccess, ending_id: int) -> HttpResponse:
    found = endings.ending_in(access, ending_id)
    answer = request.POST.get("answer")
    if answer not in ("agree", "decline"):
        messages.error(request, _("Choose whether to agree to end, or not."))
        return _back(access, "pending")
    user = request_user(request)
    if answer == "agree":
        try:
            endings.ending_agree(actor=user, access=access, ending=found, reasons=request.POST.get("reasons", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Agreed. The work together has ended; the record stays to be read."))
        return _back(access)
    # The client says "not now" without a word; the care team says why, for the client to read.
    form = decline_form(access, None if access.is_client else request.POST)
    if not access.is_client and not form.is_valid():
        return _page(request, access, status=400, decline_form=form)
    try:
        endings.ending_decline(actor=user, access=access, ending=found,
                               note="" if access.is_client else form.cleaned_data["note"])
    except ValidationError as exc:
        if access.is_client:
            messages.error(request, " ".join(exc.messages))
            return _back(access)
        add_service_errors(form, exc)
        return _page(request, access, status=400, decline_form=form)
    messages.success(request, _("Answered: not now. The work goes on.") if access.is_client else
                     _("Answered. %(name)s can still end the work whenever they want.")
                     % {"name": access.engagement.client.name})
    return _back(access)


@with_engagement(None)
@require_POST
def ending_withdraw(request: HttpRequest, access: EngagementAccess, ending_id: int) -> HttpResponse:
    found = endings.ending_in(access, ending_id)
    if request.POST.get("withdraw") != "yes":
        messages.error(request, _("Choose whether to withdraw it."))
        return _back(access, "pending")
    try:
        endings.ending_withdraw(actor=request_user(request), access=access, ending=found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Withdrawn."))
    return _back(access)


@with_engagement(None)
@require_POST
def ending_referral(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    form = referral_form(access, request.POST)
    if form.is_valid():
        try:
            endings.referral_record(actor=request_user(request), access=access, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Referral recorded."))
            return _back(access, "referral")
    return _page(request, access, status=400, referral_form=form)


E = "engagements/<int:engagement_id>/relationship/"

urlpatterns: list[URLPattern] = [
    path(E + "ending/", ending, name="alliance_ending"),
    path(E + "ending/now/", ending_now, name="alliance_ending_now"),
    path(E + "ending/ask/", ending_ask, name="alliance_ending_ask"),
    path(E + "ending/propose/", ending_propose, name="alliance_ending_propose"),
    path(E + "ending/referral/", ending_referral, name="alliance_ending_referral"),
    path(E + "ending/<int:ending_id>/answer/", ending_answer, name="alliance_ending_answer"),
    path(E + "ending/<int:ending_id>/withdraw/", ending_withdraw, name="alliance_ending_withdraw"),
    path(E + "team/", endings_team_views.team, name="alliance_team"),
    path(E + "team/propose/", endings_team_views.team_propose, name="alliance_team_propose"),
    path(E + "team/cover/", endings_team_views.team_cover, name="alliance_team_cover"),
    path(E + "team/<int:proposal_id>/answer/", endings_team_views.team_answer, name="alliance_team_answer"),
    path(E + "team/<int:proposal_id>/withdraw/", endings_team_views.team_withdraw, name="alliance_team_withdraw"),
]
