"""Files encrypted at rest in pieces, so that a byte range (as phones ask for sound) decrypts only what it needs.

A stored file is a header (`CCEF1`, the key id, an 8-byte random prefix) followed by pieces of 64 KiB, each sealed
with AES-GCM under a nonce of the prefix and the piece's number; the header and whether the piece is the last are
bound into each tag, so pieces cannot be reordered, swapped between files, or cut off at the end unnoticed.
"""

from __future__ import annotations

import os
import tempfile
from typing import IO, Any

from cryptography.exceptions import InvalidTag

from cocreate.encryption import keys

MAGIC = b"CCEF1"
PIECE = 64 * 1024
TAG = 16
PREFIX_BYTES = 8
SPOOL = 1024 * 1024  # an encrypted file is kept in memory up to this size, on disk beyond it


def _header(key_id: str, prefix: bytes) -> bytes:
    raw = key_id.encode("ascii")
    return MAGIC + bytes([len(raw)]) + raw + prefix


def _nonce(prefix: bytes, number: int) -> bytes:
    return prefix + number.to_bytes(4, "big")


def _aad(head: bytes, last: bool) -> bytes:
    return head + (b"\x01" if last else b"\x00")


def _fill(source: IO[bytes] | Any) -> bytes:
    """A whole piece, or what is left: a stream may hand back less than asked before its end."""
    parts: list[bytes] = []
    wanted = PIECE
    while wanted:
        data = source.read(wanted)
        if not data:
            break
        parts.append(bytes(data))
        wanted -= len(data)
    return b"".join(parts)


def encrypt_to(source: IO[bytes] | Any, out: IO[bytes], key_id: str | None = None) -> str:
    """Read `source` from its start and write it encrypted to `out`; the key id used."""
    ring = keys.keyring()
    key_id = key_id or ring.current
    cipher = ring.cipher(key_id)
    prefix = os.urandom(PREFIX_BYTES)
    head = _header(key_id, prefix)
    out.write(head)
    if hasattr(source, "seek"):
        source.seek(0)
    piece = _fill(source)
    number = 0
    while True:
        following = _fill(source) if len(piece) == PIECE else b""
        last = not following
        out.write(cipher.encrypt(_nonce(prefix, number), bytes(piece), _aad(head, last)))
        if last:
            return key_id
        piece, number = following, number + 1


def encrypted_copy(source: IO[bytes] | Any, key_id: str | None = None) -> tuple[IO[bytes], str]:
    """An encrypted copy of `source`, at its start, ready for a storage to save; and the key id used."""
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL)  # noqa: SIM115 - handed to the caller, who closes it
    used = encrypt_to(source, out, key_id)
    out.seek(0)
    return out, used


def read_header(handle: IO[bytes] | Any) -> tuple[str, bytes] | None:
    """The key id and header of an encrypted file, reading from its start; None for a file stored plain."""
    handle.seek(0)
    start = handle.read(len(MAGIC) + 1)
    if len(start) < len(MAGIC) + 1 or start[: len(MAGIC)] != MAGIC:
        handle.seek(0)
        return None
    rest = handle.read(start[-1] + PREFIX_BYTES)
    key_id = rest[: start[-1]].decode("ascii", "replace")
    return key_id, start + rest


class PlainReader:
    """Reads an encrypted stored file as its plain bytes: read, seek and tell are in plain bytes."""

    def __init__(self, handle: IO[bytes] | Any, key_id: str, head: bytes) -> None:
        self._handle = handle
        self._key_id = key_id
        self._cipher = keys.keyring().cipher(key_id)
        self._head = head
        self._prefix = head[-PREFIX_BYTES:]
        self._position = 0
        self._number = -1
        self._piece = b""
        self._last = False

    def _load(self, number: int) -> None:
        if number == self._number:
            return
        self._handle.seek(len(self._head) + number * (PIECE + TAG))
        sealed = self._handle.read(PIECE + TAG) or b""
        if not sealed:
            if number == 0 or not self._last_before(number):
                raise keys.Undecryptable(self._key_id, "A stored file (cut short)")
            self._number, self._piece, self._last = number, b"", True
            return
        nonce = _nonce(self._prefix, number)
        # A full piece is the last one only if the plain file ends exactly there: try that second.
        for last in ((False, True) if len(sealed) == PIECE + TAG else (True,)):
            try:
                self._piece = self._cipher.decrypt(nonce, sealed, _aad(self._head, last))
            except InvalidTag:
                continue
            self._number, self._last = number, last
            return
        raise keys.Undecryptable(self._key_id, "A stored file")

    def _last_before(self, number: int) -> bool:
        self._load(number - 1)
        return self._last

    def read(self, size: int = -1) -> bytes:
        parts: list[bytes] = []
        while size != 0:
            number, offset = divmod(self._position, PIECE)
            self._load(number)
            if offset >= len(self._piece):
                if self._last or not self._piece:
                    break
                raise keys.Undecryptable(self._key_id, "A stored file")
            take = self._piece[offset:] if size < 0 else self._piece[offset: offset + size]
            parts.append(take)
            self._position += len(take)
            if size > 0:
                size -= len(take)
            if self._last and self._position >= number * PIECE + len(self._piece):
                break
        return b"".join(parts)

    def size(self) -> int:
        """The plain size, from the stored size: every piece adds its tag."""
        self._handle.seek(0, os.SEEK_END)
        body = self._handle.tell() - len(self._head)
        pieces = max(1, -(-body // (PIECE + TAG)))
        return body - pieces * TAG

    def seek(self, position: int, whence: int = 0) -> int:
        if whence == os.SEEK_END:
            position += self.size()
        elif whence == os.SEEK_CUR:
            position += self._position
        self._position = max(0, position)
        return self._position

    @property
    def closed(self) -> bool:
        return bool(getattr(self._handle, "closed", False))

    def tell(self) -> int:
        return self._position

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> PlainReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def plain(handle: IO[bytes] | Any) -> tuple[Any, str | None]:
    """A reader of the plain bytes of a stored file, and the key id it was under (None: stored plain)."""
    found = read_header(handle)
    if found is None:
        return handle, None
    key_id, head = found
    return PlainReader(handle, key_id, head), key_id
