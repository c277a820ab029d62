"""An upload is judged by what it contains: real pictures come out upright and without location or camera data,
sounds are recognised by their first bytes, and anything else, too large or too many, is refused with its reason
before it is read whole. The samples here are shared by the other journal tests."""

from __future__ import annotations

import io
import wave
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile, UploadedFile
from PIL import Image

from cocreate.integration import files
from cocreate.integration.files import Refused, check_upload, check_uploads, shown_name

GPS = 0x8825
MAKE, MODEL, ORIENTATION, SOFTWARE = 0x010F, 0x0110, 0x0112, 0x0131


def jpeg_with_gps(size: tuple[int, int] = (40, 20), orientation: int = 1) -> bytes:
    """A real JPEG carrying camera make and model, where it was taken, and an orientation tag."""
    image = Image.new("RGB", size, (200, 80, 40))
    image.putpixel((0, 0), (0, 0, 255))
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[SOFTWARE] = "PhoneMaker", "Pocket 12 Pro", "CamApp 3.1"
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS).update({1: "N", 2: (52.0, 31.0, 12.5), 3: "E", 4: (13.0, 24.0, 1.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=85)
    return out.getvalue()


def png_bytes(size: tuple[int, int] = (30, 30), mode: str = "RGBA", **params: Any) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, 0).save(out, "PNG", **params)
    return out.getvalue()


def wav_bytes() -> bytes:
    """A tenth of a second of silence, written by the standard library."""
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(b"\x00\x00" * 800)
    return out.getvalue()


# The start of a WebM file as browsers record voice: the EBML header naming its doctype "webm", then a segment.
WEBM = (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
        b"\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff"
        + b"\x00" * 256)
_OPUS_HEAD = b"OpusHead\x01\x01\x38\x01\x80\xbb\x00\x00\x00\x00\x00"
# The first page of an Ogg Opus file.
OGG = (b"OggS\x00\x02" + b"\x00" * 8 + b"\x01\x00\x00\x00" + b"\x00" * 8 + b"\x01" + bytes([len(_OPUS_HEAD)])
       + _OPUS_HEAD)
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00\xff\xfb\x90\x00" + b"\x00" * 400
M4A = b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom" + b"\x00" * 100
MP4_AUDIO = b"\x00\x00\x00\x1cftypiso5\x00\x00\x02\x00iso5iso6mp41" + b"\x00" * 100
NOT_A_PICTURE = b"This is a shopping list, not a drawing.\n" * 20


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def exif_of(data: bytes) -> dict[int, Any]:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif())


class Unreadable(UploadedFile):
    """An upload Django has counted at `size` bytes, of which nothing may be read."""

    def __init__(self, name: str, size: int) -> None:
        super().__init__(file=None, name=name, content_type="image/jpeg", size=size)

    def read(self, *args: Any) -> bytes:
        raise AssertionError("the upload was read")

    def chunks(self, chunk_size: int | None = None) -> Any:
        raise AssertionError("the upload was read")

    def seek(self, *args: Any) -> int:
        raise AssertionError("the upload was touched")


# Pictures.

def test_a_photo_loses_its_location_and_camera_and_is_turned_upright() -> None:
    original = jpeg_with_gps(size=(40, 20), orientation=6)  # taken sideways: shown turned a quarter
    assert GPS in exif_of(original) and exif_of(original)[MAKE] == "PhoneMaker"
    checked = check_upload(upload("holiday.jpg", original, "image/jpeg"))
    data = checked.content.read()
    assert (checked.kind, checked.content_type, checked.extension, checked.size) == ("image", "image/jpeg", "jpg",
                                                                                     len(data))
    assert exif_of(data) == {}
    for trace in (b"PhoneMaker", b"Pocket 12 Pro", b"CamApp", b"Exif"):
        assert trace not in data
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size) == ("JPEG", (20, 40))


def test_png_webp_and_gif_are_saved_anew_without_their_notes() -> None:
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    from PIL.PngImagePlugin import PngInfo
    text = PngInfo()
    text.add_text("Comment", "drawn at 12 Garden Lane")
    png = check_upload(upload("drawing.png", png_bytes(exif=exif, pnginfo=text), "image/png"))
    data = png.content.read()
    assert png.content_type == "image/png" and b"Garden Lane" not in data and b"PhoneMaker" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.mode == "RGBA" and not image.info.get("Comment")

    out = io.BytesIO()
    Image.new("RGB", (16, 16), "green").save(out, "WEBP", exif=exif)
    webp = check_upload(upload("x.webp", out.getvalue()))
    assert webp.content_type == "image/webp" and b"PhoneMaker" not in webp.content.read()

    out = io.BytesIO()
    frames = [Image.new("RGB", (12, 12), colour) for colour in ("red", "green", "blue")]
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=120, loop=0,
                   comment=b"made at home")
    gif = check_upload(upload("moving.gif", out.getvalue()))
    data = gif.content.read()
    assert gif.content_type == "image/gif" and b"made at home" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.n_frames == 3


def test_a_text_file_named_as_a_picture_is_refused_with_the_reason() -> None:
    with pytest.raises(Refused, match="“drawing.png” is named as a picture, but what is inside is not one"):
        check_upload(upload("drawing.png", NOT_A_PICTURE, "image/png"))
    with pytest.raises(Refused, match="neither a picture"):
        check_upload(upload("notes.txt", NOT_A_PICTURE, "text/plain"))


def test_a_damaged_picture_is_refused() -> None:
    whole = jpeg_with_gps(size=(200, 200))
    with pytest.raises(Refused, match="could not be read as a picture"):
        check_upload(upload("cut.jpg", whole[: len(whole) // 3]))


def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded(settings: Any) -> None:
    settings.JOURNAL_IMAGE_MAX_PIXELS = 1_000_000
    with pytest.raises(Refused, match="more than 1 million pixels"):
        check_upload(upload("wide.png", png_bytes(size=(2000, 1000), mode="1")))
    # Past Pillow's own bound too (a few hundred kilobytes that would unpack to 225 million pixels).
    settings.JOURNAL_IMAGE_MAX_PIXELS = 50_000_000
    bomb = png_bytes(size=(15000, 15000), mode="1")
    assert len(bomb) < 1_000_000
    with pytest.raises(Refused, match="more than 50 million pixels"):
        check_upload(upload("bomb.png", bomb))


def test_another_kind_of_picture_is_refused_by_name() -> None:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "BMP")
    with pytest.raises(Refused, match=r"a kind of picture \(BMP\).*JPEG, PNG, WebP, GIF"):
        check_upload(upload("scan.bmp", out.getvalue()))


# Sounds.

@pytest.mark.parametrize("name,data,content_type", [
    ("voice.webm", WEBM, "audio/webm"), ("voice.ogg", OGG, "audio/ogg"), ("song.mp3", MP3, "audio/mpeg"),
    ("memo.m4a", M4A, "audio/mp4"), ("memo.mp4", MP4_AUDIO, "audio/mp4"), ("rain.wav", wav_bytes(), "audio/wav"),
])
def test_sounds_are_recognised_by_their_content(name: str, data: bytes, content_type: str) -> None:
    checked = check_upload(upload(name, data, "application/octet-stream"))
    assert (checked.kind, checked.content_type, checked.size) == ("audio", content_type, len(data))


def test_a_sound_over_its_limit_is_refused(settings: Any) -> None:
    settings.JOURNAL_AUDIO_MAX_BYTES = 1000
    with pytest.raises(Refused, match="a voice note or other sound may be at most 1000"):
        check_upload(upload("long.wav", wav_bytes()))


# Size, number, names.

def test_a_200_mb_upload_is_refused_without_being_read() -> None:
    with pytest.raises(Refused, match=r"“film.jpg” is 200.0\sMB: too large to keep here"):
        check_upload(Unreadable("film.jpg", 200 * 1024 * 1024))


def test_a_large_upload_spilled_to_disk_is_refused_by_its_counted_size(settings: Any) -> None:
    settings.JOURNAL_IMAGE_MAX_BYTES = settings.JOURNAL_AUDIO_MAX_BYTES = 4096
    spilled = TemporaryUploadedFile("big.jpg", "image/jpeg", 0, None)
    spilled.write(b"\xff\xd8" + b"\x00" * 10_000)
    spilled.size = 10_002
    with spilled, pytest.raises(Refused, match="too large"):
        check_upload(spilled)


def test_an_empty_file_and_too_many_files_are_refused() -> None:
    with pytest.raises(Refused, match="is empty"):
        check_upload(upload("nothing.png", b""))
    with pytest.raises(ValidationError) as refused:
        check_uploads([upload(f"{i}.wav", wav_bytes()) for i in range(6)])
    assert refused.value.message_dict == {"files": ["Attach at most 5 files to an entry (you chose 6)."]}


def test_every_refusal_is_named_together() -> None:
    with pytest.raises(ValidationError) as refused:
        check_uploads([upload("a.png", NOT_A_PICTURE), upload("ok.wav", wav_bytes()), upload("b.txt", b"x")])
    assert [m[:7] for m in refused.value.message_dict["files"]] == ["“a.png”", "“b.txt”"]


@pytest.mark.parametrize("raw,shown", [
    ("../../etc/passwd", "passwd"), ("C:\\Users\\dana\\drawing.png", "drawing.png"), ("..", ""), (".bashrc", "bashrc"),
    ("voice\x00note\n.webm", "voicenote.webm"), ("a" * 300 + ".png", "a" * 120), ("", ""),
])
def test_a_name_is_shown_without_any_path(raw: str, shown: str) -> None:
    assert shown_name(raw, "") == shown


def test_the_download_name_ends_as_the_file_really_is() -> None:
    assert files.download_name("drawing.png", "jpg") == "drawing.jpg"
    assert files.download_name("passwd", "wav") == "passwd.wav"
    assert files.download_name("", "ogg") == "file.ogg"
