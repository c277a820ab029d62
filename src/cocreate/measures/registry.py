"""The instruments this installation offers: the shipped definition files and, when
`COCREATE_INSTRUMENTS_DIR` is set, a practice's own; loaded once per process and then kept."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.http import Http404

from cocreate.measures.definitions import DefinitionError, Instrument, load_all


def extra_dir() -> Path | None:
    configured = getattr(settings, "COCREATE_INSTRUMENTS_DIR", None)
    return Path(configured) if configured else None


@cache
def _load(extra: Path | None) -> dict[str, Instrument]:
    # Keyed by the directory, so a test that points the setting elsewhere gets that directory's instruments.
    return load_all(extra)


def instruments() -> dict[str, Instrument]:
    """Every instrument by key. A broken definition file raises DefinitionError naming the file and field;
    `cocreate check` reports it before the server starts."""
    return _load(extra_dir())


def instrument(key: str) -> Instrument:
    """The instrument with this key; 404 when there is none."""
    found = instruments().get(key)
    if found is None:
        raise Http404
    return found


def title_of(key: str) -> str:
    """The instrument's title, or its key when the definition has since been removed."""
    found = instruments().get(key)
    return found.title if found is not None else key


@register("measures")
def check_definitions(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    """Every definition file loads: a malformed one is an error naming the file and the field."""
    try:
        load_all(extra_dir())  # not the cached copy: check what is on disk now
    except DefinitionError as exc:
        return [Error(str(exc), hint="Fix the definition file; the format is in docs/instruments.md.",
                      id="measures.E001")]
    return []
