"""A small JSON client for /api/v1 that signs each request with a bearer token of the given user."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from cocreate.accounts import services as account_services
from cocreate.accounts.models import User

API = "/api/v1"


def bearer_token(user: User) -> str:
    _token, raw = account_services.api_token_create(actor=user, name="tests")
    return raw


class Api:
    """Calls /api/v1 as one user (or anonymously when no token is given)."""

    def __init__(self, token: str | None = None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}

    @classmethod
    def as_user(cls, user: User) -> Api:
        return cls(bearer_token(user))

    def get(self, path: str) -> Any:
        return self.client.get(API + path, **self.headers)

    def post(self, path: str, data: Any = None, *, raw: str | bytes | None = None) -> Any:
        body = raw if raw is not None else json.dumps(data if data is not None else {})
        return self.client.post(API + path, body, content_type="application/json", **self.headers)

    def patch(self, path: str, data: Any) -> Any:
        return self.client.patch(API + path, json.dumps(data), content_type="application/json", **self.headers)

    def delete(self, path: str) -> Any:
        return self.client.delete(API + path, **self.headers)


def eng(engagement_id: int, rest: str = "") -> str:
    return f"/engagements/{engagement_id}{rest}"

