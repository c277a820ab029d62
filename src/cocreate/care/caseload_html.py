"""The caseload table's rows, written in Python: a facilitator's caseload shows a hundred rows or more, and a
template per row (a link, a date, the "Needs me" count, each app's cells) cost it most of its time. Every value
from the database or a translation is escaped here (`_e`); the waiting items of a row, when there are any, keep
their shared template, and an app's cell comes already safe (compose.panels.Shown.html) or from its template."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.care.models import Kind, Phase
from cocreate.compose.panels import Row, Shown
from cocreate.compose.waiting import Waiting


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _cell(label: str, content: str, css: str = "") -> str:
    css = f' class="{css}"' if css else ""
    return f'<td role="cell" data-label="{label}"{css}><div>{content}</div></td>'


def _needs_me(name: str, items: list[Waiting], label: str) -> str:
    if not items:
        return _cell(label, '<span class="muted">0</span>', "needs")
    summary = ngettext("Needs me: %(n)s item for %(name)s", "Needs me: %(n)s items for %(name)s",
                       len(items)) % {"n": len(items), "name": name}
    listed = render_to_string("care/_waiting.html", {"items": items})  # escapes what it shows
    return _cell(label, f'<details><summary aria-label="{_e(summary)}"><span class="count">{len(items)}</span>'
                        f"</summary>\n      {listed}</details>", "needs")


def _app_cell(cell: Shown, request: HttpRequest) -> str:
    if cell.html is None:  # a column shown by its template, with the request's context (not the page's own)
        return _cell(_e(cell.label), render_to_string(cell.template, dict(cell.context), request=request))
    return _cell(_e(cell.label), cell.html)


def caseload_rows(rows: Sequence[tuple[Row, list[Waiting]]], request: HttpRequest) -> SafeString:
    """The <tr> of each engagement: client (and title), what needs the facilitator, kind, phase, next session,
    then each app's column."""
    labels = {key: _e(text) for key, text in (("client", _("Client")), ("needs", _("Needs me")),
                                               ("care", _("Care")), ("phase", _("Phase")),
                                               ("next", _("Next session")))}
    # Each label once (get_FOO_display builds and hashes the whole list of choices on every call).
    kinds, phases = {k.value: _e(k.label) for k in Kind}, {p.value: _e(p.label) for p in Phase}
    none_scheduled = f'<span class="muted">{_e(_("none scheduled"))}</span>'
    out = []
    for row, items in rows:
        e = row.engagement
        name = e.client.name
        title = f'<br><span class="muted">{_e(e.title)}</span>' if e.title else ""
        next_at = getattr(e, "next_session_at", None)
        when = _e(formats.date_format(timezone.localtime(next_at), "D j M, H:i")) if next_at else none_scheduled
        cells = "".join(_app_cell(c, request) for c in row.cells)
        out.append(
            '<tr role="row">\n    '
            + _cell(labels["client"], f'<a href="{_e(reverse("engagement", args=[e.pk]))}">{_e(name)}</a>{title}')
            + "\n    " + _needs_me(name, items, labels["needs"])
            + "\n    " + _cell(labels["care"], kinds.get(e.kind) or _e(e.kind))
            + "\n    " + _cell(labels["phase"], f'<span class="badge">{phases.get(e.phase) or _e(e.phase)}</span>')
            + "\n    " + _cell(labels["next"], when)
            + "\n    " + cells + "\n  </tr>"
        )
    return SafeString("".join(out))
