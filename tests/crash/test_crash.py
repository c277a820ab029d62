"""Crashes lose nothing acknowledged: the production server is killed with SIGKILL while writes are under way, and
every write that got a 2xx is there afterwards, with nothing half-written. A few kills in every run of the suite;
`make test-crash` runs 50 (CRASH_KILLS)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from tests.crash.harness import run
from tests.crash.world import build, check

# `make test-crash` sets CRASH_KILLS (50), and then the first start is `cocreate serve --production` itself.
KILLS = int(os.environ.get("CRASH_KILLS") or 3)
SERVE = bool(os.environ.get("CRASH_KILLS"))


@pytest.mark.django_db(transaction=True)  # the server writes to the test database from its own processes
def test_sigkill_at_random_moments_loses_no_acknowledged_write(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # The setting up sends mail, each a logged task: `make test-crash` shows output (-s), and only the report matters.
    monkeypatch.setattr(logging.getLogger("django_tasks"), "level", logging.WARNING)
    setup = build(questionnaires=4 * (KILLS + 1))
    ledger, unexpected, kills = run(setup, kills=KILLS, data_dir=tmp_path, serve=SERVE)
    lost, half = check(setup, ledger)
    report = (f"crash harness: {kills} kills, {ledger.acknowledged()} writes acknowledged ({len(ledger.notes)} "
              f"notes, {len(ledger.revisions)} proposals, {len(ledger.answers)} questionnaires, {len(ledger.entries)} "
              f"timeline entries), {ledger.unanswered} cut off unanswered, {len(lost)} lost, {len(half)} half-written")
    print(report)  # noqa: T201 - `make test-crash` shows it
    assert kills == KILLS
    assert not unexpected, unexpected
    assert lost == [], report
    assert half == [], report
    # Every kind of write was acknowledged: the run tested each of them.
    assert ledger.notes and ledger.revisions and ledger.answers and ledger.entries, report
