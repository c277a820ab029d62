"""The printable worksheet, as PDF: blank, for a client who prefers paper (the days, the areas to tick, room for what
they noticed), or filled with the entries the client chose. There is no place for meaning on it: noticing is enough.

Rendered with WeasyPrint from a template, in the system's own fonts, with nothing fetched from anywhere: the page
holds no links to load, and the fetcher refuses any that might appear.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from cocreate.access.policy import EngagementAccess
from cocreate.integration.models import DEFAULT_DAYS, Domain, ShiftEntry, Tracker

MAX_CHOSEN = 500
EXTRA_DAYS = 2  # blank "day ___" blocks on the blank sheet: entries can be made any day, not only when invited


class NothingFetched(URLFetcher):
    """WeasyPrint's fetcher, refusing every URL: a worksheet is made from its template alone."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
        raise ValueError("a worksheet fetches nothing")


@dataclass
class Group:
    """The chosen entries noted after one session."""

    tracker: Tracker
    entries: list[ShiftEntry] = field(default_factory=list)


@dataclass(frozen=True)
class BlankDay:
    day: int | None  # None: a day of the client's choosing
    on: date | None


def chosen_ids(raw: Iterable[str]) -> list[int]:
    """The entry ids of a worksheet request, each a whole number: anything else is refused by name (400)."""
    ids: list[int] = []
    for value in raw:
        text = str(value).strip()
        if not text.isascii() or not text.isdigit() or len(text) > 18:
            raise ValidationError({"entry": _("“%(value)s” is not an entry of yours: choose entries with the boxes "
                                              "on the look-back page.") % {"value": text[:20]}})
        ids.append(int(text))
    if len(set(ids)) > MAX_CHOSEN:
        raise ValidationError({"entry": _("Choose at most %(n)d entries for one worksheet.") % {"n": MAX_CHOSEN}})
    return sorted(set(ids))


def chosen(access: EngagementAccess, raw: Iterable[str]) -> list[Group]:
    """The client's chosen entries (all of theirs not deleted, when none are chosen), grouped by the session they
    follow. The filled worksheet is the client's alone (404 for anyone else); an id that is not one of their
    entries, or one they deleted, is refused (400) rather than silently left off."""
    if not access.is_client:
        raise Http404
    ids = chosen_ids(raw)
    rows = ShiftEntry.objects.filter(engagement=access.engagement, deleted_at__isnull=True)
    if ids:
        rows = rows.filter(pk__in=ids)
    found = list(rows.select_related("tracker").order_by("tracker__began_on", "tracker_id", "on", "id"))
    if ids and len(found) != len(ids):
        raise ValidationError({"entry": _("Some of the chosen entries are not among yours, or were deleted. "
                                          "Choose again on the look-back page.")})
    groups: dict[int, Group] = {}
    for entry in found:
        groups.setdefault(entry.tracker_id, Group(entry.tracker)).entries.append(entry)
    return list(groups.values())


def blank_days(tracker: Tracker | None) -> list[BlankDay]:
    """The tracker's invitation days with their dates (the usual days, undated, with no tracker yet), and a few
    blank ones."""
    days = (tracker.days if tracker is not None and tracker.days else list(DEFAULT_DAYS))
    return ([BlankDay(d, tracker.began_on + timedelta(days=d) if tracker is not None else None) for d in days]
            + [BlankDay(None, None)] * EXTRA_DAYS)


def areas() -> list[str]:
    return [str(d.label) for d in Domain]


def filled_pdf(groups: list[Group]) -> bytes:
    names = {str(d.value): str(d.label) for d in Domain}
    shown = [(g.tracker, [(e, [names.get(d, d) for d in e.domains]) for e in g.entries]) for g in groups]
    return pdf("integration/worksheet.html", {"groups": shown, "count": sum(len(g.entries) for g in groups)})


def blank_pdf(tracker: Tracker | None) -> bytes:
    return pdf("integration/worksheet_blank.html", {"tracker": tracker, "days": blank_days(tracker),
                                                     "areas": areas()})


def pdf(template: str, context: dict[str, Any]) -> bytes:
    html = render_to_string(template, {**context, "lang": translation.get_language() or "en"})
    return bytes(HTML(string=html, base_url=None, url_fetcher=NothingFetched()).write_pdf(pdf_tags=True))
