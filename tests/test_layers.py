"""The layering contract (pyproject.toml, [tool.importlinter]) holds, covers every module, and catches a
deliberate violation: a lower app importing a higher one, and two apps of one layer importing each other."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
LINT = Path(sys.executable).parent / "lint-imports"


def lint(src: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(  # noqa: S603 - our own linter on our own files
        [str(LINT), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=src.parent, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the source tree to break on purpose."""
    shutil.copytree(SRC / "cocreate", tmp_path / "src" / "cocreate",
                    ignore=shutil.ignore_patterns("__pycache__", "templates", "static", "instruments", "content"))
    return tmp_path / "src"


def test_the_tree_keeps_the_contract() -> None:
    result = lint(SRC)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


VIOLATIONS = {
    "care imports measures": ("care/services.py", "from cocreate.measures import selectors as measures_selectors",
                              "cocreate.care is not allowed to import cocreate.measures"),
    "accounts imports library": ("accounts/services.py", "from cocreate.library.services import library_seed",
                                 "cocreate.accounts is not allowed to import cocreate.library"),
    "measures imports agreements (one layer)": (
        "measures/selectors.py", "from cocreate.agreements import kinds as agreement_kinds",
        "cocreate.measures is not allowed to import cocreate.agreements"),
}


@pytest.mark.parametrize("violation", sorted(VIOLATIONS))
def test_a_deliberate_violation_breaks_it(copy: Path, violation: str) -> None:
    module, line, message = VIOLATIONS[violation]
    path = copy / "cocreate" / module
    path.write_text(path.read_text() + f"\n{line}\n")
    result = lint(copy)
    assert result.returncode == 1, result.stdout
    assert message in result.stdout
    importer = "cocreate." + module.removesuffix(".py").replace("/", ".")
    assert f"{importer} -> {line.split()[1]}" in result.stdout


def test_every_module_has_a_place_in_the_layers() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = config["contracts"]
    named = {part.strip().strip("()") for layer in contract["layers"]
             for part in layer.replace(":", "|").split("|")}
    modules = {f"cocreate.{p.stem if p.suffix == '.py' else p.name}" for p in (SRC / "cocreate").iterdir()
               if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()}
    assert modules - named == set(), "modules outside every layer (add them to the contract)"
