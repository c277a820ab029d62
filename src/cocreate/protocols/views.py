"""Web views of the protocols app: the readiness checklist, screening, forms to acknowledge, the readiness
check-in, and a practice's protocol and form texts. Thin: each calls one selector or service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocreate.access.policy import Action, EngagementAccess, Relation, require
from cocreate.accounts import selectors as account_selectors
from cocreate.accounts.current import request_user
from cocreate.accounts.models import Role
from cocreate.care.forms import readers_of
from cocreate.care.views import with_engagement
from cocreate.protocols import registry, selectors, services
from cocreate.protocols.forms import (
    CheckinForm,
    DecisionForm,
    FormTextForm,
    PackChangeForm,
    PracticePackForm,
    ScreeningForm,
    SetAsideForm,
)
from cocreate.protocols.screening import SEVERITY_WORDS, questions
from cocreate.web.forms import add_service_errors, set_choices, tell_readers


def _pack_form(access: EngagementAccess, data: Any = None) -> PackChangeForm:
    form = PackChangeForm(data)
    set_choices(form, "pack", [(p.key, p.title) for p in registry.packs().values()
                               if p.engagement_kind == access.engagement.kind])
    return tell_readers(form, readers_of(access), "reason")


def _readiness_page(request: HttpRequest, access: EngagementAccess, status: int = 200, **forms: object
                    ) -> HttpResponse:
    is_team = access.relation is Relation.CARE_TEAM
    return render(request, "protocols/readiness.html", {
        "engagement": access.engagement, "checklist": selectors.readiness_view(access),
        "pack": selectors.pack_of(access.engagement), "history": selectors.pack_history(access)[:20],
        "is_client": access.relation is Relation.CLIENT, "is_team": is_team,
        "pack_form": forms.get("pack_form") or (_pack_form(access) if is_team else None),
        "aside_form": forms.get("aside_form") or SetAsideForm(), **forms}, status=status)


@with_engagement("readiness checklist")
def readiness(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    return _readiness_page(request, access)


@with_engagement(None)
@require_POST
def pack_change(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    require(access, Action.TRANSITION)
    form = _pack_form(access, request.POST)
    if form.is_valid():
        try:
            services.engagement_pack_change(actor=request_user(request), access=access, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The engagement now runs under the new protocol."))
            return redirect("readiness", engagement_id=access.engagement.pk)
    return _readiness_page(request, access, 400, pack_form=form)


@with_engagement(None)
@require_POST
def set_aside(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    require(access, Action.TRANSITION)
    form = SetAsideForm(request.POST)
    if form.is_valid():
        try:
            services.rule_set_aside(actor=request_user(request), access=access, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The rule is set aside; the client can read why."))
            return redirect("readiness", engagement_id=access.engagement.pk)
    return _readiness_page(request, access, 400, aside_form=form, aside_for=request.POST.get("requirement", ""))


@with_engagement(None)
@require_POST
def restore(request: HttpRequest, access: EngagementAccess, requirement: str) -> HttpResponse:
    try:
        services.rule_restore(actor=request_user(request), access=access, requirement=requirement)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The rule applies again."))
    return redirect("readiness", engagement_id=access.engagement.pk)


def _screening_page(request: HttpRequest, access: EngagementAccess, *, form: ScreeningForm | None = None,
                    decision_form: DecisionForm | None = None, status: int = 200) -> HttpResponse:
    pack = selectors.pack_of(access.engagement)
    history = selectors.screening_history(access)
    latest = history[0] if history else None
    is_team = access.relation is Relation.CARE_TEAM
    can_answer = access.may(Action.PROPOSE)
    if form is None and can_answer:
        form = ScreeningForm(pack, initial_answers=latest.answers if latest else None, for_team=is_team,
                             readers=readers_of(access))
    if decision_form is None and is_team and latest is not None:
        decision_form = DecisionForm(initial={"response_id": latest.pk})
    if decision_form is not None:
        tell_readers(decision_form, readers_of(access), "rationale")
    return render(request, "protocols/screening.html", {
        "engagement": access.engagement, "pack": pack, "latest": latest, "history": history[1:],
        "decision": next(iter(latest.decisions.all()), None) if latest else None, "form": form,
        "decision_form": decision_form, "is_client": access.relation is Relation.CLIENT, "is_team": is_team,
        "severity_words": SEVERITY_WORDS,
        "answer_rows": [(q.text, latest.answers.get(q.key, {})) for q in questions(pack)] if latest else [],
        "editing": request.GET.get("edit") == "1" or latest is None or status != 200,
    }, status=status)


@with_engagement("screening")
@require_http_methods(["GET", "POST"])
def screening(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    if request.method == "GET":
        return _screening_page(request, access)
    require(access, Action.PROPOSE)
    pack = selectors.pack_of(access.engagement)
    is_team = access.relation is Relation.CARE_TEAM
    form = ScreeningForm(pack, request.POST, for_team=is_team, readers=readers_of(access))
    if form.is_valid():
        try:
            services.screening_submit(actor=request_user(request), access=access, answers=form.answers(),
                                      with_client=bool(form.cleaned_data.get("with_client")))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Answers saved. The care team will go through them with you.")
                             if not is_team else _("Answers saved."))
            return redirect("screening", engagement_id=access.engagement.pk)
    return _screening_page(request, access, form=form, status=400)


@with_engagement(None)
@require_POST
def screening_decide(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    require(access, Action.TRANSITION)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.screening_decide(actor=request_user(request), access=access, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Decision recorded. The client can read it with your reasons."))
            return redirect("screening", engagement_id=access.engagement.pk)
    return _screening_page(request, access, decision_form=form, status=400)


@with_engagement("forms to acknowledge")
def protocol_forms(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    return render(request, "protocols/forms.html", {
        "engagement": access.engagement, "rows": selectors.forms_of(access),
        "is_client": access.relation is Relation.CLIENT, "pack": selectors.pack_of(access.engagement)})


@with_engagement(None)
@require_POST
def form_respond(request: HttpRequest, access: EngagementAccess, form: str) -> HttpResponse:
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        services.form_respond(actor=request_user(request), access=access, form=form, version=version,
                              choice=request.POST.get("choice", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Saved. Your care team can see your choice."))
    return redirect("protocol_forms", engagement_id=access.engagement.pk)


@with_engagement("readiness check-ins")
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    is_client = access.relation is Relation.CLIENT
    form = CheckinForm(request.POST or None)
    tell_readers(form, readers_of(access), "how_i_am", "anything_new", "questions")
    upcoming = selectors.upcoming_medicine(access.engagement)
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_submit(actor=request_user(request), access=access,
                                    session_id=upcoming.pk if upcoming else None, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you. Your care team can see your check-in."))
            return redirect("checkin", engagement_id=access.engagement.pk)
    return render(request, "protocols/checkin.html", {
        "engagement": access.engagement, "form": form if is_client else None, "is_client": is_client,
        "checkins": selectors.checkins(access), "upcoming": upcoming}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def practice_protocol(request: HttpRequest, practice_id: int) -> HttpResponse:
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id, roles=(Role.FACILITATOR, Role.ADMIN))
    current = selectors.practice_pack(practice)
    form = PracticePackForm(request.POST or None, initial={"pack": current.key})
    set_choices(form, "pack", [(p.key, p.title) for p in registry.packs().values()
                               if p.engagement_kind == "psychedelic_assisted"])
    if request.method == "POST" and form.is_valid():
        try:
            services.practice_pack_set(actor=user, practice=practice, pack=form.cleaned_data["pack"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("New psychedelic-assisted engagements will run under this protocol."))
            return redirect("practice_protocol", practice_id=practice.pk)
    return render(request, "protocols/practice_protocol.html", {
        "practice": practice, "pack": current, "form": form, "packs": registry.packs().values(),
        "forms": selectors.practice_forms(practice, current)}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def practice_form_text(request: HttpRequest, practice_id: int, form: str) -> HttpResponse:
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id, roles=(Role.FACILITATOR, Role.ADMIN))
    pack = selectors.practice_pack(practice)
    if pack.form(form) is None:
        raise Http404
    shown = selectors.current_form(practice, pack, form)
    text_form = FormTextForm(request.POST or None, initial={"title": shown.title, "body": shown.body})
    if request.method == "POST" and text_form.is_valid():
        try:
            services.form_publish(actor=user, practice=practice, pack=pack, form=form, **text_form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(text_form, exc)
        else:
            messages.success(request, _("New version published. Clients will be asked to read it again."))
            return redirect("practice_protocol", practice_id=practice.pk)
    return render(request, "protocols/form_text.html", {"practice": practice, "shown": shown, "form": text_form},
                  status=400 if text_form.errors else 200)
