"""The trajectory chart is a real SVG drawn by matplotlib: each score lands inside its severity band."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

from cocreate.measures.charts import score_range, trajectory_svg
from cocreate.measures.definitions import load_all
from cocreate.measures.scoring import band_of

SVG = "{http://www.w3.org/2000/svg}"


def numbers(d: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]


def band_extent(root: ET.Element, severity: int) -> tuple[float, float]:
    group = root.find(f".//{SVG}g[@id='band-{severity}']")
    assert group is not None, f"band {severity} is drawn"
    path = group.find(f"{SVG}path")
    assert path is not None
    ys = numbers(path.attrib["d"])[1::2]
    return min(ys), max(ys)


def points(root: ET.Element) -> list[tuple[float, float]]:
    group = root.find(f".//{SVG}g[@id='scores']")
    assert group is not None, "the scores are drawn"
    line = group.find(f"{SVG}path")
    assert line is not None
    values = numbers(line.attrib["d"])
    return list(zip(values[0::2], values[1::2], strict=True))


def test_each_phq9_score_is_drawn_inside_its_band() -> None:
    phq9 = load_all()["phq9"]
    now = datetime.now(UTC)
    totals = [22.0, 17.0, 12.0, 7.0, 2.0]
    svg = trajectory_svg(phq9, [(now - timedelta(days=7 * (len(totals) - k)), t) for k, t in enumerate(totals)],
                         [now - timedelta(days=10)])
    root = ET.fromstring(svg)  # noqa: S314 - our own chart, not untrusted input
    drawn = points(root)
    assert len(drawn) == len(totals)
    xs = [x for x, _y in drawn]
    assert xs == sorted(xs), "later scores are further right"
    for (_x, y), total in zip(drawn, totals, strict=True):
        band = band_of(phq9, total)
        assert band is not None
        top, bottom = band_extent(root, band.severity)
        assert top <= y <= bottom, f"{total} ({band.label}) is drawn inside its band"


def test_the_axis_spans_the_whole_possible_range_and_sessions_are_marked() -> None:
    phq9 = load_all()["phq9"]
    assert score_range(phq9) == (0.0, 27.0)
    now = datetime.now(UTC)
    svg = trajectory_svg(phq9, [(now, 5.0)], [now - timedelta(days=3), now - timedelta(days=1)]).decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert svg.count('stroke-dasharray') >= 2  # dotted session markers
    assert "<script" not in svg


def test_an_empty_chart_still_renders() -> None:
    svg = trajectory_svg(load_all()["phq9"], [], [])
    assert ET.fromstring(svg).tag == f"{SVG}svg"  # noqa: S314 - our own chart
