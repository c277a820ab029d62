"""Web pages of feedback: the engagement's feedback (the client's own, with a message form and the cadence; the care
team's, with what waits to be acknowledged), a held session's feedback form, one piece of feedback with its
acknowledgement, and the clinical lead's list of what clients sent to them. A refused write shows the page again
with what was typed and the problem named, and saves nothing."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.access.policy import EngagementAccess, NotAllowed, ReasonRequired, Relation
from cocreate.accounts.current import request_user
from cocreate.alliance import feedback as found
from cocreate.alliance.feedback_forms import AcknowledgeForm, CadenceForm, MessageForm, SessionFeedbackForm
from cocreate.alliance.models import Addressee, Feedback
from cocreate.care import selectors as care_selectors
from cocreate.care.models import Phase, SessionStatus
from cocreate.care.views import with_engagement
from cocreate.web.forms import add_service_errors, small_int

E = "engagements/<int:engagement_id>/feedback/"


def _cadence_form(access: EngagementAccess, data: Any = None) -> CadenceForm:
    return CadenceForm(data, is_client=access.is_client, current=found.cadence_of(access.engagement),
                       auto_id="cadence-%s")


def _page(request: HttpRequest, access: EngagementAccess, *, message_form: MessageForm | None = None,
          cadence_form: CadenceForm | None = None, status: int = 200) -> HttpResponse:
    actor = request_user(request)
    mine = access.is_client
    writable = access.engagement.phase != Phase.CLOSED
    number = small_int(request.GET.get("page"), digits=4) or 1
    rows = found.page_of(access, actor, offset=(number - 1) * found.PAGE, limit=found.PAGE + 1)
    may_acknowledge = access.relation is Relation.CARE_TEAM
    items = [{"f": f, "ratings": found.ratings_of(f), "waited": found.waited(f.created),
              "ack_form": AcknowledgeForm(client_name=access.engagement.client.name, auto_id=f"ack-{f.pk}-%s")
              if may_acknowledge and not _acknowledged(f) else None} for f in rows[:found.PAGE]]
    every = found.cadence_of(access.engagement)
    context = {
        "engagement": access.engagement, "access": access, "is_client": mine, "writable": writable,
        "items": items, "page_number": number, "more": len(rows) > found.PAGE,
        "asks": found.asks([access.engagement.pk]).get(access.engagement.pk, []) if mine else [],
        "held": found.held_sessions(access) if mine else [],
        "message_form": message_form or (MessageForm(engagement=access.engagement, auto_id="message-%s")
                                         if mine and writable else None),
        "cadence_form": cadence_form or (_cadence_form(access) if writable and access.relation is not
                                         Relation.SUPERVISOR else None),
        "cadence": found.cadence_words(every), "every": every,
    }
    return render(request, "alliance/feedback.html", context, status=status)


def _acknowledged(feedback: Feedback) -> bool:
    return hasattr(feedback, "acknowledgement")


@with_engagement(found.WHAT)
@require_GET
def feedback_page(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    return _page(request, access)


def _shown_again(request: HttpRequest, access: EngagementAccess, **forms_: Any) -> HttpResponse:
    found.seen(request_user(request), access)  # showing the page back is a read too
    return _page(request, access, status=400, **forms_)


@with_engagement(None)
@require_POST
def feedback_message(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    if not access.is_client:
        raise NotAllowed(_("Messages here are the client's to send."))
    form = MessageForm(request.POST, engagement=access.engagement, auto_id="message-%s")
    if form.is_valid():
        try:
            sent = found.feedback_message_send(actor=request_user(request), access=access,
                                               message=form.cleaned_data["message"], to=form.cleaned_data["to"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Sent. You will see here when it has been read."))
            return redirect(found.list_url(access.engagement.pk, f"feedback-{sent.pk}"))
    return _shown_again(request, access, message_form=form)


@with_engagement(None)
@require_POST
def feedback_cadence(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    form = _cadence_form(access, request.POST)
    if form.is_valid():
        try:
            every = found.feedback_cadence_set(actor=request_user(request), access=access,
                                               every_nth=form.cleaned_data["every_nth"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Feedback is now asked %(when)s.") % {"when": found.cadence_words(every)})
            return redirect(found.list_url(access.engagement.pk, "cadence"))
    return _shown_again(request, access, cadence_form=form)


@with_engagement(None)
@require_http_methods(["GET", "POST"])
def feedback_session(request: HttpRequest, access: EngagementAccess, session_id: int) -> HttpResponse:
    session = care_selectors.session_in(access, session_id)
    if not access.is_client:
        if request.method == "POST":
            raise NotAllowed(_("Feedback on a session is the client's to give."))
        given = found.for_session(access, session)
        if given is not None and given.to == Addressee.CARE_TEAM:
            return redirect(found.detail_url(given))
        return redirect(found.list_url(access.engagement.pk))
    given = found.for_session(access, session)
    form = None
    status = 200
    if given is None and session.status == SessionStatus.COMPLETED and access.engagement.phase != Phase.CLOSED:
        form = SessionFeedbackForm(request.POST if request.method == "POST" else None,
                                   engagement=access.engagement, auto_id="fb-%s")
        if request.method == "POST":
            if form.is_valid():
                try:
                    sent = found.feedback_give(
                        actor=request_user(request), access=access, session=session, ratings=form.ratings(),
                        better=form.cleaned_data["better"], unsaid=form.cleaned_data["unsaid"],
                        to=form.cleaned_data["to"])
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("Thank you. You will see here when it has been read."))
                    return redirect(found.list_url(access.engagement.pk, f"feedback-{sent.pk}"))
            status = 400
    elif request.method == "POST":
        status = 400
        messages.error(request, _("This session's feedback was already sent.") if given is not None
                       else _("You can give feedback on a session once it has been held."))
    return render(request, "alliance/feedback_session.html", {
        "engagement": access.engagement, "session": session, "given": given, "form": form,
        "ratings": found.ratings_of(given) if given else [], "instrument": found.instrument(),
    }, status=status)


View = Callable[..., HttpResponse]


def with_feedback(read: bool) -> Callable[[View], View]:
    """One piece of feedback through `feedback.feedback_open` (404 for anyone who may not read it); a supervisor
    without a stated reason is sent to state one, unless the client sent it to them as the clinical lead."""

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, engagement_id: int, feedback_id: int) -> HttpResponse:
            try:
                opened = found.feedback_open(request_user(request), engagement_id, feedback_id,
                                             read=read and request.method == "GET")
            except ReasonRequired:
                messages.info(request, _("State a reason for supervision access first."))
                return redirect("supervision")
            return view(request, opened)

        return wrapper

    return decorator


def _detail(request: HttpRequest, opened: found.Opened, form: AcknowledgeForm | None = None,
            status: int = 200) -> HttpResponse:
    feedback, access = opened.feedback, opened.access
    may = not _acknowledged(feedback) and (
        (feedback.to == Addressee.CARE_TEAM and access.relation is Relation.CARE_TEAM) or opened.as_lead)
    return render(request, "alliance/feedback_detail.html", {
        "engagement": access.engagement, "access": access, "f": feedback, "ratings": found.ratings_of(feedback),
        "is_client": access.is_client, "as_lead": opened.as_lead,
        "form": form or (AcknowledgeForm(client_name=access.engagement.client.name) if may else None),
        "waited": found.waited(feedback.created),
    }, status=status)


@with_feedback(read=True)
@require_GET
def feedback_detail(request: HttpRequest, opened: found.Opened) -> HttpResponse:
    return _detail(request, opened)


@with_feedback(read=False)
@require_POST
def feedback_acknowledge(request: HttpRequest, opened: found.Opened) -> HttpResponse:
    access = opened.access
    form = AcknowledgeForm(request.POST, client_name=access.engagement.client.name)
    if form.is_valid():
        try:
            found.feedback_acknowledge(actor=request_user(request), access=access, feedback=opened.feedback,
                                       reply=form.cleaned_data["reply"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Acknowledged. %(name)s can see that you read it.")
                             % {"name": access.engagement.client.name})
            return redirect(found.detail_url(opened.feedback))
    # Shown back (a read too), as it stands now: someone else may have acknowledged it meanwhile.
    fresh = found.feedback_open(request_user(request), access.engagement.pk, opened.feedback.pk)
    return _detail(request, fresh, form, status=400)


@login_required
@require_GET
def feedback_to_me(request: HttpRequest) -> HttpResponse:
    actor = request_user(request)
    if not found.is_lead_anywhere(actor):
        raise Http404
    rows = list(found.lead_rows(actor)[:found.PAGE])
    found.lead_seen(actor, rows)
    return render(request, "alliance/feedback_to_me.html", {
        "items": [(f, found.waited(f.created)) for f in rows]})


urlpatterns: list[URLPattern] = [
    path(E, feedback_page, name="alliance_feedback"),
    path(E + "message/", feedback_message, name="alliance_feedback_message"),
    path(E + "cadence/", feedback_cadence, name="alliance_feedback_cadence"),
    path(E + "sessions/<int:session_id>/", feedback_session, name="alliance_feedback_session"),
    path(E + "<int:feedback_id>/", feedback_detail, name="alliance_feedback_detail"),
    path(E + "<int:feedback_id>/acknowledge/", feedback_acknowledge, name="alliance_feedback_acknowledge"),
    path("feedback/to-me/", feedback_to_me, name="alliance_feedback_to_me"),
]
