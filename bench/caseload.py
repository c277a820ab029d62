"""`make bench-caseload`: how the caseload's cost grows with what it shows. One facilitator with 10, 100 and 400
clients (BENCH_CASELOAD), each client with the history of the issue's practice (about 22 sessions, 11 shared notes
and 216 PHQ-9 scores), served by the production server and loaded over HTTP by wrk as `make bench` does, on SQLite.

For each size: the caseload's req/s, p50 and p99 beside the signed-in floor measured in the same run, and the p50
per engagement shown. Cost grows no worse than linearly in what is shown when the p50 per engagement does not rise
with the size. Flat in history is read from `make bench`: there the same 100-engagement caseload sits in a practice
fifty times larger. Writes its table into docs/performance.md.
"""

# ruff: noqa: S603, S607 - our own commands (cocreate, the builder) with arguments made here
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import Row, plain  # noqa: E402
from bench.run import BIN, DURATION, VAR, Target, free_port, machine, server_env, settle, wrk  # noqa: E402
from bench.web import sign_in, wait_for  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_CASELOAD", "10,100,400").split(",") if n.strip()]
ONE_FACILITATOR = 0.02  # the builder's scale that gives one facilitator
START, END = "<!-- bench:caseload:start -->", "<!-- bench:caseload:end -->"


def prepare(size: int) -> tuple[str, str]:
    """The built database for this caseload size (kept under var/bench/), copied for this run; and the
    facilitator's email."""
    cache, meta = VAR / f"caseload-{size}.sqlite3", VAR / f"caseload-{size}.json"
    if not (cache.exists() and meta.exists()):
        for old in VAR.glob(f"caseload-{size}.*"):
            old.unlink()
        building = VAR / f"caseload-{size}.building"
        print(f"  building one facilitator with {size} clients ...", flush=True)
        subprocess.run([str(BIN / "python"), str(ROOT / "bench" / "build.py"), str(ONE_FACILITATOR), str(meta),
                        str(size)], env=server_env(f"sqlite:///{building}"), check=True, cwd=ROOT)
        building.rename(cache)
    run = VAR / "caseload-run.sqlite3"
    for old in VAR.glob("caseload-run.sqlite3*"):
        old.unlink()
    shutil.copyfile(cache, run)
    return f"sqlite:///{run}", "f0@bench.example.org"


def measure(size: int) -> tuple[Row, Row]:
    url, email = prepare(size)
    subprocess.run([str(BIN / "cocreate"), "migrate"], env=server_env(url), check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = VAR / "server-caseload.log"
    with log_path.open("w") as log:
        server = subprocess.Popen([str(BIN / "cocreate"), "serve", "--production", "--addr", f"127.0.0.1:{port}"],
                                  env=server_env(url), stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                                  start_new_session=True)
        try:
            wait_for(base + "/ping/", server)
            headers = sign_in(base, email).headers()
            floor = Target("trivial page, signed in (the floor)", [{"method": "GET", "path": "/ping/",
                                                                    "headers": headers}])
            caseload = Target(f"caseload ({size} engagements)", [{"method": "GET", "path": "/caseload/",
                                                                  "headers": headers}])
            rows = []
            for target in (floor, caseload):
                settle(base, headers)
                rows.append(wrk(base, target, VAR / "wrk-data.lua", log_path))
                print(f"  {plain(rows[-1])}", flush=True)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
    return rows[0], rows[1]


def table(results: list[tuple[int, Row, Row]]) -> list[str]:
    out = ["| engagements shown | req/s | p50 | p99 | p50 per engagement | throughput × floor | floor req/s |",
           "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for size, floor, row in results:
        out.append(f"| {size} | {row.rps:,.1f} | {row.p50_ms:,.1f} ms | {row.p99_ms:,.1f} ms | "
                   f"{row.p50_ms / size:,.2f} ms | {row.rps / floor.rps:.3f} | {floor.rps:,.1f} |")
    return out


def write_docs(results: list[tuple[int, Row, Row]], seconds: float) -> None:
    path = ROOT / "docs" / "performance.md"
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    sizes = ",".join(str(s) for s in SIZES)
    lines = [START, "", f"## The caseload as it grows, over HTTP on SQLite ({when})", "",
             f"Command: `BENCH_CASELOAD={sizes} BENCH_DURATION={DURATION} make bench-caseload`. Machine: "
             f"{machine()}. One facilitator, each client with the issue's history per client; wrk as in `make "
             f"bench`, one run of each row; {seconds:.0f} s in all.", "", *table(results), "", END]
    text = path.read_text()
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + "\n".join(lines) + rest.split(END, 1)[1]
    else:
        marker = "## What the numbers say"
        before, found, after = text.partition(marker)
        text = before + "\n".join(lines) + "\n\n" + found + after if found else text + "\n" + "\n".join(lines) + "\n"
    path.write_text(text)


def main() -> int:
    if shutil.which("wrk") is None:
        print("make bench-caseload needs wrk (`make wrk` installs it)", file=sys.stderr)
        return 2
    VAR.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    results = []
    for size in SIZES:
        print(f"\ncaseload of {size}:", flush=True)
        floor, row = measure(size)
        results.append((size, floor, row))
    print()
    for line in table(results):
        print(line)
    if os.environ.get("BENCH_DOCS", "1") != "0":
        write_docs(results, time.perf_counter() - began)
    return 0


if __name__ == "__main__":
    sys.exit(main())
