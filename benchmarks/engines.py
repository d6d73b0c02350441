"""Which columnar engine would `compare` gain most from? Its own steps, timed in each.

Issue 17 asks for `normalise`, `compare` and the renderers on one columnar
engine, "choosing what measures best": pyarrow compute, polars or DuckDB. This
times the steps `compare` spends its time on, in pandas as `compare` runs them
(its own functions where it has them) and in each engine, plus what moving a
frame between pandas and the engine costs, and each engine's import. The frame
is the one `compare` lines up (each source's latest claim per group, from
synthetic labelled claims), except for the shared keys, which `compare` looks
for in the claims as they come:

- group: per (incident, perpetrator, victims), distinct sources, largest and
  smallest best figure, sorted by the key (the groups of ``_lined_up``);
- take: every column in a new row order (the wide rows taken in group order;
  pandas: ``parallel.take_rows``, a thread per column);
- sort: the frame sorted by the group key and source, from a shuffled order
  (``compare`` sorts integer codes of its keys instead: this is what an
  engine's own sort costs);
- duplicated: which claims share (group key, source, origin) with another
  (pandas: ``compare._shared``, the origin first);
- per-key count: distinct perpetrators per (incident, victims), on every row.

polars and DuckDB go, without their dependencies, into
``benchmarks/results/.deps`` (as datacompy does for ``run.py``), never into the
project's environment; ``--no-install`` uses what is there. Steps an engine has
no operation for are shown as "—".

    python benchmarks/engines.py [--claims 1M] [--repeat 3] [--no-install]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ENGINES = ["pandas", "pyarrow", "polars", "duckdb"]
STEPS = ["group", "take", "sort", "duplicated", "per-key count", "from pandas", "to pandas"]
KEY = ["incident", "perpetrator", "victims"]
SHARED = [*KEY, "source", "origin"]  # the key compare sums claims of one row on


def compare_inputs(claims: int, folder: Path) -> tuple[Path, Path]:
    """The claims as ``compare`` gets them, and as it lines them up (after summing and choosing
    each source's latest), as Parquet."""
    sys.path.insert(0, str(REPO))
    from benchmarks.generate import generate, write_csv
    from reconcile.compare import COMPARED_COLUMNS, add_up_events, add_up_same_row, select_latest
    from reconcile.match import match_incidents
    from reconcile.pipeline import load_claims
    from reconcile.riding import ROW, narrowed

    path = folder / "claims.csv"
    write_csv(generate(claims, seed=7, labelled=True, places="syria"), path)
    loaded, _ = load_claims([path])
    work, _ = narrowed(match_incidents(loaded.claims).claims, COMPARED_COLUMNS)
    latest, _ = select_latest(add_up_same_row(work), None)
    given, lined = folder / "given.parquet", folder / "lined.parquet"
    work.drop(columns=ROW).to_parquet(given)
    add_up_events(latest).drop(columns=ROW).to_parquet(lined)
    return given, lined


def best_of(repeat: int, step) -> float:
    """The shortest of ``repeat`` runs of ``step()``, in seconds."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        step()
        times.append(time.perf_counter() - began)
    return min(times)


def pandas_steps(frame, order, given, shuffled) -> dict:
    from reconcile.compare import _shared
    from reconcile.parallel import take_rows

    return {
        "group": lambda: frame.groupby(KEY, as_index=False).agg(
            sources=("source", "nunique"), best_max=("best", "max"), best_min=("best", "min")),
        "take": lambda: take_rows(frame, order),
        "sort": lambda: shuffled.sort_values([*KEY, "source"], kind="stable"),
        "duplicated": lambda: _shared(given, SHARED),
        "per-key count": lambda: frame.groupby(["incident", "victims"], sort=False)["perpetrator"]
        .transform("nunique"),
    }


def pyarrow_steps(frame, order, given, shuffled) -> dict:
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False)
    mixed = pa.Table.from_pandas(shuffled, preserve_index=False)
    indices = pa.array(order)
    return {
        "group": lambda: table.group_by(KEY).aggregate(
            [("source", "count_distinct"), ("best", "max"), ("best", "min")]).sort_by(
            [(c, "ascending") for c in KEY]),
        "take": lambda: table.take(indices),
        "sort": lambda: mixed.sort_by([(c, "ascending") for c in [*KEY, "source"]]),
        "from pandas": lambda: pa.Table.from_pandas(frame, preserve_index=False),
        "to pandas": lambda: table.to_pandas(),
    }


def polars_steps(frame, order, given, shuffled) -> dict:
    import polars as pl

    table, claims, mixed = pl.from_pandas(frame), pl.from_pandas(given), pl.from_pandas(shuffled)
    return {
        "group": lambda: table.group_by(KEY).agg(
            pl.col("source").n_unique(), pl.col("best").max().alias("max"),
            pl.col("best").min().alias("min")).sort(KEY),
        "take": lambda: table[order],
        "sort": lambda: mixed.sort([*KEY, "source"], maintain_order=True),
        "duplicated": lambda: claims.select(pl.struct(SHARED).is_duplicated()),
        "per-key count": lambda: table.select(pl.col("perpetrator").n_unique().over(["incident", "victims"])),
        "from pandas": lambda: pl.from_pandas(frame),
        "to pandas": lambda: table.to_pandas(),
    }


def duckdb_steps(frame, order, given, shuffled) -> dict:
    import duckdb
    import pyarrow as pa

    db = duckdb.connect()
    db.register("claims", pa.Table.from_pandas(frame, preserve_index=False))
    db.register("given", pa.Table.from_pandas(given, preserve_index=False))
    db.register("mixed", pa.Table.from_pandas(shuffled, preserve_index=False))

    def query(sql: str):
        return lambda: db.sql(sql).to_arrow_table()

    keys = ", ".join(KEY)
    return {
        "group": query(f"select {keys}, count(distinct source), max(best), min(best) from claims "
                       f"group by {keys} order by {keys}"),
        "sort": query(f"select * from mixed order by {keys}, source"),
        "duplicated": query(f"select count(*) over (partition by {keys}, source, origin) > 1 from given"),
        "per-key count": query("select count(distinct perpetrator) over (partition by incident, victims) "
                               "from claims"),
        "from pandas": lambda: db.from_df(frame).to_arrow_table(),
        "to pandas": lambda: db.sql("select * from claims").df(),
    }


def import_seconds(engine: str, env: dict) -> float | None:
    """An engine's import in a fresh process, less the interpreter's own start."""
    def run(code: str) -> float:
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
        return time.perf_counter() - began

    try:
        return min(run(f"import {engine}") for _ in range(3)) - min(run("pass") for _ in range(3))
    except subprocess.CalledProcessError:
        return None


def measure(given_path: Path, lined_path: Path, repeat: int) -> dict:
    """Every step in every engine that imports; seconds, None where an engine lacks the step."""
    import numpy as np
    import pandas as pd

    given, frame = pd.read_parquet(given_path), pd.read_parquet(lined_path)
    order = np.random.default_rng(0).permutation(len(frame))
    shuffled = frame.take(order).reset_index(drop=True)
    makers = {"pandas": pandas_steps, "pyarrow": pyarrow_steps, "polars": polars_steps,
              "duckdb": duckdb_steps}
    results: dict = {"rows": len(frame), "columns": frame.shape[1], "given": len(given), "engines": {}}
    for engine, make in makers.items():
        try:
            steps = make(frame, order, given, shuffled)
        except ImportError as error:
            results["engines"][engine] = {"missing": str(error)}
            continue
        results["engines"][engine] = {step: best_of(repeat, steps[step]) if step in steps else None
                                      for step in STEPS}
    return results


def ensure_engines(install: bool) -> dict:
    """The environment whose PYTHONPATH finds polars and DuckDB (installed on demand into .deps)."""
    from benchmarks.run import deps_env, install_into_deps

    env = deps_env()
    probe = [sys.executable, "-c", "import polars, duckdb"]
    if install and subprocess.run(probe, env=env, capture_output=True).returncode != 0:
        install_into_deps(["polars", "polars-runtime-32", "duckdb"])
    return env


def versions(env: dict) -> str:
    code = ("import importlib.metadata as m\nfor p in ('pandas','pyarrow','polars','duckdb'):\n"
            "    try: print(p, m.version(p))\n    except m.PackageNotFoundError: pass")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    return ", ".join(done.stdout.split("\n")[:-1])


def table(results: dict, imports: dict, stamp: str) -> str:
    """The results as Markdown: a row per step, a column per engine, and the gain over pandas."""
    engines = results["engines"]
    lines = [stamp, "",
             "| step | " + " | ".join(ENGINES) + " |", "|---|" + "---:|" * len(ENGINES)]

    def cell(engine: str, step: str) -> str:
        seconds = engines.get(engine, {}).get(step)
        if seconds is None:
            return "—"
        base = engines["pandas"].get(step)
        gain = f" ({base / seconds:.1f}×)" if base and engine != "pandas" else ""
        return f"{seconds:.3f} s{gain}"

    for step in STEPS:
        lines.append(f"| {step} | " + " | ".join(cell(e, step) for e in ENGINES) + " |")
    lines.append("| import | " + " | ".join("—" if imports.get(e) is None else f"{imports[e]:.3f} s"
                                            for e in ENGINES) + " |")
    missing = [f"{e}: {r['missing']}" for e, r in engines.items() if "missing" in r]
    return "\n".join(lines + ([""] + missing if missing else [])) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", default="1M", help="synthetic labelled claims to generate (default 1M)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each step; the shortest counts")
    parser.add_argument("--no-install", action="store_true", help="do not pip-install polars and duckdb")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(Path(args.worker[0]), Path(args.worker[1]), args.repeat)))
        return
    sys.path.insert(0, str(REPO))
    from benchmarks.run import parse_size

    env = ensure_engines(not args.no_install)
    with tempfile.TemporaryDirectory() as folder:
        given, lined = compare_inputs(parse_size(args.claims), Path(folder))
        worker = [sys.executable, __file__, "--worker", str(given), str(lined), "--repeat", str(args.repeat)]
        done = subprocess.run(worker, env=env, capture_output=True, text=True, check=True)
    results = json.loads(done.stdout)
    imports = {e: import_seconds(e, env) for e in ENGINES}
    stamp = (f"{results['rows']:,} claims lined up × {results['columns']} columns "
             f"({results['given']:,} claims given, from {args.claims} generated), "
             f"{os.cpu_count()} cores; {versions(env)}; shortest of {args.repeat} runs.")
    print(table(results, imports, stamp))


if __name__ == "__main__":
    main()
