"""Work split over the machine's cores.

Loops that run in Python go to forked processes: workers inherit the
parent's arrays instead of receiving a pickled copy, so only where fork is
safe and cheap (Linux) does work run in parallel; elsewhere, with one core, or
with ``RECONCILE_WORKERS=1``, it runs in the calling process. Column-wise
copies of wide frames go to threads, since pyarrow's and numpy's takes
release the GIL. Every task is a pure function of
its inputs: the result is the same whichever way it ran, which the tests check.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from reconcile.memory import release_freed

#: the tasks of the running :func:`run_tasks`, read by the forked workers.
_TASKS: Sequence[Callable[[], Any]] = ()


def worker_count() -> int:
    """Processes a run may use: ``RECONCILE_WORKERS`` when set (1 = no workers), else the cores
    this process may run on, within its container's CPU quota; 1 where workers are not forked
    (not Linux)."""
    given = os.environ.get("RECONCILE_WORKERS", "").strip()
    if given.isdigit() and int(given) > 0:
        wanted = int(given)
    else:
        wanted = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
        wanted = min(wanted, cpu_quota() or wanted)
    return wanted if sys.platform == "linux" else 1


def workers_for(size: int, threshold: int) -> int:
    """Processes worth using on ``size`` items of work: one below ``threshold``, where forking a
    worker or starting a thread costs more than it saves, else :func:`worker_count`."""
    return worker_count() if size >= threshold else 1


def cpu_quota(path: Path = Path("/sys/fs/cgroup/cpu.max")) -> int | None:
    """The CPUs a container's cgroup (v2) lets the process use, rounded up; None when unlimited
    or unknown. A container may see 64 cores and be given 2: 64 workers would only queue."""
    try:
        quota, period = path.read_text().split()[:2]
        return None if quota == "max" else max(1, -(-int(quota) // int(period)))
    except (OSError, ValueError):
        return None


def slices(length: int, count: int) -> list[slice]:
    """``count`` consecutive slices of about equal length covering ``range(length)``."""
    bounds = [length * k // count for k in range(count + 1)]
    return [slice(low, high) for low, high in zip(bounds, bounds[1:], strict=False)]


def _run(index: int) -> Any:
    return _TASKS[index]()


def run_tasks(tasks: Sequence[Callable[[], Any]], workers: int | None = None) -> list[Any]:
    """Each task's result, in order: the first in this process, the others in forked workers
    (``workers``, by default :func:`worker_count`, less one) running at the same time. A pool
    that cannot start or loses a worker (killed for its memory) leaves the work to this process:
    slower, never a different answer."""
    global _TASKS
    workers = min(len(tasks), worker_count() if workers is None else workers) - 1
    if workers < 1:
        return [task() for task in tasks]
    _TASKS = tasks
    try:
        pool, futures = _start(len(tasks), workers)
    except OSError:
        _TASKS = ()
        return [task() for task in tasks]
    try:
        first = tasks[0]()
        try:
            return [first, *(future.result() for future in futures)]
        except BrokenProcessPool:
            return [first, *(task() for task in tasks[1:])]
    finally:
        pool.shutdown(cancel_futures=True)
        _TASKS = ()


def _start(count: int, workers: int) -> tuple[ProcessPoolExecutor, list[Future]]:
    """A pool of ``workers`` forked now, running tasks 1 .. count - 1."""
    import multiprocessing

    release_freed()
    with warnings.catch_warnings():
        # Python 3.12+ warns on forking a process with threads (the memory watchdog's); the
        # workers run only the tasks' Python and numpy code, and none of those threads' locks.
        warnings.filterwarnings("ignore", message=r".*fork\(\) may lead to deadlocks",
                                category=DeprecationWarning)
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        return pool, [pool.submit(_run, index) for index in range(1, count)]


#: rows below which a frame's columns are taken one after another: threads cost more.
THREADED_ROWS = 100_000


def take_rows(frame: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    """``frame.iloc[positions].reset_index(drop=True)``, each column taken on a thread of its
    own: the thirty text columns of a million claims take 2 s on one core."""
    threads = workers_for(len(positions), THREADED_ROWS) if frame.shape[1] > 1 else 1
    if threads < 2 or frame.columns.has_duplicates:
        return frame.iloc[positions].reset_index(drop=True)

    index = pd.RangeIndex(len(positions))

    def take(column: int) -> pd.Series:
        values = frame.iloc[:, column]
        if isinstance(values.dtype, np.dtype):  # numpy's take, not pandas' checks around it
            taken = values.to_numpy().take(positions)
        else:
            taken = values.array.take(positions)
        # as a Series of the column's dtype: an object column of texts is not re-inferred as str
        return pd.Series(taken, index=index, dtype=values.dtype, copy=False)

    with ThreadPoolExecutor(threads) as pool:
        taken = list(pool.map(take, range(frame.shape[1])))
    return pd.DataFrame(dict(enumerate(taken)), copy=False).set_axis(frame.columns, axis=1)
