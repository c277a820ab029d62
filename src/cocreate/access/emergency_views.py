"""Web pages of emergency access: a clinical lead finds an engagement, states a reason, confirms, reads it for a
limited time and may end it early; the practice's leads and admins review every use."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cocreate.access import emergency
from cocreate.accounts import selectors as account_selectors
from cocreate.accounts.current import request_user
from cocreate.accounts.models import Role
from cocreate.web.forms import add_service_errors, small_int

PAGE = 50


class EmergencyReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why do you need to open this record now?"), min_length=emergency.REASON_MIN,
        max_length=emergency.TEXT_MAX,
        help_text=gettext_lazy("The client and their care team will read this, with your name, at once."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class EmergencyReviewForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Your review"), max_length=emergency.TEXT_MAX,
        help_text=gettext_lazy("Was the access needed, and kept to what was needed? Leads and admins of the "
                               "practice read this."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@login_required
@require_http_methods(["GET"])
def emergency_start(request: HttpRequest) -> HttpResponse:
    """Where a clinical lead begins: their practice's emergency page, or a choice when they lead in several."""
    practices = list(account_selectors.practices_for(request_user(request), roles=(Role.SUPERVISOR,)))
    if not practices:
        raise Http404
    if len(practices) == 1:
        return redirect("emergency_home", practice_id=practices[0].pk)
    return render(request, "access/emergency_start.html", {"practices": practices})


@login_required
@require_http_methods(["GET"])
def emergency_home(request: HttpRequest, practice_id: int) -> HttpResponse:
    user = request_user(request)
    practice = emergency.lead_practice(user, practice_id)
    query = request.GET.get("q", "")
    found = emergency.search(user, practice, query)
    mine = [g for g in emergency.open_grants_of(user) if g.practice_id == practice.pk]
    return render(request, "access/emergency_home.html", {
        "practice": practice, "query": query.strip()[:100], "found": found, "searched": bool(query.strip()),
        "mine": mine,
    })


@login_required
@require_http_methods(["GET", "POST"])
def emergency_open(request: HttpRequest, engagement_id: int) -> HttpResponse:
    """The reason form, then a confirmation that says again who will see it, then the record."""
    user = request_user(request)
    engagement = emergency.target_for(user, engagement_id)
    if emergency.open_grant(user, engagement) is not None:
        return redirect("engagement", engagement_id=engagement.pk)
    form = EmergencyReasonForm(request.POST or None)
    context = {"engagement": engagement, "reference": emergency.reference(engagement.pk), "form": form,
               "minutes": int(settings.EMERGENCY_ACCESS_TTL.total_seconds() // 60)}
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["confirmed"]:
            confirm = EmergencyReasonForm(initial={"reason": form.cleaned_data["reason"], "confirmed": True})
            confirm.fields["reason"].widget = forms.HiddenInput()
            return render(request, "access/emergency_confirm.html",
                          {**context, "form": confirm, "reason": form.cleaned_data["reason"]})
        try:
            grant = emergency.emergency_access_open(actor=user, engagement=engagement,
                                                    reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.warning(request, _("Emergency access is open until %(until)s. Every page you read is recorded "
                                        "with your reason.")
                             % {"until": timezone.localtime(grant.expires_at).strftime("%H:%M")})
            return redirect("engagement", engagement_id=engagement.pk)
    return render(request, "access/emergency_open.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["POST"])
def emergency_end(request: HttpRequest, engagement_id: int) -> HttpResponse:
    grant = emergency.emergency_access_end(actor=request_user(request), engagement_id=engagement_id)
    messages.success(request, _("Emergency access ended."))
    return redirect("emergency_home", practice_id=grant.practice_id)


def _review_page(request: HttpRequest, practice_id: int, *, form_for: int | None = None,
                 form: EmergencyReviewForm | None = None, status: int = 200) -> HttpResponse:
    user = request_user(request)
    practice = emergency.review_practice(user, practice_id)
    number = small_int(request.GET.get("page")) or 1
    rows, total = emergency.review_list(practice, offset=(number - 1) * PAGE, limit=PAGE)
    is_lead = Role.SUPERVISOR in account_selectors.roles_in(user, practice)
    return render(request, "access/emergency_review.html", {
        "practice": practice, "rows": rows, "total": total, "is_lead": is_lead, "user_id": user.pk,
        "page": number, "has_next": number * PAGE < total, "has_previous": number > 1,
        "form_for": form_for, "review_form": form, "blank_form": EmergencyReviewForm(),
    }, status=status)


@login_required
@require_http_methods(["GET"])
def emergency_review(request: HttpRequest, practice_id: int) -> HttpResponse:
    return _review_page(request, practice_id)


@login_required
@require_http_methods(["POST"])
def emergency_review_add(request: HttpRequest, practice_id: int, grant_id: int) -> HttpResponse:
    user = request_user(request)
    practice = emergency.lead_practice(user, practice_id)
    grant = emergency.grant_in(practice, grant_id)
    form = EmergencyReviewForm(request.POST)
    if form.is_valid():
        try:
            emergency.emergency_access_review(actor=user, grant=grant, comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your review of %(ref)s is recorded.")
                             % {"ref": emergency.reference(grant.engagement_id)})
            return redirect("emergency_review", practice_id=practice.pk)
    return _review_page(request, practice_id, form_for=grant.pk, form=form, status=400)
