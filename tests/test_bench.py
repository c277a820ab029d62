"""The benchmark's own parts (bench/): the synthetic practice has the sizes asked for, and wrk's output is read
right. No timings are asserted here; `make bench` measures them."""

from __future__ import annotations

import pytest
from bench.build import build, sizes, spread
from bench.report import FLOOR, Row, judge, parse_wrk
from bench.web import lua_items

from cocreate.accounts.models import User
from cocreate.agreements.models import Revision
from cocreate.care.models import CareTeamMember, Engagement, Session, SharedNote
from cocreate.measures.models import Administration, Response, Score
from cocreate.medicine.models import MedicineRecord

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8123
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   104.21ms   20.10ms 301.00ms   80.00%
  1530 requests in 10.01s, 5.10MB read
Requests/sec:    152.85
Transfer/sec:    521.40KB
BENCH requests=1530 seconds=10.010 rps=152.85 p50_ms=98.40 p99_ms=147.25 non2xx=2 socket_errors=1
"""


def test_the_sizes_at_full_scale_are_the_issues() -> None:
    assert sizes(1.0) == (50, 5_000, 108_000, 54_000, 1_082_000)
    assert sum(spread(1_082_000, 5_000, i) for i in range(5_000)) == 1_082_000


@pytest.mark.django_db
def test_the_builder_makes_a_tiny_practice_with_the_counts_expected() -> None:
    facilitators, clients, sessions, notes, scores = sizes(0.001, per_facilitator=3)
    practice = build(0.001, per_facilitator=3, log=lambda _line: None)
    assert (practice.facilitators, practice.clients) == (facilitators, clients) == (1, 3)
    assert User.objects.count() == facilitators + clients
    assert Engagement.objects.count() == CareTeamMember.objects.count() == clients
    medicine = MedicineRecord.objects.count()
    assert medicine == clients  # each of the facilitator's engagements has a medicine session under way
    assert Session.objects.count() == sessions + medicine
    assert SharedNote.objects.count() == notes
    assert Score.objects.count() == Response.objects.count() == scores
    assert Administration.objects.count() == scores + clients  # and one open PHQ-9 each
    assert Administration.objects.filter(completed_at__isnull=True).count() == clients
    assert Revision.objects.filter(document__engagement_id=practice.engagement).count() == 30
    assert set(practice.open_administrations) == set(practice.engagements) == {1, 2, 3}


def test_the_wrk_line_is_read() -> None:
    row = parse_wrk("caseload", WRK_OUTPUT)
    assert row == Row("caseload", rps=152.85, p50_ms=98.40, p99_ms=147.25, requests=1530, errors=3)


def test_a_run_without_the_line_is_an_error() -> None:
    with pytest.raises(ValueError, match="no BENCH line"):
        parse_wrk("caseload", "Running 10s test\n")


def test_rows_are_judged_against_the_floor() -> None:
    rows = [Row("trivial page, not signed in", 1000, 5, 20, 1, 0), Row(FLOOR, 900, 10, 40, 1, 0),
            Row("caseload", 300, 50, 100, 1, 0), Row("chart", 600, 20, 60, 1, 0),
            Row("write", 50, 100, 300, 1, 2, write=True)]
    judged = judge(rows, sqlite=True)
    assert judged.verdicts[FLOOR] == "meets"
    assert judged.verdicts["chart"] == "meets"
    assert judged.verdicts["caseload"] == "misses: throughput 0.33× (target ≥ 0.5×); p99 2.5× (target ≤ 2×)"
    assert judged.verdicts["write"] == "misses: 2 errors; p99 300 ms (target < 250 ms)"


def test_the_requests_are_written_as_a_lua_table() -> None:
    text = lua_items([{"method": "GET", "path": "/ping/", "headers": {"Cookie": 'a="b"'}, "latest": None}])
    assert text == 'return {{["method"] = "GET", ["path"] = "/ping/", ["headers"] = {["Cookie"] = "a=\\"b\\""}, ' \
                   '["latest"] = nil}}\n'


def test_the_caseload_growth_table_gives_the_cost_per_engagement_shown() -> None:
    from bench.caseload import table

    floor = Row("floor", rps=600.0, p50_ms=20.0, p99_ms=40.0, requests=6000, errors=0)
    rows = table([(10, floor, Row("c10", 300.0, 50.0, 80.0, 3000, 0)),
                  (400, floor, Row("c400", 15.0, 1000.0, 1400.0, 150, 0))])
    assert rows[2] == "| 10 | 300.0 | 50.0 ms | 80.0 ms | 5.00 ms | 0.500 | 600.0 |"
    assert rows[3] == "| 400 | 15.0 | 1,000.0 ms | 1,400.0 ms | 2.50 ms | 0.025 | 600.0 |"
