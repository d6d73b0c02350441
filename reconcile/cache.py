"""What the bundled tables build, kept on disk between runs.

The gazetteer takes about a second to build, the actor catalogue, aliases,
phrase grammar and source names 0.07 s together: a tenth of a small file's
run. Each is kept as JSON (data, never code, is read back) in
``$RECONCILE_CACHE_DIR`` (empty: no cache) or the user's cache folder, under a
name keyed by the package's code, its bundled data (and where it lives) and the
versions of the package, Python, pandas, numpy, pyarrow and pycountry, and read back
while those stay the same. A cache that
cannot be read or written is ignored: the thing is built instead. Writing a
new cache removes those of other versions that no run has used for
:data:`UNUSED_DAYS` days.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from reconcile.resources import data_dir

__all__ = ["UNUSED_DAYS", "cache_path", "cached", "cached_frame"]

T = TypeVar("T")

#: days a cache of other code, tables or versions may go unused before a new cache removes it.
UNUSED_DAYS = 30

#: what a cache that is not what it should be raises while it is read back
_UNREADABLE = (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError)


def cache_path(name: str) -> Path | None:
    """Where ``name`` is kept: ``$RECONCILE_CACHE_DIR`` (empty: no cache), else the user's cache
    folder; the file name is keyed by everything the cached things are built from."""
    given = os.environ.get("RECONCILE_CACHE_DIR")
    if given == "":
        return None
    if given is None:
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reconcile"
    else:
        folder = Path(given)
    return folder / f"{name}-{_digest()}.json"


@functools.cache
def _digest() -> str:
    """The package's code and bundled data (not its examples), by path and content, where that
    data lives, and the versions that build with them: 2 ms once a run."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pycountry

    from reconcile import __version__

    digest = hashlib.sha256()
    for folder, pattern in ((Path(__file__).resolve().parent, "*.py"), (data_dir(), "*")):
        for path in sorted(folder.rglob(pattern)):
            inside = path.relative_to(folder)
            if path.is_file() and inside.parts[0] != "examples":
                digest.update(f"{inside.as_posix()}\n".encode() + path.read_bytes())
    # where the data lives too: tables name their file
    versions = (__version__, getattr(pycountry, "__version__", ""), pd.__version__, np.__version__,
                pa.__version__, sys.version, str(data_dir()))
    digest.update(repr(versions).encode())
    return digest.hexdigest()[:16]


def cached(name: str, build: Callable[[], T], to_json: Callable[[T], Any],
           from_json: Callable[[Any], T]) -> T:
    """``build()``, or what it built before, read back from :func:`cache_path` (``name``)."""
    path = cache_path(name)
    if path is not None:
        try:
            with path.open(encoding="utf-8") as fh:
                value = from_json(json.load(fh))
            _used(path)
            return value
        except _UNREADABLE:
            pass
    value = build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            with partial.open("w", encoding="utf-8") as fh:
                json.dump(to_json(value), fh, ensure_ascii=False, separators=(",", ":"))
            os.replace(partial, path)  # atomic: a concurrent run reads the old file or the new one
        except OSError:
            pass
        _forget_unused(path, name)
    return value


def _used(path: Path) -> None:
    """The cache's time of modification becomes its time of last use (what :func:`_forget_unused`
    goes by); a read-only cache folder is left as it is."""
    try:
        os.utime(path)
    except OSError:
        pass


def _forget_unused(path: Path, name: str) -> None:
    """Caches of ``name`` built from other code, tables or versions, unused for
    :data:`UNUSED_DAYS`: without this each upgrade would leave its files behind for good. One
    still in use (another installed version) is touched at each run, so it stays."""
    import time

    cutoff = time.time() - UNUSED_DAYS * 86_400
    for other in path.parent.glob(f"{name}-*"):
        try:
            if other != path and other.stat().st_mtime < cutoff:
                other.unlink()
        except OSError:
            pass


def cached_frame(name: str, build: Callable[[], Any]):
    """:func:`cached` for a frame of text, integer and boolean columns (its index dropped)."""
    return cached(name, build, _frame_to_json, _frame_from_json)


def _frame_to_json(frame) -> dict:
    return {"columns": [[name, str(frame[name].dtype), frame[name].tolist()] for name in frame.columns]}


def _frame_from_json(data: dict):
    import pandas as pd

    return pd.DataFrame({name: pd.Series(values, dtype=dtype) for name, dtype, values in data["columns"]})
