"""Web pages of shared documents: what is in force, proposals awaiting decisions, proposing, history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.access import services as access_services
from cocreate.access.policy import Action, EngagementAccess, require
from cocreate.accounts.current import request_user
from cocreate.accounts.models import User
from cocreate.agreements import selectors, services
from cocreate.agreements.beside import BESIDE_PROPOSAL, ProposalForm
from cocreate.agreements.fields import BLANK_ROWS, parse, shown
from cocreate.agreements.forms import DecisionForm, DeviationForm
from cocreate.agreements.kinds import LEVEL_RANK, KindSpec, Level
from cocreate.care.models import Phase
from cocreate.care.views import with_engagement
from cocreate.web.forms import add_service_errors, small_int


def _flags(access: EngagementAccess, spec: KindSpec | None = None) -> dict[str, Any]:
    # A closed engagement's agreements stay as they are, except a kind written as the work ends (closing summary).
    still_written = access.engagement.phase != Phase.CLOSED or (spec is not None and spec.after_close)
    return {
        "access": access, "engagement": access.engagement, "is_client": access.relation.value == "client",
        "can_propose": access.may(Action.PROPOSE) and still_written,
    }


@with_engagement("agreements")
@require_GET
def agreements(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    return render(request, "agreements/overview.html", {
        **_flags(access), "kinds": selectors.overview(access), "balance": selectors.balance(access)})


def _document_page(request: HttpRequest, access: EngagementAccess, spec: KindSpec, status: int = 200,
                   **extra: Any) -> HttpResponse:
    user = request_user(request)
    if request.method != "GET":  # shown again after a refused write: this is a read too
        access_services.access_record(actor=user, access=access, what="agreements")
    return render(request, "agreements/document.html", _document_context(access, user, spec, **extra), status=status)


def _document_context(access: EngagementAccess, user: User, spec: KindSpec, **extra: Any) -> dict[str, Any]:
    view = selectors.document_view(access, user, spec)
    levels = dict(Level.choices)
    consent = []
    if spec.is_consent and view.in_force:
        for item in view.reading:
            if item.name in spec.consent_items:
                lower = [(k, levels[k]) for k in ("ask_first", "no") if LEVEL_RANK[k] < LEVEL_RANK.get(item.value, 0)]
                consent.append((item, lower))
    return {
        **_flags(access, spec), "spec": spec, "view": view, "consent": consent,
        "other_reading": [f for f in view.reading if f.name not in spec.consent_items],
        "other_errors": [e for number, errors in extra.get("decision_errors", {}).items()
                         if number not in {p.revision.number for p in view.pending} for e in errors],
        "decision_errors": extra.get("decision_errors", {}), "decision_comment": extra.get("decision_comment", {}),
        "narrow_errors": extra.get("narrow_errors", []),
        "deviation_form": extra.get("deviation_form") or DeviationForm(),
    }


@with_engagement("agreements")
@require_GET
def agreement(request: HttpRequest, access: EngagementAccess, kind: str) -> HttpResponse:
    return _document_page(request, access, selectors.spec_or_404(access, kind))


@with_engagement(None)
@require_GET
def in_force(request: HttpRequest, access: EngagementAccess, kind: str) -> HttpResponse:
    """Polled by open pages: 204 while the consent in force is the one the page shows; the fresh part once it
    changed (only then is anything read, so only then is an access event left)."""
    spec = selectors.spec_or_404(access, kind)
    if not spec.is_consent:
        raise Http404
    seen = request.GET.get("n", "")
    if small_int(seen) == selectors.in_force_number(access, kind):
        return HttpResponse(status=204)
    user = request_user(request)
    access_services.access_record(actor=user, access=access, what="agreements")
    if request.GET.get("part") == "summary":
        touch, number = selectors.touch_summary(access)
        return render(request, "agreements/_touch_summary.html", {
            **_flags(access), "touch_consent": touch, "touch_number": number})
    return render(request, "agreements/_in_force.html", _document_context(access, user, spec))


@with_engagement("agreement history")
@require_GET
def history(request: HttpRequest, access: EngagementAccess, kind: str) -> HttpResponse:
    spec = selectors.spec_or_404(access, kind)
    before = request.GET.get("before", "")
    entries = selectors.history(access, spec, limit=25, before=small_int(before))
    older = entries[-1].revision.number if len(entries) == 25 and entries[-1].revision.number > 1 else None
    return render(request, "agreements/history.html", {**_flags(access, spec), "spec": spec, "entries": entries,
                                                        "older": older})


def _form_page(request: HttpRequest, access: EngagementAccess, spec: KindSpec, content: dict[str, Any],
               based_on: int | None, *, errors: dict[str, list[str]] | None = None, note: str = "",
               status: int = 200, starting_from: Any = None) -> HttpResponse:
    fields = selectors.fields_for(spec, access.engagement)
    errors = errors or {}
    return render(request, "agreements/propose.html", {
        **_flags(access, spec), "spec": spec, "fields": shown(fields, content, errors, blank_rows=BLANK_ROWS),
        "based_on": based_on, "note": note, "note_errors": errors.get("note", []),
        "form_errors": errors.get("__all__", []) + errors.get("content", []) + errors.get("based_on", []),
        "has_errors": bool(errors), "starting_from": starting_from,
        "beside": BESIDE_PROPOSAL.show(ProposalForm(access, request_user(request), spec.kind.value)),
    }, status=status)


@with_engagement("agreements")
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, access: EngagementAccess, kind: str) -> HttpResponse:
    spec = selectors.spec_or_404(access, kind)
    user = request_user(request)
    require(access, Action.PROPOSE)
    if request.method == "GET":
        latest, live = selectors.latest_live(access, spec)
        return _form_page(request, access, spec, live.content if live else {},
                          latest.number if latest else None, starting_from=live)
    access_services.access_record(actor=user, access=access, what="agreements")
    fields = selectors.fields_for(spec, access.engagement)
    content = parse(fields, request.POST)
    note = request.POST.get("note", "")
    raw_base = request.POST.get("based_on", "")
    based_on = small_int(raw_base)
    if raw_base and based_on is None:
        return _form_page(request, access, spec, content, None, note=note, status=400,
                          errors={"based_on": [_("The form was damaged; start again.")]})
    try:
        revision = services.revision_propose(actor=user, access=access, kind=kind, content=content,
                                             based_on=based_on, note=note)
    except services.RevisionConflict as conflict:
        return render(request, "agreements/conflict.html", {
            **_flags(access, spec), "spec": spec, "conflict": conflict,
            "draft": [f for f in shown(fields, content) if not f.is_empty], "note": note}, status=409)
    except ValidationError as exc:
        errors = {key.replace(".", "-"): [str(m) for m in msgs] for key, msgs in exc.message_dict.items()}
        return _form_page(request, access, spec, content, based_on, errors=errors, note=note, status=400)
    if revision.state == "agreed":
        messages.success(request, _("Consent narrowed. It is in force now, and the others have been told."))
    else:
        messages.success(request, _("Proposed. It takes effect once everyone who must agree has accepted."))
    return redirect("agreement", engagement_id=access.engagement.pk, kind=kind)


@with_engagement(None)
@require_POST
def decide(request: HttpRequest, access: EngagementAccess, kind: str, number: int) -> HttpResponse:
    spec = selectors.spec_or_404(access, kind)
    revision = selectors.revision_in(access, spec, number)
    form = DecisionForm(request.POST)
    if form.is_valid():
        service = services.revision_accept if form.cleaned_data["verdict"] == "accept" else services.revision_decline
        try:
            revision = service(actor=request_user(request), access=access, revision=revision,
                               comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if revision.state == "agreed":
                messages.success(request, _("Accepted. Everyone has agreed: revision %(n)d is in force.")
                                 % {"n": number})
            elif revision.state == "declined":
                messages.success(request, _("Declined. Your comment is with the proposal."))
            else:
                messages.success(request, _("Accepted. It takes effect once everyone who must agree has accepted."))
            return redirect("agreement", engagement_id=access.engagement.pk, kind=kind)
    errors = [str(e) for errs in form.errors.values() for e in errs]
    return _document_page(request, access, spec, status=400, decision_errors={number: errors},
                          decision_comment={number: request.POST.get("comment", "")})


@with_engagement(None)
@require_POST
def withdraw(request: HttpRequest, access: EngagementAccess, kind: str, number: int) -> HttpResponse:
    spec = selectors.spec_or_404(access, kind)
    revision = selectors.revision_in(access, spec, number)
    try:
        services.revision_withdraw(actor=request_user(request), access=access, revision=revision,
                                   comment=request.POST.get("comment", ""))
    except ValidationError as exc:
        return _document_page(request, access, spec, status=400, decision_errors={number: exc.messages},
                              decision_comment={number: request.POST.get("comment", "")})
    messages.success(request, _("Your proposal is withdrawn."))
    return redirect("agreement", engagement_id=access.engagement.pk, kind=kind)


@with_engagement(None)
@require_POST
def narrow(request: HttpRequest, access: EngagementAccess, kind: str) -> HttpResponse:
    spec = selectors.spec_or_404(access, kind)
    item, level = request.POST.get("item", ""), request.POST.get("level", "")
    try:
        services.consent_narrow(actor=request_user(request), access=access, kind=kind, changes={item: level})
    except ValidationError as exc:
        return _document_page(request, access, spec, status=400, narrow_errors=exc.messages)
    messages.success(request, _("Done: this is in force now, and the others have been told."))
    return redirect("agreement", engagement_id=access.engagement.pk, kind=kind)


@with_engagement(None)
@require_POST
def deviation_add(request: HttpRequest, access: EngagementAccess, kind: str) -> HttpResponse:
    spec = selectors.spec_or_404(access, kind)
    form = DeviationForm(request.POST)
    if form.is_valid():
        try:
            services.deviation_record(actor=request_user(request), access=access, kind=kind, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Deviation recorded."))
            return redirect("agreement", engagement_id=access.engagement.pk, kind=kind)
    return _document_page(request, access, spec, status=400, deviation_form=form)
