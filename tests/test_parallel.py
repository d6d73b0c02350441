"""Work on several cores: results in order, the same as in one process, and a lost worker's
work done again rather than lost."""

from __future__ import annotations

import os
import sys

import pytest

from reconcile.parallel import run_tasks, slices, worker_count, workers_for

forked_only = pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")


@pytest.mark.parametrize(("length", "count"), [(0, 2), (1, 3), (10, 3), (1_000_001, 2)])
def test_slices_cover_the_range_once_in_order(length, count):
    parts = slices(length, count)
    assert len(parts) == count
    covered = [i for part in parts for i in range(length)[part]]
    assert covered == list(range(length))
    assert max(p.stop - p.start for p in parts) - min(p.stop - p.start for p in parts) <= 1


def test_worker_count_follows_reconcile_workers(monkeypatch):
    monkeypatch.setenv("RECONCILE_WORKERS", "3")
    assert worker_count() == (3 if sys.platform == "linux" else 1)
    monkeypatch.setenv("RECONCILE_WORKERS", "1")
    assert worker_count() == 1
    monkeypatch.setenv("RECONCILE_WORKERS", "lots")  # not a count: the cores this process may use
    assert worker_count() == (len(os.sched_getaffinity(0)) if sys.platform == "linux" else 1)


@forked_only
def test_tasks_run_in_other_processes_and_come_back_in_order(monkeypatch):
    monkeypatch.setenv("RECONCILE_WORKERS", "3")
    parent = os.getpid()
    results = run_tasks([lambda k=k: (k, os.getpid()) for k in range(4)])
    assert [k for k, _ in results] == [0, 1, 2, 3]
    assert results[0][1] == parent
    assert all(pid != parent for _, pid in results[1:])


def test_with_one_worker_every_task_runs_here(monkeypatch):
    monkeypatch.setenv("RECONCILE_WORKERS", "1")
    assert run_tasks([os.getpid, os.getpid]) == [os.getpid()] * 2


def test_below_its_threshold_work_stays_in_this_process(monkeypatch):
    monkeypatch.setenv("RECONCILE_WORKERS", "2")
    assert workers_for(99, 100) == 1
    assert workers_for(100, 100) == (2 if sys.platform == "linux" else 1)
    assert run_tasks([os.getpid, os.getpid], workers=workers_for(99, 100)) == [os.getpid()] * 2


@forked_only
def test_a_worker_that_dies_has_its_task_done_here(monkeypatch):
    monkeypatch.setenv("RECONCILE_WORKERS", "2")
    parent = os.getpid()

    def dies_in_a_worker():
        if os.getpid() != parent:
            os._exit(9)  # as the kernel's OOM killer would end it
        return "done here"

    assert run_tasks([lambda: "first", dies_in_a_worker]) == ["first", "done here"]


def test_a_task_error_reaches_the_caller():
    def fails():
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        run_tasks([lambda: 1, fails])


def test_take_rows_on_threads_gives_what_iloc_gives(monkeypatch):
    import numpy as np
    import pandas as pd

    import reconcile.parallel
    from reconcile.parallel import take_rows

    rng = np.random.default_rng(4)
    n = 5_000
    frame = pd.DataFrame({
        "origin": pd.Series([f"f.csv:{i}" for i in range(n)], dtype=str),
        "source": pd.Series(rng.choice(["SOHR", "SNHR", None], n), dtype=str),  # with missing text
        "best": rng.integers(0, 900, n).astype(float),
        "high": np.where(rng.random(n) < 0.1, np.inf, 5.0),
        "parts": rng.integers(0, 9, n),
        "date_start": pd.to_datetime("2025-03-06") + pd.to_timedelta(rng.integers(0, 30, n), unit="D"),
        "published": pd.Series(pd.NaT, index=range(n), dtype="datetime64[us]"),
        "matched": rng.random(n) < 0.5,
        "reason": pd.Categorical(rng.choice(["joined", "score"], n)),
        "note": pd.Series(rng.choice(["", "x"], n), dtype=object),
    }, index=pd.RangeIndex(n) * 3)
    positions = rng.permutation(n)[: n // 2]
    monkeypatch.setattr(reconcile.parallel, "THREADED_ROWS", 0)
    monkeypatch.setenv("RECONCILE_WORKERS", "2")
    expected = frame.iloc[positions].reset_index(drop=True)
    pd.testing.assert_frame_equal(take_rows(frame, positions), expected)
    pd.testing.assert_frame_equal(take_rows(frame, positions[:0]), expected.iloc[:0])
    monkeypatch.setenv("RECONCILE_WORKERS", "1")
    pd.testing.assert_frame_equal(take_rows(frame, positions), expected)


@pytest.mark.parametrize(("text", "cpus"), [("200000 100000\n", 2), ("150000 100000", 2), ("50000 100000", 1),
                                            ("max 100000", None), ("", None)])
def test_cpu_quota_reads_the_cgroup_limit(tmp_path, text, cpus):
    from reconcile.parallel import cpu_quota

    (tmp_path / "cpu.max").write_text(text)
    assert cpu_quota(tmp_path / "cpu.max") == cpus
    assert cpu_quota(tmp_path / "absent") is None


@forked_only
def test_worker_count_stays_within_the_cpu_quota(monkeypatch):
    import reconcile.parallel

    monkeypatch.delenv("RECONCILE_WORKERS", raising=False)
    monkeypatch.setattr(reconcile.parallel, "cpu_quota", lambda: 1)
    assert worker_count() == 1
    monkeypatch.setenv("RECONCILE_WORKERS", "2")  # the user's choice stands
    assert worker_count() == 2
