"""Web pages of ruptures and of the fit review: each a page of its own, with the forms of both sides. A form that
needs correcting is shown back with what was typed; a supervisor reads and writes nothing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocreate.access.policy import EngagementAccess, Relation
from cocreate.access.services import access_record
from cocreate.accounts.current import request_user
from cocreate.alliance import fit, ruptures
from cocreate.alliance.common import client_only, not_supervisor
from cocreate.alliance.models import FitOutcome
from cocreate.alliance.ruptures_forms import (
    YES,
    ConfirmForm,
    FitAgreeForm,
    FitAnswerForm,
    FitPlanForm,
    FitProposeForm,
    RepairForm,
    RuptureForm,
    WordForm,
)
from cocreate.care.models import Phase
from cocreate.care.views import with_engagement
from cocreate.web.forms import add_service_errors


def _common(access: EngagementAccess) -> dict[str, Any]:
    return {"engagement": access.engagement, "is_client": access.relation is Relation.CLIENT,
            "is_supervisor": access.relation is Relation.SUPERVISOR, "client_name": access.engagement.client.name,
            "may_write": access.relation is not Relation.SUPERVISOR and access.engagement.phase != Phase.CLOSED}


# Ruptures.

def _ruptures_page(request: HttpRequest, access: EngagementAccess, *, bound: tuple[int, str, forms.Form] | None = None,
                   name_form: RuptureForm | None = None, status: int = 200) -> HttpResponse:
    if request.method != "GET":  # a page shown back after a write records its own read
        access_record(actor=request_user(request), access=access, what="ruptures")
    sessions = ruptures.sessions_to_name(access)
    items = []
    found = ruptures.ruptures_of(access)
    for rupture in found:
        repair_form: forms.Form = RepairForm(access, auto_id=f"r{rupture.pk}_%s")
        word_form: forms.Form = WordForm(access, auto_id=f"w{rupture.pk}_%s")
        if bound is not None and bound[0] == rupture.pk:
            if bound[1] == "repair":
                repair_form = bound[2]
            else:
                word_form = bound[2]
        words = list(rupture.words.all())
        items.append({"r": rupture, "repair_form": repair_form, "word_form": word_form,
                      "latest_word": words[-1] if words else None})
    return render(request, "alliance/ruptures.html", {
        **_common(access), "items": items, "open_count": sum(1 for r in found if not r.is_repaired),
        "name_form": name_form or RuptureForm(access, sessions),
        "raise_after": settings.RUPTURE_RAISE_AFTER_DAYS,
    }, status=status)


@with_engagement("ruptures")
@require_http_methods(["GET", "POST"])
def ruptures_page(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    """Every rupture named, its repairs and the client's word; and the form to name one."""
    if request.method == "GET":
        return _ruptures_page(request, access)
    not_supervisor(access)
    form = RuptureForm(access, ruptures.sessions_to_name(access), request.POST)
    if form.is_valid():
        try:
            rupture = ruptures.rupture_name(actor=request_user(request), access=access,
                                            description=form.cleaned_data["description"],
                                            session_id=form.session_id())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Named. Your care team has been told.") if access.relation is Relation.CLIENT
                             else _("Named. %(client)s has been told.") % {"client": access.engagement.client.name})
            return redirect(ruptures.ruptures_url(access.engagement.pk, f"rupture-{rupture.pk}"))
    return _ruptures_page(request, access, name_form=form, status=400)


@with_engagement(None)
@require_POST
def rupture_repair(request: HttpRequest, access: EngagementAccess, rupture_id: int) -> HttpResponse:
    rupture = ruptures.rupture_in(access, rupture_id)
    not_supervisor(access)
    form = RepairForm(access, request.POST, auto_id=f"r{rupture.pk}_%s")
    if form.is_valid():
        try:
            ruptures.repair_add(actor=request_user(request), access=access, rupture=rupture,
                                description=form.cleaned_data["description"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Recorded."))
            return redirect(ruptures.ruptures_url(access.engagement.pk, f"rupture-{rupture.pk}"))
    return _ruptures_page(request, access, bound=(rupture.pk, "repair", form), status=400)


@with_engagement(None)
@require_POST
def rupture_word(request: HttpRequest, access: EngagementAccess, rupture_id: int) -> HttpResponse:
    """The client's word; anyone else is refused (403), whatever they send."""
    rupture = ruptures.rupture_in(access, rupture_id)
    client_only(access, _("Only the client says whether it feels repaired."))
    form = WordForm(access, request.POST, auto_id=f"w{rupture.pk}_%s")
    if form.is_valid():
        try:
            word = ruptures.repair_word(actor=request_user(request), access=access, rupture=rupture,
                                        repaired=form.cleaned_data["repaired"] == YES, note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you. Your care team has been told it feels repaired.") if word.repaired
                             else _("Thank you. Your care team has been told it does not feel repaired yet."))
            return redirect(ruptures.ruptures_url(access.engagement.pk, f"rupture-{rupture.pk}"))
    return _ruptures_page(request, access, bound=(rupture.pk, "word", form), status=400)


# The fit review.

def _fit_page(request: HttpRequest, access: EngagementAccess, *, forms_: dict[str, forms.Form] | None = None,
              status: int = 200) -> HttpResponse:
    if request.method != "GET":
        access_record(actor=request_user(request), access=access, what="fit reviews")
    actor = request_user(request)
    views = fit.reviews_for(access, actor)
    current = next((v for v in views if v.is_open), None)
    given = forms_ or {}
    at_session = fit.plan_of(access.engagement)
    return render(request, "alliance/fit.html", {
        **_common(access), "current": current, "past": [v for v in views if not v.is_open],
        "at_session": at_session, "held": fit.held_count(access.engagement),
        "answer_form": given.get("answer") or FitAnswerForm(access),
        "propose_form": given.get("propose") or FitProposeForm(
            access, initial={"outcome": current.review.proposed_outcome} if current else None),
        "plan_form": given.get("plan") or FitPlanForm(initial={"at_session": at_session}),
        "ask_form": given.get("ask"), "agree_form": given.get("agree"), "show_form": given.get("show"),
        "outcomes": FitOutcome,
    }, status=status)


@with_engagement("fit reviews")
@require_http_methods(["GET"])
def fit_page(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    """The review open now (its questions, the answers each may read, the outcome proposed), earlier reviews, and
    when the next one opens by itself."""
    return _fit_page(request, access)


def _fit_write(request: HttpRequest, access: EngagementAccess, name: str, form: forms.Form, act: Any,
               done: str, anchor: str) -> HttpResponse:
    """Validate the form, call the service with its cleaned data, and go back to the page, or show it back."""
    not_supervisor(access)
    if form.is_valid():
        try:
            act(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(fit.fit_url(access.engagement.pk, anchor))
    return _fit_page(request, access, forms_={name: form}, status=400)


@with_engagement(None)
@require_POST
def fit_ask(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    actor = request_user(request)
    return _fit_write(request, access, "ask", ConfirmForm(request.POST),
                      lambda f: fit.fit_review_ask(actor=actor, access=access),
                      _("Your care team has been told you would like to talk about whether this fits."), "review")


@with_engagement(None)
@require_POST
def fit_plan(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    actor = request_user(request)
    return _fit_write(request, access, "plan", FitPlanForm(request.POST),
                      lambda f: fit.fit_plan_set(actor=actor, access=access, at_session=f.cleaned_data["at_session"]),
                      _("Changed. The other side has been told."), "plan")


@with_engagement(None)
@require_POST
def fit_answer(request: HttpRequest, access: EngagementAccess, review_id: int) -> HttpResponse:
    review, actor = fit.review_in(access, review_id), request_user(request)
    return _fit_write(request, access, "answer", FitAnswerForm(access, request.POST),
                      lambda f: fit.fit_answer(actor=actor, access=access, review=review, answers=f.answers(),
                                               show=f.cleaned_data["show"]),
                      _("Saved. Thank you."), f"review-{review.pk}")


@with_engagement(None)
@require_POST
def fit_show(request: HttpRequest, access: EngagementAccess, review_id: int) -> HttpResponse:
    review, actor = fit.review_in(access, review_id), request_user(request)
    return _fit_write(request, access, "show", ConfirmForm(request.POST),
                      lambda f: fit.fit_show(actor=actor, access=access, review=review),
                      _("Your answers are shown to the other side."), f"review-{review.pk}")


@with_engagement(None)
@require_POST
def fit_propose(request: HttpRequest, access: EngagementAccess, review_id: int) -> HttpResponse:
    review, actor = fit.review_in(access, review_id), request_user(request)
    return _fit_write(request, access, "propose", FitProposeForm(access, request.POST),
                      lambda f: fit.fit_propose(actor=actor, access=access, review=review,
                                                outcome=f.cleaned_data["outcome"], note=f.cleaned_data["note"]),
                      _("Proposed. The other side has been told, and can agree or propose another."),
                      f"review-{review.pk}")


@with_engagement(None)
@require_POST
def fit_agree(request: HttpRequest, access: EngagementAccess, review_id: int) -> HttpResponse:
    review, actor = fit.review_in(access, review_id), request_user(request)
    return _fit_write(request, access, "agree", FitAgreeForm(request.POST),
                      lambda f: fit.fit_agree(actor=actor, access=access, review=review,
                                              outcome=f.cleaned_data["outcome"]),
                      _("Agreed together."), f"review-{review.pk}")


R = "engagements/<int:engagement_id>/relationship/ruptures/"
F = "engagements/<int:engagement_id>/relationship/fit/"

urlpatterns: list[URLPattern] = [
    path(R, ruptures_page, name="alliance_ruptures"),
    path(R + "<int:rupture_id>/repairs/", rupture_repair, name="alliance_rupture_repair"),
    path(R + "<int:rupture_id>/word/", rupture_word, name="alliance_rupture_word"),
    path(F, fit_page, name="alliance_fit"),
    path(F + "ask/", fit_ask, name="alliance_fit_ask"),
    path(F + "plan/", fit_plan, name="alliance_fit_plan"),
    path(F + "<int:review_id>/answers/", fit_answer, name="alliance_fit_answer"),
    path(F + "<int:review_id>/show/", fit_show, name="alliance_fit_show"),
    path(F + "<int:review_id>/propose/", fit_propose, name="alliance_fit_propose"),
    path(F + "<int:review_id>/agree/", fit_agree, name="alliance_fit_agree"),
]
