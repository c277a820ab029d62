"""Keyset (cursor) paging for the API lists that grow with history, so a page costs the same however long the
history behind it.

A list is read in a fixed order that ends with a unique column (the primary key, or a number unique within the
list). A page is the first `limit` rows after the last row of the page before, found by comparing the ordering
values, `(a, b, pk) > (a0, b0, pk0)`, never by counting rows to skip: a row written between two requests neither
repeats nor hides an older one. The cursor, `after`, is those values of the last row shown, signed so that it
cannot be forged or carried to another list; the next page's address goes in a `Link: <…>; rel="next"` header
(RFC 8288) and the body stays a plain JSON list.

A list may be shown in parts one after another (the caller's caseload, then their own engagements): a cursor
names the part it stopped in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import Any, TypeVar

from django.core import signing
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import P, QueryEx

M = TypeVar("M", bound=Model)

DEFAULT_LIMIT = 200  # more than any list held before paging, so a client that sends nothing sees what it saw
MAX_LIMIT = 1000

Limit = QueryEx[int, P(ge=1, le=MAX_LIMIT, description=f"How many at most (1 to {MAX_LIMIT}).")]
After = QueryEx[str | None, P(max_length=1000, description=(
    'Where to go on from: the `after` of the `Link: <…>; rel="next"` header of the page before.'))]


class BadCursor(Exception):
    """An `after` that is not one this list gave out: malformed, altered, or from another list."""


@dataclass(frozen=True)
class Key:
    """An ordering: field paths (`-` before one read newest or largest first), each with the type of its value.
    The last must be unique within the list."""

    fields: tuple[tuple[str, type], ...]

    @property
    def order(self) -> list[str]:
        return [name for name, _ in self.fields]

    def of(self, row: Any) -> list[Any]:
        return [attrgetter(name.lstrip("-").replace("__", "."))(row) for name, _ in self.fields]

    def after(self, values: Sequence[Any]) -> Q:
        """Rows that come after these values in this order: (a > a0) or (a = a0 and b > b0) or ...; and a >= a0
        besides, which says the same but lets the database start its index scan at the cursor rather than at the
        beginning of the history and filter its way there."""
        found = Q()
        for i, (name, _) in enumerate(self.fields):
            field = name.lstrip("-")
            step = Q(**{f"{field}__{'lt' if name.startswith('-') else 'gt'}": values[i]})
            for earlier, value in zip(self.fields[:i], values[:i], strict=True):
                step &= Q(**{earlier[0].lstrip("-"): value})
            found = step if i == 0 else found | step
        first = self.fields[0][0]
        return Q(**{f"{first.lstrip('-')}__{'lte' if first.startswith('-') else 'gte'}": values[0]}) & found

    def dump(self, values: Sequence[Any]) -> list[Any]:
        return [v.isoformat() if isinstance(v, datetime) else v for v in values]

    def load(self, raw: Sequence[Any]) -> tuple[Any, ...]:
        if len(raw) != len(self.fields):
            raise BadCursor
        values = []
        for value, (_, kind) in zip(raw, self.fields, strict=True):
            if kind is datetime:
                try:
                    value = datetime.fromisoformat(value)
                except (TypeError, ValueError):
                    raise BadCursor from None
                if value.tzinfo is None:
                    raise BadCursor
            elif type(value) is not kind:
                raise BadCursor
            values.append(value)
        return tuple(values)


@dataclass(frozen=True)
class Window:
    """Which page to read: at most `limit` rows, in part `part` after the values `after` (from the start: None)."""

    limit: int
    part: int = 0
    after: tuple[Any, ...] | None = None

    def after_in(self, part: int) -> tuple[Any, ...] | None:
        """Where part `part` starts: after the cursor in the part it stopped in, from the start in a later one."""
        return self.after if part == self.part else None


@dataclass(frozen=True)
class Listing:
    """A list's name (cursors of one list are refused by another) and the ordering of each of its parts."""

    name: str
    parts: tuple[Key, ...]

    @classmethod
    def of(cls, name: str, *parts: Key) -> Listing:
        return cls(name, parts)

    def _salt(self) -> str:
        return f"cocreate.keyset.{self.name}"

    def window(self, *, limit: int, after: str | None) -> Window:
        """Read the page asked for; BadCursor for a cursor this list did not give out. Read it before anything
        else, so a refused page reads nothing."""
        if after is None:
            return Window(limit)
        try:
            raw = signing.loads(after, salt=self._salt())
        except signing.BadSignature:
            raise BadCursor from None
        if not isinstance(raw, list) or not raw or type(raw[0]) is not int or not 0 <= raw[0] < len(self.parts):
            raise BadCursor
        part = raw[0]
        return Window(limit, part, self.parts[part].load(raw[1:]))

    def cursor(self, part: int, row: Any) -> str:
        """The cursor of the page that follows `row`, the last one shown, of part `part`."""
        key = self.parts[part]
        return signing.dumps([part, *key.dump(key.of(row))], salt=self._salt(), compress=False)

    def page(self, queryset: QuerySet[M], window: Window, part: int = 0) -> tuple[list[M], str | None]:
        """One page of a list in one part: its rows and the cursor of the next page, None on the last."""
        found = rows(queryset, self.parts[part], window.after_in(part), window.limit + 1)
        shown = found[:window.limit]
        return shown, self.cursor(part, shown[-1]) if len(found) > window.limit else None


def rows(queryset: QuerySet[M], key: Key, after: Sequence[Any] | None, count: int) -> list[M]:
    """At most `count` rows in the key's order after the values `after` (from the start: None). One query."""
    ordered = queryset.order_by(*key.order)
    if after is not None:
        ordered = ordered.filter(key.after(after))
    return list(ordered[:count])


def link_next(request: HttpRequest, response: HttpResponse, cursor: str | None) -> None:
    """Point to the next page, when there is one: the same query with `after` (a path; resolve it against the
    address asked). Any older way of paging given with the request (`offset`, `before`) is dropped."""
    if cursor is None:
        return
    query = request.GET.copy()
    for older in ("offset", "before"):
        query.pop(older, None)
    query["after"] = cursor
    response["Link"] = f'<{request.path}?{query.urlencode()}>; rel="next"'
