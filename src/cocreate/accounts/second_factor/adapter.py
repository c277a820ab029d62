"""allauth.mfa's adapter, told what our user model and site call things (allauth.account is not installed)."""

from __future__ import annotations

from typing import Any

from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser


class MfaAdapter(DefaultMFAAdapter):
    def _get_user_identifier(self, user: AbstractBaseUser) -> str:
        return str(getattr(user, "email", "") or user.pk)

    def _get_site_name(self) -> str:
        # The issuer an authenticator app shows beside the code, and a passkey's site name.
        return str(settings.MFA_TOTP_ISSUER)

    def get_public_key_credential_user_entity(self, user: AbstractBaseUser) -> dict[str, Any]:
        # allauth's default reads allauth.account's display settings; ours is the person's name and email.
        return {
            "id": user_pk_to_url_str(user).encode("utf8"),
            "display_name": str(getattr(user, "name", "") or self._get_user_identifier(user)),
            "name": self._get_user_identifier(user),
        }
