"""A journal's files: an upload checked by what it contains, never by its name or the type it claims, and a stored
file served back (in byte ranges, as phones ask for sound) once the access policy has allowed it.

Pictures are opened with Pillow, verified, and saved anew: upright as the camera meant, without location, camera
or any other metadata. Sounds are recognised by their first bytes and kept as they are. Sizes are judged from what
Django counted while the upload streamed in, before anything is read.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.template.defaultfilters import filesizeformat
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, ImageSequence

from cocreate.integration.models import Attachment, FileKind

log = logging.getLogger(__name__)

FIELD = "files"
HEAD = 8192  # the most filetype reads to recognise a file
CHUNK = 64 * 1024
NAME_MAX = 120
MAX_FRAMES = 500  # an animated picture of more frames is refused, however small each one

# Pillow's name of a picture format: how it is served, and the extension of its download name.
PICTURES: dict[str, tuple[str, str]] = {
    "JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp"),
    "GIF": ("image/gif", "gif"),
}
PICTURE_TYPES = {content_type for content_type, _ext in PICTURES.values()}
# What filetype calls a sound's container: how it is served. filetype names a WebM file video/webm (it cannot tell
# a voice note from a film by the header), and an MP4 whose brand is not M4A video/mp4; here both are sound.
SOUNDS: dict[str, tuple[str, str]] = {
    "video/webm": ("audio/webm", "webm"), "audio/ogg": ("audio/ogg", "ogg"), "audio/mpeg": ("audio/mpeg", "mp3"),
    "audio/mp4": ("audio/mp4", "m4a"), "video/mp4": ("audio/mp4", "m4a"), "audio/x-wav": ("audio/wav", "wav"),
}
PICTURE_NAMES = "JPEG, PNG, WebP, GIF"
SOUND_NAMES = "WebM, Ogg, MP3, M4A, WAV"
PICTURE_ENDINGS = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".heif", ".bmp", ".tif", ".tiff", ".svg")
ACCEPT = "image/jpeg,image/png,image/webp,image/gif,audio/*,.webm,.ogg,.mp3,.m4a,.wav"


@dataclass(frozen=True)
class Limits:
    picture_bytes: int
    sound_bytes: int
    files: int
    pixels: int

    @property
    def largest(self) -> int:
        return max(self.picture_bytes, self.sound_bytes)


def limits() -> Limits:
    return Limits(settings.JOURNAL_IMAGE_MAX_BYTES, settings.JOURNAL_AUDIO_MAX_BYTES,
                  settings.JOURNAL_FILES_PER_ENTRY, settings.JOURNAL_IMAGE_MAX_PIXELS)


def limits_text() -> str:
    """The limits in words, as the page states them."""
    found = limits()
    return _("Pictures (%(pictures)s) up to %(picture_size)s; voice notes and other sounds (%(sounds)s) up to "
             "%(sound_size)s; at most %(n)d files an entry.") % {
        "pictures": PICTURE_NAMES, "picture_size": filesizeformat(found.picture_bytes), "sounds": SOUND_NAMES,
        "sound_size": filesizeformat(found.sound_bytes), "n": found.files}


@dataclass(frozen=True)
class Checked:
    """An upload that passed: what to store, and how to name and serve it."""

    kind: str
    content_type: str
    extension: str
    name: str
    size: int
    content: File[Any]


class Refused(Exception):
    """One upload's reason for refusal, in words for the person who sent it."""


def shown_name(raw: str | None, fallback: str) -> str:
    """The name as the client sees it: the last part of any path, without control characters, and short. It is only
    ever shown; the stored name is the file's uid."""
    base = re.split(r"[\\/]", raw or "")[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    base = base.strip().lstrip(".").strip()
    return base[:NAME_MAX] or fallback


def download_name(name: str, extension: str) -> str:
    """The name a download is saved under: the client's name for it, with the ending of what it really is."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem or 'file'}.{extension}"


def check_uploads(uploads: Sequence[UploadedFile]) -> list[Checked]:
    """Every upload checked; all the reasons of those refused together, under `files`."""
    found = limits()
    if len(uploads) > found.files:
        raise ValidationError({FIELD: _("Attach at most %(n)d files to an entry (you chose %(has)d).")
                               % {"n": found.files, "has": len(uploads)}})
    checked: list[Checked] = []
    reasons: list[str] = []
    for upload in uploads:
        try:
            checked.append(check_upload(upload, found))
        except Refused as exc:
            reasons.append(str(exc))
    if reasons:
        raise ValidationError({FIELD: reasons})
    return checked


def check_upload(upload: UploadedFile, found: Limits | None = None) -> Checked:
    found = found or limits()
    name = shown_name(upload.name, "")
    called = f"“{name}”" if name else _("A file")
    # Django counted the bytes as the upload streamed in: judging by that reads none of it.
    size = int(upload.size or 0)
    if size <= 0:
        raise Refused(_("%(file)s is empty.") % {"file": called})
    if size > found.largest:
        raise Refused(_("%(file)s is %(size)s: too large to keep here. %(limits)s")
                      % {"file": called, "size": filesizeformat(size), "limits": limits_text()})
    upload.seek(0)
    head = upload.read(HEAD)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind is not None else ""
    if mime in SOUNDS:
        if size > found.sound_bytes:
            raise Refused(_("%(file)s is %(size)s; a voice note or other sound may be at most %(most)s.")
                          % {"file": called, "size": filesizeformat(size), "most": filesizeformat(found.sound_bytes)})
        content_type, extension = SOUNDS[mime]
        return Checked(FileKind.AUDIO, content_type, extension, name or _("Voice note"), size, upload)
    if mime in PICTURE_TYPES:
        if size > found.picture_bytes:
            raise Refused(_("%(file)s is %(size)s; a picture may be at most %(most)s.")
                          % {"file": called, "size": filesizeformat(size), "most": filesizeformat(found.picture_bytes)})
        return _picture(upload, called, name or _("Picture"), found)
    if mime.startswith("image/"):
        raise Refused(_("%(file)s is a kind of picture (%(kind)s) that cannot be kept here. Save it as %(ok)s first.")
                      % {"file": called, "kind": kind.extension.upper() if kind else mime, "ok": PICTURE_NAMES})
    if mime.startswith(("audio/", "video/")):
        raise Refused(_("%(file)s is a kind of recording (%(kind)s) that cannot be kept here. Sounds can be %(ok)s.")
                      % {"file": called, "kind": kind.extension.upper() if kind else mime, "ok": SOUND_NAMES})
    claimed = (upload.content_type or "").lower()
    if claimed.startswith("image/") or name.lower().endswith(PICTURE_ENDINGS):
        raise Refused(_("%(file)s is named as a picture, but what is inside is not one. Pictures can be %(ok)s.")
                      % {"file": called, "ok": PICTURE_NAMES})
    raise Refused(_("%(file)s is neither a picture (%(pictures)s) nor a sound (%(sounds)s) that can be kept here.")
                  % {"file": called, "pictures": PICTURE_NAMES, "sounds": SOUND_NAMES})


def _picture(upload: UploadedFile, called: str, name: str, found: Limits) -> Checked:
    too_big = Refused(_("%(file)s is a picture of more than %(n)s million pixels: too large to keep here.")
                      % {"file": called, "n": f"{found.pixels / 1_000_000:g}"})
    try:
        with warnings.catch_warnings():
            # Pillow warns, then refuses, past its own bound; ours is lower and is checked before any decoding.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=list(PICTURES)) as probe:
                format_ = str(probe.format)
                width, height = probe.size
                frames = int(getattr(probe, "n_frames", 1))
                if width * height > found.pixels or width * height * frames > found.pixels * 4 \
                        or frames > MAX_FRAMES:
                    raise too_big
                probe.verify()
            upload.seek(0)
            with Image.open(upload, formats=[format_]) as image:
                data = _saved_anew(image, format_)
    except Refused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big from None
    except Exception:  # a damaged file can fail anywhere inside a decoder; it is refused all the same
        raise Refused(_("%(file)s could not be read as a picture: it may be damaged or incomplete.")
                      % {"file": called}) from None
    finally:
        upload.seek(0)
    content_type, extension = PICTURES[format_]
    return Checked(FileKind.IMAGE, content_type, extension, name, len(data), ContentFile(data))


def _saved_anew(image: Image.Image, format_: str) -> bytes:
    """The picture encoded again from its pixels alone: what it needs to look the same (transparency, colour
    profile, frame timing) goes with it; EXIF, XMP, comments and every other note about where, when and with what
    it was made stay behind."""
    out = io.BytesIO()
    icc = image.info.get("icc_profile")
    params: dict[str, Any] = {"format": format_}
    if icc and format_ != "GIF":
        params["icc_profile"] = icc
    if format_ == "JPEG":
        params.update(quality=90)
    elif format_ == "WEBP":
        params.update(quality=90, method=4)
    if int(getattr(image, "n_frames", 1)) > 1:
        frames, durations = [], []
        for frame in ImageSequence.Iterator(image):
            durations.append(int(frame.info.get("duration", 100)))
            copy = frame.copy()
            copy.info = {k: v for k, v in frame.info.items() if k == "transparency"}
            frames.append(copy)
        params.update(save_all=True, append_images=frames[1:], duration=durations, loop=int(image.info.get("loop", 0)))
        first = frames[0]
    else:
        transparency = image.info.get("transparency")
        first = ImageOps.exif_transpose(image) or image.copy()  # upright; the orientation tag goes with the rest
        first.info = {}
        if transparency is not None and format_ in ("PNG", "GIF") and first.mode in ("P", "L", "RGB"):
            params["transparency"] = transparency
        if format_ == "JPEG" and first.mode not in ("L", "RGB", "CMYK"):
            first = first.convert("RGB")
    first.save(out, **params)
    return out.getvalue()


# Serving a stored file.

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _chunks(handle: File[Any] | Any, length: int) -> Iterator[bytes]:
    try:
        while length > 0:
            data = handle.read(min(CHUNK, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        handle.close()


def serve(request: HttpRequest, attachment: Attachment) -> HttpResponseBase:
    """The file as it came in (it is stored encrypted), with its checked type, never sniffed, shown in the page
    rather than saved, and kept by no cache. A single byte range is answered (Safari plays sound only from a server
    that does), decrypting only the pieces it covers."""
    size = attachment.size
    start, end, status = 0, size - 1, 200
    asked = RANGE.match(request.headers.get("Range", "").strip())
    if asked and (asked.group(1) or asked.group(2)):
        if asked.group(1):
            start = int(asked.group(1))
            end = min(int(asked.group(2)), size - 1) if asked.group(2) else size - 1
        else:
            start = max(0, size - int(asked.group(2)))
        if start > end or start >= size:
            refused = HttpResponse(status=416)
            refused["Content-Range"] = f"bytes */{size}"
            return refused
        status = 206
    try:
        handle = attachment.file.open_plain()  # decrypted piece by piece as the range asks
    except FileNotFoundError:
        log.error("journal file %s is missing from storage", attachment.file.name)
        raise Http404 from None
    if start:
        handle.seek(start)
    response = StreamingHttpResponse(_chunks(handle, end - start + 1), status=status,
                                     content_type=attachment.content_type)
    response["Content-Length"] = str(end - start + 1)
    if status == 206:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = content_disposition_header(
        False, download_name(attachment.name, _extension(attachment.content_type))) or "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"  # opened on its own, it runs nothing
    return response


def _extension(content_type: str) -> str:
    for known, extension in [*PICTURES.values(), *SOUNDS.values()]:
        if known == content_type:
            return extension
    return "bin"
