"""Web pages of measures: the client's questionnaires (answered on a phone or a desktop, saved as they go), the
crisis resources after a risk answer, and each engagement's measures page with charts, assignments and flags."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.access import services as access_services
from cocreate.access.policy import Action, EngagementAccess, ReasonRequired, require
from cocreate.accounts import selectors as account_selectors
from cocreate.accounts.current import request_user
from cocreate.accounts.models import Role
from cocreate.care.models import SessionKind
from cocreate.care.phases import session_kinds_for
from cocreate.care.views import View, with_engagement
from cocreate.measures import chart_cache, flag_services, registry, selectors, services
from cocreate.measures.definitions import Instrument
from cocreate.measures.forms import AssignForm, CrisisForm, ResolveForm
from cocreate.measures.models import Administration
from cocreate.measures.scoring import LABELS, asked, asked_answers, check_answers, score
from cocreate.web.forms import add_service_errors, set_choices


def _answers_from(request: HttpRequest, instrument: Instrument) -> tuple[dict[str, int], dict[str, list[str]]]:
    """The answers in a submitted form: item id -> value; text that is not a number is an error on its item."""
    answers: dict[str, int] = {}
    errors: dict[str, list[str]] = {}
    for item in instrument.items:
        raw = request.POST.get(f"item-{item.id}")
        if raw is None or raw == "":
            continue
        if raw.isascii() and raw.lstrip("-").isdigit() and len(raw) < 6:
            answers[item.id] = int(raw)
        else:
            errors[item.id] = [_("Choose one of the answers.")]
    return answers, errors


def _questionnaire(request: HttpRequest, access: EngagementAccess, administration: Administration,
                   answers: dict[str, Any], errors: dict[str, list[str]] | None = None, status: int = 200,
                   partial: bool = False) -> HttpResponse:
    instrument = registry.instrument(administration.instrument)
    questions = asked(instrument, answers)
    # Sent with questions left out that the questionnaire's rule can score without: say which, and offer both.
    valid = {k: v for k, v in answers.items() if k not in check_answers(instrument, answers)}
    result = score(instrument, asked_answers(instrument, valid)) if errors else None
    skipped = [item for item in questions if result is not None and result.prorated and item.id in result.missing]
    context = {
        "engagement": access.engagement, "administration": administration, "instrument": instrument,
        "questions": [(item, instrument.options_of(item), answers.get(item.id), (errors or {}).get(item.id, []))
                      for item in questions],
        "answered": sum(1 for item in questions if item.id in answers), "total": len(questions),
        "errors": errors or {}, "form_errors": (errors or {}).get("__all__", []),
        "item_errors": [(item_id, msgs) for item_id, msgs in (errors or {}).items() if item_id != "__all__"],
        "is_open": _is_open(administration),
        "skipped": skipped,
        "crisis": selectors.crisis_for_answers(administration, answers) if access.relation.value == "client" else None,
    }
    template = "measures/_questionnaire.html" if partial else "measures/questionnaire.html"
    return render(request, template, context, status=status)


def _saved(administration: Administration) -> dict[str, int]:
    """The answers kept so far (none before the first is given)."""
    response = getattr(administration, "response", None)
    return dict(response.answers) if response is not None else {}


def _is_open(administration: Administration) -> bool:
    now = timezone.now()
    return (administration.completed_at is None and administration.cancelled_at is None
            and administration.due_at <= now < administration.expires_at)


def _errors_of(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


@login_required
@require_GET
def my_measures(request: HttpRequest) -> HttpResponse:
    return render(request, "measures/my_measures.html",
                  {"due": selectors.due_for_client(request_user(request))})


def with_administration(what: str | None) -> Callable[[View], View]:
    """Resolve the questionnaire's engagement through the access policy (404 if foreign); a supervisor who has
    not stated a reason is sent to do so first, as on every engagement page."""

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, administration_id: int) -> HttpResponse:
            try:
                reading = what if request.method == "GET" else None
                access, administration = selectors.administration_for(request_user(request), administration_id,
                                                                      what=reading)
            except ReasonRequired:
                messages.info(request, _("State a reason for supervision access first."))
                return redirect("supervision")
            return view(request, access, administration)

        return wrapper

    return decorator


@with_administration("measures")
@require_http_methods(["GET", "POST"])
def questionnaire(request: HttpRequest, access: EngagementAccess, administration: Administration) -> HttpResponse:
    user = request_user(request)
    require(access, Action.ANSWER_MEASURE)
    saved = _saved(administration)
    if administration.completed_at is not None:  # sent already: a second click goes where the first did
        return redirect("questionnaire_done", administration_id=administration.pk)
    if request.method == "GET":
        return _questionnaire(request, access, administration, saved)
    instrument = registry.instrument(administration.instrument)
    answers, errors = _answers_from(request, instrument)
    merged = {**saved, **answers}
    if errors:
        return _questionnaire(request, access, administration, merged, errors, status=400)
    try:
        if request.POST.get("finish") == "later":
            response = services.answers_save(actor=user, access=access, administration=administration,
                                             answers=answers)
            messages.success(request, _("Saved. Your answers are kept until you come back to finish."))
            if selectors.crisis_for_answers(administration, response.answers):
                # A risk answer: back to the questionnaire, where the crisis resources are shown first.
                return redirect("questionnaire", administration_id=administration.pk)
            return redirect("my_measures")
        services.response_submit(actor=user, access=access, administration=administration, answers=answers,
                                 allow_skipped=request.POST.get("skipped") == "send")
    except ValidationError as exc:
        return _questionnaire(request, access, administration, merged, _errors_of(exc), status=400)
    return redirect("questionnaire_done", administration_id=administration.pk)


@with_administration(None)
@require_POST
def questionnaire_answer(request: HttpRequest, access: EngagementAccess, administration: Administration
                         ) -> HttpResponse:
    """Saves answers as the client clicks them (htmx) and returns the questionnaire, now with any follow-up
    questions the answers open."""
    user = request_user(request)
    require(access, Action.ANSWER_MEASURE)
    instrument = registry.instrument(administration.instrument)
    answers, errors = _answers_from(request, instrument)
    saved = _saved(administration)
    asked_before = [i.id for i in asked(instrument, saved)]
    if not errors:
        try:
            response = services.answers_save(actor=user, access=access, administration=administration,
                                             answers=answers)
            saved = dict(response.answers)
        except ValidationError as exc:
            errors = _errors_of(exc)
    merged = {**saved, **answers}
    questions = asked(instrument, merged)
    crisis = selectors.crisis_for_answers(administration, merged)
    if errors or crisis or [i.id for i in questions] != asked_before:
        # New follow-up questions, an error, or crisis resources to show: the whole questionnaire anew.
        page = _questionnaire(request, access, administration, merged, errors, status=422 if errors else 200,
                              partial=True)
        page["HX-Retarget"], page["HX-Reswap"] = "#questionnaire", "outerHTML"
        return page
    # Otherwise only the progress line: the radios the person is clicking stay as they are.
    return render(request, "measures/_progress.html", {
        "answered": sum(1 for i in questions if i.id in merged), "total": len(questions)})


@with_administration("measures")
@require_GET
def questionnaire_done(request: HttpRequest, access: EngagementAccess, administration: Administration
                       ) -> HttpResponse:
    score = selectors.score_of(administration)
    if score is None:  # not sent yet
        raise Http404
    instrument = registry.instrument(administration.instrument)
    crisis = selectors.crisis_after(score)
    return render(request, "measures/done.html", {
        "engagement": access.engagement, "instrument": instrument, "score": score, "risk": bool(crisis),
        "crisis": crisis or "",
        "is_client": access.relation.value == "client", "is_alliance": instrument.alliance,
        "band": next((b for b in instrument.bands if b.label == score.band), None),
    })


def _assign_form(access: EngagementAccess, data: Any = None) -> AssignForm:
    form = AssignForm(data, initial={"instrument": "phq9"})
    missing = _(" (needs your practice's licensed copy)")
    set_choices(form, "instrument", sorted(
        ((k, i.title + ("" if all(item.text for item in i.items) else missing))
         for k, i in registry.instruments().items()), key=lambda choice: choice[1].lower()))
    labels = dict(SessionKind.choices)
    set_choices(form, "session_kinds", [(k, labels[k]) for k in session_kinds_for(access.engagement.kind)])
    return form


def _measures_page(request: HttpRequest, access: EngagementAccess, status: int = 200, **forms_: Any) -> HttpResponse:
    view = selectors.measures_view(access)
    return render(request, "measures/engagement.html", {
        "access": access, "engagement": access.engagement, "view": view, "labels": LABELS,
        "is_client": access.relation.value == "client",
        "can_assign": access.may(Action.ASSIGN_MEASURE), "can_resolve": access.may(Action.RESOLVE_FLAG),
        "assign_form": forms_.get("assign_form") or _assign_form(access),
        "resolve_errors": forms_.get("resolve_errors", {}),
    }, status=status)


@with_engagement("measures")
@require_GET
def engagement_measures(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    return _measures_page(request, access)


@with_engagement(None)
@require_POST
def assign(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    form = _assign_form(access, request.POST)
    if form.is_valid():
        try:
            services.assignment_create(actor=request_user(request), access=access, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Assigned. The client sees it when it is due."))
            return redirect("engagement_measures", engagement_id=access.engagement.pk)
    access_services.access_record(actor=request_user(request), access=access, what="measures")
    return _measures_page(request, access, status=400, assign_form=form)


@with_engagement(None)
@require_POST
def assignment_end(request: HttpRequest, access: EngagementAccess, assignment_id: int) -> HttpResponse:
    assignment = selectors.assignment_in(access, assignment_id)
    try:
        services.assignment_end(actor=request_user(request), access=access, assignment=assignment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Assignment ended; nothing more of it will be due."))
    return redirect("engagement_measures", engagement_id=access.engagement.pk)


@with_engagement(None)
@require_POST
def flag_resolve(request: HttpRequest, access: EngagementAccess, flag_id: int) -> HttpResponse:
    flag = selectors.flag_in(access, flag_id)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            flag_services.flag_resolve(actor=request_user(request), access=access, flag=flag,
                                       action=form.cleaned_data["action"],
                                       private_note=form.cleaned_data["private_note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Follow-up recorded. The flag is cleared from the caseload."))
            return redirect("engagement_measures", engagement_id=access.engagement.pk)
    access_services.access_record(actor=request_user(request), access=access, what="measures")
    errors = [str(e) for errs in form.errors.values() for e in errs]
    return _measures_page(request, access, status=400,
                          resolve_errors={flag.pk: (errors, request.POST.get("action", ""),
                                                    request.POST.get("private_note", ""))})


@with_engagement(None)
@require_GET
def chart(request: HttpRequest, access: EngagementAccess, instrument: str) -> HttpResponse:
    spec = registry.instrument(instrument)  # 404 before anything is read
    # Part of the measures page that embeds it, already recorded; fetched on its own, it is a read of its own.
    access_services.access_record(actor=request_user(request), access=access, what="measures",
                                  once_within=timedelta(minutes=5))
    version = chart_cache.chart_version(access, spec)
    response = get_conditional_response(request, etag=version.etag)  # 304 for the version the asker has
    if response is None:
        response = HttpResponse(chart_cache.chart_svg(access, spec, version), content_type="image/svg+xml")
    # Browsers are still told not to keep it (NoStoreMiddleware), as for every page about a client: the server's
    # cache does the saving (docs/performance.md).
    response["ETag"] = version.etag
    return response


@require_GET
def get_help(request: HttpRequest) -> HttpResponse:
    """Help now, for anyone, signed in or not: the crisis resources of each practice where the person is a client
    (or the default ones). Reads no clinical record, so it records nothing."""
    user = request.user
    practices = (list(account_selectors.practices_for(user, roles=(Role.CLIENT,))) if user.is_authenticated else [])
    texts: list[tuple[Any, str]] = [(None, str(selectors.DEFAULT_CRISIS_TEXT))]
    if practices:
        texts = list(selectors.crisis_texts(practices))
    return render(request, "measures/get_help.html", {"texts": texts})


@login_required
@require_http_methods(["GET", "POST"])
def crisis_resources(request: HttpRequest, practice_id: int) -> HttpResponse:
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id, roles=(Role.FACILITATOR, Role.ADMIN))
    form = CrisisForm(request.POST or None, initial={"text": selectors.crisis_text(practice)})
    if request.method == "POST" and form.is_valid():
        try:
            services.crisis_resources_set(actor=user, practice=practice, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Crisis resources saved."))
            return redirect("crisis_resources", practice_id=practice.pk)
    return render(request, "measures/crisis_resources.html",
                  {"form": form, "practice": practice, "default": selectors.DEFAULT_CRISIS_TEXT},
                  status=400 if form.errors else 200)
