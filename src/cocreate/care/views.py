"""Web views of the therapist and client portals: thin, each calling one selector or service."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocreate.access import services as access_services
from cocreate.access.policy import Action, EngagementAccess, ReasonRequired, active_supervision_for, require
from cocreate.accounts import selectors as account_selectors
from cocreate.accounts.current import request_user
from cocreate.accounts.models import Role
from cocreate.care import panels as care_panels
from cocreate.care import selectors, services
from cocreate.care.caseload_html import caseload_rows
from cocreate.care.forms import (
    CancelForm,
    EngagementForm,
    NoteForm,
    PrivateNoteForm,
    RescheduleForm,
    SessionForm,
    SupervisionReasonForm,
    note_form_for,
    phase_form_for,
    readers_of,
)
from cocreate.care.models import Phase, SessionKind
from cocreate.care.phases import schedulable_kinds
from cocreate.compose.panels import (
    CASELOAD,
    CASELOAD_TOP,
    ENGAGEMENT,
    MY_CARE,
    CaseloadPage,
    EngagementPage,
    MyCarePage,
)
from cocreate.web.forms import add_service_errors, set_choices, tell_readers

View = Callable[..., HttpResponse]



def with_engagement(what: str | None) -> Callable[[View], View]:
    """Resolve the engagement through the access policy (404 if foreign); a GET records `what` as read."""

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, engagement_id: int, **kwargs: Any) -> HttpResponse:
            try:
                # A POST records nothing by itself; a page shown back after it records its own read.
                reading = what if request.method == "GET" else None
                access = selectors.engagement_for(request_user(request), engagement_id, what=reading)
            except ReasonRequired:
                messages.info(request, _("State a reason for supervision access first."))
                return redirect("supervision")
            return view(request, access, **kwargs)

        return wrapper

    return decorator


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = list(account_selectors.memberships_of(request_user(request)))
    roles = {m.role for m in memberships}
    if Role.FACILITATOR in roles:
        return redirect("caseload")
    if Role.CLIENT in roles:
        return redirect("my_engagements")
    if Role.SUPERVISOR in roles:
        return redirect("supervision")
    admin = next((m for m in memberships if m.role == Role.ADMIN), None)
    if admin is not None:
        return redirect("practice_people", practice_id=admin.practice_id)
    return render(request, "care/no_practice.html")


@login_required
@require_http_methods(["GET"])
def caseload(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    staff_practices = list(account_selectors.practices_for(user, roles=(Role.FACILITATOR,)))
    needs_me = request.GET.get("needs") == "me"
    found = selectors.caseload_page(user, needs_me=needs_me)
    page = CaseloadPage(actor=user, engagements=found.engagements, practices=staff_practices)
    columns, rows = CASELOAD.rows(page)
    listed = [(row, found.waiting.get(row.engagement.pk, [])) for row in rows]
    return render(request, "care/caseload.html", {
        "columns": columns, "rows": listed, "rows_html": caseload_rows(listed, request),
        "practices": staff_practices, "needs_me": needs_me, "total": found.total,
        "needing": len(found.waiting), "panels": CASELOAD_TOP.show(page),
    })


@login_required
@require_http_methods(["GET"])
def my_engagements(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    engagements = selectors.client_engagements_for(user)
    return render(request, "care/my_engagements.html", {
        "waiting": selectors.waiting_for(user) if engagements else [],
        "panels": MY_CARE.show(MyCarePage(actor=user, engagements=engagements)),
        "has_engagements": bool(engagements),
    })


@login_required
@require_http_methods(["GET", "POST"])
def engagement_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    practices = list(account_selectors.practices_for(user, roles=(Role.FACILITATOR,)))
    if not practices:
        raise Http404
    practice = practices[0]
    if "practice" in request.GET:
        wanted = request.GET["practice"]
        if not wanted.isdigit():
            raise Http404
        practice = account_selectors.practice_for(user, int(wanted), roles=(Role.FACILITATOR,))
    form = EngagementForm(request.POST or None)
    clients = list(account_selectors.clients_of(practice))
    set_choices(form, "client", [(c.pk, f"{c.name} <{c.email}>") for c in clients])
    if request.method == "POST" and form.is_valid():
        try:
            engagement = services.engagement_create(
                actor=user, practice=practice, client_id=form.cleaned_data["client"],
                kind=form.cleaned_data["kind"], title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Engagement opened. Schedule a first session."))
            return redirect("engagement", engagement_id=engagement.pk)
    return render(request, "care/engagement_new.html",
                  {"form": form, "practice": practice, "practices": practices, "has_clients": bool(clients)},
                  status=400 if form.errors else 200)


def _engagement_page(request: HttpRequest, access: EngagementAccess, status: int = 200, **forms_: Any) -> HttpResponse:
    """The engagement page: its header, then every app's panel in order. One access event for the page."""
    user = request_user(request)
    if request.method != "GET":
        access_services.access_record(actor=user, access=access, what="engagement page")
    context = {
        "access": access,
        "engagement": access.engagement,
        "is_client": access.relation.value == "client",
        "is_closed": access.engagement.phase == Phase.CLOSED,
        "panels": ENGAGEMENT.show(EngagementPage(access=access, actor=user, forms=forms_)),
    }
    return render(request, "care/engagement.html", context, status=status)


@with_engagement("engagement page")
@require_http_methods(["GET"])
def engagement_detail(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    return _engagement_page(request, access)


@with_engagement(None)
@require_POST
def phase_change(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    form = phase_form_for(access, request.POST)
    if form.is_valid():
        try:
            services.phase_transition(actor=request_user(request), access=access, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            phase = access.engagement.get_phase_display()
            messages.success(request, _("Phase changed to %(phase)s.") % {"phase": phase})
            return redirect("engagement", engagement_id=access.engagement.pk)
    return _engagement_page(request, access, status=400, phase_form=form)


@with_engagement(None)
@require_POST
def team_add(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    """Adds nobody: a colleague joins a client's care team when the client accepts, so the care team proposes
    them (in the care team section of the engagement page). This address only says so, for a form left open."""
    require(access, Action.MANAGE_TEAM)
    messages.info(request, _("A colleague joins the care team when the client accepts: propose them below."))
    return redirect(reverse("engagement", args=[access.engagement.pk]) + "#care-team")


@with_engagement(None)
@require_POST
def team_remove(request: HttpRequest, access: EngagementAccess, facilitator_id: int) -> HttpResponse:
    try:
        services.care_team_remove(actor=request_user(request), access=access, facilitator_id=facilitator_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Care team updated."))
    return redirect("engagement", engagement_id=access.engagement.pk)


def _session_form(form_class: type[SessionForm], access: EngagementAccess, data: Any = None, **kw: Any) -> SessionForm:
    form = form_class(data, **kw)
    tell_readers(form, readers_of(access), "location")
    if "kind" in form.fields:
        labels = dict(SessionKind.choices)
        set_choices(form, "kind", [(k, labels[k]) for k in schedulable_kinds(access.engagement)])
    return form


@with_engagement("sessions")
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    initial = {"starts_at": timezone.localtime(services.default_session_start()).strftime("%Y-%m-%dT%H:%M")}
    form = _session_form(SessionForm, access, request.POST or None, initial=initial)
    require(access, Action.SCHEDULE)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_schedule(actor=request_user(request), access=access, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Session scheduled."))
            return redirect("engagement", engagement_id=access.engagement.pk)
    return render(request, "care/session_form.html",
                  {"form": form, "engagement": access.engagement, "title": _("Schedule a session")},
                  status=400 if form.errors else 200)


@with_engagement("sessions")
@require_http_methods(["GET", "POST"])
def session_reschedule(request: HttpRequest, access: EngagementAccess, session_id: int) -> HttpResponse:
    session = selectors.session_in(access, session_id)
    require(access, Action.SCHEDULE)
    initial = {"starts_at": timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M"),
               "duration_minutes": session.duration_minutes, "location": session.location,
               "planned_dose_mg": session.planned_dose_mg}
    form = _session_form(RescheduleForm, access, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_reschedule(
                actor=request_user(request), access=access, session=session, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Session moved."))
            return redirect("engagement", engagement_id=access.engagement.pk)
    return render(request, "care/session_form.html",
                  {"form": form, "engagement": access.engagement, "session": session,
                   "title": _("Reschedule %(session)s") % {"session": session.get_kind_display()}},
                  status=400 if form.errors else 200)


@with_engagement("sessions")
@require_http_methods(["GET", "POST"])
def session_cancel(request: HttpRequest, access: EngagementAccess, session_id: int) -> HttpResponse:
    session = selectors.session_in(access, session_id)
    require(access, Action.CANCEL_SESSION)
    form = tell_readers(CancelForm(request.POST or None), readers_of(access), "reason")
    if session.is_off:
        messages.info(request, _("This session is already called off."))
        return redirect("engagement", engagement_id=access.engagement.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(actor=request_user(request), access=access, session=session, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Session cancelled."))
            return redirect("engagement", engagement_id=access.engagement.pk)
    return render(request, "care/session_cancel.html",
                  {"form": form, "engagement": access.engagement, "session": session},
                  status=400 if form.errors else 200)


@with_engagement(None)
@require_POST
def session_postpone(request: HttpRequest, access: EngagementAccess, session_id: int) -> HttpResponse:
    """The client postpones a session with one press; nobody asks them why."""
    session = selectors.session_in(access, session_id)
    try:
        services.session_postpone(actor=request_user(request), access=access, session=session)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Postponed. Your care team has been told; nothing more is needed from you."))
    return redirect(reverse("engagement", args=[access.engagement.pk]) + "#sessions")


@with_engagement(None)
@require_POST
def session_complete(request: HttpRequest, access: EngagementAccess, session_id: int) -> HttpResponse:
    session = selectors.session_in(access, session_id)
    try:
        services.session_complete(actor=request_user(request), access=access, session=session)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Session marked as held."))
    return redirect(reverse("engagement", args=[access.engagement.pk]) + "#sessions")


def _shared_notes_section(request: HttpRequest, access: EngagementAccess, form: NoteForm, status: int) -> HttpResponse:
    """The shared-notes section alone, for htmx: 200 with the new note, 422 with the form's errors."""
    user = request_user(request)
    access_services.access_record(actor=user, access=access, what="shared notes")
    panel = care_panels.shared_notes(EngagementPage(access=access, actor=user, forms={"note_form": form}))
    return render(request, "care/_shared_notes.html",
                  {"engagement": access.engagement, "is_client": access.relation.value == "client", **panel},
                  status=status)


@with_engagement(None)
@require_POST
def shared_note_add(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    form = note_form_for(access, request.POST)
    if form.is_valid():
        try:
            services.shared_note_create(actor=request_user(request), access=access, body=form.cleaned_data["body"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.htmx:  # type: ignore[attr-defined]
                return _shared_notes_section(request, access, note_form_for(access), 200)
            return redirect(reverse("engagement", args=[access.engagement.pk]) + "#shared-notes")
    if request.htmx:  # type: ignore[attr-defined]
        return _shared_notes_section(request, access, form, 422)
    return _engagement_page(request, access, status=400, note_form=form)


@with_engagement(None)
@require_POST
def private_note_add(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    form = PrivateNoteForm(request.POST)
    if form.is_valid():
        try:
            services.private_note_create(actor=request_user(request), access=access, body=form.cleaned_data["body"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(reverse("engagement", args=[access.engagement.pk]) + "#private-notes")
    return _engagement_page(request, access, status=400, private_form=form)


@with_engagement("access log")
@require_http_methods(["GET"])
def access_log(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    page = Paginator(selectors.access_log(access), 50).get_page(request.GET.get("page"))
    return render(request, "care/access_log.html", {"engagement": access.engagement, "page": page,
                                                    "rows": selectors.access_log_rows(page.object_list)})


@login_required
@require_http_methods(["GET"])
def supervision(request: HttpRequest) -> HttpResponse:
    links = list(account_selectors.supervisees(request_user(request)))
    if not links:
        raise Http404
    return render(request, "care/supervision.html", {"links": links})


@login_required
@require_http_methods(["GET", "POST"])
def supervision_open(request: HttpRequest, supervision_id: int) -> HttpResponse:
    user = request_user(request)
    link = account_selectors.supervision_for(user, supervision_id)
    form = SupervisionReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access_services.supervision_access_start(
                actor=user, practice=link.practice, supervisee=link.supervisee, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("supervision_open", supervision_id=link.pk)
    grant = active_supervision_for(user, [link.supervisee_id], link.practice_id)
    engagements = selectors.supervised_caseload(user, grant) if grant else []
    return render(request, "care/supervision_open.html",
                  {"link": link, "form": form, "grant": grant, "engagements": engagements},
                  status=400 if form.errors else 200)
