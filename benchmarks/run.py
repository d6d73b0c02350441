"""Speed and memory of ``reconcile`` against floors measured in the same run.

    python benchmarks/run.py                 # 10k, 100k and 1M claims (a few minutes)
    python benchmarks/run.py --quick         # 10k only (seconds; what the test suite runs)
    python benchmarks/run.py --sizes 100k,1M --profile
    python benchmarks/run.py --world 3M      # and 3M unlabelled claims over the world (issue 17)

For each size, with and without incident labels, it generates claims
(``benchmarks/generate.py``; the unlabelled ones spread over every country's
first-level units, ``--places syria`` for Syria's 14 governorates) and measures

* each pipeline stage in-process, in a fresh worker process: read
  (``reconcile.sources.read_files``), normalise (``reconcile.actors.load_aliases``
  + ``reconcile.normalise.normalise``), match (``reconcile.match``), compare
  (``reconcile.compare.compare``), render (``reconcile.render.write_comparison``
  to JSON, written as it is built, as the command does; the whole JSON as one string,
  ``render_comparison``, is reported beside it);
* the whole ``reconcile compare FILE --format json -o /dev/null`` as a fresh
  process: wall time and peak RSS;
* the floor: ``pandas.read_csv(FILE, engine="pyarrow")`` in a fresh process;
* unless ``--quick`` or ``--no-real``: UCDP GED Syria (``../shared/realdata``) compared as
  JSON and as the default table, against reading that file; with ``--world 3M``, an
  unlabelled run over every country's units at about ACLED's global size.

Start-up is compared with ``benchmarks/reference_app.py`` (a typer app with
the same commands that does nothing), and ``compare`` with datacompy on the
same two sources' claims. Short measurements are repeated and the median
taken. Results go to ``benchmarks/results/`` as JSON and Markdown (the
Markdown table is also printed), with the targets of issue 7 checked.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
DEPS = RESULTS / ".deps"  # datacompy, polars, DuckDB: never in the project's environment
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

STAGES = ["read", "normalise", "match", "compare", "render"]
SIZES = {"quick": [10_000], "default": [10_000, 100_000, 1_000_000]}
SHORT = 2.0  # seconds: measurements shorter than this are repeated
TARGETS = {
    "e2e_labelled": 3.0,     # end to end / read floor, with incident labels
    "e2e_unlabelled": 6.0,   # ... without (matching on)
    "growth": 12.0,          # time at 1M / time at 100k, every stage
    "rss_1m_mb": 2500.0,     # peak RSS of `reconcile compare` at 1M claims
    "help": 1.5,             # reconcile --help / reference app --help (and --version)
    "small_compare": 1.5,    # 100-row compare / (--help + pandas import)
    "datacompy": 1.0,        # reconcile compare / datacompy on the same two sources
    "world": 15.0,           # 3M unlabelled claims over the world / read floor
    "world_rss_mb": 3000.0,  # ... peak RSS
    "real": 4.0,             # UCDP GED Syria, JSON and table each / read floor of that file
}
#: the real file of the "real data" rows: UCDP GED Syria, in ../shared/realdata
UCDP = REPO.parent / "shared" / "realdata" / "ucdp_ged_syria" / "ged191_syria.csv"


# --------------------------------------------------------------------------
# Processes


def child_env() -> dict[str, str]:
    """The environment of every measured process: this checkout's package first, its modules
    compiled to bytecode once and kept, as ``pip install`` leaves them (a machine that sets
    PYTHONDONTWRITEBYTECODE would otherwise compile each changed module again at every start)."""
    env = {k: v for k, v in os.environ.items() if k not in ("RECONCILE_DEBUG", "PYTHONDONTWRITEBYTECODE")}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])
    return env


#: runs a command and reports its wall time, peak RSS and exit code. The measured command is started
#: by this small process, not by the benchmark: a child started by a process holding gigabytes
#: (the in-process stages) inherits that process's peak RSS in its own (Linux counts the memory
#: it shares until exec), which made UCDP's 0.6 GB read 1.7 GB.
_LAUNCHER = """
import os, subprocess, sys, time
report, command = sys.argv[1], sys.argv[2:]
began = time.perf_counter()
child = subprocess.Popen(command)
_, status, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - began
with open(report, "w") as fh:
    fh.write(f"{wall} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run_process(cmd: list[str], env: dict[str, str] | None = None) -> dict:
    """Run ``cmd``; wall seconds, peak RSS (MB, of that process alone), exit code, stderr tail."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".txt") as report:
        subprocess.run([sys.executable, "-c", _LAUNCHER, report.name, *cmd], stdout=out, stderr=err,
                       stdin=subprocess.DEVNULL, cwd=REPO, env=env or child_env(), check=True)
        wall, rss_kb, code = report.read().split()
        out.seek(0)
        err.seek(0)
        return {"wall": float(wall), "rss_mb": int(rss_kb) / 1024, "code": int(code),
                "stdout": out.read().decode(errors="replace"), "stderr": err.read().decode(errors="replace")[-2000:]}


def measure(cmd: list[str], repeat: int, env: dict[str, str] | None = None) -> dict:
    """Median wall time of ``cmd`` (repeated ``repeat`` times when short); fails loudly on a non-zero exit."""
    runs = [run_process(cmd, env)]
    if runs[0]["wall"] < SHORT:
        runs += [run_process(cmd, env) for _ in range(repeat - 1)]
    for run in runs:
        if run["code"] != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited {run['code']}:\n{run['stderr']}")
    return {"wall": statistics.median(r["wall"] for r in runs), "rss_mb": max(r["rss_mb"] for r in runs),
            "runs": len(runs), "stdout": runs[-1]["stdout"]}


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Workers (run in fresh processes by the main run)


def match_claims(claims):
    """The incident matcher, whichever API this checkout has.

    New: ``match_incidents(claims, MatchOptions())`` returning ``.claims``;
    old: ``assign_incidents(claims)`` returning the frame.
    """
    import reconcile.match as match

    if hasattr(match, "match_incidents"):
        options = match.MatchOptions() if hasattr(match, "MatchOptions") else None
        return match.match_incidents(claims, options).claims
    return match.assign_incidents(claims)


class _Counted:
    """A sink that counts the bytes written to it and keeps none."""

    def __init__(self):
        self.written = 0

    def write(self, data) -> int:
        size = memoryview(data).nbytes
        self.written += size
        return size

    def flush(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


def stage_times(path: Path, profile_to: Path | None = None) -> dict:
    """Seconds per stage on ``path``, in this process (imports done before the clock starts)."""
    import reconcile.actors
    import reconcile.normalise
    import reconcile.render
    import reconcile.render.json  # noqa: F401  (imported by render_comparison; not a stage cost)
    import reconcile.sources
    from reconcile.compare import compare as line_up  # reconcile.compare is the Python API's function

    profiler = None
    if profile_to is not None:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
        profiler.start()
    times = {}
    began = time.perf_counter()
    raw = reconcile.sources.read_files([path])
    times["read"] = time.perf_counter() - began

    began = time.perf_counter()
    loaded = reconcile.normalise.normalise(raw, reconcile.actors.load_aliases(None), tolerance=0.1)
    times["normalise"] = time.perf_counter() - began

    began = time.perf_counter()
    matched = match_claims(loaded.claims)
    times["match"] = time.perf_counter() - began

    began = time.perf_counter()
    comparison = line_up(
        matched, loaded.rejected, loaded.rows, tolerance=0.1, blank_lines=raw.blank_lines
    )
    times["compare"] = time.perf_counter() - began

    extra = {}
    if hasattr(reconcile.render, "write_comparison"):
        # What the command does: the JSON written as it is built
        began = time.perf_counter()
        with _Counted() as sink:
            reconcile.render.write_comparison(comparison, "json", sink)
        times["render"] = time.perf_counter() - began
        json_mb = sink.written / 1e6
    # The whole JSON as one string (the Python API's render_comparison): gigabytes at a million
    # claims, whose allocation makes the time vary 2.5-8 s for the same code
    began = time.perf_counter()
    text = reconcile.render.render_comparison(comparison, "json")
    string_time = time.perf_counter() - began
    if "render" in times:
        extra["render_string"] = string_time
    else:  # code from before write_comparison: the string was all there was
        times["render"], json_mb = string_time, len(text.encode()) / 1e6
    del text
    if profiler is not None:
        profiler.stop()
        profile_to.write_text(profiler.output_text(unicode=True, color=False, show_all=False))
        profile_to.with_suffix(".html").write_text(profiler.output_html())
    return {
        "times": times,
        "rows": dict(loaded.rows),
        "groups": len(comparison.groups),
        "incidents": len(comparison.incidents),
        "json_mb": json_mb,
        "extra": extra,
    }


def datacompy_times(path: Path, first: str = "SOHR", second: str = "SNHR") -> dict:
    """reconcile's compare vs datacompy on two sources' claims, keyed on (incident, perpetrator, victims).

    datacompy gets each source's latest claim per key (prepared outside the clock);
    reconcile's compare gets both sources' claims as they are and picks the latest itself.
    """
    import datacompy
    import pandas as pd

    import reconcile.actors
    import reconcile.normalise
    import reconcile.sources
    from reconcile.compare import compare as line_up  # reconcile.compare is the Python API's function

    raw = reconcile.sources.read_files([path])
    loaded = reconcile.normalise.normalise(raw, reconcile.actors.load_aliases(None), tolerance=0.1)
    claims = match_claims(loaded.claims)
    two = claims.loc[claims["source"].isin([first, second])].reset_index(drop=True)
    key = ["incident", "perpetrator", "victims"]
    latest = two.sort_values([*key, "source", "published"], na_position="first", kind="stable")
    latest = latest.drop_duplicates([*key, "source"], keep="last")
    columns = [*key, "low", "best", "high", "qualifier", "figure"]
    frames = [latest.loc[latest["source"] == s, columns].reset_index(drop=True) for s in (first, second)]
    rejected = pd.DataFrame({"origin": pd.Series([], dtype=str), "reason": pd.Series([], dtype=str)})

    def ours():
        line_up(two, rejected, {"read": len(two), "used": len(two), "rejected": 0}, 0.1)

    def theirs():
        result = datacompy.PandasCompare(frames[0], frames[1], join_columns=key, rel_tol=0.1,
                                         df1_name=first, df2_name=second)
        result.matches()

    best = {}
    for name, job in (("reconcile", ours), ("datacompy", theirs)):
        runs = []
        for _ in range(3):
            began = time.perf_counter()
            job()
            runs.append(time.perf_counter() - began)
        best[name] = min(runs)
    return {"claims": len(two), "keys": int(sum(len(f) for f in frames)), "version": datacompy.__version__,
            **best, "ratio": best["reconcile"] / best["datacompy"]}


# --------------------------------------------------------------------------
# The run


def machine() -> dict:
    import numpy
    import pandas
    import pyarrow

    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    memory = ""
    try:
        kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")))
        memory = f"{kb / 2**20:.0f} GiB"
    except (OSError, StopIteration):
        pass
    from reconcile.parallel import worker_count

    return {"cpu": cpu, "cores": os.cpu_count(), "workers": worker_count(), "memory": memory,
            "platform": platform.platform(),
            "python": platform.python_version(), "pandas": pandas.__version__, "pyarrow": pyarrow.__version__,
            "numpy": numpy.__version__}


def ensure_datacompy(install: bool) -> tuple[dict | None, str]:
    """An environment whose PYTHONPATH finds datacompy, or None and why not.

    datacompy pins an older pandas; installing it normally would change the
    project's pandas. So it goes, without dependencies, into
    ``benchmarks/results/.deps`` with the few packages it needs that we lack.
    """
    env = deps_env()
    probe = [sys.executable, "-c", "import datacompy; datacompy.PandasCompare"]
    if subprocess.run(probe, env=env, capture_output=True, cwd=REPO).returncode == 0:
        return env, ""
    if not install:
        return None, "datacompy is not installed (run without --no-install to fetch it into benchmarks/results/.deps)"
    done = install_into_deps(["datacompy", "ordered-set", "polars", "polars-runtime-32", "jinja2",
                              "markupsafe"])
    if done.returncode == 0 and subprocess.run(probe, env=env, capture_output=True, cwd=REPO).returncode == 0:
        return env, ""
    return None, "datacompy could not be installed: " + (done.stderr.strip().splitlines() or ["unknown error"])[-1]


def deps_env() -> dict[str, str]:
    """:func:`child_env` that also finds the packages in ``benchmarks/results/.deps``."""
    env = child_env()
    env["PYTHONPATH"] = os.pathsep.join([str(DEPS), env["PYTHONPATH"]])
    return env


def install_into_deps(packages: list[str]) -> subprocess.CompletedProcess:
    """``packages``, without their dependencies, into ``benchmarks/results/.deps``: packages only
    a benchmark compares against, never in the project's environment."""
    log(f"installing {', '.join(packages)} into benchmarks/results/.deps (benchmark only) ...")
    return subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
         "--upgrade", "--target", str(DEPS), *packages],
        capture_output=True, text=True,
    )


def size_label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def parse_size(text: str) -> int:
    text = text.strip().lower().replace("_", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * scale)


def run_size(n: int, labelled: bool, work: Path, args) -> dict:
    """Every measurement of one file: floor, stages, end to end."""
    from benchmarks.generate import generate, write_csv

    name = f"claims-{size_label(n)}-{'labelled' if labelled else 'unlabelled'}.csv"
    path = work / name
    began = time.perf_counter()
    # Unlabelled claims are spread over every country's first-level units (constant claims per
    # place-day at every size, as in a global dataset); Syria-only claims at 1M would put 15 claims
    # in each governorate every day for 13 years, a density matching grows with (README).
    write_csv(generate(n, seed=args.seed, labelled=labelled, places="syria" if labelled else args.places), path)
    generated = time.perf_counter() - began
    log(f"  {name}: generated in {generated:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")

    floor = measure(python("-c", "import sys, pandas; pandas.read_csv(sys.argv[1], engine='pyarrow')", str(path)),
                    args.repeat)
    log(f"    read floor {floor['wall']:.2f} s")

    worker = ["benchmarks/run.py", "--worker-stages", str(path)]
    if args.profile:
        profile = args.results / f"profile-{size_label(n)}-{'labelled' if labelled else 'unlabelled'}.txt"
        worker += ["--worker-profile", str(profile)]
    stages = measure(python(*worker), 1)
    detail = json.loads(stages["stdout"])
    log("    stages " + ", ".join(f"{s} {detail['times'][s]:.2f}" for s in STAGES))

    e2e = measure(python("-m", "reconcile", "compare", str(path), "--format", "json", "-o", os.devnull, "--quiet"),
                  args.repeat)
    log(f"    compare end to end {e2e['wall']:.2f} s, peak RSS {e2e['rss_mb']:.0f} MB")

    row = {
        "n": n, "labelled": labelled, "file_mb": path.stat().st_size / 1e6, "generate": generated,
        "floor": floor["wall"], "floor_rss_mb": floor["rss_mb"],
        "stages": detail["times"], "stage_rss_mb": stages["rss_mb"], "extra": detail.get("extra", {}),
        "json_mb": detail["json_mb"],
        "rows": detail["rows"], "groups": detail["groups"], "incidents": detail["incidents"],
        "e2e": e2e["wall"], "e2e_rss_mb": e2e["rss_mb"], "ratio": e2e["wall"] / floor["wall"],
    }
    if args.datacompy_env is not None and labelled:
        dc = measure(python("benchmarks/run.py", "--worker-datacompy", str(path)), 1, env=args.datacompy_env)
        row["datacompy"] = json.loads(dc["stdout"])
        log(f"    datacompy {row['datacompy']['datacompy']:.2f} s, compare {row['datacompy']['reconcile']:.2f} s")
    if not args.keep_data:
        path.unlink()
    return row


def startup(work: Path, args) -> dict:
    """--help/--version against the reference app; a 100-row compare against --help + pandas import."""
    from benchmarks.generate import generate, write_csv

    small = work / "claims-100.csv"
    write_csv(generate(100, seed=args.seed), small)
    repeat = args.repeat
    times = {
        "python": measure(python("-c", "pass"), repeat)["wall"],
        "import_pandas": measure(python("-c", "import pandas"), repeat)["wall"],
        "help": measure(python("-m", "reconcile", "--help"), repeat)["wall"],
        "reference_help": measure(python("benchmarks/reference_app.py", "--help"), repeat)["wall"],
        "version": measure(python("-m", "reconcile", "--version"), repeat)["wall"],
        "reference_version": measure(python("benchmarks/reference_app.py", "--version"), repeat)["wall"],
        "compare_100": measure(python("-m", "reconcile", "compare", str(small), "--format", "json", "-o",
                                      os.devnull, "--quiet"), repeat)["wall"],
    }
    # pandas' own import cost, without the interpreter start-up already in --help.
    times["small_floor"] = times["help"] + times["import_pandas"] - times["python"]
    log("  start-up: " + ", ".join(f"{k} {v:.3f}" for k, v in times.items()))
    return times


def real_file(args, path: Path = UCDP) -> dict | None:
    """``reconcile compare`` on UCDP GED Syria as JSON and as the default table, against reading it."""
    if not path.is_file():
        log(f"  {path} not found: real-data rows skipped")
        return None
    floor = measure(python("-c", "import sys, pandas; pandas.read_csv(sys.argv[1], engine='pyarrow')", str(path)),
                    args.repeat)
    row = {"file": path.name, "file_mb": path.stat().st_size / 1e6, "floor": floor["wall"]}
    for fmt in ("json", "table"):
        run = measure(python("-m", "reconcile", "compare", str(path), "--format", fmt, "-o", os.devnull, "--quiet"),
                      max(1, args.repeat // 2))
        row[fmt] = run["wall"]
        row[f"{fmt}_rss_mb"] = run["rss_mb"]
        row[f"{fmt}_ratio"] = run["wall"] / floor["wall"]
    log(f"  {path.name}: floor {floor['wall']:.2f} s, json {row['json']:.2f} s, table {row['table']:.2f} s")
    return row


def check_targets(rows: list[dict], start: dict, real: dict | None = None) -> list[dict]:
    checks = []

    def check(name: str, value: float | None, limit: float, unit: str, note: str = "") -> None:
        if value is None:
            return
        checks.append({"target": name, "value": value, "limit": limit, "unit": unit, "ok": value <= limit,
                       "note": note})

    world = [r for r in rows if r.get("world")]
    rows = [r for r in rows if not r.get("world")]
    by = {(r["n"], r["labelled"]): r for r in rows}
    largest = max(r["n"] for r in rows)
    for labelled, limit in ((True, TARGETS["e2e_labelled"]), (False, TARGETS["e2e_unlabelled"])):
        row = by.get((largest, labelled))
        if row:
            check(f"compare {size_label(largest)} {'labelled' if labelled else 'unlabelled'} / read floor",
                  row["ratio"], limit, "×")
    for labelled in (True, False):
        big, small = by.get((1_000_000, labelled)), by.get((100_000, labelled))
        if big and small:
            kind = "labelled" if labelled else "unlabelled"
            for stage in STAGES:
                check(f"growth 1M/100k {stage} ({kind})", big["stages"][stage] / small["stages"][stage],
                      TARGETS["growth"], "×")
            check(f"growth 1M/100k end to end ({kind})", big["e2e"] / small["e2e"], TARGETS["growth"], "×")
    for labelled in (True, False):
        row = by.get((1_000_000, labelled))
        if row:
            check(f"peak RSS compare 1M {'labelled' if labelled else 'unlabelled'}", row["e2e_rss_mb"],
                  TARGETS["rss_1m_mb"], "MB")
    check("reconcile --help / reference --help", start["help"] / start["reference_help"], TARGETS["help"], "×")
    check("reconcile --version / reference --version", start["version"] / start["reference_version"],
          TARGETS["help"], "×")
    check("100-row compare / (--help + pandas import)", start["compare_100"] / start["small_floor"],
          TARGETS["small_compare"], "×")
    for row in world:
        check(f"compare {size_label(row['n'])} unlabelled world / read floor", row["ratio"], TARGETS["world"], "×")
        check(f"peak RSS compare {size_label(row['n'])} unlabelled world", row["e2e_rss_mb"],
              TARGETS["world_rss_mb"], "MB")
    if real:
        for fmt in ("json", "table"):
            check(f"UCDP GED Syria {fmt} / read floor", real[f"{fmt}_ratio"], TARGETS["real"], "×")
    for row in rows:
        if "datacompy" in row:
            check(f"compare / datacompy, {size_label(row['n'])} (SOHR vs SNHR)", row["datacompy"]["ratio"],
                  TARGETS["datacompy"], "×")
    return checks


def markdown(report: dict) -> str:
    m = report["machine"]
    lines = [
        f"Run {report['when']} on {m['cpu']} ({m['cores']} cores, {m['memory']}), Python {m['python']}, "
        f"pandas {m['pandas']}, pyarrow {m['pyarrow']}; up to {m.get('workers', 1)} "
        f"processes (`RECONCILE_WORKERS`); seed {report['seed']}.",
        "",
        "| claims | labels | file | read floor | read | normalise | match | compare | render | "
        "`reconcile compare` | × floor | peak RSS |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in report["sizes"]:
        s = r["stages"]
        lines.append(
            f"| {size_label(r['n'])} | {'yes' if r['labelled'] else 'no'} | {r['file_mb']:.0f} MB | "
            f"{r['floor']:.2f} s | " + " | ".join(f"{s[k]:.2f}" for k in STAGES)
            + f" | {r['e2e']:.2f} s | {r['ratio']:.1f}× | {r['e2e_rss_mb']:.0f} MB |"
        )
    whole = [r for r in report["sizes"] if "render_string" in r.get("extra", {})]
    if whole:
        lines += ["", "Render is the JSON written as it is built, as the command writes it "
                  "(`reconcile.render.write_comparison`); built as one string instead "
                  "(`reconcile.render.render_comparison`, the Python API's way): " + ", ".join(
                      f"{size_label(r['n'])} {'labelled' if r['labelled'] else 'unlabelled'} "
                      f"{r['extra']['render_string']:.2f} s ({r['json_mb']:.0f} MB)" for r in whole) + "."]
    st = report["startup"]
    lines += [
        "",
        "Stage times are seconds in one process; `reconcile compare` and the read floor "
        "(`pandas.read_csv(engine=\"pyarrow\")`) are fresh processes, interpreter start-up included.",
        "",
        "| start-up | reconcile | reference | ratio |",
        "|---|---:|---:|---:|",
        f"| `--help` | {st['help']:.3f} s | {st['reference_help']:.3f} s | {st['help'] / st['reference_help']:.2f}× |",
        f"| `--version` | {st['version']:.3f} s | {st['reference_version']:.3f} s | "
        f"{st['version'] / st['reference_version']:.2f}× |",
        f"| compare 100 rows vs `--help` + pandas import | {st['compare_100']:.3f} s | {st['small_floor']:.3f} s | "
        f"{st['compare_100'] / st['small_floor']:.2f}× |",
    ]
    real = report.get("real")
    if real:
        lines += ["", "| real file | read floor | `compare --format json` | × floor | table | × floor | peak RSS |",
                  "|---|---:|---:|---:|---:|---:|---:|",
                  f"| {real['file']} ({real['file_mb']:.0f} MB) | {real['floor']:.2f} s | {real['json']:.2f} s | "
                  f"{real['json_ratio']:.1f}× | {real['table']:.2f} s | {real['table_ratio']:.1f}× | "
                  f"{max(real['json_rss_mb'], real['table_rss_mb']):.0f} MB |"]
    dc = [r for r in report["sizes"] if "datacompy" in r]
    if dc:
        lines += ["", "| claims (SOHR + SNHR) | reconcile compare | datacompy | ratio |", "|---:|---:|---:|---:|"]
        for r in dc:
            d = r["datacompy"]
            lines.append(f"| {d['claims']:,} | {d['reconcile']:.3f} s | {d['datacompy']:.3f} s | {d['ratio']:.2f}× |")
    if report.get("datacompy_note"):
        lines += ["", f"datacompy: {report['datacompy_note']}"]
    lines += ["", "| target | measured | limit | |", "|---|---:|---:|---|"]
    for c in report["targets"]:
        value = f"{c['value']:.0f} {c['unit']}" if c["unit"] == "MB" else f"{c['value']:.2f}{c['unit']}"
        limit = f"{c['limit']:.0f} {c['unit']}" if c["unit"] == "MB" else f"{c['limit']:g}{c['unit']}"
        lines.append(f"| {c['target']} | {value} | {limit} | {'met' if c['ok'] else '**missed**'} |")
    missed = [c for c in report["targets"] if not c["ok"]]
    lines += ["", f"{len(report['targets']) - len(missed)} of {len(report['targets'])} targets met."
              + (" Missed: " + "; ".join(f"{c['target']} by {c['value'] / c['limit']:.1f}×" for c in missed)
                 if missed else "")]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=None, help="comma-separated claim counts, e.g. 10k,100k,1M")
    parser.add_argument("--quick", action="store_true", help="10k claims only")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--world", default=None, help="also an unlabelled run of this many claims over the world "
                        "(issue 17: 3M, about ACLED's global size)")
    parser.add_argument("--no-real", action="store_true", help="skip UCDP GED Syria (../shared/realdata)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each short measurement (median)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the JSON and Markdown")
    parser.add_argument("--profile", action="store_true", help="pyinstrument profile of each stage run")
    parser.add_argument("--no-datacompy", action="store_true", help="skip the datacompy comparison")
    parser.add_argument("--places", choices=["world", "syria"], default="world",
                        help="where the unlabelled claims are: every country's units (default) or Syria's 14 governorates")
    parser.add_argument("--no-install", action="store_true", help="do not pip-install datacompy when missing")
    parser.add_argument("--keep-data", action="store_true", help="keep the generated files (in --results)")
    parser.add_argument("--readme", action="store_true", help="also paste the table into README.md")
    parser.add_argument("--worker-stages", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--worker-profile", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--worker-datacompy", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker_stages:
        print(json.dumps(stage_times(args.worker_stages, args.worker_profile)))
        return 0
    if args.worker_datacompy:
        print(json.dumps(datacompy_times(args.worker_datacompy)))
        return 0

    sizes = [parse_size(s) for s in args.sizes.split(",")] if args.sizes else SIZES[
        "quick" if args.quick else "default"]
    args.results.mkdir(parents=True, exist_ok=True)
    args.datacompy_env, note = (None, "skipped (--no-datacompy)") if args.no_datacompy else ensure_datacompy(
        not args.no_install)
    if note:
        log(f"note: {note}")

    subprocess.run(python("-m", "compileall", "-q", str(REPO / "reconcile")), env=child_env(),
                   stdout=subprocess.DEVNULL, check=False)
    # the guard's numba merge, compiled into its on-disk cache once (0.9 s), as a user's first
    # large run does: not in the first measured run only
    subprocess.run(python("-c", "from reconcile.guard import _compiled_merge; _compiled_merge()"),
                   env=child_env(), stdout=subprocess.DEVNULL, check=False)
    with tempfile.TemporaryDirectory(dir=args.results if args.keep_data else None) as tmp:
        work = args.results if args.keep_data else Path(tmp)
        log("start-up ...")
        start = startup(work, args)
        rows = []
        for n in sizes:
            for labelled in (True, False):
                log(f"{size_label(n)} claims, {'with' if labelled else 'without'} incident labels ...")
                rows.append(run_size(n, labelled, work, args))
        if args.world:
            n = parse_size(args.world)
            log(f"{size_label(n)} claims over the world, without incident labels ...")
            rows.append({**run_size(n, False, work, args), "world": True})
        real = None if args.no_real or args.quick else real_file(args)

    report = {
        "when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(), "seed": args.seed, "sizes": rows, "startup": start,
        "datacompy_note": note, "targets_limits": TARGETS, "real": real,
    }
    report["targets"] = check_targets(rows, start, real)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    text = markdown(report)
    for name in (f"benchmark-{stamp}", "latest"):
        (args.results / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n")
        (args.results / f"{name}.md").write_text(text)
    if args.readme:
        paste_into_readme(text)
    print(text)
    return 0


def paste_into_readme(text: str, readme: Path = REPO / "README.md") -> None:
    """Put ``text`` between the README's ``benchmark:start`` and ``benchmark:end`` markers."""
    start, end = "<!-- benchmark:start -->\n", "<!-- benchmark:end -->"
    current = readme.read_text(encoding="utf-8")
    if start not in current or end not in current:
        raise SystemExit("README.md has no benchmark markers")
    before, rest = current.split(start, 1)
    after = rest.split(end, 1)[1]
    readme.write_text(before + start + text + end + after, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
