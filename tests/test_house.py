"""The habits that keep the code a newcomer can walk through (issue #16)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing_in_the_library():
    """pyflakes, import order and bugbear rules as pyproject.toml sets them."""
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed (pip install -e '.[test]' installs it)")
    result = subprocess.run([ruff, "check", "reconcile"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_the_library():
    """Type checks of the library as pyproject.toml's [tool.mypy] sets them (files, untyped libraries)."""
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (pip install -e '.[test]' installs it)")
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True)
    findings = [line for line in result.stdout.splitlines() if ": error:" in line]
    status = result.returncode
    assert status == 0, f"mypy: {len(findings)} finding(s)\n" + "\n".join(findings or [result.stdout + result.stderr])
