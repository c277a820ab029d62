"""The measures tests run with a practice directory holding a placeholder WAI-SR wording file: cocreate does not
ship the WAI-SR wording, and a questionnaire without words cannot be assigned."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

PLACEHOLDER = """key = "wai_sr"
licence = "test placeholder, not the instrument's wording"
[items]
""" + "\n".join(f'{n} = "Placeholder statement {n}"' for n in range(1, 13)) + "\n"


@pytest.fixture(autouse=True)
def _practice_wording(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.getbasetemp() / "instruments"
    directory.mkdir(exist_ok=True)
    (directory / "wai_sr.wording.toml").write_text(PLACEHOLDER, encoding="utf-8")
    settings.COCREATE_INSTRUMENTS_DIR = str(directory)
    return directory
