"""The practice's fees page: its tiers with their guidance and fees, for every member of the practice to read; for
its admins, the currency, the default tiers (when there are none), a tier's changes and retiring one (after
confirming). A refused write shows the page again with what was typed and the problem named."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocreate.access.policy import NotAllowed
from cocreate.accounts import selectors as account_selectors
from cocreate.accounts.current import request_user
from cocreate.accounts.models import Practice, Role
from cocreate.care.models import SessionKind
from cocreate.equity import tiers
from cocreate.equity.fees_forms import ConfirmForm, CurrencyForm, TierForm
from cocreate.equity.money import format_money
from cocreate.web.forms import add_service_errors

MEMBERS = (Role.CLIENT, Role.FACILITATOR, Role.ADMIN, Role.SUPERVISOR)
P = "practices/<int:practice_id>/fees/"


def _practice(request: HttpRequest, practice_id: int) -> tuple[Practice, bool]:
    actor = request_user(request)
    practice = account_selectors.practice_for(actor, practice_id, roles=MEMBERS)
    return practice, Role.ADMIN in account_selectors.roles_in(actor, practice)


def _tier_form(tier: Any = None, data: Any = None) -> TierForm:
    prefix = f"tier-{tier.pk}" if tier is not None else "new"
    initial = {}
    if tier is not None:
        initial = {"name": tier.name, "guidance": tier.guidance, "position": tier.position,
                   **{f"fee_{f.session_kind}": f"{f.amount // 100}.{f.amount % 100:02d}" for f in tier.fees.all()}}
    return TierForm(data, initial=initial, auto_id=f"{prefix}-%s")


def _page(request: HttpRequest, practice: Practice, is_admin: bool, *, forms: dict[str, Any] | None = None,
          status: int = 200) -> HttpResponse:
    forms = forms or {}
    currency = tiers.currency_of(practice)
    every = tiers.all_tiers(practice) if is_admin else tiers.offered_tiers(practice)
    rows: list[dict[str, Any]] = [
        {"tier": t, "fees": [(SessionKind(f.session_kind).label, format_money(f.amount, currency))
                             for f in t.fees.all()],
             "form": forms.get(f"tier-{t.pk}") or (_tier_form(t) if is_admin and not t.retired else None)}
            for t in every]
    return render(request, "equity/tiers.html", {
        "practice": practice, "is_admin": is_admin, "currency": currency, "rows": rows,
        "offered": [r for r in rows if not r["tier"].retired], "retired": [r for r in rows if r["tier"].retired],
        "currency_form": forms.get("currency") or (CurrencyForm(initial={"currency": currency}) if is_admin
                                                   else None),
        "new_form": forms.get("new") or (_tier_form() if is_admin else None),
        "defaults": [(str(_(d.name)), str(_(d.guidance)), d.share) for d in tiers.DEFAULT_TIERS],
    }, status=status)


def _url(practice: Practice, anchor: str = "") -> str:
    return reverse("equity_tiers", args=[practice.pk]) + (f"#{anchor}" if anchor else "")


@login_required
@require_http_methods(["GET"])
def tiers_page(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice, is_admin = _practice(request, practice_id)
    return _page(request, practice, is_admin)


@login_required
@require_POST
def currency_set(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice, is_admin = _practice(request, practice_id)
    form = CurrencyForm(request.POST)
    if form.is_valid():
        try:
            tiers.fee_currency_set(actor=request_user(request), practice=practice,
                                   currency=form.cleaned_data["currency"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The currency is saved."))
            return redirect(_url(practice, "currency"))
    return _page(request, practice, is_admin, forms={"currency": form}, status=400)


@login_required
@require_POST
def defaults_load(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice, is_admin = _practice(request, practice_id)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            tiers.tiers_load_defaults(actor=request_user(request), practice=practice)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return _page(request, practice, is_admin, status=400)
        messages.success(request, _("The three default tiers are loaded. Change their fees to your own costs."))
        return redirect(_url(practice, "tiers"))
    messages.error(request, _("Nothing was loaded: use the button on this page."))
    return _page(request, practice, is_admin, status=400)


def _save(request: HttpRequest, practice_id: int, tier_id: int | None) -> HttpResponse:
    practice, is_admin = _practice(request, practice_id)
    tier = None
    if tier_id is not None:
        tier = next((t for t in tiers.all_tiers(practice) if t.pk == tier_id and not t.retired), None)
        if tier is None:
            raise Http404
    form = _tier_form(tier, request.POST)
    if form.is_valid():
        try:
            saved = tiers.tier_save(actor=request_user(request), practice=practice, tier_id=tier_id,
                                    name=form.cleaned_data["name"], guidance=form.cleaned_data["guidance"],
                                    position=form.cleaned_data["position"], fees=form.fees())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The tier “%(name)s” is saved.") % {"name": saved.name})
            return redirect(_url(practice, f"tier-{saved.pk}"))
    return _page(request, practice, is_admin, forms={f"tier-{tier_id}" if tier_id else "new": form}, status=400)


@login_required
@require_POST
def tier_new(request: HttpRequest, practice_id: int) -> HttpResponse:
    return _save(request, practice_id, None)


@login_required
@require_POST
def tier_edit(request: HttpRequest, practice_id: int, tier_id: int) -> HttpResponse:
    return _save(request, practice_id, tier_id)


@login_required
@require_http_methods(["GET", "POST"])
def tier_retire(request: HttpRequest, practice_id: int, tier_id: int) -> HttpResponse:
    practice, is_admin = _practice(request, practice_id)
    tier = next((t for t in tiers.all_tiers(practice) if t.pk == tier_id), None)
    if tier is None or (tier.retired and not is_admin):
        raise Http404
    if not is_admin:
        raise NotAllowed(_("Only the practice's admins set its fees."))
    form = ConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                tiers.tier_retire(actor=request_user(request), practice=practice, tier_id=tier.pk)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("“%(name)s” is retired: no one can choose it now; fees already "
                                            "agreed at it stay as they are.") % {"name": tier.name})
                return redirect(_url(practice, "tiers"))
        status = 400
    return render(request, "equity/tiers_retire.html", {"practice": practice, "tier": tier, "form": form,
                                                         "is_admin": is_admin}, status=status)


urlpatterns: list[URLPattern] = [
    path(P, tiers_page, name="equity_tiers"),
    path(P + "currency/", currency_set, name="equity_tiers_currency"),
    path(P + "defaults/", defaults_load, name="equity_tiers_defaults"),
    path(P + "tiers/new/", tier_new, name="equity_tier_new"),
    path(P + "tiers/<int:tier_id>/", tier_edit, name="equity_tier_edit"),
    path(P + "tiers/<int:tier_id>/retire/", tier_retire, name="equity_tier_retire"),
]
