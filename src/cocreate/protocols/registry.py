"""The packs and screening questionnaires this installation offers: the shipped files and, when
`COCREATE_PROTOCOLS_DIR` is set, a practice's own; loaded once per process and then kept."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.http import Http404

from cocreate.protocols.packs import Pack, PackError, Questionnaire, load_all

DEFAULT_PSYCHEDELIC = "psychedelic_general"
DEFAULT_PSYCHOTHERAPY = "psychotherapy"


def extra_dir() -> Path | None:
    configured = getattr(settings, "COCREATE_PROTOCOLS_DIR", None)
    return Path(configured) if configured else None


@cache
def _load(extra: Path | None) -> tuple[dict[str, Pack], dict[str, Questionnaire]]:
    return load_all(extra)


def packs() -> dict[str, Pack]:
    return _load(extra_dir())[0]


def questionnaires() -> dict[str, Questionnaire]:
    return _load(extra_dir())[1]


def pack(key: str) -> Pack:
    """The pack with this key; 404 when there is none."""
    found = packs().get(key)
    if found is None:
        raise Http404
    return found


def pack_or_default(key: str | None, engagement_kind: str) -> Pack:
    """The named pack; where it is gone from this installation (or none is named), the default for the kind."""
    found = packs().get(key or "")
    if found is not None and found.engagement_kind == engagement_kind:
        return found
    return packs()[DEFAULT_PSYCHOTHERAPY if engagement_kind == "psychotherapy" else DEFAULT_PSYCHEDELIC]


def questions_of(found: Pack) -> list[tuple[Questionnaire, list[str]]]:
    """The pack's screening questionnaires, in order."""
    if found.screening is None:
        return []
    found_ones = [questionnaires()[k] for k in found.screening.questionnaires]
    return [(q, [item.key for item in q.questions]) for q in found_ones]


@register("protocols")
def check_packs(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    """Every pack and questionnaire file loads: a malformed one is an error naming the file, line and field."""
    try:
        load_all(extra_dir())  # not the cached copy: check what is on disk now
    except PackError as exc:
        return [Error(str(exc), hint="Fix the pack file; the format is in docs/protocols.md.", id="protocols.E001")]
    return []
