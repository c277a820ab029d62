"""API endpoints of the shared documents: read them, propose, decide, narrow consent, record deviations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import P, QueryEx, Router, Status

from cocreate.access import services as access_services
from cocreate.access.policy import EngagementAccess
from cocreate.accounts.current import request_user
from cocreate.accounts.schemas import ErrorOut
from cocreate.agreements import selectors, services
from cocreate.agreements.fields import diff, specs
from cocreate.agreements.kinds import KINDS, KindSpec
from cocreate.agreements.models import Revision
from cocreate.agreements.schemas import (
    BalanceOut,
    ConflictOut,
    DeclineIn,
    DeviationIn,
    DeviationOut,
    DiffOut,
    DocumentOut,
    KindStatusOut,
    NarrowIn,
    ProposeIn,
    RevisionAcceptIn,
    RevisionOut,
    WithdrawIn,
)
from cocreate.care.selectors import engagement_for
from cocreate.schemas import DB_INT_MAX
from cocreate.web.keyset import After, Window, link_next

router = Router(tags=["agreements"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
DOCS = "/engagements/{engagement_id}/documents"
DOC = DOCS + "/{kind}"
REVISION = DOC + "/revisions/{number}"


def _access(request: HttpRequest, engagement_id: int, what: str | None) -> EngagementAccess:
    """Resolve through the access policy; `what` is recorded as a read, None for writes."""
    return engagement_for(request_user(request), engagement_id, what=what, via="api")


def _kind(spec: KindSpec) -> dict[str, Any]:
    return {"kind": spec.kind.value, "label": spec.label, "description": _(spec.description),
            "consent": spec.is_consent, "consent_items": list(spec.consent_items), "whole_team": spec.whole_team}


def revision_out(spec: KindSpec, revision: Revision) -> dict[str, Any]:
    """A revision with its decisions and what it changed from its base (the selectors load both with it)."""
    base, successor = revision.based_on, revision.superseded_by if revision.superseded_by_id else None
    return {
        "number": revision.number, "state": revision.state, "change": revision.change, "author": revision.author,
        "side": revision.side, "based_on": base.number if base else None, "note": revision.note,
        "withdraw_comment": revision.withdraw_comment,
        "content": revision.content, "created": revision.created, "settled_at": revision.settled_at,
        "superseded_by": successor.number if successor else None, "decisions": list(revision.decisions.all()),
        "changes": diff(specs(spec.schema), base.content if base else None, revision.content),
    }


def conflict_out(exc: services.RevisionConflict) -> dict[str, Any]:
    """The 409 body: the revision that is now the latest, and what changed since the caller's base."""
    spec = KINDS[exc.latest.document.kind]
    body = {"detail": str(exc), "code": "conflict", "latest": revision_out(spec, exc.latest),
            "changes": exc.changes}
    return ConflictOut.model_validate(body).model_dump(mode="json")


def _reread(access: EngagementAccess, spec: KindSpec, revision: Revision) -> dict[str, Any]:
    """After a write, the revision as GET shows it."""
    return revision_out(spec, selectors.revision_in(access, spec, revision.number))


@router.get(DOCS, response={200: list[KindStatusOut], **ERRORS})
def document_list(request: HttpRequest, engagement_id: int) -> object:
    """The kinds of document this engagement has: what is in force and how many proposals wait."""
    access = _access(request, engagement_id, "agreements")
    return [{**_kind(row.spec), "agreed_number": row.agreed_number, "agreed_at": row.agreed_at,
             "pending": row.pending} for row in selectors.overview(access)]


@router.get(DOC, response={200: DocumentOut, **ERRORS})
def document_detail(request: HttpRequest, engagement_id: int, kind: str) -> object:
    """The agreement in force, the proposals awaiting decisions, and the number a new proposal is based on."""
    user = request_user(request)
    access = _access(request, engagement_id, "agreements")
    spec = selectors.spec_or_404(access, kind)
    view = selectors.document_view(access, user, spec)
    pending = [{**revision_out(spec, p.revision), "changes_from_in_force": p.changes, "awaiting": p.awaiting,
                "any_of_team": p.any_of_team, "mine": p.mine, "may_decide": p.may_decide,
                "may_decline": p.may_decline} for p in view.pending]
    return {**_kind(spec), "in_force": revision_out(spec, view.in_force) if view.in_force else None,
            "pending": pending, "latest_number": view.latest_number, "deviations": view.deviations}


@router.get(DOC + "/schema", response={200: dict[str, Any], **ERRORS})
def document_schema(request: HttpRequest, engagement_id: int, kind: str) -> object:
    """The JSON schema of the kind's content: what `content` in a proposal must look like."""
    # The schema is the same for every engagement and tells nothing about the client: not logged as a read.
    spec = selectors.spec_or_404(_access(request, engagement_id, None), kind)
    return spec.schema.model_json_schema()


@router.get(DOC + "/revisions", response={200: list[RevisionOut], **ERRORS})
def revision_list(
    request: HttpRequest, engagement_id: int, kind: str, response: HttpResponse,
    before: QueryEx[int | None, P(ge=1, le=DB_INT_MAX, description=(
        "Only revisions numbered below this (the older way of paging: follow the Link header instead)."))] = None,
    limit: QueryEx[int, P(ge=1, le=100, description="How many at most (1 to 100).")] = 50,
    after: After = None,
) -> object:
    """Every revision, newest first, with its decisions and what it changed from its base; the `Link` header's
    `rel="next"` gives the next page."""
    if before is not None and after is not None:
        raise ValidationError({"before": [_("Give either before or after, not both.")]})
    # `before=n` is the page after revision n: the same keyset, numbered from the caller's side.
    window = (selectors.REVISIONS.window(limit=limit, after=after) if before is None
              else Window(limit, 0, (before,)))
    access = _access(request, engagement_id, "agreement history")
    spec = selectors.spec_or_404(access, kind)
    revisions, following = selectors.history_page(access, spec, window)
    link_next(request, response, following)
    return [revision_out(spec, revision) for revision in revisions]


@router.post(DOC + "/revisions", response={201: RevisionOut, 409: ConflictOut, **ERRORS})
def revision_propose(request: HttpRequest, engagement_id: int, kind: str, payload: ProposeIn) -> Status[object]:
    """Propose the whole document anew, based on `latest_number`; 409 when someone else was quicker."""
    access = _access(request, engagement_id, None)
    spec = selectors.spec_or_404(access, kind)
    try:
        revision = services.revision_propose(actor=request_user(request), access=access, kind=kind,
                                             content=payload.content, based_on=payload.based_on,
                                             note=payload.note)
    except services.RevisionConflict:
        # The 409 shows the newer revision: that is a read of the document, and is recorded as one.
        access_services.access_record(actor=request_user(request), access=access, what="agreements", via="api")
        raise
    return Status(201, _reread(access, spec, revision))


@router.get(REVISION, response={200: RevisionOut, **ERRORS})
def revision_detail(request: HttpRequest, engagement_id: int, kind: str, number: int) -> object:
    access = _access(request, engagement_id, "agreements")
    spec = selectors.spec_or_404(access, kind)
    return revision_out(spec, selectors.revision_in(access, spec, number))


@router.get(REVISION + "/diff", response={200: DiffOut, **ERRORS})
def revision_diff(
    request: HttpRequest, engagement_id: int, kind: str, number: int,
    against: QueryEx[int | None, P(ge=1, le=DB_INT_MAX,
                                   description="Another revision's number; default: its base.")] = None,
) -> object:
    """Field by field, what changed from `against` to this revision."""
    access = _access(request, engagement_id, "agreement history")
    spec = selectors.spec_or_404(access, kind)
    revision = selectors.revision_in(access, spec, number)
    base = selectors.revision_in(access, spec, against) if against is not None else revision.based_on
    return {"number": revision.number, "against": base.number if base else None,
            "changes": diff(specs(spec.schema), base.content if base else None, revision.content)}


@router.post(REVISION + "/accept", response={200: RevisionOut, **ERRORS})
def revision_accept(request: HttpRequest, engagement_id: int, kind: str, number: int,
                    payload: RevisionAcceptIn) -> object:
    """Accept as the caller; the revision comes into force once everyone it needs has accepted."""
    access = _access(request, engagement_id, None)
    spec = selectors.spec_or_404(access, kind)
    revision = services.revision_accept(actor=request_user(request), access=access,
                                        revision=selectors.revision_in(access, spec, number), comment=payload.comment)
    return _reread(access, spec, revision)


@router.post(REVISION + "/decline", response={200: RevisionOut, **ERRORS})
def revision_decline(request: HttpRequest, engagement_id: int, kind: str, number: int, payload: DeclineIn) -> object:
    """Decline as the caller. The client may say why and never has to; the care team says why it declines the
    client's proposal."""
    access = _access(request, engagement_id, None)
    spec = selectors.spec_or_404(access, kind)
    revision = services.revision_decline(actor=request_user(request), access=access,
                                         revision=selectors.revision_in(access, spec, number), comment=payload.comment)
    return _reread(access, spec, revision)


@router.post(REVISION + "/withdraw", response={200: RevisionOut, **ERRORS})
def revision_withdraw(request: HttpRequest, engagement_id: int, kind: str, number: int,
                      payload: WithdrawIn | None = None) -> object:
    """Withdraw one's own proposal while it is still pending, with a word on why if you wish."""
    access = _access(request, engagement_id, None)
    spec = selectors.spec_or_404(access, kind)
    revision = services.revision_withdraw(actor=request_user(request), access=access,
                                          revision=selectors.revision_in(access, spec, number),
                                          comment=payload.comment if payload else "")
    return _reread(access, spec, revision)


@router.post(DOC + "/narrow", response={201: RevisionOut, **ERRORS})
def consent_narrow(request: HttpRequest, engagement_id: int, kind: str, payload: NarrowIn) -> Status[object]:
    """Lower consent in force, alone and at once; it supersedes pending proposals. Consent kinds only."""
    access = _access(request, engagement_id, None)
    spec = selectors.spec_or_404(access, kind)
    revision = services.consent_narrow(actor=request_user(request), access=access, kind=kind,
                                       changes=payload.changes, note=payload.note)
    return Status(201, _reread(access, spec, revision))


@router.post(DOC + "/deviations", response={201: DeviationOut, **ERRORS})
def deviation_record(request: HttpRequest, engagement_id: int, kind: str, payload: DeviationIn) -> Status[object]:
    """Record that something went differently from the transport plan; it needs nobody's acceptance."""
    access = _access(request, engagement_id, None)
    selectors.spec_or_404(access, kind)
    deviation = services.deviation_record(actor=request_user(request), access=access, kind=kind,
                                          occurred_at=payload.occurred_at, description=payload.description)
    return Status(201, deviation)


@router.get("/engagements/{engagement_id}/co-authorship", response={200: BalanceOut, **ERRORS})
def co_authorship(request: HttpRequest, engagement_id: int) -> object:
    """Who proposed how much, and who wrote the agreements in force, overall and month by month."""
    balance = selectors.balance(_access(request, engagement_id, "agreements"))
    return {
        "client_proposals": balance.client_proposals, "team_proposals": balance.team_proposals,
        "client_fields": balance.client_fields, "team_fields": balance.team_fields,
        "client_proposal_share": balance.client_proposal_share, "client_field_share": balance.client_field_share,
        "timeline": [{"month": f"{p.month:%Y-%m}", "proposals": p.proposals,
                      "client_proposal_share": p.client_proposal_share, "client_field_share": p.client_field_share}
                     for p in balance.timeline],
    }
