"""Journal files are encrypted on disk in pieces, served decrypted (whole or by byte range, across pieces), copied
decrypted into the client's zip, re-encrypted by rotation, and refused rather than served when cut short, altered or
under a key that is not configured."""

from __future__ import annotations

import io
import wave
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cocreate.access.policy import engagement_access
from cocreate.encryption import files, keys, rotation
from cocreate.integration import archive, journal
from cocreate.integration.models import Attachment
from tests.conftest import World
from tests.encryption.helpers import current, key
from tests.integration.test_journal_files import upload


def long_wav(seconds: float = 2.0) -> bytes:
    """A sound of 64 KB a second: about one of the 64 KiB pieces a file is encrypted in, a second."""
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(16000)
        sound.writeframes(bytes(range(256)) * int(seconds * 250))
    return out.getvalue()


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def stored(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file())


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def voice_note(world: World, data: bytes) -> Attachment:
    entry = journal.journal_add(actor=world.dana, access=engagement_access(world.dana, world.engagement), text="",
                                uploads=[upload("voice.wav", data)])
    return entry.files.get()


def url(world: World, attachment: Attachment) -> str:
    return reverse("integration_journal_file", args=[world.engagement.pk, attachment.uid])


@pytest.mark.django_db
def test_a_file_is_encrypted_on_disk_and_served_as_it_came(world: World, media: Path, settings: Any) -> None:
    sound = long_wav()
    attachment = voice_note(world, sound)
    [on_disk] = stored(media)
    kept = on_disk.read_bytes()
    assert kept.startswith(b"CCEF1") and b"RIFF" not in kept and bytes(range(64)) not in kept
    assert attachment.key_id == current(settings)[0] and attachment.size == len(sound)
    dana = world.client_for(world.dana)
    whole = dana.get(url(world, attachment))
    assert whole.status_code == 200 and body(whole) == sound and whole["Content-Length"] == str(len(sound))
    # A range across the boundary of two pieces decrypts both and gives exactly the bytes asked for.
    start, end = files.PIECE - 10, files.PIECE + 20
    part = dana.get(url(world, attachment), HTTP_RANGE=f"bytes={start}-{end}")
    assert part.status_code == 206 and body(part) == sound[start:end + 1]
    assert body(dana.get(url(world, attachment), HTTP_RANGE="bytes=-7")) == sound[-7:]


@pytest.mark.django_db
def test_the_clients_zip_holds_the_file_decrypted(world: World, media: Path) -> None:
    sound = long_wav(0.5)
    attachment = voice_note(world, sound)
    with zipfile.ZipFile(archive.archive(engagement_access(world.dana, world.engagement))) as zf:
        [name] = [n for n in zf.namelist() if n.startswith("journal-files/")]
        assert zf.read(name) == sound and str(attachment.uid) in name


@pytest.mark.django_db(transaction=True)
def test_rotation_writes_each_file_anew_under_the_new_key_and_removes_the_old(world: World, media: Path,
                                                                              settings: Any) -> None:
    old = current(settings)
    sounds = [long_wav(0.3 + i / 10) for i in range(3)]
    attachments = [voice_note(world, s) for s in sounds]
    before = stored(media)
    new = key("2027f")
    settings.ENCRYPTION_KEYS = [new, old]
    assert next(c.by_key for c in rotation.status() if c.label == "integration.Attachment.file") == {old[0]: 3}
    lines: list[str] = []
    rotation.rotate(batch_size=2, progress=lines.append)
    assert "integration.Attachment.file: 2 re-encrypted" in lines and "integration.Attachment.file: 3 re-encrypted" \
        in lines
    after = stored(media)
    assert len(after) == 3 and not set(before) & set(after)  # new names; the old files are gone
    settings.ENCRYPTION_KEYS = [new]
    dana = world.client_for(world.dana)
    for attachment, sound in zip(attachments, sounds, strict=True):
        attachment.refresh_from_db()
        assert attachment.key_id == new[0]
        assert body(dana.get(url(world, attachment))) == sound


@pytest.mark.django_db
def test_a_file_under_a_missing_key_is_refused_not_served(world: World, media: Path, settings: Any) -> None:
    attachment = voice_note(world, long_wav(0.2))
    settings.ENCRYPTION_KEYS = [key("other")]
    with pytest.raises(keys.MissingKey):
        world.client_for(world.dana).get(url(world, attachment))


def _sealed(data: bytes) -> bytes:
    out = io.BytesIO()
    files.encrypt_to(io.BytesIO(data), out)
    return out.getvalue()


def _reader(sealed: bytes) -> Any:
    reader, _key_id = files.plain(io.BytesIO(sealed))
    return reader


@hypothesis_settings(max_examples=40, deadline=None)
@given(size=st.sampled_from([0, 1, files.PIECE - 1, files.PIECE, files.PIECE + 1, 2 * files.PIECE, 150_000]),
       start=st.integers(0, 160_000), length=st.integers(1, 140_000))
def test_any_range_of_any_size_reads_back_exactly(size: int, start: int, length: int) -> None:
    data = bytes((i * 7) % 251 for i in range(size))
    reader = _reader(_sealed(data))
    assert reader.read() == data
    reader.seek(start)
    assert reader.read(length) == data[start:start + length]
    assert reader.size() == size


def test_a_file_cut_short_or_altered_is_refused() -> None:
    data = bytes(range(256)) * 600  # three pieces
    sealed = _sealed(data)
    piece = files.PIECE + files.TAG
    head = len(sealed) - len(data) - 3 * files.TAG
    cut = sealed[: head + 2 * piece]  # the last piece gone, exactly at a boundary
    with pytest.raises(keys.Undecryptable, match="cut short"):
        _reader(cut).read()
    altered = bytearray(sealed)
    altered[head + 5] ^= 1
    with pytest.raises(keys.Undecryptable):
        _reader(bytes(altered)).read()
    swapped = sealed[:head] + sealed[head + piece: head + 2 * piece] + sealed[head: head + piece] + sealed[
        head + 2 * piece:]
    with pytest.raises(keys.Undecryptable):
        _reader(swapped).read()
