"""Web views of a medicine session: begin it (through the protocol's gate), the live timeline in the room, the end
and the release, and afterwards the client's reading with their own recollections."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cocreate.access import services as access_services
from cocreate.access.policy import Action, EngagementAccess, NotAllowed, Relation, require
from cocreate.accounts.current import request_user
from cocreate.care.views import with_engagement
from cocreate.medicine import selectors, services
from cocreate.medicine.consent import WORDS, allowed_kinds, consent_now
from cocreate.medicine.describe import NAMES
from cocreate.medicine.kinds import EMOTIONS, HELPED
from cocreate.protocols.selectors import checklist, plan_of


def _back(access: EngagementAccess, session_id: int) -> HttpResponse:
    return redirect("medicine", engagement_id=access.engagement.pk, session_id=session_id)


@with_engagement("medicine session")
@require_GET
def medicine(request: HttpRequest, access: EngagementAccess, session_id: int) -> HttpResponse:
    session = selectors.medicine_session(access, session_id)
    record = selectors.record_of(session)
    is_client = access.relation is Relation.CLIENT
    context: dict[str, object] = {"engagement": access.engagement, "session": session, "record": record,
                                  "is_client": is_client, "can_record": access.may(Action.SCHEDULE)}
    if record is None:
        context["checklist"] = checklist(access.engagement, "start", plan_of(session))
        return render(request, "medicine/begin.html", context)
    if not selectors.readable(access, record):
        return render(request, "medicine/calm.html", context)
    minimum, source = services.minimum_minutes(record)
    allowed, _source = allowed_kinds(record)
    number, levels = consent_now(access)
    context.update(timeline=selectors.timeline(record), present=selectors.present(record), minimum=minimum,
                   minimum_source=source, consent_number=number, levels=levels,
                   touches=[(k, w, allowed is None or k in allowed, levels.get(k, "no")) for k, w in WORDS.items()],
                   emotions=EMOTIONS, helped=[(h, NAMES[h]) for h in HELPED],
                   release_checks=services.RELEASE_CHECKS.items())
    template = "medicine/live.html" if record.is_open and not is_client else "medicine/record.html"
    return render(request, template, context)


@with_engagement(None)
@require_GET
def timeline_part(request: HttpRequest, access: EngagementAccess, session_id: int) -> HttpResponse:
    """The saved entries alone, fetched by the open timeline after it sent some: one read recorded per half hour."""
    record = selectors.record_or_404(access, session_id)
    if not selectors.readable(access, record):
        raise NotAllowed(_("You can read the record once the session has ended."))
    access_services.access_record(actor=request_user(request), access=access, what="medicine session",
                                  once_within=timedelta(minutes=30))
    return render(request, "medicine/_entries.html", {
        "engagement": access.engagement, "session": record.session, "record": record,
        "timeline": selectors.timeline(record), "is_client": access.relation is Relation.CLIENT})


@with_engagement(None)
@require_POST
def begin(request: HttpRequest, access: EngagementAccess, session_id: int) -> HttpResponse:
    session = selectors.medicine_session(access, session_id)
    try:
        services.medicine_start(actor=request_user(request), access=access, session=session)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The session has begun. Entries are timed as you make them."))
    return _back(access, session_id)


@with_engagement(None)
@require_POST
def end(request: HttpRequest, access: EngagementAccess, session_id: int) -> HttpResponse:
    record = selectors.record_or_404(access, session_id)
    try:
        services.medicine_end(actor=request_user(request), access=access, record=record,
                              early_reason=request.POST.get("early_reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The session has ended. Go through the release with the client."))
    return redirect(reverse("medicine", args=[access.engagement.pk, session_id]) + "#release")


@with_engagement(None)
@require_POST
def release(request: HttpRequest, access: EngagementAccess, session_id: int) -> HttpResponse:
    record = selectors.record_or_404(access, session_id)
    try:
        services.medicine_release(actor=request_user(request), access=access, record=record,
                                  checks=request.POST.getlist("checks"), transport=request.POST.get("transport", ""),
                                  deviation=request.POST.get("deviation", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(reverse("medicine", args=[access.engagement.pk, session_id]) + "#release")
    messages.success(request, _("Released. The record is complete."))
    return _back(access, session_id)


@with_engagement(None)
@require_POST
def recollect(request: HttpRequest, access: EngagementAccess, session_id: int, entry_id: int) -> HttpResponse:
    record = selectors.record_or_404(access, session_id)
    entry = selectors.entry_in(record, entry_id)
    try:
        services.recollection_add(actor=request_user(request), access=access, entry=entry,
                                  body=request.POST.get("body", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Added beside the entry, marked as yours."))
    return redirect(reverse("medicine", args=[access.engagement.pk, session_id]) + f"#entry-{entry_id}")


@with_engagement(None)
@require_POST
def live(request: HttpRequest, access: EngagementAccess, session_id: int) -> HttpResponse:
    record = selectors.record_or_404(access, session_id)
    services.live_view_set(actor=request_user(request), access=access, record=record,
                           live=request.POST.get("live") == "on")
    return _back(access, session_id)


@with_engagement(None)
@require_GET
def consent(request: HttpRequest, access: EngagementAccess, session_id: int) -> HttpResponse:
    """Polled by the open timeline every few seconds: the touch agreement in force now. While the session is
    open this keeps the facilitator signed in: someone is in the room with the client."""
    require(access, Action.SCHEDULE)
    selectors.record_or_404(access, session_id)
    access_services.access_record(actor=request_user(request), access=access, what="medicine session",
                                  once_within=timedelta(minutes=30))
    number, levels = consent_now(access)
    return JsonResponse({"number": number, "levels": levels})
