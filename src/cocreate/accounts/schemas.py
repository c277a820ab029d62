"""API shapes of the accounts app."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from cocreate.schemas import In


class UnmetOut(Schema):
    key: str
    label: str
    state: str
    source: str
    url: str


class ErrorOut(Schema):
    detail: str
    code: str | None = None
    errors: dict[str, list[str]] | None = None
    unmet: list[UnmetOut] | None = None  # code "gate_closed": each requirement that does not hold, with its source


class TokenIn(In):
    email: str = Field(max_length=254)
    password: str = Field(max_length=4096)
    name: str = Field(default="", max_length=100)
    # The current code of the person's authenticator app, or one of their recovery codes, when they have a
    # second factor (a wrong one counts toward lockout like a wrong password).
    code: str = Field(default="", max_length=20)


class TokenIssuedOut(Schema):
    id: int
    name: str
    token: str
    created: datetime


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created: datetime
    last_used: datetime | None
    revoked_at: datetime | None


class MembershipOut(Schema):
    id: int
    practice_id: int
    practice_name: str = Field(alias="practice.name")
    user_id: int
    user_name: str = Field(alias="user.name")
    role: str


class MeOut(Schema):
    id: int
    email: str
    name: str
    memberships: list[MembershipOut]


class PracticeOut(Schema):
    id: int
    name: str
    created: datetime


class InvitationIn(In):
    email: str = Field(max_length=254)
    name: str = Field(max_length=150)
    role: str = Field(max_length=20)


class InvitationOut(Schema):
    id: int
    email: str
    name: str
    role: str
    status: str
    expires_at: datetime
    url: str | None = None


class AcceptIn(In):
    token: str = Field(max_length=200)
    name: str = Field(default="", max_length=150)
    password: str = Field(max_length=4096)


class SupervisionOut(Schema):
    id: int
    practice_id: int
    supervisee_id: int
    supervisee_name: str = Field(alias="supervisee.name")


class SupervisionAccessIn(In):
    reason: str = Field(max_length=2000)
