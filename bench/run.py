"""`make bench`: the synthetic practice of bench/build.py, served by the production server (`cocreate serve
--production`, gunicorn), loaded over HTTP by wrk, on SQLite and on PostgreSQL.

For each database: build the practice at BENCH_SCALE once and keep it (var/bench/), copy it for this run, start the
server on a free port, sign in over HTTP (the login form for the pages, the token endpoint for the API), then run
wrk on each page and write path BENCH_RUNS times for BENCH_DURATION seconds, interleaved, and take the medians.
Each row is compared with the trivial page /ping/ signed in, measured in the same run: the floor every page pays
for the middleware. Prints a table per database and writes it into docs/performance.md.

Settings (environment): BENCH_SCALE (0.1; 1.0 is the issue's practice), BENCH_DURATION (10 s), BENCH_RUNS (3),
BENCH_DATABASES (sqlite,postgres), BENCH_THREADS (2), BENCH_CONNECTIONS (16), WEB_WORKERS (2),
BENCH_POSTGRES (postgres://postgres@127.0.0.1:5432), BENCH_WRITE (1: include the write paths), BENCH_DOCS (1:
write docs/performance.md).
"""

# ruff: noqa: S603, S607 - our own commands (wrk, psql, cocreate) with arguments made here
from __future__ import annotations

import dataclasses
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import Row, judge, markdown, parse_wrk, plain  # noqa: E402
from bench.web import Signed, lua_items, sign_in, token, wait_for  # noqa: E402

VAR = ROOT / "var" / "bench"
BIN = Path(sys.executable).parent
SCALE = float(os.environ.get("BENCH_SCALE", "0.1"))
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("WEB_WORKERS", "2"))
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASES = [d.strip() for d in os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(",") if d.strip()]


def scale_tag() -> str:
    return f"{SCALE:g}".replace(".", "_")


def server_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    data = VAR / "data"
    data.mkdir(parents=True, exist_ok=True)
    env.update(DEBUG="false", SECURE_SSL_REDIRECT="false", DATABASE_URL=database_url, COCREATE_DATA_DIR=str(data),
               WEB_WORKERS=str(WORKERS), EMAIL_URL="dummymail://", LOG_LEVEL="WARNING",
               AXES_FAILURE_LIMIT="1000", DJANGO_SETTINGS_MODULE="cocreate.settings")
    return env


def ensure_built(database_url: str, meta: Path) -> dict[str, object]:
    """Build the practice into `database_url` unless `meta` says it is there at this scale."""
    if meta.exists():
        found: dict[str, object] = json.loads(meta.read_text())
        if found.get("scale") == SCALE:
            print(f"  reusing the practice built in {found['seconds']} s ({meta.name})")
            return found
    print(f"  building the practice at scale {SCALE:g} ...", flush=True)
    out = meta.with_suffix(".new")
    subprocess.run([str(BIN / "python"), str(ROOT / "bench" / "build.py"), str(SCALE), str(out)],
                   env=server_env(database_url), check=True, cwd=ROOT)
    out.rename(meta)
    built: dict[str, object] = json.loads(meta.read_text())
    return built


def prepare_sqlite() -> tuple[str, dict[str, object]]:
    cache = VAR / f"sqlite-{scale_tag()}.sqlite3"
    meta = VAR / f"sqlite-{scale_tag()}.json"
    if not cache.exists():
        meta.unlink(missing_ok=True)
        building = cache.with_suffix(".building")
        for leftover in VAR.glob(building.name + "*"):
            leftover.unlink()
        practice = ensure_built(f"sqlite:///{building}", meta)
        building.rename(cache)
    else:
        practice = ensure_built(f"sqlite:///{cache}", meta)
    run = VAR / "run.sqlite3"
    for old in VAR.glob("run.sqlite3*"):
        old.unlink()
    shutil.copyfile(cache, run)  # the writes of this run land in a copy: the next run starts from the same state
    return f"sqlite:///{run}", practice


def psql(sql: str, database: str = "postgres") -> str:
    return subprocess.run(["psql", f"{POSTGRES}/{database}", "-Atqc", sql], check=True, capture_output=True,
                          text=True).stdout.strip()


def postgres_reachable() -> bool:
    try:
        return psql("select 1") == "1"
    except (OSError, subprocess.CalledProcessError):
        return False


def prepare_postgres() -> tuple[str, dict[str, object]]:
    name = f"cocreate_bench_{scale_tag()}"
    meta = VAR / f"postgres-{scale_tag()}.json"
    if psql(f"select 1 from pg_database where datname = '{name}'") != "1" or not meta.exists():  # noqa: S608
        meta.unlink(missing_ok=True)
        psql(f"drop database if exists {name}")
        psql(f"create database {name}")
    practice = ensure_built(f"{POSTGRES}/{name}", meta)
    psql("drop database if exists cocreate_bench_run")
    psql(f"create database cocreate_bench_run template {name}")  # a copy for this run's writes
    return f"{POSTGRES}/cocreate_bench_run", practice


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Target:
    name: str
    items: list[dict[str, object]]
    write: bool = False
    refresh: Callable[[], list[dict[str, object]]] | None = None  # items made anew before each run

    def fresh(self) -> Target:
        if self.refresh is not None:
            self.items = self.refresh()
        return self


def targets(base: str, practice: dict[str, object], facilitator: Signed, client: Signed,
            api: str, client_tokens: dict[int, str]) -> list[Target]:
    e = practice["engagement"]
    caseload: list[int] = practice["engagements"]  # type: ignore[assignment]
    web, mine = facilitator.headers(), client.headers()
    bearer = {"Authorization": f"Bearer {api}"}
    json_h = {"Content-Type": "application/json"}

    def get(path: str, headers: dict[str, str]) -> dict[str, object]:
        return {"method": "GET", "path": path, "headers": headers}

    found = [
        Target("trivial page, not signed in", [get("/ping/", {})]),
        Target("trivial page, signed in (the floor)", [get("/ping/", web)]),
        Target(f"caseload ({len(caseload)} engagements)", [get("/caseload/", web)]),
        Target("engagement page", [get(f"/engagements/{i}/", web) for i in caseload]),
        Target('"My care" (client)', [get("/my/", mine)]),
        Target("measures page", [get(f"/engagements/{i}/measures/", web) for i in caseload]),
        Target("PHQ-9 chart (SVG)", [get(f"/engagements/{i}/measures/phq9/chart.svg", web) for i in caseload]),
        Target("agreement history", [get(f"/engagements/{e}/agreements/intentions/history/", web)]),
        Target("API engagement list", [get("/api/v1/engagements", bearer)]),
        Target("API scores", [get(f"/api/v1/engagements/{i}/scores", bearer) for i in caseload]),
    ]
    if os.environ.get("BENCH_WRITE", "1") != "0":
        opened: dict[str, int] = practice["open_administrations"]  # type: ignore[assignment]
        medicine: dict[str, int] = practice["medicine_sessions"]  # type: ignore[assignment]
        found += [
            Target("write: shared note (API)", [
                {"method": "POST", "path": f"/api/v1/engagements/{i}/shared-notes", "headers": {**bearer, **json_h},
                 "body": json.dumps({"body": "Written by the benchmark: what we agreed to try this week."})}
                for i in caseload], write=True),
            Target("write: answers saved (API, client)", [
                {"method": "PATCH", "path": f"/api/v1/engagements/{i}/administrations/{opened[str(i)]}/answers",
                 "headers": {"Authorization": f"Bearer {t}", **json_h},
                 "body": json.dumps({"answers": {"1": 1, "2": 2, "3": 0}})} for i, t in client_tokens.items()],
                write=True),
            Target("write: proposal (API)", [], write=True, refresh=lambda: [
                {"method": "POST", "path": f"/api/v1/engagements/{i}/documents/intentions/revisions",
                 "headers": {**bearer, **json_h}, "propose": i, "latest": latest}
                for i, latest in latest_numbers(base, api, caseload).items()]),
            Target("write: medicine timeline entry (API)", [
                {"method": "POST", "path": f"/api/v1/engagements/{i}/sessions/{s}/medicine/entries",
                 "headers": {**bearer, **json_h}, "entries": True} for i, s in medicine.items()], write=True),
        ]
    return found


def warm_up(base: str, plan: list[Target]) -> None:
    """Each page read a few times first, so that both workers have loaded every module before wrk measures."""
    from bench.web import fetch

    for target in plan:
        if not target.write:
            # Each chart is drawn once, as on a server that has been up a while: the chart row measures serving a
            # drawn chart (drawing one is in `make bench-inprocess`); the pages are read a few times each.
            items = target.items if "chart" in target.name else (target.items * 4)[:4]
            for item in items:
                fetch(base + str(item["path"]), item["headers"])  # type: ignore[arg-type]


def settle(base: str, headers: dict[str, str], timeout: float = 120) -> None:
    """Until the signed-in floor answers 8 times running within half a second: a worker restarted by gunicorn's
    --max-requests during the last row (its boot takes seconds) is serving again before the next row starts."""
    from bench.web import fetch

    deadline, quick = time.monotonic() + timeout, 0
    while quick < 8 and time.monotonic() < deadline:
        began = time.monotonic()
        fetch(base + "/ping/", headers)
        quick = quick + 1 if time.monotonic() - began < 0.5 else 0


def latest_numbers(base: str, api: str, caseload: list[int]) -> dict[int, int | None]:
    from bench.web import get_json

    return {i: get_json(base + f"/api/v1/engagements/{i}/documents/intentions", api).get("latest_number")
            for i in caseload}


def wrk(base: str, target: Target, data: Path, log: Path) -> Row:
    data.write_text(lua_items(target.items))
    seen = log.stat().st_size
    # wrk's timeout as gunicorn's: a slow answer is measured, not dropped at wrk's default of 2 s.
    command = ["wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{DURATION}s", "--timeout", "30s",
               "-s", str(ROOT / "bench" / "wrk.lua"), base]
    env = {**os.environ, "BENCH_WRK_DATA": str(data), "BENCH_WRK_THREADS": str(THREADS)}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    with log.open("rb") as server_log:
        server_log.seek(seen)
        restarts = server_log.read().count(b"Autorestarting worker")
    return dataclasses.replace(parse_wrk(target.name, done.stdout), restarts=restarts)


def bench_database(kind: str) -> tuple[list[Row], dict[str, object]]:
    print(f"\n{kind}:", flush=True)
    url, practice = prepare_sqlite() if kind == "sqlite" else prepare_postgres()
    # Migrations added since the practice was built (the build is kept): applied to this run's copy.
    subprocess.run([str(BIN / "cocreate"), "migrate"], env=server_env(url), check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    # The server's cache (sessions, people, drawn charts: files in its data directory) starts empty, as after a
    # restart: charts drawn in an earlier run on the same practice would otherwise be served without drawing.
    shutil.rmtree(VAR / "data" / "cache", ignore_errors=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = VAR / f"server-{kind}.log"
    log = log_path.open("w")
    server = subprocess.Popen([str(BIN / "cocreate"), "serve", "--production", "--addr", f"127.0.0.1:{port}"],
                              env=server_env(url), stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                              start_new_session=True)
    try:
        wait_for(base + "/ping/", server)
        facilitator = sign_in(base, str(practice["facilitator_email"]))
        client = sign_in(base, str(practice["client_email"]))
        api = token(base, str(practice["facilitator_email"]))
        emails: dict[str, str] = practice["client_emails"]  # type: ignore[assignment]
        client_tokens = {int(i): token(base, email) for i, email in list(emails.items())[:CONNECTIONS]}
        plan = targets(base, practice, facilitator, client, api, client_tokens)
        warm_up(base, plan)
        runs: dict[str, list[Row]] = {t.name: [] for t in plan}
        for n in range(RUNS):
            for target in plan:
                settle(base, facilitator.headers())
                row = wrk(base, target.fresh(), VAR / "wrk-data.lua", log_path)
                runs[target.name].append(row)
                print(f"  run {n + 1}/{RUNS} {plain(row)}", flush=True)
        rows = [Row.median(name, found, write=t.write) for t, (name, found) in zip(plan, runs.items(), strict=True)]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        log.close()
    return rows, practice


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    cores = len(os.sched_getaffinity(0))
    return f"{cores} cores ({model}), {platform.system()}, Python {platform.python_version()}"


def main() -> int:
    if shutil.which("wrk") is None:
        print("make bench needs wrk (Debian: apt-get install wrk; `make bench` installs it)", file=sys.stderr)
        return 2
    VAR.mkdir(parents=True, exist_ok=True)
    results = {}
    for kind in DATABASES:
        if kind == "postgres" and not postgres_reachable():
            print(f"\npostgres: no server answers at {POSTGRES} as user postgres; set BENCH_POSTGRES, or start one "
                  "(Debian: apt-get install postgresql), or run with BENCH_DATABASES=sqlite", file=sys.stderr)
            return 2
        started = time.perf_counter()
        rows, practice = bench_database(kind)
        judged = judge(rows, sqlite=kind == "sqlite")
        results[kind] = (judged, practice)
        print(f"\n{kind} ({time.perf_counter() - started:.0f} s):")
        for line in judged.lines():
            print("  " + line)
    if os.environ.get("BENCH_DOCS", "1") != "0":
        command = (f"BENCH_SCALE={SCALE:g} BENCH_DURATION={DURATION} BENCH_RUNS={RUNS} "
                   f"BENCH_DATABASES={','.join(DATABASES)} make bench")
        when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        markdown(ROOT / "docs" / "performance.md", results, command=command, when=when, machine=machine(),
                 setup=f"wrk {THREADS} threads, {CONNECTIONS} connections, {DURATION} s, median of {RUNS} runs; "
                       f"gunicorn with {WORKERS} sync workers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
