"""What a phone's authenticator app does, written from RFC 6238 for the tests (not the code under test)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client

from cocreate.accounts.models import User
from cocreate.accounts.second_factor import services

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_now(secret: str, *, offset: int = 0) -> str:
    counter = int(time.time()) // 30 + offset
    digest = hmac.new(base64.b32decode(secret.replace(" ", "")), struct.pack(">Q", counter), hashlib.sha1).digest()
    start = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[start:start + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def enrol(user: User, secret: str = SECRET) -> Authenticator:
    """Set up an authenticator app for `user` through the service, as the setup page does."""
    return services.totp_enrol(actor=user, secret=secret, code=totp_now(secret))


def recovery_codes(user: User) -> list[str]:
    codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES).wrap()
    return list(codes.get_unused_codes())


def forget_used_codes() -> None:
    """A code works once per window; a test that signs in twice within 30 seconds forgets it was used."""
    cache.clear()


def password_step(client: Client, user: User, password: str) -> object:
    return client.post("/accounts/login/", {"username": user.email, "password": password})
