"""Reading wrk's output, taking medians, judging each row against the issue's targets (issue 16), and writing the
table into docs/performance.md between its markers."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLOOR = "trivial page, signed in (the floor)"
ANONYMOUS = "trivial page, not signed in"
_LINE = re.compile(r"^BENCH (.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Row:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # answers other than 2xx, and socket errors
    write: bool = False
    restarts: int = 0  # gunicorn workers restarted during the runs (--max-requests)

    @classmethod
    def median(cls, name: str, runs: list[Row], *, write: bool = False) -> Row:
        return cls(name, statistics.median(r.rps for r in runs), statistics.median(r.p50_ms for r in runs),
                   statistics.median(r.p99_ms for r in runs), sum(r.requests for r in runs),
                   sum(r.errors for r in runs), write, sum(r.restarts for r in runs))


def parse_wrk(name: str, output: str) -> Row:
    """The row from the BENCH line that bench/wrk.lua prints at the end of a wrk run."""
    found = _LINE.search(output)
    if not found:
        raise ValueError(f"no BENCH line in wrk's output:\n{output}")
    values = dict(pair.split("=", 1) for pair in found.group(1).split())
    return Row(name, rps=float(values["rps"]), p50_ms=float(values["p50_ms"]), p99_ms=float(values["p99_ms"]),
               requests=int(values["requests"]), errors=int(values["non2xx"]) + int(values["socket_errors"]))


def plain(row: Row) -> str:
    return (f"{row.name:<40} {row.rps:8.1f} req/s  p50 {row.p50_ms:7.1f} ms  p99 {row.p99_ms:7.1f} ms  "
            f"{row.errors} errors, {row.restarts} worker restarts")


@dataclass
class Judged:
    rows: list[Row]
    verdicts: dict[str, str] = field(default_factory=dict)
    ratios: dict[str, tuple[float, float]] = field(default_factory=dict)  # throughput ×, p99 ×, against the floor

    def lines(self) -> list[str]:
        head = f"{'page':<40} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'× tput':>7} {'× p99':>6}  target"
        out = [head]
        for row in self.rows:
            tput, p99 = self.ratios.get(row.name, (float("nan"), float("nan")))
            out.append(f"{row.name:<40} {row.rps:8.1f} {row.p50_ms:8.1f} {row.p99_ms:8.1f} {tput:7.2f} {p99:6.2f}"
                       f"  {self.verdicts[row.name]}")
        return out


def judge(rows: list[Row], *, sqlite: bool) -> Judged:
    """Each row against the targets: pages at ≥ 0.5× the signed-in floor's throughput and p99 ≤ 2× its p99; the
    floor at ≥ 0.8× the anonymous floor's throughput; writes without errors, and p99 < 250 ms on SQLite."""
    by_name = {r.name: r for r in rows}
    floor, anonymous = by_name[FLOOR], by_name[ANONYMOUS]
    judged = Judged(rows)
    for row in rows:
        tput = row.rps / floor.rps if floor.rps else 0.0
        p99 = row.p99_ms / floor.p99_ms if floor.p99_ms else 0.0
        judged.ratios[row.name] = (tput, p99)
        misses = [f"{row.errors} errors"] if row.errors else []
        if row.name == ANONYMOUS:
            pass
        elif row.name == FLOOR:
            share = row.rps / anonymous.rps if anonymous.rps else 0.0
            if share < 0.8:
                misses.append(f"{share:.2f}× the anonymous floor (target ≥ 0.8×)")
        elif row.write:
            if sqlite and row.p99_ms >= 250:
                misses.append(f"p99 {row.p99_ms:.0f} ms (target < 250 ms)")
        else:
            if tput < 0.5:
                misses.append(f"throughput {tput:.2f}× (target ≥ 0.5×)")
            if p99 > 2:
                misses.append(f"p99 {p99:.1f}× (target ≤ 2×)")
        judged.verdicts[row.name] = "misses: " + "; ".join(misses) if misses else "meets"
    return judged


def table(judged: Judged) -> list[str]:
    out = ["| page | req/s | p50 | p99 | throughput × floor | p99 × floor | errors | worker restarts | target |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for row in judged.rows:
        tput, p99 = judged.ratios[row.name]
        out.append(f"| {row.name} | {row.rps:,.1f} | {row.p50_ms:,.1f} ms | {row.p99_ms:,.1f} ms | {tput:.2f} | "
                   f"{p99:.2f} | {row.errors} | {row.restarts} | {judged.verdicts[row.name]} |")
    return out


def markdown(path: Path, results: dict[str, tuple[Judged, dict[str, Any]]], *, command: str, when: str,
             machine: str, setup: str) -> None:
    """Replace each database's section in `path`, between its markers, with its table (a new section goes at the
    top, under the title), leaving the other database's section from an earlier run as it was."""
    names = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
    text = path.read_text() if path.exists() else "# Performance\n"
    for kind, (judged, practice) in reversed(results.items()):
        start, end = f"<!-- bench:{kind}:start -->", f"<!-- bench:{kind}:end -->"
        lines = [start, "", f"## Over HTTP on {names.get(kind, kind)} ({when})", "",
                 f"Command: `{command}`. Machine: {machine}, shared with other work. {setup}. "
                 f"Scale {practice['scale']:g}: {practice['facilitators']} facilitators, {practice['clients']:,} "
                 f"clients, {practice['sessions']:,} sessions, {practice['notes']:,} shared notes, "
                 f"{practice['scores']:,} PHQ-9 scores (built in {practice['seconds']} s).", ""]
        lines += [*table(judged), "", end]
        if start in text and end in text:
            before, rest = text.split(start, 1)
            text = before + "\n".join(lines) + rest.split(end, 1)[1]
        else:
            title, _, body = text.partition("\n")
            text = f"{title}\n\n" + "\n".join(lines) + "\n" + body
    path.write_text(text)
