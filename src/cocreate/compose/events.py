"""Typed events, published by the service that made a change, and the subscribers that react to them.

A subscriber runs inside the publisher's transaction, so state that must stay consistent changes with the change
or not at all: if a subscriber raises, the whole change rolls back. A subscriber that reaches outside the
database (an email, a feed) subscribes with `after_commit=True` and runs only once the change is committed; its
failure is logged and cannot undo what is already saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from django.db import transaction

logger = logging.getLogger(__name__)


class Event:
    """Base of every event; each kind is a frozen dataclass deriving from it."""


E = TypeVar("E", bound=Event)
Handler = Callable[[E], None]


class PublishedOutsideTransaction(RuntimeError):
    """An event was published with no transaction open: its subscribers could leave a half-done change."""


@dataclass(frozen=True)
class Subscription:
    event_type: type[Event]
    handler: Callable[[Any], None]
    after_commit: bool

    @property
    def name(self) -> str:
        return f"{self.handler.__module__}.{self.handler.__qualname__}"


_subscriptions: list[Subscription] = []


def subscribe(*event_types: type[E], after_commit: bool = False) -> Callable[[Handler[E]], Handler[E]]:
    """Decorator: call the handler for every event of these types (or of a type derived from one of them)."""

    def register(handler: Handler[E]) -> Handler[E]:
        for event_type in event_types:
            if not any(s.event_type is event_type and s.handler is handler for s in _subscriptions):
                _subscriptions.append(Subscription(event_type, handler, after_commit))
        return handler

    return register


def unsubscribe(event_type: type[Event], handler: Callable[[Any], None]) -> None:
    _subscriptions[:] = [s for s in _subscriptions if not (s.event_type is event_type and s.handler is handler)]


def subscriptions(event_type: type[Event]) -> list[Subscription]:
    """Who hears an event of this type, in the order they subscribed."""
    return [s for s in _subscriptions if issubclass(event_type, s.event_type)]


def publish(event: Event) -> None:
    """Run the event's subscribers: now, inside the caller's transaction, or after it commits."""
    if not transaction.get_connection().in_atomic_block:
        raise PublishedOutsideTransaction(f"{type(event).__name__} must be published inside transaction.atomic()")
    for subscription in subscriptions(type(event)):
        if subscription.after_commit:
            transaction.on_commit(partial(_run_after_commit, subscription, event))
        else:
            subscription.handler(event)


def _run_after_commit(subscription: Subscription, event: Event) -> None:
    try:
        subscription.handler(event)
    except Exception:
        # The change is committed; the failure is logged for whoever runs the site, not hidden.
        logger.exception("after-commit subscriber %s failed on %s", subscription.name, type(event).__name__)
