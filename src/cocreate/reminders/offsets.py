"""Times before a session, in minutes: read from what a person types ("48h, 2h", "30m") and said back in words.

No models here, so the rules are tested on their own.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

DEFAULT = (48 * 60, 2 * 60)  # two days and two hours before
MOST = 4  # reminder times per person
SHORTEST = 10  # minutes: a reminder closer to the start than this would come too late to be of use
LONGEST = 14 * 24 * 60  # two weeks

_UNITS = {"m": 1, "min": 1, "h": 60, "d": 24 * 60}
_ONE = re.compile(r"^(\d{1,5})\s*(m|min|h|d)?$")


class OffsetError(ValueError):
    """What is wrong with the times given, in words for the person who gave them."""


def check(minutes: list[int]) -> list[int]:
    """The times as stored: whole minutes, distinct, within range, the earliest reminder first."""
    if len(minutes) > MOST:
        raise OffsetError(_("Choose at most %(most)d reminder times.") % {"most": MOST})
    for value in minutes:
        if isinstance(value, bool) or not isinstance(value, int) or not SHORTEST <= value <= LONGEST:
            raise OffsetError(_("Each reminder comes from %(shortest)d minutes to %(days)d days before the session.")
                              % {"shortest": SHORTEST, "days": LONGEST // (24 * 60)})
    return sorted(set(minutes), reverse=True)


def parse(text: str) -> list[int]:
    """ "48h, 2h" -> [2880, 120]; a number alone is hours; "48h 2h" is two times. Empty text is none at all."""
    found = []
    for part in re.split(r"[,;]|\s+(?=\d)", text.strip().lower()):
        part = part.strip()
        if not part:
            continue
        match = _ONE.match(part)
        if match is None:
            raise OffsetError(_("Write each time as minutes, hours or days before, like 48h, 2h or 30m "
                                "(“%(part)s” is not one).") % {"part": part[:20]})
        found.append(int(match.group(1)) * _UNITS[match.group(2) or "h"])
    return check(found)


def words(minutes: int) -> str:
    """2880 -> "48 h", 90 -> "90 min"."""
    return f"{minutes} min" if minutes % 60 else f"{minutes // 60} h"


def as_text(minutes: list[int] | tuple[int, ...]) -> str:
    """How a list of times is written back into a form: "48h, 2h"."""
    return ", ".join(f"{m}m" if m % 60 else f"{m // 60}h" for m in minutes)
