"""Byte identity (issue 17): what the commands write on the examples, the real files and 100k
synthetic claims stays, byte for byte, what it was when ``tests/data/output_digests.json`` was
taken: the output, the standard error and the exit code of each run below.

Speed work must not change one byte. A change meant to change output takes the digests again
and says which runs changed in its commit::

    RECONCILE_UPDATE_DIGESTS=1 python -m pytest tests/test_output_digests.py

Digests hold for the versions they were taken with (Python and every dependency in
pyproject.toml); with others the runs are skipped, naming the versions (``-ra`` lists the
reason), as a newer library may print a float or order a tie otherwise.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

import pytest

from benchmarks.generate import generate, write_csv
from conftest import EXAMPLES, REALDATA, REPO

DIGESTS = REPO / "tests" / "data" / "output_digests.json"
UPDATE = os.environ.get("RECONCILE_UPDATE_DIGESTS", "") not in ("", "0")

#: the input files, by the name a run gives them (origins name the file as given)
EXAMPLE_FILES = {name: EXAMPLES / name for name in (
    "ahli-hospital-2023.csv", "coastal-2025.csv", "syria-monitors.csv", "newsroom.csv", "newsroom.toml",
)}
REAL_FILES = {
    "acled_syria.csv": "acled_samples/acled_syria_2020-05.csv",
    "acled_somalia.csv": "acled_samples/acled_somalia_2025-04_current_schema.csv",
    "acled_afghanistan.csv": "acled_samples/acled_afghanistan_2020-03_quoted.csv",
    "acled_africa.csv": "acled_samples/acled_africa_2016-07_legacy_schema.csv",
    "ged191_syria.csv": "ucdp_ged_syria/ged191_syria.csv",
    "hdx_admin2.csv": "acled_hdx_aggregates/syria_2025_01_admin2.csv",
    "airwars_incidents.csv": "airwars_syria/incidents.csv",
    "airwars_detail.csv": "airwars_syria/incidents_detail.csv",
    "airwars_belligerents.csv": "airwars_syria/incident_belligerents.csv",
    "airwars_named_victims.csv": "airwars_syria/named_victims.csv",
    "totals_81.csv": "syria_source_claims_compilation/casualty_totals_81_conflicts.csv",
    "monitor_claims.csv": "syria_source_claims_compilation/syria_monitor_claims_by_perpetrator.csv",
    "sohr_vs_snhr.csv": "syria_source_claims_compilation/syria_sohr_vs_snhr_civilians_by_perpetrator.csv",
    "civil_war.json": "syria_source_claims_compilation/syrian_civil_war.json",
}
SYNTHETIC = {"claims-100k.csv": True, "claims-100k-unlabelled.csv": False}

#: run name -> the command's arguments (its input first)
RUNS: dict[str, tuple[str, ...]] = {
    **{f"compare {name} {fmt}": ("compare", name, "--format", fmt)
       for name in ("ahli-hospital-2023.csv", "coastal-2025.csv", "syria-monitors.csv")
       for fmt in ("json", "table", "markdown", "csv", "html", "github")},
    "compare coastal-2025.csv json --explain": ("compare", "coastal-2025.csv", "--format", "json", "--explain"),
    "compare syria-monitors.csv table --by victims": ("compare", "syria-monitors.csv", "--by", "victims"),
    "compare newsroom.csv json --mapping": ("compare", "newsroom.csv", "--mapping", "newsroom.toml",
                                            "--format", "json"),
    "normalise syria-monitors.csv csv": ("normalise", "syria-monitors.csv", "--format", "csv"),
    "validate syria-monitors.csv json": ("validate", "syria-monitors.csv", "--format", "json"),
    **{f"compare {name} json": ("compare", name, "--format", "json") for name in REAL_FILES},
    "compare ged191_syria.csv table": ("compare", "ged191_syria.csv", "--format", "table"),
    "compare ged191_syria.csv csv": ("compare", "ged191_syria.csv", "--format", "csv"),
    "compare ged191_syria.csv markdown --all": ("compare", "ged191_syria.csv", "--format", "markdown", "--all"),
    "compare acled_syria.csv table --by perpetrator,year": ("compare", "acled_syria.csv", "--by",
                                                            "perpetrator,year"),
    "compare claims-100k.csv json": ("compare", "claims-100k.csv", "--format", "json"),
    "compare claims-100k.csv csv": ("compare", "claims-100k.csv", "--format", "csv"),
    "compare claims-100k-unlabelled.csv json": ("compare", "claims-100k-unlabelled.csv", "--format", "json"),
    "compare claims-100k-unlabelled.csv markdown": ("compare", "claims-100k-unlabelled.csv", "--format",
                                                    "markdown"),
}


#: what a run's environment keeps of ours: where things are, nothing that changes output
KEPT_VARIABLES = ("PATH", "HOME", "TMPDIR", "TEMP", "TMP", "SYSTEMROOT", "LD_LIBRARY_PATH",
                  "XDG_CACHE_HOME", "RECONCILE_CACHE_DIR", "NUMBA_CACHE_DIR")


def versions() -> dict[str, str]:
    """Python's version and every dependency's (pyproject.toml's, and numpy they all build on)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = sorted({re.match(r"[A-Za-z0-9_.-]+", d).group() for d in project["dependencies"]} | {"numpy"})
    return {"python": platform.python_version(), **{name: version(name) for name in names}}


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def run(folder: Path, args: tuple[str, ...], keep: Path | None = None) -> dict:
    """One run in ``folder`` (its inputs named as in RUNS), the output written to a file as a user
    would (``-o``: the table's width does not depend on a terminal), in an environment of
    :data:`KEPT_VARIABLES` alone. ``keep``: the output and stderr are kept there (.out, .stderr)."""
    output = folder / f"out-{digest(repr(args).encode())[:12]}"
    env = {name: os.environ[name] for name in KEPT_VARIABLES if name in os.environ}
    env["PYTHONPATH"] = str(REPO)
    env["PYTHONUTF8"] = "1"
    done = subprocess.run([sys.executable, "-m", "reconcile", *args, "-o", output.name], cwd=folder, env=env,
                          capture_output=True, timeout=600, stdin=subprocess.DEVNULL)
    written = output.read_bytes() if output.exists() else b""
    output.unlink(missing_ok=True)
    if keep is not None:
        keep.with_suffix(".out").write_bytes(written)
        keep.with_suffix(".stderr").write_bytes(done.stderr)
    return {"output": digest(written), "stderr": digest(done.stderr), "exit": done.returncode,
            "bytes": len(written)}


@pytest.fixture(scope="module")
def recorded() -> dict | None:
    """The digests taken before (None while they are taken again); skips when they were taken
    with other versions, before any run."""
    if UPDATE:
        return None
    document = json.loads(DIGESTS.read_text(encoding="utf-8"))
    if document["versions"] != versions():
        changed = {k: (document["versions"].get(k), v) for k, v in versions().items()
                   if document["versions"].get(k) != v}
        pytest.skip(f"digests taken with other versions (then, now: {changed}): "
                    "take them again with RECONCILE_UPDATE_DIGESTS=1")
    return document["runs"]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """A folder holding every run's input under its name in RUNS (the real files where present)."""
    folder = tmp_path_factory.mktemp("identity")
    for name, path in EXAMPLE_FILES.items():
        (folder / name).symlink_to(path)
    if REALDATA.is_dir():
        for name, path in REAL_FILES.items():
            (folder / name).symlink_to(REALDATA / path)
    for name, labelled in SYNTHETIC.items():
        write_csv(generate(100_000, seed=7, labelled=labelled), folder / name)
    return folder


@pytest.fixture(scope="module")
def taken(inputs, recorded) -> dict[str, dict]:
    """Every run's digests, two runs at a time; runs whose input is missing are left out (and
    digests are taken again only when no run is)."""
    runnable = {name: args for name, args in RUNS.items() if (inputs / args[1]).exists()}
    if UPDATE and len(runnable) < len(RUNS):
        pytest.fail(f"{len(RUNS) - len(runnable)} runs have no input (../shared/realdata): "
                    "digests are taken with every run or not at all")
    with ThreadPoolExecutor(2) as pool:
        found = dict(zip(runnable, pool.map(lambda args: run(inputs, args), runnable.values()), strict=True))
    if UPDATE:
        DIGESTS.write_text(json.dumps({"versions": versions(), "runs": found}, indent=1, sort_keys=True) + "\n",
                           encoding="utf-8")
    return found


@pytest.mark.parametrize("name", RUNS)
def test_output_is_byte_identical(name, taken, recorded, inputs, tmp_path):
    if recorded is None:  # just taken
        return
    if name not in taken:
        pytest.skip(f"input of {name!r} not present (../shared/realdata)")
    assert name in recorded, f"no digest for {name!r}: take them with RECONCILE_UPDATE_DIGESTS=1"
    if taken[name] != recorded[name]:
        kept = tmp_path / "now"
        run(inputs, RUNS[name], keep=kept)
        pytest.fail(
            f"{name}: output changed ({recorded[name]['bytes']} -> {taken[name]['bytes']} bytes, exit "
            f"{recorded[name]['exit']} -> {taken[name]['exit']}); this run's output and stderr are in "
            f"{kept}.out and {kept}.stderr. If meant, take the digests again with "
            "RECONCILE_UPDATE_DIGESTS=1 and say so in the commit"
        )


def test_every_run_is_recorded_and_each_record_is_a_run(recorded):
    if recorded is None:
        return
    assert sorted(recorded) == sorted(RUNS)


def test_the_runs_succeed_and_write_something(taken):
    """A digest of an error is no check: every run exits 0 (1 where a gate or a problem says so)."""
    for name, found in taken.items():
        assert found["exit"] in (0, 1), name
        assert found["bytes"] > 0, name
