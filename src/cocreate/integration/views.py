"""Web views of the shift tracker: the page of the days after a session (the client's entries and the sharing of
them; what the care team may read), the reflections beside shared entries, patterns, and the prompt days."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.access.policy import EngagementAccess, Relation
from cocreate.accounts.current import request_user
from cocreate.care.models import Session, SessionStatus
from cocreate.care.views import with_engagement
from cocreate.integration import selectors, services
from cocreate.integration.forms import DaysForm, PatternForm, ReflectionForm, ShiftForm, StartForm
from cocreate.integration.models import Domain, PatternState, Sharing, ShiftEntry, Tracker
from cocreate.web.forms import add_service_errors, set_choices, small_int

POLL_SECONDS = 30


def _tracker_chosen(request: HttpRequest, access: EngagementAccess, trackers: list[Tracker]) -> Tracker | None:
    raw = request.GET.get("tracker") or request.POST.get("tracker")
    if raw is None:
        return trackers[0] if trackers else None
    pk = small_int(raw)
    found = next((t for t in trackers if t.pk == pk), None)
    if found is None:
        raise Http404
    return found


def _sessions(access: EngagementAccess) -> list[Session]:
    """The engagement's sessions that have taken place, latest first, for choosing one."""
    return list(Session.objects.filter(engagement=access.engagement, starts_at__lte=timezone.now())
                .exclude(status__in=[SessionStatus.CANCELLED, SessionStatus.POSTPONED]).order_by("-starts_at")[:30])


def _label(session: Session) -> str:
    return f"{session.get_kind_display()} · {timezone.localtime(session.starts_at):%d %b %Y}"


def _forms(access: EngagementAccess, tracker: Tracker | None, sessions: list[Session], readable: list[ShiftEntry],
           given: dict[str, forms.Form]) -> dict[str, forms.Form]:
    client = access.is_client
    share_new = client and Sharing.objects.filter(engagement=access.engagement, share_new=True).exists()
    found: dict[str, forms.Form] = {
        "shift_form": ShiftForm(initial={"on": selectors.client_today(access), "share": share_new}),
        "pattern_form": PatternForm(),
        "days_form": DaysForm(initial={"days": ", ".join(str(d) for d in tracker.days)} if tracker else None),
        "start_form": StartForm(),
        "reflection_form": ReflectionForm(),
    }
    found.update(given)
    tracked = set(Tracker.objects.filter(engagement=access.engagement).values_list("session_id", flat=True))
    set_choices(found["start_form"], "session", [(s.pk, _label(s)) for s in sessions if s.pk not in tracked])
    set_choices(found["reflection_form"], "session", [("", _("(no session)")), *[(s.pk, _label(s)) for s in sessions]])
    groupable = [e for e in readable if e.deleted_at is None and (client or e.is_shared)]
    set_choices(found["pattern_form"], "entries",
                [(e.pk, f"{_('Day')} {e.day} · {e.text[:60]}{'…' if len(e.text) > 60 else ''}") for e in groupable])
    if tracker is not None:
        form = found["shift_form"]
        form.fields["on"].widget.attrs["min"] = tracker.began_on.isoformat()
    if not client:
        found["pattern_form"].fields["name"].help_text = _("A suggestion: %(client)s accepts it, renames it or sets it "
                                                           "aside.") % {"client": access.engagement.client.name}
    return found


def _page(request: HttpRequest, access: EngagementAccess, *, status: int = 200, reflection_for: int | None = None,
          **given: forms.Form) -> HttpResponse:
    trackers = selectors.trackers(access)
    tracker = _tracker_chosen(request, access, trackers)
    readable = selectors.entries(access)
    sessions = _sessions(access)
    shown = [e for e in readable if tracker is not None and e.tracker_id == tracker.pk]
    context: dict[str, Any] = {
        "engagement": access.engagement, "is_client": access.is_client,
        "can_write": access.relation is not Relation.SUPERVISOR, "trackers": trackers, "tracker": tracker,
        "entries": list(reversed(shown)), "patterns": selectors.patterns(access, readable),
        "domains": dict(Domain.choices), "poll": POLL_SECONDS,
        "share_new": Sharing.objects.filter(engagement=access.engagement, share_new=True).exists(),
        "changes": list(tracker.changes.select_related("author")) if tracker else [],
        "suggested": PatternState.SUGGESTED, "dismissed": PatternState.DISMISSED, "reflection_for": reflection_for,
        **_forms(access, tracker, sessions, readable, given),
    }
    return render(request, "integration/tracker.html", context, status=status)


def _back(access: EngagementAccess, anchor: str = "", tracker: Tracker | None = None) -> HttpResponse:
    query = f"?tracker={tracker.pk}" if tracker is not None else ""
    return redirect(reverse("integration", args=[access.engagement.pk]) + query + (f"#{anchor}" if anchor else ""))


@with_engagement("shift tracker")
@require_GET
def tracker(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    return _page(request, access)


@with_engagement(None)
@require_GET
def shifts_part(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    """The entries alone, fetched again every half minute by an open page: an entry the client stops sharing
    leaves the care team's page at the next fetch. One read recorded per half hour."""
    selectors.seen(request_user(request), access, "shift tracker", once_within=timedelta(minutes=30))
    trackers = selectors.trackers(access)
    tracker = _tracker_chosen(request, access, trackers)
    shown = [] if tracker is None else selectors.entries(access, tracker)
    return render(request, "integration/_shifts.html", {
        "engagement": access.engagement, "is_client": access.is_client, "tracker": tracker,
        "can_write": access.relation is not Relation.SUPERVISOR, "entries": list(reversed(shown)),
        "domains": dict(Domain.choices), "poll": POLL_SECONDS,
        **_forms(access, tracker, _sessions(access), shown, {})})


@with_engagement(None)
@require_POST
def shift_add(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    form = ShiftForm(request.POST)
    if form.is_valid():
        try:
            entry = services.shift_add(actor=request_user(request), access=access, text=form.cleaned_data["text"],
                                       domains=form.cleaned_data["domains"], on=form.cleaned_data["on"],
                                       share=form.cleaned_data["share"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Kept, shared with your care team.") if entry.is_shared
                             else _("Kept. Only you can see it."))
            return _back(access, f"shift-{entry.pk}", entry.tracker)
    return _page(request, access, status=400, shift_form=form)


@with_engagement(None)
@require_POST
def shift_share(request: HttpRequest, access: EngagementAccess, entry_id: int) -> HttpResponse:
    entry = selectors.entry_for(access, entry_id)
    choice = request.POST.get("shared")
    if choice not in ("yes", "no"):
        messages.error(request, _("Choose whether to share the entry or stop sharing it."))
        return _back(access, f"shift-{entry.pk}", entry.tracker)
    shared = choice == "yes"
    services.shift_share(actor=request_user(request), access=access, entry=entry, shared=shared)
    messages.success(request, _("Shared with your care team.") if shared
                     else _("No longer shared: your care team no longer sees it."))
    return _back(access, f"shift-{entry.pk}", entry.tracker)


@with_engagement(None)
@require_http_methods(["GET", "POST"])
def shift_delete(request: HttpRequest, access: EngagementAccess, entry_id: int) -> HttpResponse:
    """Asks first, then deletes: the words go, and what was said beside the entry stays."""
    entry = selectors.entry_for(access, entry_id)
    services.client_only(access, _("Only the client deletes their entries."))
    if request.method == "GET":
        return render(request, "integration/shift_delete.html", {"engagement": access.engagement, "entry": entry,
                                                                  "domains": dict(Domain.choices)})
    services.shift_delete(actor=request_user(request), access=access, entry=entry)
    messages.success(request, _("Deleted. Its words are gone."))
    return _back(access, "shifts", entry.tracker)


@with_engagement(None)
@require_POST
def sharing(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    choice = request.POST.get("share_new")
    if choice not in ("yes", "no"):
        messages.error(request, _("Choose whether new entries are shared."))
        return _back(access, "sharing")
    share_new = choice == "yes"
    services.sharing_set(actor=request_user(request), access=access, share_new=share_new)
    messages.success(request, _("New entries will be shared with your care team.") if share_new
                     else _("New entries will be yours alone unless you share them."))
    return _back(access, "sharing")


@with_engagement(None)
@require_POST
def reflection_add(request: HttpRequest, access: EngagementAccess, entry_id: int) -> HttpResponse:
    entry = selectors.entry_for(access, entry_id)
    form = ReflectionForm(request.POST)
    set_choices(form, "session", [("", ""), *[(s.pk, "") for s in _sessions(access)]])
    if form.is_valid():
        try:
            services.reflection_add(actor=request_user(request), access=access, entry=entry,
                                    body=form.cleaned_data["body"], session_id=form.cleaned_data["session"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Added beside the entry, with your name and today's date."))
            return _back(access, f"shift-{entry.pk}", entry.tracker)
    return _page(request, access, status=400, reflection_form=form, reflection_for=entry.pk)


@with_engagement(None)
@require_POST
def pattern_add(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    """The client names a pattern; the care team suggests one."""
    form = PatternForm(request.POST)
    set_choices(form, "entries", [(v, v) for v in request.POST.getlist("entries") if small_int(v) is not None])
    if form.is_valid():
        name, ids = form.cleaned_data["name"], form.cleaned_data["entries"]
        try:
            if access.is_client:
                pattern = services.pattern_name(actor=request_user(request), access=access, name=name, entry_ids=ids)
                messages.success(request, _("Named. It is on your list of patterns."))
            else:
                pattern = services.pattern_suggest(actor=request_user(request), access=access, name=name,
                                                   entry_ids=ids)
                messages.success(request, _("Suggested. %(client)s will accept it, rename it or set it aside.")
                                 % {"client": access.engagement.client.name})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _back(access, f"pattern-{pattern.pk}")
    return _page(request, access, status=400, pattern_form=form)


@with_engagement(None)
@require_POST
def pattern_answer(request: HttpRequest, access: EngagementAccess, pattern_id: int) -> HttpResponse:
    pattern = selectors.pattern_in(access, pattern_id)
    answer = request.POST.get("answer")
    if answer not in ("accept", "dismiss"):
        messages.error(request, _("Choose whether to accept the suggestion or set it aside."))
        return _back(access, f"pattern-{pattern.pk}")
    accept = answer == "accept"
    try:
        services.pattern_answer(actor=request_user(request), access=access, pattern=pattern, accept=accept,
                                name=request.POST.get("name", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("It is now one of your patterns.") if accept else _("Set aside."))
    return _back(access, f"pattern-{pattern.pk}")


@with_engagement(None)
@require_POST
def pattern_change(request: HttpRequest, access: EngagementAccess, pattern_id: int) -> HttpResponse:
    pattern = selectors.pattern_in(access, pattern_id)
    set_aside = request.POST.get("set_aside") == "yes"
    try:
        services.pattern_change(actor=request_user(request), access=access, pattern=pattern, set_aside=set_aside,
                                name=request.POST.get("name", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Set aside.") if set_aside else _("Renamed."))
    return _back(access, f"pattern-{pattern.pk}")


@with_engagement(None)
@require_POST
def days_set(request: HttpRequest, access: EngagementAccess, tracker_id: int) -> HttpResponse:
    tracker = selectors.tracker_in(access, tracker_id)
    form = DaysForm(request.POST)
    if form.is_valid():
        try:
            services.tracker_days_set(actor=request_user(request), access=access, tracker=tracker,
                                      days=form.cleaned_data["days"].replace(";", ",").split(","))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The days are changed."))
            return _back(access, "prompts", tracker)
    return _page(request, access, status=400, days_form=form)


@with_engagement(None)
@require_POST
def tracker_start(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    form = StartForm(request.POST)
    set_choices(form, "session", [(s.pk, "") for s in _sessions(access)])
    if form.is_valid():
        session = next(s for s in _sessions(access) if s.pk == form.cleaned_data["session"])
        try:
            tracker = services.tracker_start(actor=request_user(request), access=access, session=session)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Begun. Shifts can be noted from the day after that session."))
            return _back(access, "", tracker)
    return _page(request, access, status=400, start_form=form)
