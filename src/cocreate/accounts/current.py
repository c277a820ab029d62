"""The signed-in user of a request, typed: for views and API endpoints behind authentication."""

from __future__ import annotations

from django.http import HttpRequest

from cocreate.accounts.models import User


def request_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise TypeError("request_user() needs an authenticated request")  # login_required / API auth ensure it
    return user
