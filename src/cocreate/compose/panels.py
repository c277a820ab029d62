"""Panels: what each app contributes to the pages it shares with others.

A page owns a slot; an app registers panels in it from its own `panels.py` (imported by its AppConfig.ready).
The page renders the registered panels in their declared order without importing the apps behind them. Each
panel's context function does its own reads, through its app's selectors and within the access the page
already resolved (and recorded), and returns None when it has nothing to show to this person.

Orders leave room between them: the engagement page runs care team and phases (10), agreements (20), sessions
(30), shared notes (40), questions (50), measures (60), private notes (90).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.utils.functional import Promise

if TYPE_CHECKING:
    from cocreate.access.policy import EngagementAccess
    from cocreate.accounts.models import Practice, User
    from cocreate.care.models import Engagement


@dataclass(frozen=True)
class EngagementPage:
    """What an engagement-page panel is given: the access already resolved, the reader, and any forms the
    page is re-showing with errors (by name), so a panel shows back what the person typed."""

    access: EngagementAccess
    actor: User
    forms: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MyCarePage:
    """A client's "My care": their own engagements, newest first."""

    actor: User
    engagements: Sequence[Engagement]


@dataclass(frozen=True)
class PracticePage:
    """A practice's home, for a member of it with these roles there."""

    actor: User
    practice: Practice
    roles: frozenset[str]


@dataclass(frozen=True)
class CaseloadPage:
    """A facilitator's caseload: the engagements listed, already chosen (and recorded) by the caseload selector,
    and the practices where the facilitator works."""

    actor: User
    engagements: Sequence[Engagement]
    practices: Sequence[Practice] = ()


@dataclass(frozen=True)
class Shown:
    """A panel ready for the page: its template and the context it adds to the page's own."""

    key: str
    template: str
    context: Mapping[str, Any]
    label: str | Promise = ""  # a caseload cell's column header, shown beside it where rows become cards
    html: str | None = None  # already written (a caseload cell whose column writes its own HTML): no template


G = TypeVar("G")
Context = Mapping[str, Any] | None
Cells = Callable[[CaseloadPage], Mapping[int, Any]]
F = TypeVar("F", bound=Callable[..., Any])  # a context function, returned as it was given


@dataclass(frozen=True)
class Panel(Generic[G]):
    key: str
    order: int
    template: str
    context: Callable[[G], Context]


class Slot(Generic[G]):
    """The panels of one page, in order."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._panels: dict[str, Panel[G]] = {}

    def panel(self, key: str, *, order: int, template: str) -> Callable[[F], F]:
        """Decorator: register a context function as the panel `key` of this slot."""

        def register(context: F) -> F:
            existing = self._panels.get(key)
            if existing is not None and existing.context is not context:
                raise ValueError(f"{self.name} already has a panel named {key!r}")
            self._panels[key] = Panel(key, order, template, context)
            return context

        return register

    def remove(self, key: str) -> None:
        self._panels.pop(key, None)

    def panels(self) -> list[Panel[G]]:
        return sorted(self._panels.values(), key=lambda p: (p.order, p.key))

    def show(self, given: G) -> list[Shown]:
        shown = []
        for panel in self.panels():
            context = panel.context(given)
            if context is not None:
                shown.append(Shown(panel.key, panel.template, context))
        return shown


@dataclass(frozen=True)
class Column:
    """A caseload column: a header, and one cell per engagement (a value its template shows as `cell`)."""

    key: str
    order: int
    header: str | Promise
    template: str
    cells: Cells
    api_name: str = ""  # the field the API's caseload gives this column's cells under (none when empty)
    as_json: Callable[[Any], Any] | None = None  # a cell as the API gives it
    # A cell written as HTML in Python, given the cell and its engagement, instead of the template: a template per
    # row cost the caseload more than everything else on it together.
    html: Callable[[Any, Any], str] | None = None


@dataclass(frozen=True)
class Row:
    engagement: Engagement
    cells: list[Shown]


class Columns:
    """The caseload's columns contributed by apps, after the caseload's own."""

    def __init__(self) -> None:
        self._columns: dict[str, Column] = {}

    def column(self, key: str, *, order: int, header: str | Promise, template: str = "", api_name: str = "",
               as_json: Callable[[Any], Any] | None = None,
               html: Callable[[Any, Any], str] | None = None) -> Callable[[Cells], Cells]:
        """Decorator: register a function giving each listed engagement's cell as the column `key`, shown by
        `template` or written by `html(cell, engagement)`; with `api_name` and `as_json`, the API's caseload
        carries the cell too."""
        if bool(template) == bool(html):
            raise ValueError(f"the caseload column {key!r} needs a template or an html function, not both")

        def register(cells: Cells) -> Cells:
            existing = self._columns.get(key)
            if existing is not None and existing.cells is not cells:
                raise ValueError(f"the caseload already has a column named {key!r}")
            self._columns[key] = Column(key, order, header, template, cells, api_name, as_json, html)
            return cells

        return register

    def columns(self) -> list[Column]:
        return sorted(self._columns.values(), key=lambda c: (c.order, c.key))

    def rows(self, given: CaseloadPage) -> tuple[list[Column], list[Row]]:
        """The headers, and each engagement's cells: every column reads once for the whole list."""
        columns = self.columns()
        values = [column.cells(given) for column in columns]
        rows = [Row(e, [Shown(c.key, "", {}, c.header, html=c.html(v.get(e.pk), e)) if c.html is not None
                        else Shown(c.key, c.template, {"cell": v.get(e.pk), "e": e}, c.header)
                        for c, v in zip(columns, values, strict=True)])
                for e in given.engagements]
        return columns, rows


    def as_json(self, given: CaseloadPage) -> dict[int, dict[str, Any]]:
        """Each engagement's cells of the columns the API carries, by their API names."""
        found: dict[int, dict[str, Any]] = {e.pk: {} for e in given.engagements}
        for column in self.columns():
            if not column.api_name or column.as_json is None:
                continue
            cells = column.cells(given)
            for engagement in given.engagements:
                found[engagement.pk][column.api_name] = column.as_json(cells.get(engagement.pk))
        return found


ENGAGEMENT: Slot[EngagementPage] = Slot("the engagement page")
MY_CARE: Slot[MyCarePage] = Slot("my care")
PRACTICE_LINKS: Slot[PracticePage] = Slot("the practice home's links")  # inline, beside "Invite someone"
PRACTICE_HOME: Slot[PracticePage] = Slot("the practice home")  # sections above the people
CASELOAD_TOP: Slot[CaseloadPage] = Slot("the top of the caseload")  # sections above the table
CASELOAD = Columns()
