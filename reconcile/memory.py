"""Memory: how much is free, and a watchdog that ends a run with one clear line before it runs out.

Linux seldom fails an allocation when memory runs out: the kernel's OOM
killer ends the process without a word, or the machine swaps until it
freezes. So a command runs under :func:`memory_guard`, which polls the
process's resident memory and, past the limit (90 % of what the process could
have when it started, or ``RECONCILE_MEMORY_LIMIT``: ``800M``, ``4G``, bytes),
prints ``reconcile: error: out of memory ...`` and exits with code 2 at once.
No pandas here: the CLI imports it before any command runs.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
from pathlib import Path

#: share of the memory the process could have at start that it may use before the guard stops it.
SHARE = 0.9
#: seconds between two looks at the process's memory.
POLL = 0.05
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def prefer_jemalloc() -> None:
    """pyarrow's allocations (every text column) from jemalloc, which gives freed memory back
    to the system sooner than pyarrow's default, mimalloc: a million claims peak at 2.38 GB
    instead of 2.63 GB, no slower. Left alone when the user chose a pool
    (``ARROW_DEFAULT_MEMORY_POOL``) or pyarrow was built without jemalloc."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    import pyarrow

    try:
        pyarrow.set_memory_pool(pyarrow.jemalloc_memory_pool())
    except NotImplementedError:
        pass


#: container allocations between two young collections of Python's cycle collector in a command
#: (Python's default: 700)
COLLECT_EVERY = 10_000


def collect_less_often() -> None:
    """Run Python's cycle collector less often, in a command's own process.

    A run builds hundreds of thousands of small objects that live to its end
    (pandas' import, the tables, each distinct text's reading) and the
    collector, by default after every 700, kept walking them: 0.1-0.14 s of
    a 100-row compare and of UCDP GED Syria's, measured with ``gc.callbacks``,
    against about 0.05 s at :data:`COLLECT_EVERY`. Cycles are still collected.
    The Python API leaves its user's process as it is.
    """
    import gc

    gc.set_threshold(COLLECT_EVERY, *gc.get_threshold()[1:])


def release_freed() -> None:
    """Give memory the run has freed back to the system now (pyarrow's pool, and C's heap on
    Linux), not when the allocators get round to it: a worker forked next counts every page
    the run still holds."""
    if "pyarrow" in sys.modules:
        import pyarrow

        pyarrow.default_memory_pool().release_unused()
    if sys.platform == "linux":
        import ctypes

        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):
            pass


def resident() -> int | None:
    """Bytes of memory the process holds now (Linux), or None."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def available_memory() -> int | None:
    """Bytes of memory this process can still get: the least of the system's available memory,
    the cgroup's limit less its use, and the address-space limit; None when none is known."""
    import resource

    found = []
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                found.append(int(line.split()[1]) * 1024)
    except (OSError, ValueError, IndexError):
        pass
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        if limit != "max":
            found.append(int(limit) - int(Path("/sys/fs/cgroup/memory.current").read_text()))
    except (OSError, ValueError):
        pass
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY:
        try:
            pages = int(Path("/proc/self/statm").read_text().split()[0])
            found.append(soft - pages * resource.getpagesize())
        except (OSError, ValueError, IndexError):
            found.append(soft)
    return max(min(found), 0) if found else None


def memory_limit() -> int | None:
    """The resident memory past which a run stops; None when it cannot be known (not Linux)."""
    given = os.environ.get("RECONCILE_MEMORY_LIMIT", "").strip().upper()
    if given:
        found = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMGT]?)I?B?", given)
        if found:
            return int(float(found.group(1)) * _UNITS[found.group(2)])
    now, free = resident(), available_memory()
    if now is None or free is None:
        return None
    return int((now + free) * SHARE)


@contextlib.contextmanager
def memory_guard():
    """Run the block with the watchdog on (see the module docstring)."""
    limit = memory_limit()
    if limit is None:
        yield
        return
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(POLL):
            used = resident()
            if used is not None and used > limit:
                stderr = sys.__stderr__  # None only when the process was started without one
                if stderr is not None:
                    stderr.write(
                        f"reconcile: error: out of memory: the run needs more than the {limit / 1e9:,.1f} GB "
                        "this machine can give it; split the input into smaller files, or use --max-rows to "
                        "stop such inputs early\n"
                    )
                    stderr.flush()
                os._exit(2)

    thread = threading.Thread(target=watch, name="reconcile-memory-guard", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
