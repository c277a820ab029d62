"""Where a field sits in a TOML file: the line of a validation error's location, so a mistake is named by line.

A small reader of the file's table headers and keys, enough for the flat files cocreate reads (tables, arrays of
tables, `key = value` lines, inline tables, and arrays written one inline table a line); it never parses values,
tomllib does that.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"]+)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")

Path = tuple[str | int, ...]


def line_index(text: str) -> dict[Path, int]:
    """Every table, array element and key of the file, by its path, mapped to its (1-based) line."""
    found: dict[Path, int] = {}
    counts: dict[tuple[str, ...], int] = {}
    current: Path = ()
    array: Path | None = None  # the key of an array still open from an earlier line
    element = 0
    in_text = ""  # the delimiter of a multi-line string still open: its lines are text, never keys or headers
    for number, line in enumerate(text.splitlines(), start=1):
        if in_text:
            if line.count(in_text) % 2:
                in_text = ""
            continue
        if array is not None:  # every line up to the closing bracket belongs to the array
            bare = line.split("#", 1)[0].strip()
            if bare.startswith("{"):  # one element a line: `{ from_mg = 0, ... },`
                found.setdefault((*array, element), number)
                element += 1
            if bare.endswith("]"):
                array = None
            continue
        header = _HEADER.match(line)
        if header:
            names = tuple(p.strip('"') for p in header.group(2).split("."))
            if header.group(1) == "[[":
                counts[names] = counts.get(names, -1) + 1
            current = _with_indices(names, counts)
            for end in range(1, len(current) + 1):  # "phases" as well as "phases[0]": the first mention
                found.setdefault(current[:end], number)
            continue
        key = _KEY.match(line)
        if key:
            found.setdefault((*current, key.group(1)), number)
            in_text = next((d for d in ('"""', "'''") if line.count(d) % 2), "")
            value = line.split("=", 1)[1].split("#", 1)[0].strip()
            if value.startswith("[") and value.count("[") > value.count("]"):
                array, element = (*current, key.group(1)), 0
    return found


def _with_indices(names: tuple[str, ...], counts: dict[tuple[str, ...], int]) -> Path:
    path: list[str | int] = []
    for i in range(len(names)):
        path.append(names[i])
        if names[: i + 1] in counts:
            path.append(counts[names[: i + 1]])
    return tuple(path)


def line_of(index: dict[Path, int], loc: Sequence[str | int]) -> int | None:
    """The line of the longest known prefix of `loc` (a pydantic error location), or None."""
    loc = tuple(loc)
    for end in range(len(loc), 0, -1):
        if loc[:end] in index:
            return index[loc[:end]]
    return None
