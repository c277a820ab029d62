"""The query plans of the busiest pages and API calls on a built practice (bench/build.py), to choose indexes.

Run with DATABASE_URL pointing to a copy of a built practice and COCREATE_DATA_DIR to the directory holding its
secret_key and encryption_keys:

    DATABASE_URL=sqlite:////tmp/idx/db.sqlite3 COCREATE_DATA_DIR=/tmp/idx .venv/bin/python bench/explain.py \
        var/bench/sqlite-1.json [page ...]

Each page is requested in-process with Django's test client, signed in as the practice's first facilitator (or
its first client for "My care"); every query the page runs is captured, then run again on its own a few times
(median milliseconds) and explained: EXPLAIN QUERY PLAN on SQLite, EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL.
Plan lines that usually mean a missing index are marked with "!": a scan of a whole table, a temporary B-tree
or a sort, a correlated subquery. The page's own median time and query count come first. `--full` prints each
query whole (otherwise cut at EXPLAIN_SQL_WIDTH characters); EXPLAIN_REPEAT sets the runs per timing (5).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPEAT = int(os.environ.get("EXPLAIN_REPEAT", "5"))
SQL_WIDTH = int(os.environ.get("EXPLAIN_SQL_WIDTH", "400"))
SUSPECT = ("SCAN ", "TEMP B-TREE", "CORRELATED", "Seq Scan", "Sort ", "Sort Method")


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocreate.settings")
    os.environ.update(DEBUG="false", SECURE_SSL_REDIRECT="false", EMAIL_URL="dummymail://")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


def pages(meta: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Page name -> (who is signed in, path)."""
    e = meta["engagement"]
    return {
        "caseload": ("facilitator", "/caseload/"),
        "engagement": ("facilitator", f"/engagements/{e}/"),
        "my care": ("client", "/my/"),
        "measures": ("facilitator", f"/engagements/{e}/measures/"),
        "chart": ("facilitator", f"/engagements/{e}/measures/phq9/chart.svg"),
        "history": ("facilitator", f"/engagements/{e}/agreements/intentions/history/"),
        "api engagements": ("facilitator", "/api/v1/engagements"),
        "api scores": ("facilitator", f"/api/v1/engagements/{e}/scores"),
    }


def _median_ms(run: Any, repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times)


def explain(sql: str) -> list[str]:
    """The plan of one captured query, one line per step."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        rows = cursor.fetchall()
    depth: dict[int, int] = {0: -1}
    lines = []
    for node, parent, _unused, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node] + detail)
    return lines


def _suspect(line: str) -> bool:
    """A step that reads a whole table, sorts outside an index or runs once per row of an outer query."""
    if "SCAN " in line and " USING " not in line:
        return True
    return any(s in line for s in SUSPECT if s != "SCAN ")


def time_query(sql: str) -> float:
    """Median milliseconds to run one captured query and fetch all its rows."""
    from django.db import connection

    def run() -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()

    return _median_ms(run)


def show(name: str, client: Any, path: str, full: bool) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code, response.content[:300])
    page_ms = _median_ms(lambda: client.get(path))
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    print(f"\n=== {name}: GET {path}  {page_ms:.1f} ms, {len(captured)} queries")
    seen: dict[str, int] = {}
    for query in captured.captured_queries:
        seen[query["sql"]] = seen.get(query["sql"], 0) + 1
    for sql, count in seen.items():
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        ms = time_query(sql)
        plan = explain(sql)
        flags = [_suspect(line) for line in plan]
        text = sql if full else sql[:SQL_WIDTH] + ("..." if len(sql) > SQL_WIDTH else "")
        print(f"\n{'!' if any(flags) else ' '} {ms:8.2f} ms  x{count}  {text}")
        for line, flag in zip(plan, flags, strict=True):
            print(f"    {'!' if flag else ' '} {line}")


def main(argv: list[str]) -> int:
    _setup()
    from django.test import Client

    from cocreate.accounts.models import User

    full = "--full" in argv
    argv = [a for a in argv if a != "--full"]
    meta_path = argv[0] if argv else "var/bench/sqlite-1.json"
    meta = json.loads(Path(meta_path).read_text())
    wanted = argv[1:]
    people = {"facilitator": meta["facilitator_email"], "client": meta["client_email"]}
    clients = {}
    for who, email in people.items():
        clients[who] = Client()
        clients[who].force_login(User.objects.get(email=email))
    for name, (who, path) in pages(meta).items():
        if not wanted or name in wanted:
            show(name, clients[who], path, full)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
