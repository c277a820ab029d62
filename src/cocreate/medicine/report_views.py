"""Web views of the state reports: the client's page for Oregon's data collection, and a practice's quarterly
reports with their CSV downloads (its facilitators and admins). Thin: each calls one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cocreate.access.policy import EngagementAccess, NotAllowed, Relation
from cocreate.accounts import selectors as account_selectors
from cocreate.accounts.current import request_user
from cocreate.accounts.models import Practice
from cocreate.care.views import with_engagement
from cocreate.medicine import reports
from cocreate.medicine.forms import StateDataForm
from cocreate.medicine.oregon_data import QUESTIONS, words
from cocreate.medicine.state_data import asks_state_data, state_data_latest, state_data_set
from cocreate.web.forms import add_service_errors


@with_engagement("state data")
@require_http_methods(["GET", "POST"])
def state_data(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    if not asks_state_data(access):
        raise Http404
    is_client = access.relation is Relation.CLIENT
    latest = state_data_latest(access)
    form = StateDataForm(request.POST if request.method == "POST" else None, latest=latest)
    if request.method == "POST":
        if not is_client:
            raise NotAllowed(_("Only the client gives or withholds this."))
        if form.is_valid():
            try:
                state_data_set(actor=request_user(request), access=access,
                               opted_out=form.cleaned_data["opted_out"], **form.answers())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved. You have opted out: none of this is reported about you.")
                                 if form.cleaned_data["opted_out"] else _("Saved. Thank you."))
                return redirect("state_data", engagement_id=access.engagement.pk)
    answers = [(q.asked, words(q, getattr(latest, q.key)) if latest else "") for q in QUESTIONS]
    return render(request, "medicine/state_data.html", {
        "engagement": access.engagement, "is_client": is_client, "latest": latest, "form": form,
        "answers": answers}, status=400 if form.errors else 200)


def _practice(request: HttpRequest, practice_id: int) -> Practice:
    """A practice where the reader is a facilitator or an admin; 404 otherwise."""
    return account_selectors.practice_for(request_user(request), practice_id, roles=reports.READERS)


def _quarter(request: HttpRequest, practice: Practice) -> reports.Quarter:
    """The quarter asked for; with neither year nor quarter given, the last complete one."""
    year, number = request.GET.get("year"), request.GET.get("quarter")
    if year is None and number is None:
        return reports.last_complete(practice)
    return reports.quarter_of(practice, year or "", number or "")


def _page(request: HttpRequest, practice: Practice, quarter: reports.Quarter, errors: list[str]) -> HttpResponse:
    return render(request, "medicine/reports.html", {
        "practice": practice, "quarter": quarter, "errors": errors, "titles": reports.TITLES.items(),
        "first_year": reports.FIRST_YEAR, "last_year": reports.LAST_YEAR,
        "summary": None if errors else reports.oregon_summary(practice, quarter)}, status=400 if errors else 200)


@login_required
@require_GET
def practice_reports(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice = _practice(request, practice_id)
    try:
        quarter = _quarter(request, practice)
    except ValidationError as exc:
        return _page(request, practice, reports.last_complete(practice), exc.messages)
    return _page(request, practice, quarter, [])


@login_required
@require_GET
def report_download(request: HttpRequest, practice_id: int, report: str) -> HttpResponse:
    """The report as a CSV file. Nothing is recorded per client: no row names anyone."""
    practice = _practice(request, practice_id)
    if report not in reports.REPORTS:
        raise Http404
    try:
        quarter = _quarter(request, practice)
    except ValidationError as exc:
        return _page(request, practice, reports.last_complete(practice), exc.messages)
    found = reports.report(practice, report, quarter)
    response = HttpResponse(found.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    return response
