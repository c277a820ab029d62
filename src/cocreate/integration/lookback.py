"""Looking back over a tracker: its entries as plain points (day since the session, areas, the words this reader may
read), drawn as an SVG chart with one row per area and a table of the same entries beneath it.

Both are built in Python with a list join: a tracker can hold a thousand entries, and the template engine's cost per
mark would dominate the page (docs/performance.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from django.http import Http404
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.access.policy import EngagementAccess
from cocreate.integration.models import Domain, ShiftEntry, Tracker
from cocreate.integration.selectors import trackers, visible

DELETED = "deleted"  # the chart's row for entries the client deleted (they have no areas left)
# Okabe-Ito colours: told apart with most kinds of colour blindness. The row says the area anyway.
COLOURS = {Domain.BODY: "#E69F00", Domain.EMOTIONS: "#56B4E9", Domain.THOUGHTS: "#009E73",
           Domain.RELATIONSHIPS: "#CC79A7", Domain.BEHAVIOUR: "#0072B2", Domain.MEANING: "#D55E00",
           Domain.SLEEP: "#7F6BB3", Domain.OTHER: "#6B6B6B", DELETED: "#BBBBBB"}
TICKS = (0, 1, 2, 3, 7, 14, 21, 30, 60, 90, 180, 365, 730, 1095, 1825, 3650)


@dataclass(frozen=True)
class Point:
    """One entry as the look-back shows it. `text` is None for a deleted entry: its words are gone."""

    pk: int
    day: int
    on: date
    domains: tuple[str, ...]
    shared: bool
    deleted: bool
    text: str | None


@dataclass(frozen=True)
class LookBack:
    tracker: Tracker | None
    trackers: list[Tracker]
    points: list[Point]


def parse_id(raw: str | None) -> int | None:
    """A whole number from a query string, or None when absent; anything else names nothing here (404)."""
    if raw is None or raw == "":
        return None
    raw = raw.strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise Http404
    return int(raw)


def look_back(access: EngagementAccess, tracker_id: str | None) -> LookBack:
    """The chosen tracker (the latest when none is named; 404 for one not of this engagement) and its entries this
    person may read, by day: two queries however many there are."""
    found = trackers(access)
    wanted = parse_id(tracker_id)
    if wanted is None:
        tracker = found[0] if found else None
    else:
        tracker = next((t for t in found if t.pk == wanted), None)
        if tracker is None:
            raise Http404
    return LookBack(tracker, found, points(access, tracker) if tracker is not None else [])


def points(access: EngagementAccess, tracker: Tracker) -> list[Point]:
    rows = (visible(access, ShiftEntry.objects.filter(tracker=tracker)).order_by("day", "on", "id")
            .values_list("pk", "day", "on", "domains", "shared_at", "deleted_at", "text"))
    return [Point(pk, day, on, tuple(domains or ()), shared_at is not None and deleted_at is None,
                  deleted_at is not None, None if deleted_at is not None else text)
            for pk, day, on, domains, shared_at, deleted_at, text in rows]


def domain_names() -> dict[str, str]:
    return {**{str(d.value): str(d.label) for d in Domain}, DELETED: _("Deleted")}


# The chart.

WIDTH, LEFT, RIGHT, TOP, ROW, AXIS = 760, 168, 24, 12, 30, 44
STEP = 5  # vertical offset between marks that share a day and a row


def x_of(day: int, last: int) -> float:
    """Square-root scale: the first days, when most is noticed, get the most room."""
    return LEFT + (WIDTH - LEFT - RIGHT) * math.sqrt(day) / math.sqrt(last)


def chart_svg(look: LookBack, *, entry_url: str, you: bool) -> SafeString:
    """The chart as inline SVG: one row per area (and one for deleted entries, when there are some), x = day since
    the session, a mark per entry in each of its areas, linking to the entry on the tracker page. Hidden from
    screen readers, which read the table below it instead. `entry_url` ends where "#shift-<id>" goes."""
    names = domain_names()
    rows = [str(d.value) for d in Domain] + ([DELETED] if any(p.deleted for p in look.points) else [])
    last = max([7, *(p.day for p in look.points)])
    height = TOP + ROW * len(rows) + AXIS
    bottom = TOP + ROW * len(rows)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="lookback-chart" id="lookback-chart" '
             f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" aria-hidden="true" '
             f'focusable="false" font-family="sans-serif" font-size="13">']
    for i, row in enumerate(rows):
        y = TOP + ROW * i
        band = "#F6F4EF" if i % 2 == 0 else "#FFFFFF"
        parts.append(f'<rect x="0" y="{y}" width="{WIDTH}" height="{ROW}" fill="{band}"/>'
                     f'<text x="{LEFT - 10}" y="{y + ROW / 2 + 4:.1f}" text-anchor="end" fill="#333">'
                     f'{escape(names[row])}</text>')
    parts.append(_axis(last, bottom))
    cells: dict[tuple[str, int], int] = {}
    marks: dict[str, list[str]] = {row: [] for row in rows}
    for p in look.points:
        for row in (p.domains if not p.deleted else (DELETED,)):
            if row not in marks:
                continue
            k = cells.get((row, p.day), 0)
            cells[(row, p.day)] = k + 1
            offset = min((k + 1) // 2, 2) * STEP * (1 if k % 2 else -1)
            cy = TOP + ROW * rows.index(row) + ROW / 2 + offset
            marks[row].append(_mark(p, x_of(p.day, last), cy, entry_url, names, you))
    for row in rows:
        colour = COLOURS.get(row, "#6B6B6B")
        parts.append(f'<g class="row" data-row="{row}" fill="{colour}" stroke="{colour}" stroke-width="2">'
                     f'{"".join(marks[row])}</g>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped or a number


def _axis(last: int, bottom: int) -> str:
    parts = [f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="#555"/>']
    shown: list[float] = []
    for day in [t for t in TICKS if t < last] + [last]:
        x = x_of(day, last)
        if shown and x - shown[-1] < 24:
            if day != last:
                continue
            parts.pop()  # the last day is always labelled: it gives the one before it up
        shown.append(x)
        parts.append(f'<g><line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{bottom + 4}" stroke="#DDD"/>'
                     f'<text x="{x:.1f}" y="{bottom + 18}" text-anchor="middle" fill="#333">{day}</text></g>')
    parts.append(f'<text x="{(LEFT + WIDTH - RIGHT) / 2:.0f}" y="{bottom + 38}" text-anchor="middle" fill="#333">'
                 f'{escape(_("Days since the session"))}</text>')
    return "".join(parts)


def _mark(p: Point, x: float, y: float, entry_url: str, names: dict[str, str], you: bool) -> str:
    # The row's group gives the colour; an open ring is the client's own entry, not shared (the care team sees
    # shared ones only, all filled).
    ring = "" if (p.shared or p.deleted or not you) else ' fill="#FFFFFF"'
    if p.deleted:
        about = _("deleted by you") if you else _("deleted by the client")
    else:
        words = p.text or ""
        about = ", ".join(names.get(d, d) for d in p.domains) + (
            ": " + (words[:60] + "…" if len(words) > 60 else words) if words else "")
    label = escape(_("Day %(day)d: %(about)s") % {"day": p.day, "about": about})
    return (f'<a href="{entry_url}#shift-{p.pk}" tabindex="-1"><circle cx="{x:.1f}" cy="{y:.0f}" r="5"{ring}>'
            f'<title>{label}</title></circle></a>')


# The table beneath it.

def table_html(look: LookBack, *, entry_url: str, you: bool, client_name: str) -> SafeString:
    """The same entries as a table (rows become cards on a phone): day, date, areas, the words. The client also
    sees whether each is shared, and ticks the ones for their worksheet."""
    if not look.points:
        return SafeString("")
    names = domain_names()
    dates: dict[date, str] = {}
    heads = [_("Day"), _("Date"), _("Areas"), _("What you noticed") if you else
             _("What %(name)s noticed") % {"name": client_name}]
    if you:
        heads += [_("Shared"), _("Worksheet")]
    caption = (_("Your entries after this session, by day") if you
               else _("The entries %(name)s shared after this session, by day") % {"name": client_name})
    parts = [f'<div class="table-wrap"><table class="cards" id="lookback-table"><caption>{escape(caption)}</caption>'
             '<thead><tr>', *(f'<th scope="col">{escape(h)}</th>' for h in heads), "</tr></thead><tbody>"]
    words = {"day": escape(heads[0]), "date": escape(heads[1]), "areas": escape(heads[2]),
             "noticed": escape(heads[3]), "gone": escape(_("deleted by you") if you else _("deleted by the client")),
             "shared": escape(_("Shared")), "yes": escape(_("Shared with your care team")),
             "no": escape(_("Only you")), "sheet": escape(_("Worksheet")), "tick": escape(_("Put on my worksheet"))}
    for p in look.points:
        when = dates.get(p.on)
        if when is None:
            when = dates[p.on] = escape(formats.date_format(p.on, "j M Y"))
        areas = escape(", ".join(names.get(d, d) for d in p.domains)) if p.domains else "—"
        text = (f'<em class="muted">{words["gone"]}</em>' if p.text is None
                else escape(p.text).replace("\n", "<br>"))
        parts.append(f'<tr id="lb-{p.pk}"><td data-label="{words["day"]}"><div><a href="{entry_url}#shift-{p.pk}">'
                     f'{p.day}</a></div></td><td data-label="{words["date"]}"><div><time datetime="'
                     f'{p.on.isoformat()}">{when}</time></div></td><td data-label="{words["areas"]}"><div>{areas}'
                     f'</div></td><td data-label="{words["noticed"]}"><div>{text}</div></td>')
        if you:
            parts.append(f'<td data-label="{words["shared"]}"><div>{words["yes"] if p.shared else words["no"]}'
                         f'</div></td><td data-label="{words["sheet"]}"><div>')
            if not p.deleted:
                parts.append(f'<label class="check"><input type="checkbox" name="entry" value="{p.pk}" '
                             f'form="worksheet-form"> {words["tick"]}</label>')
            parts.append("</div></td>")
        parts.append("</tr>")
    parts.append("</tbody></table></div>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped or a number


def summary(look: LookBack, *, you: bool, client_name: str) -> str:
    """One plain sentence on what the chart shows, for the figure's caption."""
    n = len(look.points)
    if you:
        return ngettext("%(n)d entry, by area and by day since the session. Filled marks are shared with your care "
                        "team, open rings are yours alone. The same entry is in the table below.",
                        "%(n)d entries, by area and by day since the session. Filled marks are shared with your "
                        "care team, open rings are yours alone. The same entries are in the table below.", n) % {"n": n}
    return ngettext("%(n)d entry %(name)s shared, by area and by day since the session. The same entry is in the "
                    "table below.", "%(n)d entries %(name)s shared, by area and by day since the session. The same "
                    "entries are in the table below.", n) % {"n": n, "name": client_name}
