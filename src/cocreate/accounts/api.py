"""API endpoints for the current user, tokens, practices, memberships, invitations and supervision."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from cocreate.access import services as access_services
from cocreate.accounts import selectors, services
from cocreate.accounts.current import request_user
from cocreate.accounts.models import Invitation, Role, User
from cocreate.accounts.schemas import (
    AcceptIn,
    ErrorOut,
    InvitationIn,
    InvitationOut,
    MembershipOut,
    MeOut,
    PracticeOut,
    SupervisionAccessIn,
    SupervisionOut,
    TokenIn,
    TokenIssuedOut,
    TokenOut,
)
from cocreate.accounts.second_factor import lockout as second_factor_lockout
from cocreate.accounts.second_factor import selectors as second_factor
from cocreate.accounts.second_factor import services as second_factor_services

router = Router(tags=["accounts"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}



@router.post(
    "/auth/token", auth=None,
    response={201: TokenIssuedOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut},
)
def token_create(request: HttpRequest, payload: TokenIn) -> Status[object]:
    email = payload.email.strip().lower()
    user = authenticate(request, username=email, password=payload.password)
    if user is None or not isinstance(user, User):
        return Status(401, {"detail": _("Email or password is wrong.")})
    if second_factor.has_second_factor(user):
        # The password was right; the code is the second step of the same sign-in, counted the same way.
        if not payload.code.strip():
            return Status(401, {"detail": _("Give the code of your authenticator app (or a recovery code) as "
                                            "`code`."), "code": "second_factor_required"})
        if second_factor_services.second_factor_check(user=user, code=payload.code) is None:
            second_factor_lockout.count_failure(request, email)
            return Status(401, {"detail": str(second_factor_services.WRONG_CODE), "code": "second_factor_wrong"})
    elif second_factor.required_for(user):
        return Status(403, {"detail": _("Your practice requires a second factor: set one up on the Security "
                                        "page first."), "code": "second_factor_enrolment_required"})
    token, raw = services.api_token_create(actor=user, name=payload.name, second_factor_passed=True)
    return Status(201, {"id": token.pk, "name": token.name, "token": raw, "created": token.created})


@router.get("/auth/tokens", response={200: list[TokenOut], **ERRORS})
def token_list(request: HttpRequest) -> object:
    return list(selectors.api_tokens(request_user(request)))


@router.delete("/auth/tokens/{token_id}", response={204: None, **ERRORS})
def token_revoke(request: HttpRequest, token_id: int) -> Status[None]:
    user = request_user(request)
    services.api_token_revoke(actor=user, token=selectors.api_token_for(user, token_id))
    return Status(204, None)


def _me_out(user: User) -> dict[str, object]:
    return {
        "id": user.pk, "email": user.email, "name": user.name,
        "memberships": list(user.memberships.select_related("practice", "user")),
    }


@router.get("/me", response={200: MeOut, **ERRORS})
def me(request: HttpRequest) -> object:
    return _me_out(request_user(request))


@router.get("/practices", response={200: list[PracticeOut], **ERRORS})
def practice_list(request: HttpRequest) -> object:
    return list(selectors.practices_for(request_user(request)))


@router.get("/practices/{practice_id}", response={200: PracticeOut, **ERRORS})
def practice_detail(request: HttpRequest, practice_id: int) -> object:
    return selectors.practice_for(request_user(request), practice_id, roles=tuple(Role.values))


@router.get("/practices/{practice_id}/memberships", response={200: list[MembershipOut], **ERRORS})
def membership_list(request: HttpRequest, practice_id: int) -> object:
    return list(selectors.memberships(selectors.practice_for(request_user(request), practice_id)))


def _invitation_out(invitation: Invitation, url: str | None = None) -> dict[str, object]:
    return {
        "id": invitation.pk, "email": invitation.email, "name": invitation.name, "role": invitation.role,
        "status": invitation.status, "expires_at": invitation.expires_at, "url": url,
    }


@router.get("/practices/{practice_id}/invitations", response={200: list[InvitationOut], **ERRORS})
def invitation_list(request: HttpRequest, practice_id: int) -> object:
    practice = selectors.practice_for(request_user(request), practice_id)
    return [_invitation_out(i) for i in selectors.invitations(practice)]


@router.post("/practices/{practice_id}/invitations", response={201: InvitationOut, **ERRORS})
def invitation_create(request: HttpRequest, practice_id: int, payload: InvitationIn) -> Status[object]:
    practice = selectors.practice_for(request_user(request), practice_id)
    issued = services.invitation_create(
        actor=request_user(request), practice=practice, email=payload.email, name=payload.name, role=payload.role
    )
    return Status(201, _invitation_out(issued.invitation, issued.url))


@router.post("/invitations/{invitation_id}/revoke", response={200: InvitationOut, **ERRORS})
def invitation_revoke(request: HttpRequest, invitation_id: int) -> object:
    invitation = selectors.invitation_for(request_user(request), invitation_id)
    services.invitation_revoke(actor=request_user(request), invitation=invitation)
    return _invitation_out(invitation)


@router.post("/invitations/accept", auth=None, response={201: MeOut, 400: ErrorOut, 410: ErrorOut, 422: ErrorOut})
def invitation_accept(request: HttpRequest, payload: AcceptIn) -> Status[object]:
    user = services.invitation_accept(raw=payload.token, name=payload.name, password=payload.password)
    return Status(201, _me_out(user))


@router.get("/supervision", response={200: list[SupervisionOut], **ERRORS})
def supervision_list(request: HttpRequest) -> object:
    return list(selectors.supervisees(request_user(request)))


@router.post("/supervision/{supervision_id}/access", response={201: SupervisionOut, **ERRORS})
def supervision_access(request: HttpRequest, supervision_id: int, payload: SupervisionAccessIn) -> Status[object]:
    user = request_user(request)
    supervision = selectors.supervision_for(user, supervision_id)
    access_services.supervision_access_start(
        actor=user, practice=supervision.practice, supervisee=supervision.supervisee, reason=payload.reason
    )
    return Status(201, supervision)
