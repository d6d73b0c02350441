"""Errors that end a run, each carrying its exit code.

One handler in ``cli.main`` turns them into a one-line message on stderr;
``--debug`` shows the traceback instead.
"""

from __future__ import annotations


class ReconcileError(Exception):
    """Base of every error the CLI reports as a one-line message."""

    exit_code = 2


class UsageError(ReconcileError):
    """The command line asks for something impossible (bad option value...)."""


class InputError(ReconcileError):
    """An input file cannot be read or used as a whole.

    ``path`` and ``line`` (1-based, header = line 1) locate the problem so the
    message reads ``FILE:LINE: what is wrong``.
    """

    def __init__(self, path: str, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")
