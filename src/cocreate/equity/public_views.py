"""Web pages of a practice's open door: the public page at /p/<slug>/ with its matching and request form (no
account needed), and the practice's side: the page's settings, each facilitator's listing, and the requests."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.access.policy import NotAllowed
from cocreate.accounts import selectors as account_selectors
from cocreate.accounts.current import request_user
from cocreate.accounts.models import Role
from cocreate.equity import public, public_requests, tiers
from cocreate.equity.models import ConsultationRequest, RequestState, TimeOfWeek
from cocreate.equity.money import format_money
from cocreate.equity.public_forms import AcceptForm, DeclineForm, ListingForm, PublicPageForm, RequestForm
from cocreate.web.forms import add_service_errors, set_choices


def _fees(practice: Any) -> list[dict[str, Any]]:
    currency = tiers.currency_of(practice)
    return [{"tier": t, "fees": [(f.get_session_kind_display(), format_money(f.amount, currency))
                                 for f in t.fees.all()]} for t in tiers.offered_tiers(practice)]


# The page anyone reads.

@require_GET
def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    found = public.page_for(request.user, slug)
    offered = tiers.offered_tiers(found.practice)
    cards = public.cards(found.practice)
    wish = public.wish_from(request.GET, [t.pk for t in offered])
    query = urlencode({k: request.GET.getlist(k) for k in ("language", "modality", "time", "tier", "words")
                       if request.GET.getlist(k)}, doseq=True)
    context = {
        "page": found.page, "practice": found.practice, "preview": found.preview,
        "matches": public.matched(cards, wish, offered), "options": public.options(cards), "wish": wish,
        "times": TimeOfWeek.choices, "fees": _fees(found.practice), "offered": offered, "query": query,
        "asked": not wish.empty,
    }
    cacheable = not found.preview and not request.user.is_authenticated
    if cacheable:
        # Nothing on the page posts (matching is a GET; the request form is its own page, with its token), so it
        # asks for no CSRF token: base.html's htmx header would otherwise set a cookie on a response caches keep.
        context["csrf_token"] = ""
    response = render(request, "equity/public_page.html", context)
    if cacheable:
        response["Cache-Control"] = "public, max-age=60"  # nothing on it is anyone's own; kept briefly
    return response


def _request_form(request: HttpRequest, page: Any, data: Any = None) -> RequestForm:
    initial = {"facilitator": request.GET.get("facilitator", ""), "tier": request.GET.get("tier", "")}
    form = RequestForm(data, initial=initial)
    set_choices(form, "facilitator", [("", _("No one in particular"))] + [
        (c.person.pk, c.person.name) for c in public.cards(page.practice)])
    set_choices(form, "tier", [("", _("Not sure yet"))] + [(t.pk, t.name) for t in tiers.offered_tiers(page.practice)])
    return form


def _request_page(request: HttpRequest, page: Any, form: RequestForm, status: int = 200) -> HttpResponse:
    return render(request, "equity/public_request.html", {
        "page": page, "practice": page.practice, "form": form, "query": request.GET.urlencode(),
    }, status=status)


@require_http_methods(["GET", "POST"])
def public_request(request: HttpRequest, slug: str) -> HttpResponse:
    """The consultation request form: no account; what they chose on the page comes along in the query."""
    page = public.published_page(slug)
    if not page.accepts_requests:
        return render(request, "equity/public_closed.html", {"page": page, "practice": page.practice}, status=200)
    if request.method == "GET":
        return _request_page(request, page, _request_form(request, page))
    if public_requests.too_big(request.META.get("CONTENT_LENGTH")):
        return render(request, "equity/public_limited.html", {"page": page, "practice": page.practice,
                                                              "too_big": True}, status=413)
    form = _request_form(request, page, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        wish = public.wish_from(request.GET, [t.pk for t in tiers.offered_tiers(page.practice)])
        try:
            public_requests.request_create(
                page=page, address=request.META.get("REMOTE_ADDR", ""), email=data["email"], name=data["name"],
                message=data["message"], facilitator_id=data["facilitator"], tier_id=data["tier"],
                preferences=public.wish_as_preferences(wish), trap=data["website"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except public_requests.RateLimited:
            return render(request, "equity/public_limited.html", {"page": page, "practice": page.practice},
                          status=429)
        else:
            return redirect("equity_public_sent", slug=page.slug)
    return _request_page(request, page, form, status=400)


@require_GET
def public_sent(request: HttpRequest, slug: str) -> HttpResponse:
    page = public.published_page(slug)
    return render(request, "equity/public_sent.html", {"page": page, "practice": page.practice})


# The practice's side.

@login_required
@require_http_methods(["GET", "POST"])
def page_settings(request: HttpRequest, practice_id: int) -> HttpResponse:
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id, roles=(Role.ADMIN,))
    current = public.page_settings(practice)
    form = PublicPageForm(request.POST or None, initial={
        "slug": current.slug, "published": current.published, "about": current.about, "offers": current.offers,
        "who_reads": current.who_reads, "accepts_requests": current.accepts_requests})
    if request.method == "POST" and form.is_valid():
        try:
            saved = public.public_page_save(actor=user, practice=practice, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Public page saved: published.") if saved.published
                             else _("Public page saved. It is not published."))
            return redirect("equity_public_settings", practice_id=practice.pk)
    return render(request, "equity/public_settings.html",
                  {"practice": practice, "form": form, "current": current, "saved": current.pk is not None},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def listing(request: HttpRequest, practice_id: int) -> HttpResponse:
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id, roles=(Role.FACILITATOR,))
    current = public.own_listing(user, practice)
    form = ListingForm(request.POST or None, initial={
        "times": current.times if current else [], "lived_experience": current.lived_experience if current else "",
        "taking_clients": current.taking_clients if current else True,
        "tiers": [t.pk for t in current.tiers.all()] if current else []})
    set_choices(form, "tiers", [(t.pk, t.name) for t in tiers.offered_tiers(practice)])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            public.listing_save(actor=user, practice=practice, times=data["times"],
                                lived_experience=data["lived_experience"], taking_clients=data["taking_clients"],
                                tier_ids=data["tiers"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your listing is saved."))
            return redirect("equity_public_listing", practice_id=practice.pk)
    return render(request, "equity/public_listing.html",
                  {"practice": practice, "form": form, "page": public.page_of(practice)},
                  status=400 if form.errors else 200)


@login_required
@require_GET
def requests_list(request: HttpRequest, practice_id: int) -> HttpResponse:
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id)
    found = public_requests.requests_for(user, practice)
    return render(request, "equity/public_requests.html", {
        "practice": practice, "waiting": [r for r in found if r.state == RequestState.NEW],
        "answered": [r for r in found if r.state != RequestState.NEW]})


def _item_page(request: HttpRequest, found: ConsultationRequest, accept: AcceptForm | None = None,
               decline: DeclineForm | None = None, status: int = 200) -> HttpResponse:
    practice = found.practice
    return render(request, "equity/public_request_item.html", {
        "practice": practice, "r": found,
        "accept_form": accept or AcceptForm(),
        "decline_form": decline or DeclineForm(initial={"reply": public_requests.default_decline_reply(practice)}),
        "may_accept": Role.FACILITATOR in account_selectors.roles_in(request_user(request), practice),
        "time_labels": dict(TimeOfWeek.choices),
    }, status=status)


@login_required
@require_GET
def request_item(request: HttpRequest, practice_id: int, request_id: int) -> HttpResponse:
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id)
    return _item_page(request, public_requests.request_for(user, practice, request_id))


@login_required
@require_POST
def request_accept(request: HttpRequest, practice_id: int, request_id: int) -> HttpResponse:
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id)
    found = public_requests.request_for(user, practice, request_id)
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            public_requests.request_accept(actor=user, practice=practice, request_id=found.pk, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Accepted: an invitation is on its way to %(email)s.") % {"email": found.email})
            return redirect("equity_public_request", practice_id=practice.pk, request_id=found.pk)
    return _item_page(request, public_requests.request_for(user, practice, request_id), accept=form, status=400)


@login_required
@require_POST
def request_decline(request: HttpRequest, practice_id: int, request_id: int) -> HttpResponse:
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id)
    found = public_requests.request_for(user, practice, request_id)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            public_requests.request_decline(actor=user, practice=practice, request_id=found.pk, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your reply was sent to %(email)s.") % {"email": found.email})
            return redirect("equity_public_request", practice_id=practice.pk, request_id=found.pk)
    return _item_page(request, public_requests.request_for(user, practice, request_id), decline=form, status=400)


R = "practices/<int:practice_id>/requests/"
urlpatterns: list[URLPattern] = [
    path("p/<slug:slug>/", public_page, name="equity_public_page"),
    path("p/<slug:slug>/request/", public_request, name="equity_public_request_form"),
    path("p/<slug:slug>/request/sent/", public_sent, name="equity_public_sent"),
    path("practices/<int:practice_id>/public-page/", page_settings, name="equity_public_settings"),
    path("practices/<int:practice_id>/listing/", listing, name="equity_public_listing"),
    path(R, requests_list, name="equity_public_requests"),
    path(R + "<int:request_id>/", request_item, name="equity_public_request"),
    path(R + "<int:request_id>/accept/", request_accept, name="equity_public_accept"),
    path(R + "<int:request_id>/decline/", request_decline, name="equity_public_decline"),
]
