"""Web view of retention: a practice's staff read how long records are kept; its admins set it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cocreate.accounts import selectors as account_selectors
from cocreate.accounts.current import request_user
from cocreate.accounts.models import Role
from cocreate.audit import selectors, services
from cocreate.audit.forms import FOREVER, YEARS, RetentionForm
from cocreate.web.forms import add_service_errors


@login_required
@require_http_methods(["GET", "POST"])
def practice_retention(request: HttpRequest, practice_id: int) -> HttpResponse:
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id)
    current = selectors.retention_of(practice)
    form = RetentionForm(request.POST or None, initial={
        "keep": FOREVER if current.years is None else YEARS, "years": current.years})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.retention_policy_set(actor=user, practice=practice,
                                          years=None if data["keep"] == FOREVER else data["years"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("How long records are kept is saved."))
            return redirect("practice_retention", practice_id=practice.pk)
    return render(request, "audit/retention.html", {
        "form": form, "practice": practice, "current": current,
        "is_admin": Role.ADMIN in account_selectors.roles_in(user, practice),
    }, status=400 if form.errors else 200)
