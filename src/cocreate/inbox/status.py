"""Whether what a notice asked for is done: a decision made, a risk alert resolved. Each app that writes such
notices registers how to tell, for its kind of subject; the inbox asks when it shows them, so the answer is read
from the thing itself and never goes stale."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from cocreate.accounts.models import User
from cocreate.inbox.models import Notice

Resolver = Callable[[User, set[int]], set[int]]  # (reader, ids) -> the ids that are done for the reader
_resolvers: dict[str, Resolver] = {}


def done_when(prefix: str) -> Callable[[Resolver], Resolver]:
    """Decorator: register how to tell which subjects "<prefix>:<id>" are done for a reader."""

    def register(resolver: Resolver) -> Resolver:
        _resolvers[prefix] = resolver
        return resolver

    return register


def done_subjects(reader: User, notices: Iterable[Notice]) -> set[str]:
    """Of these notices' subjects, those that are done: one read per kind of subject."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for notice in notices:
        prefix, _sep, raw = notice.subject.partition(":")
        if prefix in _resolvers and raw.isdigit():
            wanted[prefix].add(int(raw))
    return {f"{prefix}:{pk}" for prefix, ids in wanted.items() for pk in _resolvers[prefix](reader, ids)}
