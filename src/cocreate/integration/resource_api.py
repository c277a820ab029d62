"""What steadies the client, and their action steps, through the API: the client's list of resources (add, change,
take off, put back), their "I used it" check-ins, and check-ins on the steps of the agreed integration plan. Only the
client writes (anyone else: 403 not_allowed); the care team and a supervisor read, each read leaving an access event.
Text, days and choices are judged by the same services as the web page, so bad input answers 400 with `errors`."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.current import request_user
from cocreate.accounts.schemas import ErrorOut
from cocreate.care import selectors as care_selectors
from cocreate.care.schemas import PersonOut
from cocreate.integration import resources as found
from cocreate.integration.models import Resource, ResourceUse, StepCheckIn
from cocreate.integration.selectors import seen
from cocreate.schemas import In

router = Router(tags=["integration"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
R = "/engagements/{engagement_id}/integration/resources"
S = "/engagements/{engagement_id}/integration/steps"


class ResourceIn(In):
    name: str = Field(description="What steadies the client, in their words (up to 200 characters).")
    how: str = Field("", description="How they do it (optional; up to 4000 characters).")


class ResourceChangeIn(In):
    name: str | None = Field(None, description="A new name; leave out to keep it.")
    how: str | None = Field(None, description="New words on how; leave out to keep them, \"\" to clear them.")


class ResourceUseIn(In):
    used_on: date | None = Field(None, description="The day, on the client's calendar: today if left out; never "
                                                   "one still to come.")
    helped: str = Field("", description="yes, a_little or not_this_time; \"\" (or left out) leaves it unsaid.")


class StepCheckInIn(In):
    step: str = Field(description="The words of a step of the agreed integration plan.")
    status: str = Field(description="not_yet, under_way, done or let_go.")
    note: str = Field("", description="Optional; never required, letting a step go included.")


class ResourceHelpedOut(Schema):
    yes: int
    a_little: int
    not_this_time: int


class ResourceOut(Schema):
    id: int
    name: str
    how: str
    created: datetime
    retired_at: datetime | None
    on_list: bool
    uses: int
    last_used_on: date | None
    helped: ResourceHelpedOut


class ResourceUseOut(Schema):
    id: int
    resource_id: int
    resource_name: str
    used_on: date
    helped: str
    created: datetime


class StepCheckInOut(Schema):
    id: int
    step: str
    revision_number: int
    status: str
    note: str
    author: PersonOut
    created: datetime


class PlanStepOut(Schema):
    number: int
    step: str
    when: str
    support: str
    latest: StepCheckInOut | None


class IntegrationPlanOut(Schema):
    agreed: bool
    revision_number: int | None
    agreed_at: datetime | None
    review: str
    steps: list[PlanStepOut]


class ResourcePageIn(In):
    limit: int = Field(found.HISTORY, ge=1, le=found.PAGE_MAX)
    offset: int = Field(0, ge=0, le=1_000_000)


def _access(request: HttpRequest, engagement_id: int) -> EngagementAccess:
    return care_selectors.engagement_for(request_user(request), engagement_id, what=None, via="api")


def _read(request: HttpRequest, engagement_id: int, what: str) -> EngagementAccess:
    access = _access(request, engagement_id)
    seen(request_user(request), access, what, via="api")
    return access


def _resource(row: found.ResourceRow) -> dict[str, object]:
    r = row.resource
    return {"id": r.pk, "name": r.name, "how": r.how, "created": r.created, "retired_at": r.retired_at,
            "on_list": r.retired_at is None, "uses": row.uses, "last_used_on": row.last_used, "helped": row.helped}


def _row_of(access: EngagementAccess, resource: Resource) -> dict[str, object]:
    [row] = found.resources(access, only=resource)
    return _resource(row)


def _use(use: ResourceUse) -> dict[str, object]:
    return {"id": use.pk, "resource_id": use.resource_id, "resource_name": use.resource.name, "used_on": use.used_on,
            "helped": use.helped, "created": use.created}


def _checkin(c: StepCheckIn) -> dict[str, object]:
    return {"id": c.pk, "step": c.step, "revision_number": c.revision_number, "status": c.status, "note": c.note,
            "author": {"id": c.author.pk, "name": c.author.name}, "created": c.created}


@router.get(R, response={200: list[ResourceOut], **ERRORS})
def resource_list(request: HttpRequest, engagement_id: int) -> object:
    """The client's list: those on it first, then those taken off, each with its check-in tallies."""
    access = _read(request, engagement_id, "resources")
    return [_resource(row) for row in found.resources(access)]


@router.post(R, response={201: ResourceOut, **ERRORS})
def resource_add(request: HttpRequest, engagement_id: int, payload: ResourceIn) -> Status[object]:
    """The client adds something that steadies them."""
    access = _access(request, engagement_id)
    resource = found.resource_add(actor=request_user(request), access=access, name=payload.name, how=payload.how)
    return Status(201, _row_of(access, resource))


@router.get(R + "/uses", response={200: list[ResourceUseOut], **ERRORS})
def use_list(request: HttpRequest, engagement_id: int, page: Query[ResourcePageIn]) -> object:
    """Every check-in on the list, the latest day first."""
    access = _read(request, engagement_id, "resources")
    return [_use(u) for u in found.uses(access, limit=page.limit, offset=page.offset)]


@router.patch(R + "/{resource_id}", response={200: ResourceOut, **ERRORS})
def resource_edit(request: HttpRequest, engagement_id: int, resource_id: int, payload: ResourceChangeIn) -> object:
    access = _access(request, engagement_id)
    resource = found.resource_in(access, resource_id)
    resource = found.resource_edit(actor=request_user(request), access=access, resource=resource,
                                   name=resource.name if payload.name is None else payload.name,
                                   how=resource.how if payload.how is None else payload.how)
    return _row_of(access, resource)


@router.post(R + "/{resource_id}/retire", response={200: ResourceOut, **ERRORS})
def resource_retire(request: HttpRequest, engagement_id: int, resource_id: int) -> object:
    """Take it off the list; its check-ins are kept."""
    access = _access(request, engagement_id)
    resource = found.resource_retire(actor=request_user(request), access=access,
                                     resource=found.resource_in(access, resource_id))
    return _row_of(access, resource)


@router.post(R + "/{resource_id}/restore", response={200: ResourceOut, **ERRORS})
def resource_restore(request: HttpRequest, engagement_id: int, resource_id: int) -> object:
    """Put it back on the list."""
    access = _access(request, engagement_id)
    resource = found.resource_restore(actor=request_user(request), access=access,
                                      resource=found.resource_in(access, resource_id))
    return _row_of(access, resource)


@router.get(R + "/{resource_id}/uses", response={200: list[ResourceUseOut], **ERRORS})
def resource_uses(request: HttpRequest, engagement_id: int, resource_id: int, page: Query[ResourcePageIn]) -> object:
    access = _read(request, engagement_id, "resources")
    resource = found.resource_in(access, resource_id)
    return [_use(u) for u in found.uses(access, resource=resource, limit=page.limit, offset=page.offset)]


@router.post(R + "/{resource_id}/uses", response={201: ResourceUseOut, **ERRORS})
def resource_use(request: HttpRequest, engagement_id: int, resource_id: int, payload: ResourceUseIn) -> Status[object]:
    """I used it: today unless another day is given, and how it went if the client wishes to say."""
    access = _access(request, engagement_id)
    use = found.resource_use(actor=request_user(request), access=access,
                             resource=found.resource_in(access, resource_id), used_on=payload.used_on,
                             helped=payload.helped)
    return Status(201, _use(use))


@router.get(S, response={200: IntegrationPlanOut, **ERRORS})
def steps(request: HttpRequest, engagement_id: int) -> object:
    """The steps of the agreed integration plan, each with its latest check-in (`agreed` false while none is)."""
    access = _read(request, engagement_id, "integration plan check-ins")
    plan = found.plan_with_checkins(access)
    if plan is None:
        return {"agreed": False, "revision_number": None, "agreed_at": None, "review": "", "steps": []}
    return {"agreed": True, "revision_number": plan.revision_number, "agreed_at": plan.agreed_at,
            "review": plan.review,
            "steps": [{"number": s.number, "step": s.step, "when": s.when, "support": s.support,
                       "latest": _checkin(s.latest) if s.latest else None} for s in plan.steps]}


@router.get(S + "/check-ins", response={200: list[StepCheckInOut], **ERRORS})
def checkin_list(request: HttpRequest, engagement_id: int, page: Query[ResourcePageIn]) -> object:
    """Every check-in on a step, the newest first."""
    access = _read(request, engagement_id, "integration plan check-ins")
    return [_checkin(c) for c in found.checkins(access, limit=page.limit, offset=page.offset)]


@router.post(S + "/check-ins", response={201: StepCheckInOut, **ERRORS})
def checkin_add(request: HttpRequest, engagement_id: int, payload: StepCheckInIn) -> Status[object]:
    """The client checks in on a step of the agreed plan; the care team is told which step."""
    access = _access(request, engagement_id)
    checkin = found.step_checkin(actor=request_user(request), access=access, step=payload.step,
                                 status=payload.status, note=payload.note)
    return Status(201, _checkin(checkin))
