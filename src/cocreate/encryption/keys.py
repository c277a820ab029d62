"""The keyring (from settings.ENCRYPTION_KEYS) and the encryption of one text value with AES-GCM.

A value is stored as `cce1:<key id>:<base64 of nonce, ciphertext and tag>`: it names the key that wrote it, so that
older keys can still read while a new one writes, and the prefix with the key id is bound into the tag, so a value
cannot be passed off as written under another key. Each key's cipher is made once per process: a value costs one
AES-GCM operation, with no key derivation.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "cce1:"
NONCE = 12


class EncryptionError(Exception):
    """A value that cannot be read: never shown as it is stored."""


class MissingKey(EncryptionError, ImproperlyConfigured):
    def __init__(self, key_id: str) -> None:
        self.key_id = key_id
        super().__init__(
            f"A value is encrypted under key {key_id!r}, which ENCRYPTION_KEYS does not hold. Put that key back "
            "(after the current one) and restart; see docs/security.md, 'Encryption at rest'.")


class Undecryptable(EncryptionError):
    def __init__(self, key_id: str, what: str = "A value") -> None:
        self.key_id = key_id
        super().__init__(
            f"{what} under key {key_id!r} does not decrypt: the key configured as {key_id!r} is not the one that "
            "wrote it, or the stored bytes were altered.")


def _material(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class Keyring:
    current: str
    ciphers: dict[str, AESGCM]

    @property
    def ids(self) -> list[str]:
        return list(self.ciphers)

    def cipher(self, key_id: str) -> AESGCM:
        found = self.ciphers.get(key_id)
        if found is None:
            raise MissingKey(key_id)
        return found


@lru_cache(maxsize=8)
def _ring(spec: tuple[tuple[str, str], ...]) -> Keyring:
    if not spec:
        raise ImproperlyConfigured("ENCRYPTION_KEYS holds no key.")
    return Keyring(spec[0][0], {key_id: AESGCM(_material(material)) for key_id, material in spec})


def keyring() -> Keyring:
    return _ring(tuple((str(k), str(m)) for k, m in settings.ENCRYPTION_KEYS))


def header(key_id: str) -> str:
    return f"{PREFIX}{key_id}:"


def key_id_of(stored: str) -> str | None:
    """The key id a stored value names; None for plain text (written before encryption, or empty)."""
    if not stored.startswith(PREFIX):
        return None
    return stored[len(PREFIX):].partition(":")[0]


def encrypt(text: str, key_id: str | None = None) -> str:
    """The text as stored. Empty text stays empty: there is nothing in it to keep."""
    if text == "":
        return ""
    ring = keyring()
    key_id = key_id or ring.current
    head = header(key_id)
    nonce = os.urandom(NONCE)
    sealed = ring.cipher(key_id).encrypt(nonce, text.encode("utf-8"), head.encode("ascii"))
    return head + base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")


def decrypt(stored: str) -> str:
    """The text of a stored value. Plain text from before encryption is read as it is; a value under a key that is
    not configured, or that does not decrypt, raises: ciphertext is never handed back as if it were the text."""
    key_id = key_id_of(stored)
    if key_id is None:
        return stored
    head = header(key_id)
    body = stored[len(head):]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (ValueError, binascii.Error):
        raise Undecryptable(key_id) from None
    try:
        return keyring().cipher(key_id).decrypt(raw[:NONCE], raw[NONCE:], head.encode("ascii")).decode("utf-8")
    except (InvalidTag, ValueError):
        raise Undecryptable(key_id) from None


def new_key_line(key_id: str) -> str:
    """A fresh key as ENCRYPTION_KEYS writes it."""
    return f"{key_id}:{base64.urlsafe_b64encode(os.urandom(32)).decode('ascii').rstrip('=')}"
