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


def test_care_importing_measures_breaks_it(copy: Path) -> None:
    services = copy / "cocreate" / "care" / "services.py"
    services.write_text(services.read_text() + "\nfrom cocreate.measures import selectors as measures_selectors\n")
    result = lint(copy)
    assert result.returncode == 1
    assert "cocreate.care is not allowed to import cocreate.measures" in result.stdout
    assert "cocreate.care.services -> cocreate.measures.selectors" in result.stdout


def test_accounts_importing_library_breaks_it(copy: Path) -> None:
    services = copy / "cocreate" / "accounts" / "services.py"
    services.write_text(services.read_text() + "\nfrom cocreate.library.services import library_seed\n")
    result = lint(copy)
    assert result.returncode == 1
    assert "cocreate.accounts is not allowed to import cocreate.library" in result.stdout


def test_two_apps_of_one_layer_importing_each_other_breaks_it(copy: Path) -> None:
    selectors = copy / "cocreate" / "measures" / "selectors.py"
    selectors.write_text(selectors.read_text() + "\nfrom cocreate.agreements import kinds as agreement_kinds\n")
    result = lint(copy)
    assert result.returncode == 1
    assert "cocreate.measures is not allowed to import cocreate.agreements" in result.stdout


def test_every_module_has_a_place_in_the_layers() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = config["contracts"]
    named = {part.strip().strip("()") for layer in contract["layers"]
             for part in layer.replace(":", "|").split("|")}
    modules = {f"cocreate.{p.stem if p.suffix == '.py' else p.name}" for p in (SRC / "cocreate").iterdir()
               if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()}
    assert modules - named == set(), "modules outside every layer (add them to the contract)"
