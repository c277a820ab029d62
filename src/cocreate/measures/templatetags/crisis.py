"""Crisis resources as a person in need reads them: every phone number a tap to call, every site a link."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

URL = re.compile(r"(https?://[^\s<>\"]+|www\.[^\s<>\"]+)")
# A number to call: three or more digits, which may be grouped by single spaces or hyphens ("116 123", "988",
# "+44 20 7946 0000"); not part of a word, a date or a path.
PHONE = re.compile(r"(?<![\w/.:-])(\+?\d(?:[ -]?\d){2,14})(?![\w/])")
TRAILING = ".,;:!?)"


def _phones(text: str) -> str:
    out, last = [], 0
    for match in PHONE.finditer(text):
        number = match.group(1)
        out.append(escape(text[last:match.start()]))
        out.append(format_html('<a href="tel:{}">{}</a>', re.sub(r"[ -]", "", number), number))
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


@register.filter
def help_links(text: str) -> SafeString:
    """The text, escaped, with phone numbers as tel: links and web addresses as links."""
    out = []
    for i, part in enumerate(URL.split(str(text))):
        if i % 2 == 0:
            out.append(_phones(part))
            continue
        trail = ""
        while part and part[-1] in TRAILING:
            part, trail = part[:-1], part[-1] + trail
        href = part if part.startswith("http") else "https://" + part
        out.append(format_html('<a href="{}">{}</a>', href, part) + escape(trail))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped or built by format_html
