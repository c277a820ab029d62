"""The JSON API at /api/v1: bearer tokens or the browser session, errors always as {"detail": ...}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import HttpBearer, django_auth

from cocreate.access.emergency_api import router as emergency_router
from cocreate.access.policy import EmergencyEnded, NotAllowed, ReasonRequired
from cocreate.accounts.api import router as accounts_router
from cocreate.accounts.services import InvitationUnusable, api_token_authenticate
from cocreate.agreements.api import conflict_out
from cocreate.agreements.api import router as agreements_router
from cocreate.agreements.services import RevisionConflict
from cocreate.alliance.endings_api import router as endings_router
from cocreate.alliance.feedback_api import router as feedback_router
from cocreate.alliance.identity_api import router as identity_router
from cocreate.alliance.ruptures_api import router as ruptures_router
from cocreate.audit.api import router as audit_router
from cocreate.care.api import router as care_router
from cocreate.compose.gates import GateClosed
from cocreate.equity.fees_api import router as fees_router
from cocreate.equity.fund_api import router as fund_router
from cocreate.equity.public_api import router as public_router
from cocreate.inbox.api import router as inbox_router
from cocreate.integration.api import router as integration_router
from cocreate.integration.journal_api import router as journal_router
from cocreate.integration.lookback_api import router as lookback_router
from cocreate.integration.resource_api import router as resource_router
from cocreate.interop.api import router as interop_router
from cocreate.library.api import router as library_router
from cocreate.measures.api import router as measures_router
from cocreate.measures.api_fhir import router as fhir_router
from cocreate.medicine.api import router as medicine_router
from cocreate.medicine.api_reports import router as reports_router
from cocreate.protocols.api import router as protocols_router
from cocreate.reminders.api import router as reminders_router
from cocreate.web.keyset import BadCursor


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(raw=token)
        if user is not None:
            request.user = user
        return user


class Api(NinjaAPI):
    """The API, whose OpenAPI description is built once per process: building it takes seconds (every endpoint's
    schemas), and the docs page asks for it each time it opens."""

    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict[str, Any] | None = None) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        built: dict[str, OpenAPISchema] = self.__dict__.setdefault("_built_schemas", {})
        if path_prefix not in built:
            built[path_prefix] = super().get_openapi_schema(path_prefix=path_prefix)
        return built[path_prefix]


api = Api(
    title="cocreate",
    version="1",
    urls_namespace="api",
    auth=[BearerToken(), django_auth],
    docs_url="/docs",
)
api.add_router("", accounts_router)
api.add_router("", care_router)
api.add_router("", emergency_router)
api.add_router("", agreements_router)
api.add_router("", library_router)
api.add_router("", inbox_router)
api.add_router("", measures_router)
api.add_router("", fhir_router)
api.add_router("", medicine_router)
api.add_router("", reports_router)
api.add_router("", protocols_router)
api.add_router("", reminders_router)
api.add_router("", audit_router)
api.add_router("", interop_router)
api.add_router("", integration_router)
api.add_router("", journal_router)
api.add_router("", lookback_router)
api.add_router("", resource_router)
api.add_router("", feedback_router)
api.add_router("", ruptures_router)
api.add_router("", endings_router)
api.add_router("", identity_router)
api.add_router("", public_router)
api.add_router("", fees_router)
api.add_router("", fund_router)


def validation_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errs for m in e.messages] for field, errs in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def _detail(errors: dict[str, list[str]]) -> str:
    return "; ".join(f"{field}: {' '.join(msgs)}" if field != "__all__" else " ".join(msgs)
                     for field, msgs in errors.items())


@api.exception_handler(GateClosed)
def on_gate_closed(request: HttpRequest, exc: GateClosed) -> HttpResponse:
    return api.create_response(request, exc.as_json(), status=409)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = validation_errors(exc)
    return api.create_response(request, {"detail": _detail(errors), "errors": errors}, status=400)


@api.exception_handler(NinjaValidationError)
def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for err in exc.errors:
        # Drop only the leading source and payload parts, so a field itself named "body" keeps its name.
        loc = [str(p) for p in err.get("loc", [])]
        if loc and loc[0] in ("body", "query", "path"):
            loc = loc[1:]
        if loc[:1] == ["payload"]:
            loc = loc[1:]
        errors.setdefault(".".join(loc) or "__all__", []).append(str(err.get("msg", "invalid")))
    return api.create_response(request, {"detail": _detail(errors), "errors": errors}, status=422)


@api.exception_handler(BadCursor)
def on_bad_cursor(request: HttpRequest, exc: BadCursor) -> HttpResponse:
    message = _("Not a cursor this list gave out: follow the Link header of the page before, or start again "
                "without `after`.")
    return api.create_response(request, {"detail": message, "code": "bad_cursor", "errors": {"after": [message]}},
                               status=400)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(ReasonRequired)
def on_reason_required(request: HttpRequest, exc: ReasonRequired) -> HttpResponse:
    # The same 404 for a supervisee's engagement and for any other: probing ids reveals no caseload.
    return api.create_response(
        request,
        {"detail": _("Not found. A supervisor opens a supervisee's caseload by stating a reason first: "
                     "POST /api/v1/supervision/{id}/access."), "code": "reason_required"},
        status=404,
    )


@api.exception_handler(EmergencyEnded)
def on_emergency_ended(request: HttpRequest, exc: EmergencyEnded) -> HttpResponse:
    # Told only to the lead who held it; the record is theirs to open again with a new reason.
    return api.create_response(
        request,
        {"detail": _("Not found. Your emergency access has ended: open it again with a reason, "
                     "POST /api/v1/engagements/{id}/emergency-access."), "code": "emergency_ended"},
        status=404,
    )


@api.exception_handler(NotAllowed)
def on_not_allowed(request: HttpRequest, exc: NotAllowed) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "code": "not_allowed"}, status=403)


@api.exception_handler(RevisionConflict)
def on_revision_conflict(request: HttpRequest, exc: RevisionConflict) -> HttpResponse:
    return api.create_response(request, conflict_out(exc), status=409)


@api.exception_handler(InvitationUnusable)
def on_invitation_unusable(request: HttpRequest, exc: InvitationUnusable) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message, "code": "invitation_unusable"}, status=410)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Sign in or send a bearer token.")}, status=401)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return api.create_response(request, {"detail": _("The request body is too large.")}, status=413)


@api.exception_handler(SuspiciousOperation)
def on_suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    return api.create_response(request, {"detail": _("The request could not be read.")}, status=400)
