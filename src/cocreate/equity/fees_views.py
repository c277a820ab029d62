"""Web pages of an engagement's fees: every session's fee, paid, from the fund and still to pay, with receipts and
monthly statements (PDF) for the client and the care team; for the practice's admins on the care team, recording a
payment, reversing one (after confirming) and paying part of a session from the reciprocity fund. A refused write
shows the page again with what was typed and the problem named, and saves nothing."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.access.policy import EngagementAccess, ReasonRequired
from cocreate.accounts.current import request_user
from cocreate.equity import fees, receipts, tiers_views
from cocreate.equity.fees_forms import PaymentForm, ReverseForm, SubsidyForm
from cocreate.web.forms import add_service_errors

E = "engagements/<int:engagement_id>/fees/"


def _access(request: HttpRequest, engagement_id: int, *, read: bool) -> EngagementAccess | HttpResponse:
    try:
        return fees.fees_for(request_user(request), engagement_id, read=read)
    except ReasonRequired:
        messages.info(request, _("State a reason for supervision access first."))
        return redirect("supervision")


def _page(request: HttpRequest, access: EngagementAccess, *, forms: dict[str, Any] | None = None,
          status: int = 200) -> HttpResponse:
    forms = forms or {}
    actor = request_user(request)
    shown = fees.engagement_fees(access)
    recorder = fees.may_record(actor, access)
    rows = []
    for line in shown.lines:
        key = str(line.session.pk)
        rows.append({
            "line": line, "fee": shown.money(line.fee), "paid": shown.money(line.paid),
            "subsidy": shown.money(line.subsidy), "to_pay": shown.money(line.to_pay),
            "to_fund": shown.money(line.to_fund) if line.to_fund else "",
            "payments": [(p, shown.money(abs(p.amount))) for p in line.payments],
            "reversed": {p.reverses_id for p in line.payments if p.reverses_id},
            "payment_form": forms.get("payment-" + key) or (
                PaymentForm(auto_id=f"pay-{key}-%s") if recorder else None),
            "subsidy_form": forms.get("subsidy-" + key) or (
                SubsidyForm(auto_id=f"sub-{key}-%s") if recorder else None),
        })
    return render(request, "equity/fees.html", {
        "engagement": access.engagement, "fees": shown, "rows": rows, "is_client": access.is_client,
        "may_record": recorder, "months": fees.months_with_sessions(shown),
    }, status=status)


def _shown_again(request: HttpRequest, engagement_id: int, forms: dict[str, Any]) -> HttpResponse:
    access = fees.fees_for(request_user(request), engagement_id)  # showing the page back is a read too
    return _page(request, access, forms=forms, status=400)


@login_required
@require_GET
def fees_page(request: HttpRequest, engagement_id: int) -> HttpResponse:
    access = _access(request, engagement_id, read=True)
    return access if isinstance(access, HttpResponse) else _page(request, access)


@login_required
@require_POST
def payment_new(request: HttpRequest, engagement_id: int, session_id: int) -> HttpResponse:
    access = _access(request, engagement_id, read=False)
    if isinstance(access, HttpResponse):
        return access
    fees.require_recorder(request_user(request), access)
    form = PaymentForm(request.POST, auto_id=f"pay-{session_id}-%s")
    if form.is_valid():
        try:
            fees.payment_record(actor=request_user(request), access=access, session_id=session_id,
                                amount=form.cleaned_data["amount"], note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The payment is recorded."))
            return redirect(fees.fees_url(engagement_id, f"session-{session_id}"))
    return _shown_again(request, engagement_id, {f"payment-{session_id}": form})


@login_required
@require_POST
def subsidy_new(request: HttpRequest, engagement_id: int, session_id: int) -> HttpResponse:
    access = _access(request, engagement_id, read=False)
    if isinstance(access, HttpResponse):
        return access
    fees.require_recorder(request_user(request), access)
    form = SubsidyForm(request.POST, auto_id=f"sub-{session_id}-%s")
    if form.is_valid():
        try:
            fees.session_subsidy_grant(actor=request_user(request), access=access, session_id=session_id,
                                       amount=form.cleaned_data["amount"], reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The reciprocity fund pays this part of the session."))
            return redirect(fees.fees_url(engagement_id, f"session-{session_id}"))
    return _shown_again(request, engagement_id, {f"subsidy-{session_id}": form})


@login_required
@require_http_methods(["GET", "POST"])
def payment_reverse(request: HttpRequest, engagement_id: int, payment_id: int) -> HttpResponse:
    access = _access(request, engagement_id, read=request.method == "GET")
    if isinstance(access, HttpResponse):
        return access
    actor = request_user(request)
    fees.require_recorder(actor, access)
    every = [p for line in fees.engagement_fees(access).lines for p in line.payments]
    payment = next((p for p in every if p.pk == payment_id), None)
    if payment is None:
        raise Http404
    form = ReverseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                fees.payment_reverse(actor=actor, access=access, payment_id=payment.pk,
                                     note=form.cleaned_data["note"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The payment is reversed. The record of it stays, marked as reversed."))
                return redirect(fees.fees_url(engagement_id, f"session-{payment.session_id}"))
        status = 400
    return render(request, "equity/fees_reverse.html", {
        "engagement": access.engagement, "payment": payment, "form": form,
        "amount": fees.Fees(access.engagement, payment.currency, None, []).money(payment.amount),
        "is_reversal": payment.reverses_id is not None, "already": any(p.reverses_id == payment.pk for p in every),
    }, status=status)


def _pdf(body: bytes, name: str) -> FileResponse:
    return FileResponse(io.BytesIO(body), content_type="application/pdf", filename=name)


@login_required
@require_GET
def receipt(request: HttpRequest, engagement_id: int, session_id: int) -> HttpResponse | FileResponse:
    access = _access(request, engagement_id, read=True)
    if isinstance(access, HttpResponse):
        return access
    shown, line = fees.session_line(access, session_id)
    return _pdf(receipts.receipt_pdf(shown, line), f"receipt-{line.receipt_number}.pdf")


@login_required
@require_GET
def statement(request: HttpRequest, engagement_id: int, year: int, month: int) -> HttpResponse | FileResponse:
    fees.month_bounds(year, month)  # 404 for a month that is no month, before anything is read
    access = _access(request, engagement_id, read=True)
    if isinstance(access, HttpResponse):
        return access
    shown = fees.month_fees(access, year, month)
    first = fees.month_bounds(year, month)[0].date()
    return _pdf(receipts.statement_pdf(shown, first), f"statement-{year}-{month:02d}.pdf")


urlpatterns: list[URLPattern] = [
    *tiers_views.urlpatterns,
    path(E, fees_page, name="equity_fees"),
    path(E + "sessions/<int:session_id>/payments/", payment_new, name="equity_fees_payment"),
    path(E + "sessions/<int:session_id>/subsidy/", subsidy_new, name="equity_fees_subsidy"),
    path(E + "sessions/<int:session_id>/receipt.pdf", receipt, name="equity_fees_receipt"),
    path(E + "payments/<int:payment_id>/reverse/", payment_reverse, name="equity_fees_reverse"),
    path(E + "statements/<int:year>/<int:month>.pdf", statement, name="equity_fees_statement"),
]
