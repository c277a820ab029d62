"""An engagement's open flags as small linked badges, written in Python: the caseload shows them on every row,
where a template per row cost more than the rest of the page together."""

from __future__ import annotations

from html import escape
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from cocreate.measures.selectors import CaseloadFlags

# Each kind's label is translated only when an engagement has a flag of that kind.
_KINDS = (("risk", "flag risk", gettext_noop("Risk answer")),
          ("deterioration", "flag", gettext_noop("Reliable deterioration")),
          ("alliance", "flag", gettext_noop("Alliance drop")))


def flag_badges(flags: CaseloadFlags | None, engagement_id: int) -> SafeString:
    """The badges, each linking to the flag on the measures page; nothing when there are none."""
    if flags is None or not flags.any:
        return SafeString("")
    page = escape(reverse("engagement_measures", args=[engagement_id]), quote=True)
    badges: list[tuple[str, str, str]] = []
    for kind, css, label in _KINDS:
        found = getattr(flags, kind)
        if found:
            badges += [(css, f"{page}#flag-{f.pk}", _(label)) for f in found]
    if flags.overdue:
        overdue = ngettext("%(n)s overdue measure", "%(n)s overdue measures", flags.overdue) % {"n": flags.overdue}
        badges.append(("flag overdue", f"{page}#open", overdue))
    listed = "".join(f'<li><a class="{css}" href="{href}">{escape(str(label), quote=True)}</a></li>'
                     for css, href, label in badges)
    return SafeString(f'<ul class="flag-badges">{listed}</ul>')


def caseload_cell(cell: CaseloadFlags | None, engagement: Any) -> SafeString:
    """A caseload row's flags, or a quiet "none"."""
    return flag_badges(cell, engagement.pk) or SafeString(f'<span class="muted">{escape(_("none"))}</span>')
