"""Trajectory charts, drawn on the server as SVG with matplotlib: scores over time over their severity bands,
with sessions marked. No script runs in the browser; the page shows the image and a table of the same scores."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure

from cocreate.measures.definitions import Instrument

BAND_COLOURS = ["#dcefe4", "#f4f0d8", "#f7e3c8", "#f3d2c4", "#eebcb4", "#e6a7a0"]
INK, LINE, MARKER = "#1d2321", "#1f5f4a", "#8d8a82"


def score_range(instrument: Instrument) -> tuple[float, float]:
    """The lowest and highest total the instrument can give (0 to 1 for a screener without a total)."""
    return instrument.score_range() or (0.0, 1.0)


def trajectory_svg(instrument: Instrument, points: list[tuple[datetime, float]], sessions: list[datetime]) -> bytes:
    low, high = score_range(instrument)
    figure = Figure(figsize=(7.5, 3.2), dpi=100)
    axes = figure.subplots()
    step = 0.5 if instrument.scoring.method == "sum" and instrument.scoring.multiplier == 1 else 0
    for band in instrument.bands:
        colour = BAND_COLOURS[min(band.severity, len(BAND_COLOURS) - 1)]
        axes.axhspan(band.min - step, band.max + step, color=colour, zorder=0, gid=f"band-{band.severity}")
        axes.text(1.01, (band.min + band.max) / 2, band.label, transform=axes.get_yaxis_transform(),
                  va="center", fontsize=8, color=INK)
    for when in sessions:
        axes.axvline(date2num(when), color=MARKER, linewidth=0.8, linestyle=":", zorder=1)
    if points:
        dates, totals = zip(*points, strict=True)
        axes.plot(dates, totals, color=LINE, marker="o", markersize=4, linewidth=1.6, zorder=3, gid="scores")
        locator = AutoDateLocator()
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        first, last = min(dates), max(dates)
        if last - first < timedelta(days=14):  # one answer, or a few close together: show about a month
            middle = first + (last - first) / 2
            axes.set_xlim(middle - timedelta(days=14), middle + timedelta(days=14))
    axes.set_ylim(low - step, high + step)
    if instrument.higher_is == "better":
        axes.set_ylabel(f"{instrument.short_title} (higher is better)", fontsize=8, color=INK)
    else:
        axes.set_ylabel(f"{instrument.short_title} (higher is worse)", fontsize=8, color=INK)
    axes.tick_params(labelsize=8, colors=INK)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.subplots_adjust(left=0.08, right=0.8, top=0.95, bottom=0.15)
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
