"""API endpoints of measures: instruments, assignments, administrations (answered by the client, saved as they
go and then sent), scores with their trajectory, and flags."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.current import request_user
from cocreate.accounts.schemas import ErrorOut
from cocreate.care.selectors import engagement_for
from cocreate.measures import flag_services, registry, selectors, services
from cocreate.measures.models import Administration
from cocreate.measures.schemas import (
    AdministrationOut,
    AnswersIn,
    AssignmentIn,
    AssignmentOut,
    FlagOut,
    InstrumentOut,
    ResolveIn,
    SeriesOut,
    SubmitIn,
    SubmitOut,
)
from cocreate.web.keyset import DEFAULT_LIMIT, After, Limit, link_next

router = Router(tags=["measures"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PATH = "/engagements/{engagement_id}"
ADMINISTRATION = PATH + "/administrations/{administration_id}"


def _access(request: HttpRequest, engagement_id: int, what: str | None) -> EngagementAccess:
    """Resolve through the access policy; `what` is recorded as a read, None for writes."""
    return engagement_for(request_user(request), engagement_id, what=what, via="api")


def _administration(access: EngagementAccess | None, administration: Administration) -> dict[str, Any]:
    visible = access is None or selectors.answers_visible(access, administration)
    response = getattr(administration, "response", None)
    return {
        "id": administration.pk, "engagement_id": administration.engagement_id,
        "instrument": administration.instrument, "instrument_title": administration.instrument_title,
        "session_id": administration.session_id, "due_at": administration.due_at,
        "expires_at": administration.expires_at, "state": selectors.state_of(administration),
        "completed_at": administration.completed_at,
        "answers": dict(response.answers) if visible and response is not None else None,
    }


def _series(series: selectors.Series) -> dict[str, Any]:
    return {"instrument": series.instrument.key, "title": series.instrument.title, "scores": series.scores,
            "trajectory": asdict(series.trajectory) if series.trajectory else None, "latest": series.latest}


def _flag(flag: Any, reader: Any) -> dict[str, Any]:
    return {"id": flag.pk, "kind": flag.kind, "reason": flag.reason, "instrument": flag.instrument,
            "score_id": flag.score_id, "administration_id": flag.response.administration_id,
            "created": flag.created, "resolved_at": flag.resolved_at,
            "resolved_by": flag.resolved_by, "action": flag.action,
            "private_note": flag.private_note if flag.resolved_by_id == reader.pk else None}


@router.get("/instruments", response={200: list[InstrumentOut], **ERRORS})
def instrument_list(request: HttpRequest) -> object:
    """The questionnaires this installation offers."""
    return [{"key": i.key, "title": i.title, "short_title": i.short_title, "about": i.about,
             "licence": i.licence.name, "items_shipped": i.licence.items_shipped, "items": len(i.items)}
            for i in sorted(registry.instruments().values(), key=lambda i: i.key)]


@router.get("/instruments/{key}", response={200: dict[str, Any], **ERRORS})
def instrument_detail(request: HttpRequest, key: str) -> object:
    """The definition: items, options, scoring, bands, change and risk rules, LOINC codes, licence, source.
    Item wording only where its licence lets it be shipped."""
    instrument = registry.instrument(key)
    data = instrument.model_dump(mode="json")
    if not instrument.licence.items_shipped:
        for item in data["items"]:
            item["text"] = None
    return data


@router.get(PATH + "/assignments", response={200: list[AssignmentOut], **ERRORS})
def assignment_list(request: HttpRequest, engagement_id: int) -> object:
    """The standing assignments, newest first."""
    return selectors.assignments(_access(request, engagement_id, "measures"))


@router.post(PATH + "/assignments", response={201: AssignmentOut, **ERRORS})
def assignment_create(request: HttpRequest, engagement_id: int, payload: AssignmentIn) -> Status[object]:
    """Assign a questionnaire on a schedule (care team)."""
    access = _access(request, engagement_id, None)
    assignment = services.assignment_create(actor=request_user(request), access=access, **payload.model_dump())
    return Status(201, selectors.assignment_in(access, assignment.pk))


@router.post(PATH + "/assignments/{assignment_id}/end", response={200: AssignmentOut, **ERRORS})
def assignment_end(request: HttpRequest, engagement_id: int, assignment_id: int) -> object:
    """End an assignment: what is open or still to come is withdrawn; answers given stay."""
    access = _access(request, engagement_id, None)
    services.assignment_end(actor=request_user(request), access=access,
                            assignment=selectors.assignment_in(access, assignment_id))
    return selectors.assignment_in(access, assignment_id)


@router.get(PATH + "/administrations", response={200: list[AdministrationOut], **ERRORS})
def administration_list(request: HttpRequest, engagement_id: int) -> object:
    """Open, coming (within a month) and past administrations, the latest due first. Answers not yet sent are
    shown to the client only."""
    access = _access(request, engagement_id, "measures")
    return [_administration(access, a) for a in selectors.administrations(access)]


@router.get("/me/administrations", response={200: list[AdministrationOut], **ERRORS})
def my_administrations(request: HttpRequest) -> object:
    """The caller's own questionnaires that are open now, across their engagements."""
    found = []
    for administration in selectors.due_for_client(request_user(request)):
        response = getattr(administration, "response", None)
        crisis = selectors.crisis_for_answers(administration, response.answers) if response is not None else None
        found.append({**_administration(None, administration), "crisis_resources": crisis})
    return found


@router.patch(ADMINISTRATION + "/answers", response={200: AdministrationOut, **ERRORS})
def answers_save(request: HttpRequest, engagement_id: int, administration_id: int, payload: AnswersIn) -> object:
    """Save some answers (the client): merged into those already saved, to finish later."""
    access = _access(request, engagement_id, None)
    response = services.answers_save(actor=request_user(request), access=access,
                                      administration=selectors.administration_in(access, administration_id),
                                      answers=payload.answers)
    administration = selectors.administration_in(access, administration_id)
    return {**_administration(access, administration),
            "crisis_resources": selectors.crisis_for_answers(administration, response.answers)}


@router.post(ADMINISTRATION + "/submit", response={200: SubmitOut, **ERRORS})
def response_submit(request: HttpRequest, engagement_id: int, administration_id: int, payload: SubmitIn) -> object:
    """Send the answers (the client): every question asked must be answered. The score comes back, and when an
    answer met a risk rule, the crisis resources to show at once."""
    access = _access(request, engagement_id, None)
    administration = selectors.administration_in(access, administration_id)
    # Sent already with these answers (a double click, a retry, sends at once): the service gives the same
    # score back, and so the same crisis resources, rather than an error that would hide them.
    score = services.response_submit(actor=request_user(request), access=access, administration=administration,
                                     answers=payload.answers, via="api", allow_skipped=payload.allow_skipped)
    return {"score": score, "crisis_resources": selectors.crisis_after(score)}


@router.get(PATH + "/scores", response={200: list[SeriesOut], **ERRORS})
def score_list(request: HttpRequest, engagement_id: int, response: HttpResponse, instrument: str | None = None,
               limit: Limit = DEFAULT_LIMIT, after: After = None) -> object:
    """Scores over time per questionnaire (or only `instrument`), each with its change since the first. Paged by
    score, oldest first: with more than `limit` scores, the `Link` header's `rel="next"` gives the next page, and
    each series' change and latest are as of the last score on its page."""
    window = selectors.SCORES.window(limit=limit, after=after)
    access = _access(request, engagement_id, "measures")
    series, following = selectors.series_page(access, window, instrument)
    link_next(request, response, following)
    return [_series(s) for s in series]


@router.get(PATH + "/flags", response={200: list[FlagOut], **ERRORS})
def flag_list(request: HttpRequest, engagement_id: int, response: HttpResponse, unresolved: bool = False,
              limit: Limit = DEFAULT_LIMIT, after: After = None) -> object:
    """Risk, deterioration and alliance flags, newest first, with what was done about each; the `Link` header's
    `rel="next"` gives the next page."""
    window = selectors.FLAGS.window(limit=limit, after=after)
    access = _access(request, engagement_id, "measures")
    flags, following = selectors.flags_page(access, window, unresolved=unresolved)
    link_next(request, response, following)
    return [_flag(f, request_user(request)) for f in flags]


@router.post(PATH + "/flags/{flag_id}/resolve", response={200: FlagOut, **ERRORS})
def flag_resolve(request: HttpRequest, engagement_id: int, flag_id: int, payload: ResolveIn) -> object:
    """Record what was done (care team); the flag leaves the caseload."""
    access = _access(request, engagement_id, None)
    flag_services.flag_resolve(actor=request_user(request), access=access, flag=selectors.flag_in(access, flag_id),
                               action=payload.action, private_note=payload.private_note)
    return _flag(selectors.flag_in(access, flag_id), request_user(request))
