"""Web pages of what steadies the client and of their action steps: one page with the client's list (add, change,
take off, put back, "I used it") and the steps of the agreed integration plan with their check-ins. The care team
and a supervisor read it; only the client writes. A refused write shows the page again with what was typed and
the problem named, and saves nothing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cocreate.access.policy import Action, EngagementAccess
from cocreate.accounts.current import request_user
from cocreate.care.forms import readers_of
from cocreate.care.models import Phase
from cocreate.care.views import with_engagement
from cocreate.integration import resources as found
from cocreate.integration.models import TEXT_MAX, Helped, StepStatus
from cocreate.integration.selectors import seen
from cocreate.web.forms import add_service_errors, small_int, tell_readers

E = "engagements/<int:engagement_id>/integration/"


class ResourceForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("What steadies you"), max_length=found.NAME_MAX,
                           help_text=gettext_lazy("A few words: a walk, a song, calling a friend."),
                           error_messages={"required": found.NAME_ASK})
    how = forms.CharField(label=gettext_lazy("How you do it (if you like)"), max_length=TEXT_MAX, required=False,
                          widget=forms.Textarea(attrs={"rows": 2}))


class UseForm(forms.Form):
    used_on = forms.DateField(label=gettext_lazy("Which day"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}),
                              help_text=gettext_lazy("Leave it empty for today."))
    helped = forms.ChoiceField(label=gettext_lazy("Did it help?"), required=False, widget=forms.RadioSelect,
                               choices=[("", gettext_lazy("I'd rather leave it unsaid")), *Helped.choices])


class CheckInForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("How is it going?"), widget=forms.RadioSelect,
                               choices=StepStatus.choices,
                               error_messages={"required": gettext_lazy("Choose how it is going.")})
    note = forms.CharField(label=gettext_lazy("A note (if you like)"), max_length=TEXT_MAX, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=gettext_lazy("Nothing here needs a reason, letting a step go included."))


def _resource_form(access: EngagementAccess, key: str, data: Any = None, initial: Any = None) -> ResourceForm:
    return tell_readers(ResourceForm(data, initial=initial, auto_id=f"{key}-%s"), readers_of(access), "name", "how")


def _checkin_form(access: EngagementAccess, number: int, data: Any = None) -> CheckInForm:
    return tell_readers(CheckInForm(data, auto_id=f"step-{number}-%s"), readers_of(access), "note")


def _page(request: HttpRequest, access: EngagementAccess, *, failed: str = "", back: forms.Form | None = None,
          status: int = 200) -> HttpResponse:
    """The page; `failed` names the form shown back with what was typed and its errors."""
    mine = access.is_client
    rows = found.resources(access)
    plan = found.plan_with_checkins(access)

    def again(key: str) -> forms.Form | None:
        return back if failed == key else None

    items = []
    for row in rows:
        r = row.resource
        edit = again(f"edit-{r.pk}") or (_resource_form(access, f"edit-{r.pk}", initial={"name": r.name, "how": r.how})
                                         if mine else None)
        use = again(f"use-{r.pk}") or (UseForm(auto_id=f"use-{r.pk}-%s") if mine else None)
        items.append((row, edit, use, again(f"restore-{r.pk}")))
    steps = [(step, again(f"step-{step.number}") or (_checkin_form(access, step.number) if mine else None))
             for step in (plan.steps if plan else [])]
    writable = mine and access.engagement.phase != Phase.CLOSED
    # A refusal whose form is not on the page (the engagement closed meanwhile, the step left the plan) is shown
    # at the top of its section.
    about_steps = failed.startswith("step")
    context = {
        "engagement": access.engagement, "access": access, "is_client": mine, "writable": writable,
        "list_errors": _all_errors(back) if failed and not about_steps and (failed == "list" or not writable)
        else [],
        "on_list": [i for i in items if i[0].resource.retired_at is None],
        "off_list": [i for i in items if i[0].resource.retired_at is not None],
        "add_form": again("add") or (_resource_form(access, "add") if mine else None),
        "recent_uses": found.uses(access), "undo_since": timezone.now() - found.UNDO_WITHIN, "plan": plan,
        "steps": steps,
        "step_errors": _all_errors(back) if about_steps and (failed == "step" or not writable) else [],
        # a note typed for a step no longer on the page is shown back, to keep or copy
        "lost_note": str(back.data.get("note", "")).strip()
        if back is not None and about_steps and (failed == "step" or not writable) else "",
        "history": found.checkins(access), "history_max": found.HISTORY,
        "can_propose": access.may(Action.PROPOSE) and access.engagement.phase != Phase.CLOSED,
    }
    return render(request, "integration/resources.html", context, status=status)


def _all_errors(form: forms.Form | None) -> list[str]:
    return [str(e) for errors in (form.errors.values() if form is not None else []) for e in errors]


def _refused(exc: ValidationError) -> forms.Form:
    """A form holding only a refusal, for an action with nothing typed (putting a resource back)."""
    form = forms.Form({})
    form.full_clean()
    form.add_error(None, exc.messages)
    return form


@with_engagement("resources")
@require_GET
def integration_resources(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    seen(request_user(request), access, "integration plan check-ins")
    return _page(request, access)


def _shown_again(request: HttpRequest, access: EngagementAccess, failed: str, form: forms.Form) -> HttpResponse:
    # Showing the page back is a read too.
    user = request_user(request)
    seen(user, access, "resources")
    seen(user, access, "integration plan check-ins")
    return _page(request, access, failed=failed, back=form, status=400)


def _back(access: EngagementAccess, anchor: str) -> HttpResponse:
    return redirect(found.resources_url(access, anchor))


@with_engagement(None)
@require_POST
def resource_add(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    form = _resource_form(access, "add", request.POST)
    if form.is_valid():
        try:
            resource = found.resource_add(actor=request_user(request), access=access, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("“%(name)s” is on your list.") % {"name": resource.name})
            return _back(access, f"resource-{resource.pk}")
    return _shown_again(request, access, "add", form)


@with_engagement(None)
@require_POST
def resource_edit(request: HttpRequest, access: EngagementAccess, resource_id: int) -> HttpResponse:
    resource = found.resource_in(access, resource_id)
    key = f"edit-{resource.pk}"
    form = _resource_form(access, key, request.POST)
    if form.is_valid():
        try:
            found.resource_edit(actor=request_user(request), access=access, resource=resource, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return _back(access, f"resource-{resource.pk}")
    return _shown_again(request, access, key, form)


@with_engagement(None)
@require_POST
def resource_retire(request: HttpRequest, access: EngagementAccess, resource_id: int) -> HttpResponse:
    try:
        resource = found.resource_retire(actor=request_user(request), access=access,
                                         resource=found.resource_in(access, resource_id))
    except ValidationError as exc:
        return _shown_again(request, access, "list", _refused(exc))
    messages.success(request, _("“%(name)s” is off your list. Its check-ins are kept, and you can put it back.")
                     % {"name": resource.name})
    return _back(access, "off-list")


@with_engagement(None)
@require_POST
def resource_restore(request: HttpRequest, access: EngagementAccess, resource_id: int) -> HttpResponse:
    resource = found.resource_in(access, resource_id)
    try:
        found.resource_restore(actor=request_user(request), access=access, resource=resource)
    except ValidationError as exc:
        return _shown_again(request, access, f"restore-{resource.pk}", _refused(exc))
    messages.success(request, _("“%(name)s” is back on your list.") % {"name": resource.name})
    return _back(access, f"resource-{resource.pk}")


@with_engagement(None)
@require_POST
def resource_use(request: HttpRequest, access: EngagementAccess, resource_id: int) -> HttpResponse:
    resource = found.resource_in(access, resource_id)
    key = f"use-{resource.pk}"
    form = UseForm(request.POST, auto_id=f"{key}-%s")
    if form.is_valid():
        try:
            use = found.resource_use(actor=request_user(request), access=access, resource=resource,
                                     used_on=form.cleaned_data["used_on"], helped=form.cleaned_data["helped"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            said = f" ({use.get_helped_display().lower()})" if use.helped else ""
            messages.success(request, _("Noted: you used “%(name)s” on %(day)s%(said)s.")
                             % {"name": resource.name, "day": date_format(use.used_on, "j M"), "said": said})
            return _back(access, f"resource-{resource.pk}")
    return _shown_again(request, access, key, form)


@with_engagement(None)
@require_POST
def resource_use_undo(request: HttpRequest, access: EngagementAccess, use_id: int) -> HttpResponse:
    try:
        use = found.resource_use_undo(actor=request_user(request), access=access, use_id=use_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(access, "uses")
    messages.success(request, _("Taken back: the check-in of “%(name)s” on %(day)s is gone.")
                     % {"name": use.resource.name, "day": date_format(use.used_on, "j M")})
    return _back(access, "uses")


@with_engagement(None)
@require_POST
def step_checkin(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    number = small_int(request.POST.get("number"), digits=3)
    key = f"step-{number}" if number else "step"
    form = _checkin_form(access, number or 0, request.POST)
    if form.is_valid():
        try:
            checkin = found.step_checkin(actor=request_user(request), access=access,
                                         step=request.POST.get("step", ""), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you. Your care team can see how “%(step)s” is going.")
                             % {"step": checkin.step})
            return _back(access, f"step-{number}" if number else "steps")
    plan = found.agreed_plan(access)
    posted = request.POST.get("step", "")
    if plan is None or not any(s.number == number and found.same_step(s.step, posted) for s in plan.steps):
        key = "step"  # the step is no longer where the page showed it: its problem is shown above the steps
    return _shown_again(request, access, key, form)


urlpatterns: list[URLPattern] = [
    path(E + "resources/", integration_resources, name="integration_resources"),
    path(E + "resources/add/", resource_add, name="integration_resource_add"),
    path(E + "resources/<int:resource_id>/edit/", resource_edit, name="integration_resource_edit"),
    path(E + "resources/<int:resource_id>/retire/", resource_retire, name="integration_resource_retire"),
    path(E + "resources/<int:resource_id>/restore/", resource_restore, name="integration_resource_restore"),
    path(E + "resources/<int:resource_id>/use/", resource_use, name="integration_resource_use"),
    path(E + "resources/uses/<int:use_id>/undo/", resource_use_undo, name="integration_resource_use_undo"),
    path(E + "steps/check-in/", step_checkin, name="integration_step_checkin"),
]
