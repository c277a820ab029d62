"""The record of which keys have written: made before a value is written under a key, read by the start-up check."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from cocreate.encryption import keys

CANARY_TEXT = "cocreate encryption canary"

# The keys whose canary this process knows to be committed: a write checks this set, and touches the database only
# the first time a process writes under a key not in it. A canary this process wrote is only known once committed.
_known: set[str] = set()
_pending: set[str] = set()


def forget() -> None:
    _known.clear()


def _settle(key_id: str) -> None:
    _pending.discard(key_id)
    _known.add(key_id)


def ensure(key_id: str | None = None) -> None:
    """A canary for the key (the current one by default) exists, or is written in the caller's transaction."""
    from cocreate.encryption.models import KeyCanary

    key_id = key_id or keys.keyring().current
    if key_id in _known:
        return
    if KeyCanary.objects.filter(key_id=key_id).exists():
        if key_id in _pending:  # written by this process, perhaps in this very transaction
            transaction.on_commit(lambda: _settle(key_id))
        else:
            _known.add(key_id)
        return
    try:
        with transaction.atomic():
            KeyCanary.objects.create(key_id=key_id, canary=keys.encrypt(CANARY_TEXT, key_id))
    except IntegrityError:  # another process wrote it and committed a moment ago
        _known.add(key_id)
        return
    _pending.add(key_id)
    transaction.on_commit(lambda: _settle(key_id))


def verify(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(key id, problem) for every canary the configured keys cannot read: missing or wrong."""
    problems: list[tuple[str, str]] = []
    ring = keys.keyring()
    for key_id, stored in rows:
        if key_id not in ring.ciphers:
            problems.append((key_id, "missing"))
            continue
        try:
            if keys.decrypt(stored) != CANARY_TEXT:
                problems.append((key_id, "wrong"))
        except keys.EncryptionError:
            problems.append((key_id, "wrong"))
    return problems
