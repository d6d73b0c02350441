"""Limits (issue 8): --max-rows for CI, and inputs larger than memory fail with one clear line."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys

import pytest

from conftest import REPO

def big_file(path, size: int):
    """A claims file of about ``size`` bytes: one row, again and again."""
    row = b"inc-1,SOHR,more than 700,2025-03-06,2025-03-08,civilians,government forces,Latakia,2025-03-09\n"
    with open(path, "wb") as out:
        out.write(b"incident,source,figure,date_start,date_end,victims,perpetrator,place,published\n")
        out.write(row * (size // len(row)))
    return path


ROWS = "source,figure,date\n" + "".join(f"S{i},{i},2025-03-07\n" for i in range(10))


@pytest.mark.parametrize("command", ["compare", "normalise", "validate", "actors"])
def test_max_rows_stops_the_run(here, cli, write, command):
    write("c.csv", ROWS)
    result = cli(command, "c.csv", "--max-rows", "9")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "reconcile: error: c.csv: the input has more than --max-rows 9 rows (10 read so far); "
        "raise --max-rows if that is expected"
    )
    assert cli(command, "c.csv", "--max-rows", "10").exit_code in (0, 1)


def test_max_rows_counts_every_file(here, cli, write):
    write("a.csv", ROWS)
    write("b.csv", ROWS)
    result = cli("compare", "a.csv", "b.csv", "--max-rows", "15")
    assert result.exit_code == 2 and "b.csv: the input has more than --max-rows 15 rows (20 read" in result.stderr


def test_out_of_memory_is_one_line(here, cli, write, monkeypatch):
    write("c.csv", ROWS)

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr("reconcile.intervals.parse_figures", exhausted)
    result = cli("compare", "c.csv")
    assert result.exit_code == 2
    assert result.stderr.startswith("reconcile: error: out of memory") and result.stderr.count("\n") == 1


@pytest.mark.parametrize("gzipped", [False, True])
def test_a_file_plainly_too_large_for_the_memory_free_fails_before_reading(here, cli, write, monkeypatch, gzipped):
    write("c.csv", gzip.compress(ROWS.encode() * 50) if gzipped else ROWS)
    monkeypatch.setattr("reconcile.sources.encoding.available_memory", lambda: 1000)
    result = cli("compare", "c.csv")
    assert result.exit_code == 2
    assert "c.csv: too large for the memory free" in result.stderr and "split it" in result.stderr


def test_the_memory_guard_stops_a_run_before_the_machine_runs_out(tmp_path):
    """The watchdog (reconcile/memory.py) at a 400 MB limit: one line, exit 2, long before the OOM killer."""
    path = big_file(tmp_path / "big.csv", 40_000_000)
    run = subprocess.run(
        [sys.executable, "-m", "reconcile", "compare", str(path), "-f", "json", "-o", os.devnull],
        cwd=REPO, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
        env={**os.environ, "RECONCILE_MEMORY_LIMIT": "400M"},
    )
    assert run.returncode == 2, run.stderr[-2000:]
    assert run.stderr.startswith("reconcile: error: out of memory: the run needs more than the 0.4 GB")
    assert run.stderr.count("\n") == 1


@pytest.mark.parametrize(("given", "limit"), [("800M", 800 << 20), ("4G", 4 << 30), ("1.5GB", int(1.5 * (1 << 30))),
                                               ("123456", 123456)])
def test_memory_limit_from_the_environment(monkeypatch, given, limit):
    from reconcile.memory import memory_limit

    monkeypatch.setenv("RECONCILE_MEMORY_LIMIT", given)
    assert memory_limit() == limit


@pytest.mark.parametrize("chosen", ["", "system"])
def test_a_command_takes_jemalloc_for_pyarrow_unless_the_user_chose_a_pool(here, chosen):
    """jemalloc gives freed memory back sooner: the peak at a million claims is 10 % lower."""
    probe = ("import pyarrow, sys\n"
             "from reconcile.cli import app\n"
             "from typer.testing import CliRunner\n"
             "CliRunner().invoke(app, ['validate', sys.argv[1]])\n"
             "print(pyarrow.default_memory_pool().backend_name)\n")
    env = {**os.environ, "ARROW_DEFAULT_MEMORY_POOL": chosen}
    found = subprocess.run([sys.executable, "-c", probe, str(REPO / "data" / "examples" / "coastal-2025.csv")],
                           env=env, capture_output=True, text=True, cwd=here, check=True).stdout.split()[-1]
    if chosen:
        assert found == chosen
    else:
        import pyarrow

        try:
            pyarrow.jemalloc_memory_pool()
        except NotImplementedError:
            pytest.skip("this pyarrow has no jemalloc")
        assert found == "jemalloc"


def test_the_command_collects_cycles_less_often_and_the_api_leaves_the_collector_alone(here):
    """The command line's own process runs the cycle collector every 10,000 allocations, not
    700 (0.05-0.1 s of a small run); importing or calling the package does not touch it."""
    probe = ("import atexit, gc, sys\n"
             "default = gc.get_threshold()\n"
             "import reconcile.cli, reconcile.pipeline\n"
             "reconcile.pipeline.run_compare([sys.argv[1]])\n"
             "api_untouched = gc.get_threshold() == default\n"
             "atexit.register(lambda: print(api_untouched, gc.get_threshold()[0],\n"
             "                              gc.get_threshold()[1:] == default[1:]))\n"
             "sys.argv = ['reconcile', 'validate', sys.argv[1]]\n"
             "reconcile.cli.main()\n")
    found = subprocess.run([sys.executable, "-c", probe, str(REPO / "data" / "examples" / "coastal-2025.csv")],
                           capture_output=True, text=True, cwd=here, check=True).stdout.split()
    assert found[-3:] == ["True", "10000", "True"]
