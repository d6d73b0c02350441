"""Progress on stderr for long runs: the current stage, shown only on a terminal.

Nothing appears for runs shorter than ``delay`` seconds, none at all when
stderr is not a terminal, in CI, with ``--quiet`` or ``NO_COLOR``-free pipes:
scripts and CI logs stay byte-stable.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.status import Status


class StageProgress:
    """A transient spinner naming the stage; a context manager, callable with each stage's name."""

    def __init__(self, enabled: bool, delay: float = 2.0, console=None):
        self.enabled = enabled
        self.delay = delay
        self.stage = "starting"
        self.began = time.perf_counter()
        self._status: Status | None = None
        self._timer: threading.Timer | None = None
        self._console = console
        self._lock = threading.Lock()

    def __enter__(self) -> StageProgress:
        if self.enabled:
            self._timer = threading.Timer(self.delay, self._show)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __call__(self, stage: str) -> None:
        with self._lock:
            self.stage = stage
            if self._status is not None:
                self._status.update(self._text())

    def __exit__(self, *exc) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            if self._status is not None:
                self._status.stop()
                self._status = None

    def _text(self) -> str:
        return f"reconcile: {self.stage}… ({time.perf_counter() - self.began:.0f} s)"

    def _show(self) -> None:
        from rich.console import Console

        with self._lock:
            console = self._console or Console(stderr=True)
            self._status = console.status(self._text())
            self._status.start()


def progress_wanted(quiet: bool) -> bool:
    """Only for a person watching: stderr a terminal, not CI, not --quiet."""
    from reconcile.cli.common import in_ci

    return not quiet and sys.stderr.isatty() and not in_ci() and os.environ.get("TERM") != "dumb"
