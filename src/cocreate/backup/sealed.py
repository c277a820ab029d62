"""A passphrase-sealed stream: scrypt derives a key from the passphrase, and the stream is cut into chunks each
sealed with AES-256-GCM, so that a backup of any size is encrypted and checked without ever sitting in memory.

Layout: MAGIC, salt (16 bytes), scrypt's log2(n), r and p (one byte each); then chunks, each a 4-byte big-endian
length and the sealed bytes. A chunk's nonce is its number and a flag marking the last chunk, and the header is the
associated data of every chunk: chunks cannot be reordered, dropped or moved between backups, and a backup cut short
at a chunk's edge fails because its last chunk was not sealed as the last.
"""

from __future__ import annotations

import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"cocreate-sealed1"
CHUNK = 1024 * 1024
# scrypt with n = 2**17, r = 8: about 128 MB and a fraction of a second per backup, which makes guessing passphrases
# costly; both are stored in the header, so they can be raised later without breaking older backups.
LOG_N, R, P = 17, 8, 1
_LENGTH = struct.Struct(">I")


class SealError(Exception):
    """The passphrase is wrong, or the sealed stream is damaged or cut short."""


def _key(passphrase: bytes, salt: bytes, log_n: int, r: int, p: int) -> AESGCM:
    if not 10 <= log_n <= 22 or not 1 <= r <= 32 or not 1 <= p <= 16:
        raise SealError("The backup's header is damaged (its key derivation settings are out of range).")
    return AESGCM(Scrypt(salt=salt, length=32, n=2 ** log_n, r=r, p=p).derive(passphrase))


def _nonce(number: int, last: bool) -> bytes:
    return number.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def is_sealed(head: bytes) -> bool:
    return head.startswith(MAGIC)


class SealedWriter:
    """A write-only file object: what is written goes out sealed, chunk by chunk; close() seals the last chunk."""

    def __init__(self, out: BinaryIO, passphrase: bytes, *, log_n: int = LOG_N) -> None:
        salt = os.urandom(16)
        self._header = MAGIC + salt + bytes([log_n, R, P])
        self._aead = _key(passphrase, salt, log_n, R, P)
        self._out = out
        self._buffer = bytearray()
        self._number = 0
        self._closed = False
        out.write(self._header)

    def _emit(self, data: bytes, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._number, last), data, self._header)
        self._out.write(_LENGTH.pack(len(sealed)) + sealed)
        self._number += 1

    def write(self, data: bytes) -> int:
        self._buffer.extend(data)
        while len(self._buffer) > CHUNK:  # keep at least one byte back, so the last chunk is never empty-and-early
            self._emit(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def flush(self) -> None:
        self._out.flush()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._emit(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._out.flush()


class SealedReader:
    """A read-only file object over a sealed stream; every chunk is checked before any of its bytes is given out."""

    def __init__(self, source: BinaryIO, passphrase: bytes) -> None:
        header = source.read(len(MAGIC) + 19)
        if len(header) < len(MAGIC) + 19 or not is_sealed(header):
            raise SealError("This is not a passphrase-sealed backup.")
        salt = header[len(MAGIC):len(MAGIC) + 16]
        log_n, r, p = header[len(MAGIC) + 16:]
        self._header = header
        self._aead = _key(passphrase, salt, log_n, r, p)
        self._source = source
        self._number = 0
        self._pending = self._read_chunk()  # one chunk ahead: only the end of the stream says which chunk is last
        self._plain = b""
        self._offset = 0
        self._done = False

    def _read_chunk(self) -> bytes | None:
        size = self._source.read(_LENGTH.size)
        if not size:
            return None
        if len(size) < _LENGTH.size:
            raise SealError("The backup is cut short.")
        (length,) = _LENGTH.unpack(size)
        if length > CHUNK + 16:
            raise SealError("The backup is damaged (a chunk is larger than any this program writes).")
        sealed = self._source.read(length)
        if len(sealed) < length:
            raise SealError("The backup is cut short.")
        return sealed

    def _next(self) -> bytes | None:
        if self._pending is None:
            if not self._done:
                raise SealError("The backup is cut short.")
            return None
        current, self._pending = self._pending, self._read_chunk()
        last = self._pending is None
        try:
            plain = self._aead.decrypt(_nonce(self._number, last), current, self._header)
        except InvalidTag:
            if self._number == 0:
                raise SealError("Wrong passphrase, or the backup is damaged: nothing was restored.") from None
            raise SealError("The backup is damaged or cut short: nothing was restored.") from None
        self._number += 1
        self._done = last
        return plain

    def read(self, size: int = -1) -> bytes:
        parts: list[bytes] = []
        wanted = size
        while wanted != 0:
            if self._offset >= len(self._plain):
                if self._done and self._pending is None:
                    break
                chunk = self._next()
                if chunk is None:
                    break
                self._plain, self._offset = chunk, 0
                continue
            end = len(self._plain) if wanted < 0 else min(len(self._plain), self._offset + wanted)
            parts.append(self._plain[self._offset:end])
            if wanted > 0:
                wanted -= end - self._offset
            self._offset = end
        return b"".join(parts)
