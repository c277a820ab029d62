"""`{{ text|to_client:is_client }}`: a checklist's words addressed to the client when the client reads them (the
packs and the gate word them for both sides, and a few speak of "the client")."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

register = template.Library()

# Care-team wording -> the client's, as plain substrings (the shipped packs' labels and the gate's states).
CLIENT_WORDS = {
    "The client would like to talk first": N_("You said you would like to talk first"),
    "The client wants to postpone": N_("You said you want to postpone"),
    "hands on the client's hands": N_("hands on your hands"),
}


@register.filter
def to_client(text: Any, is_client: bool) -> str:
    words = str(text)
    if is_client:
        for theirs, yours in CLIENT_WORDS.items():
            words = words.replace(theirs, _(yours))
    return words
