"""Web pages of the client's voice in their care team: the team page (who is on it, what is proposed, emergency
cover), a facilitator proposing a colleague or a transfer, emergency cover, the client's answer. Routed from
`endings_views`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cocreate.access import services as access_services
from cocreate.access.policy import EngagementAccess, Relation
from cocreate.accounts.current import request_user
from cocreate.alliance import team as services
from cocreate.alliance.endings_forms import AcceptForm, cover_form, propose_form
from cocreate.care import selectors as care_selectors
from cocreate.care.models import Phase
from cocreate.care.views import with_engagement
from cocreate.web.forms import add_service_errors

READ = "care team"


def _page(request: HttpRequest, access: EngagementAccess, *, status: int = 200, **forms_: Any) -> HttpResponse:
    if request.method != "GET":  # shown again after a refused write: a read too
        access_services.access_record(actor=request_user(request), access=access, what=READ)
    proposals = services.proposals_of(access.engagement)
    on_team = access.relation is Relation.CARE_TEAM and access.engagement.phase != Phase.CLOSED
    transfer = request.GET.get("transfer") == "1"
    context = {
        "engagement": access.engagement, "is_client": access.is_client, "on_team": on_team,
        "care_team": care_selectors.care_team(access.engagement),
        "pending": [p for p in proposals if p.state == services.PENDING and not services.is_cover(p)],
        "covers": services.covers_in_force(proposals),
        "history": [(p, services.shared_labels(p)) for p in proposals if p.state != services.PENDING],
        "propose_form": forms_.get("propose_form") or propose_form(access, transfer=transfer),
        "cover_form": forms_.get("cover_form") or cover_form(access),
        "accept_form": forms_.get("accept_form") or AcceptForm(),
        "accept_for": forms_.get("accept_for"),
    }
    return render(request, "alliance/team.html", context, status=status)


def _back(access: EngagementAccess, anchor: str = "") -> HttpResponse:
    return redirect(services.team_url(access.engagement.pk, anchor))


@with_engagement(READ)
@require_GET
def team(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    return _page(request, access)


@with_engagement(None)
@require_POST
def team_propose(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    form = propose_form(access, request.POST)
    if form.is_valid():
        try:
            proposal = services.team_propose(actor=request_user(request), access=access,
                                             facilitator_id=form.cleaned_data["facilitator"],
                                             why=form.cleaned_data["why"], transfer=form.cleaned_data["transfer"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Proposed. %(colleague)s joins if %(client)s accepts.")
                             % {"colleague": proposal.facilitator.name, "client": access.engagement.client.name})
            return _back(access, f"proposal-{proposal.pk}")
    return _page(request, access, status=400, propose_form=form)


@with_engagement(None)
@require_POST
def team_cover(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    form = cover_form(access, request.POST)
    if form.is_valid():
        try:
            cover = services.emergency_cover_start(actor=request_user(request), access=access,
                                                   facilitator_id=form.cleaned_data["facilitator"],
                                                   why=form.cleaned_data["why"], hours=form.cleaned_data["hours"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(colleague)s covers until %(until)s. %(client)s has been told.") % {
                "colleague": cover.facilitator.name, "until": services.when(cover.emergency_until),  # type: ignore[arg-type]
                "client": access.engagement.client.name})
            return _back(access, f"proposal-{cover.pk}")
    return _page(request, access, status=400, cover_form=form)


@with_engagement(None)
@require_POST
def team_answer(request: HttpRequest, access: EngagementAccess, proposal_id: int) -> HttpResponse:
    """The client accepts (choosing, on a transfer, what is shared) or declines, without a reason."""
    proposal = services.proposal_in(access, proposal_id)
    answer = request.POST.get("answer")
    if answer not in ("accept", "decline"):
        messages.error(request, _("Choose whether to accept or decline."))
        return _back(access, f"proposal-{proposal.pk}")
    user = request_user(request)
    if answer == "decline":
        try:
            services.team_proposal_decline(actor=user, access=access, proposal=proposal)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The emergency cover has ended.") if services.is_cover(proposal)
                             else _("Declined. Your care team has been told."))
        return _back(access)
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            services.team_proposal_accept(actor=user, access=access, proposal=proposal,
                                          shared=form.cleaned_data["shared"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is on your care team.") % {"name": proposal.facilitator.name})
            return _back(access)
    return _page(request, access, status=400, accept_form=form, accept_for=proposal.pk)


@with_engagement(None)
@require_POST
def team_withdraw(request: HttpRequest, access: EngagementAccess, proposal_id: int) -> HttpResponse:
    proposal = services.proposal_in(access, proposal_id)
    if request.POST.get("withdraw") != "yes":
        messages.error(request, _("Choose whether to withdraw it."))
        return _back(access, f"proposal-{proposal.pk}")
    try:
        services.team_proposal_withdraw(actor=request_user(request), access=access, proposal=proposal)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The emergency cover has ended.") if services.is_cover(proposal)
                         else _("Withdrawn."))
    return _back(access)
