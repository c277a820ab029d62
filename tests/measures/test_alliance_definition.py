"""Any instrument a practice marks `alliance = true` is watched as the alliance is: a reliable fall raises an
alliance flag (not a deterioration flag) and the client is thanked rather than shown a score."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.urls import reverse

from cocreate.measures.models import Flag
from tests.conftest import World
from tests.measures.service_helpers import submit_new

DEFINITION = """key = "practice_feedback"
title = "Session feedback (a practice's own, for this test)"
short_title = "Feedback"
higher_is = "better"
alliance = true
options = [""" + ", ".join(f'{{ value = {v}, label = "{v}" }}' for v in range(0, 11)) + """]
items = [""" + ", ".join(f'{{ id = "{n}", text = "Placeholder statement {n}" }}' for n in range(1, 5)) + """]

[scoring]
method = "sum"

[change]
threshold = 5
source = "a threshold for this test only"

[licence]
name = "written for this test"
items_shipped = true

[source]
citation = "none: a test definition"
"""


def test_a_practice_alliance_measure_raises_alliance_flags(world: World, settings: Any, tmp_path: Path,
                                                            _practice_wording: Path) -> None:
    # A directory of its own: the registry keeps what it loaded from each directory.
    (tmp_path / "practice_feedback.toml").write_text(DEFINITION, encoding="utf-8")
    wording = _practice_wording / "wai_sr.wording.toml"
    (tmp_path / wording.name).write_text(wording.read_text(encoding="utf-8"), encoding="utf-8")
    settings.COCREATE_INSTRUMENTS_DIR = str(tmp_path)
    first = submit_new(world, "practice_feedback", {str(n): 9 for n in range(1, 5)})  # 36
    dropped = submit_new(world, "practice_feedback", {str(n): 7 for n in range(1, 5)})  # 28: a fall of 8
    assert [f.kind for f in Flag.objects.filter(score=dropped)] == ["alliance"]
    assert not Flag.objects.filter(score=first).exists()
    done = world.client_for(world.dana).get(
        reverse("questionnaire_done", args=[dropped.response.administration_id])).text
    assert "Your feedback was received" in done and "score" not in done.split("feedback was received")[1].lower()
