"""Web views of reminders: a person's own choice, a practice's times, and the page a reminder opens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cocreate.access.policy import EngagementAccess, Relation
from cocreate.accounts import selectors as account_selectors
from cocreate.accounts.current import request_user
from cocreate.accounts.models import Role
from cocreate.care.views import with_engagement
from cocreate.reminders import selectors, services
from cocreate.reminders.forms import OWN, PRACTICE, PracticeTimesForm, PreferenceForm
from cocreate.reminders.offsets import as_text, words
from cocreate.web.forms import add_service_errors


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    current = selectors.preference_of(user)
    form = PreferenceForm(request.POST or None, initial={
        "enabled": current.enabled, "show_kind": current.show_kind,
        "times": PRACTICE if current.offsets is None else OWN, "own": as_text(current.offsets or [])})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reminder_preference_set(actor=user, enabled=data["enabled"], offsets=data["offsets"],
                                             show_kind=data["show_kind"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Reminder choices saved."))
            return redirect("reminder_preferences")
    practices = account_selectors.practices_for(user).order_by("name")
    times = selectors.offsets_for(user)
    return render(request, "reminders/preferences.html", {
        "form": form, "practices": [(p, ", ".join(words(m) for m in times.get(p.pk, []))) for p in practices],
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def practice_times(request: HttpRequest, practice_id: int) -> HttpResponse:
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id)
    is_admin = Role.ADMIN in account_selectors.roles_in(user, practice)
    form = PracticeTimesForm(request.POST or None,
                             initial={"offsets": as_text(selectors.practice_offsets(practice))})
    if request.method == "POST" and form.is_valid():
        try:
            services.practice_reminders_set(actor=user, practice=practice, offsets=form.cleaned_data["offsets"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Reminder times saved."))
            return redirect("practice_reminders", practice_id=practice.pk)
    return render(request, "reminders/practice_times.html", {
        "form": form, "practice": practice, "is_admin": is_admin,
        "current": [words(m) for m in selectors.practice_offsets(practice)],
    }, status=400 if form.errors else 200)


@with_engagement("session reminder")
@require_GET
def session_reminder(request: HttpRequest, access: EngagementAccess, session_id: int) -> HttpResponse:
    page = selectors.before_session(access, session_id)
    return render(request, "reminders/session.html", {
        "engagement": access.engagement, "page": page, "session": page.session,
        "is_client": access.relation is Relation.CLIENT,
    })
