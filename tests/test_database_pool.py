"""PostgreSQL connections are pooled and bounded, so many writers at once wait their turn instead of running the
server out of connections; SQLite keeps its one file and its write lock."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from cocreate.access.policy import engagement_access
from cocreate.care import services
from cocreate.care.models import SharedNote
from cocreate.env import database
from tests.conftest import World

PG = "postgres://postgres@127.0.0.1:5432/cocreate"


def test_postgresql_gets_a_bounded_pool_by_default(monkeypatch: Any, tmp_path: Path) -> None:
    monkeypatch.delenv("DATABASE_POOL_SIZE", raising=False)
    config = database(PG, tmp_path)
    assert config["OPTIONS"] == {"pool": {"min_size": 1, "max_size": 10, "timeout": 30}}
    assert "CONN_MAX_AGE" not in config  # Django refuses persistent connections beside a pool


def test_the_pool_size_is_set_or_turned_off(monkeypatch: Any, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_POOL_SIZE", "4")
    monkeypatch.setenv("DATABASE_POOL_TIMEOUT", "5")
    assert database(PG, tmp_path)["OPTIONS"] == {"pool": {"min_size": 1, "max_size": 4, "timeout": 5}}
    monkeypatch.setenv("DATABASE_POOL_SIZE", "0")
    config = database(PG, tmp_path)
    assert "OPTIONS" not in config and config["CONN_MAX_AGE"] == 60
    monkeypatch.setenv("DATABASE_POOL_SIZE", "-1")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_POOL_SIZE"):
        database(PG, tmp_path)


def test_sqlite_has_no_pool(tmp_path: Path) -> None:
    options = database("", tmp_path)["OPTIONS"]
    assert isinstance(options, dict) and "pool" not in options and options["transaction_mode"] == "IMMEDIATE"


@pytest.mark.django_db(transaction=True)
def test_thirty_writers_at_once_all_get_through(world: World) -> None:
    """More writers than the pool holds (and, on SQLite, one write lock): each waits its turn and none fails."""
    barrier = threading.Barrier(30)
    failures: list[BaseException] = []

    def write(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            services.shared_note_create(actor=world.alice, access=engagement_access(world.alice, world.engagement),
                                        body=f"note {i}")
        except BaseException as exc:  # noqa: BLE001 - every failure is reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert SharedNote.objects.filter(engagement=world.engagement).count() == 30


def test_sqlite_keeps_its_connection_between_requests_unless_told_not_to(monkeypatch: Any, tmp_path: Path) -> None:
    monkeypatch.delenv("DATABASE_CONN_MAX_AGE", raising=False)
    config = database(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path)
    assert config["CONN_MAX_AGE"] == 600 and config["CONN_HEALTH_CHECKS"] is True
    monkeypatch.setenv("DATABASE_CONN_MAX_AGE", "0")
    assert database(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path)["CONN_MAX_AGE"] == 0
