"""Shared fixtures: files written in the test, the CLI runner, the real datasets."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reconcile.cli import app

REPO = Path(__file__).resolve().parents[1]
REALDATA = REPO.parent / "shared" / "realdata"
EXAMPLES = REPO / "data" / "examples"

HEADER = "incident,source,figure,date_start,date_end,victims,perpetrator,place,published\n"

# The gazetteer cache (reconcile.places) goes to a folder of this run, not the user's ~/.cache;
# subprocesses started by the tests inherit it.
os.environ.setdefault("RECONCILE_CACHE_DIR", tempfile.mkdtemp(prefix="reconcile-test-cache-"))


def read_claims(write, name: str, text: str | bytes, **options):
    """(raw, normalised) claims of a file written in the test, read with ``options`` (ReadOptions fields)."""
    from reconcile.actors import load_aliases
    from reconcile.normalise import normalise
    from reconcile.sources import ReadOptions, read_files

    raw = read_files([write(name, text)], [name], ReadOptions(**options))
    return raw, normalise(raw, load_aliases())


def assert_accounted(raw, result, lines: int) -> None:
    """Every input row gave claims or is listed as giving none; every claim was used or rejected."""
    rows = result.rows
    assert rows["read"] == lines
    assert rows["claims"] == rows["used"] + rows["rejected"] == len(raw.rows)
    origins = set(result.claims["origin"]) | set(result.rejected["origin"])
    assert origins.isdisjoint(set(raw.skipped["origin"]))
    assert len(origins) + rows["skipped"] == rows["read"]


_real_files: dict = {}


def load_real_file(realdata: Path, name: str):
    """(raw claims, normalised claims) of one real file, read once per test session."""
    if name not in _real_files:
        from reconcile.actors import load_aliases
        from reconcile.normalise import normalise
        from reconcile.sources import read_files

        raw = read_files([realdata / name], [name])
        _real_files[name] = raw, normalise(raw, load_aliases())
    return _real_files[name]


def real_rows(path: Path) -> list[dict]:
    """A real file's records (a per-war JSON: those of its published CSV flattening, one per figure)."""
    import csv

    if path.suffix == ".json":
        path = path.with_name(path.stem + "_flat.csv")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> float:
    """A numeric cell of a real file; blank is 0."""
    return float(text) if text.strip() else 0.0


def one_line_error(result) -> str:
    """The one line a usage or input error writes (exit 2, nothing on stdout, no traceback)."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch):
    """Every test starts without the variables that change output: RECONCILE_DEBUG, CI, NO_COLOR."""
    for name in ("RECONCILE_DEBUG", "CI", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def here(tmp_path, monkeypatch):
    """Run in tmp_path, so files are named relatively and origins read ``claims.csv:3``."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def realdata() -> Path:
    """``../shared/realdata``; the test is skipped where it is absent."""
    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata is not present")
    return REALDATA


@pytest.fixture
def write(tmp_path):
    """write(name, text) -> path of a file with that text (UTF-8 unless bytes)."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def claims_file(write):
    """claims_file(rows, name=...) -> a generic claims CSV with HEADER and these rows."""

    def _claims(*rows: str, name: str = "claims.csv", header: str = HEADER) -> Path:
        return write(name, header + "".join(r + "\n" for r in rows))

    return _claims


@pytest.fixture
def cli():
    """cli(*args) -> click Result with separate stdout and stderr."""
    runner = CliRunner()

    def _invoke(*args: str):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return _invoke


def pytest_terminal_summary(terminalreporter):
    """Print the matching quality measured on real data (tests/test_match_realdata.py)."""
    import sys

    module = sys.modules.get("test_match_realdata")
    metrics = getattr(module, "METRICS", {})
    if metrics:
        terminalreporter.section("incident matching on real data")
        for name, (precision, recall, count, *unit) in metrics.items():
            terminalreporter.write_line(f"{name}: {count} {unit[0] if unit else 'events'}, pairwise precision "
                                        f"{precision:.3f}, recall {recall:.3f}")
    actors = getattr(sys.modules.get("test_actors_evaluation"), "METRICS", {})
    if actors:
        terminalreporter.section("actor resolution on published and real strings")
        for part, m in actors.items():
            terminalreporter.write_line(
                f"{part}: {m['strings']} strings, precision {m['precision']:.3f}, coverage {m['coverage']:.3f} "
                f"(of strings naming an actor: {m['coverage_nameable']:.3f}; of those in the catalogue: "
                f"{m['in_catalogue']:.3f}), {m['wrong']} wrong, {m['cross_country']} cross-country merges")
