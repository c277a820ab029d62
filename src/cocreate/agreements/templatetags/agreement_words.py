"""Words of a shared document for whoever reads them: "the client" for the care team, "you" for the client."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext

from cocreate.agreements.kinds import CLIENT_WORDS

register = template.Library()
# Longest first, so that a whole sentence is swapped before a phrase inside it ("The client chooses") could be.
_LONGEST_FIRST = sorted(CLIENT_WORDS.items(), key=lambda pair: len(pair[0]), reverse=True)


@register.filter
def for_reader(text: Any, is_client: bool) -> str:
    """The text as the reader should read it: addressed to the client when it is theirs."""
    words = str(text)
    if is_client:  # also inside a composed label ("Goals 1 · The goal, in the client's words")
        for theirs, yours in _LONGEST_FIRST:
            words = words.replace(theirs, gettext(yours))
    return words
