"""The reciprocity fund's pages, for the practice's admins only (anyone else gets 404): the balance, what came in
and went out, the transactions newest first a page at a time, recording a donation, reversing a transaction after
a confirmation, and the report by month as a page and a CSV file. Thin: each calls one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.accounts.current import request_user
from cocreate.accounts.models import Practice
from cocreate.equity import fund, fund_report
from cocreate.equity import fund_selectors as selectors
from cocreate.equity.fund_forms import FundDonationForm, FundReverseForm
from cocreate.equity.money import format_money
from cocreate.web.forms import add_service_errors


def _practice(request: HttpRequest, practice_id: int) -> Practice:
    return selectors.practice_of_fund(request_user(request), practice_id)


def _fund_page(request: HttpRequest, practice: Practice, form: FundDonationForm | None = None) -> HttpResponse:
    found = selectors.fund_in(practice)
    errors: list[str] = []
    try:
        before = selectors.parse_before(request.GET.get("before"))
    except ValidationError as exc:
        errors, before = exc.messages, None
    page = selectors.transactions(request_user(request), found, before=before)
    form = form or FundDonationForm()
    bad = bool(errors or form.errors)
    return render(request, "equity/fund.html", {
        "practice": practice, "fund": found, "totals": selectors.totals(found), "page": page,
        "paged": before is not None, "errors": errors, "form": form,
        "balance": format_money(found.balance, found.currency)}, status=400 if bad else 200)


@login_required
@require_GET
def fund_page(request: HttpRequest, practice_id: int) -> HttpResponse:
    return _fund_page(request, _practice(request, practice_id))


@login_required
@require_POST
def fund_donation(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice = _practice(request, practice_id)
    form = FundDonationForm(request.POST)
    if form.is_valid():
        try:
            made = fund.donation_record(actor=request_user(request), practice=practice,
                                        amount=form.cleaned_data["amount"], reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Recorded: a donation of %(amount)s.") % {
                "amount": format_money(made.amount, made.fund.currency)})
            return redirect("fund", practice_id=practice.pk)
    return _fund_page(request, practice, form)


@login_required
@require_http_methods(["GET", "POST"])
def fund_reverse(request: HttpRequest, practice_id: int, transaction_id: int) -> HttpResponse:
    """Confirm, with a reason, then write the counter-entry. One already reversed, or a reversal, shows why not."""
    practice = _practice(request, practice_id)
    found = selectors.fund_in(practice)
    row = selectors.transaction_in(found, transaction_id)
    if row is None:
        raise Http404
    form = FundReverseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            made = fund.transaction_reverse(actor=request_user(request), practice=practice,
                                            transaction_id=row.pk, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Reversed. The original stays in the ledger, marked as reversed."))
            return redirect(reverse("fund", args=[practice.pk]) + f"#t{made.pk}")
    return render(request, "equity/fund_reverse.html", {
        "practice": practice, "fund": found, "line": selectors.line_of(row), "form": form},
        status=400 if form.errors else 200)


def _report_year(request: HttpRequest, practice: Practice) -> tuple[int, list[str]]:
    try:
        return fund_report.year_of(practice, request.GET.get("year")), []
    except ValidationError as exc:
        return fund_report.year_of(practice, None), exc.messages


@login_required
@require_GET
def fund_report_page(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice = _practice(request, practice_id)
    year, errors = _report_year(request, practice)
    report = fund_report.month_report(practice, selectors.fund_in(practice), year)
    return render(request, "equity/fund_report.html", {
        "practice": practice, "report": report, "errors": errors, "first_year": fund_report.FIRST_YEAR,
        "last_year": fund_report.LAST_YEAR}, status=400 if errors else 200)


@login_required
@require_GET
def fund_report_csv(request: HttpRequest, practice_id: int) -> HttpResponse:
    """The report as a CSV file. It names no one: months and sums only."""
    practice = _practice(request, practice_id)
    year, errors = _report_year(request, practice)
    if errors:
        return fund_report_page(request, practice_id)
    report = fund_report.month_report(practice, selectors.fund_in(practice), year)
    response = HttpResponse(report.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    return response


urlpatterns: list[URLPattern] = [
    path("practices/<int:practice_id>/fund/", fund_page, name="fund"),
    path("practices/<int:practice_id>/fund/donations/", fund_donation, name="fund_donation"),
    path("practices/<int:practice_id>/fund/transactions/<int:transaction_id>/reverse/", fund_reverse,
         name="fund_reverse"),
    path("practices/<int:practice_id>/fund/report/", fund_report_page, name="fund_report"),
    path("practices/<int:practice_id>/fund/report.csv", fund_report_csv, name="fund_report_csv"),
]
