"""Errors that end a run, each carrying its exit code.

One handler in ``cli.main`` turns them into a one-line message on stderr;
``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import os
import re


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

    def __init__(self, path: str | os.PathLike[str], message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class ReconcileWarning(UserWarning):
    """What the Python API tells without stopping: rows rejected, a file read in another encoding ..."""


_FLAG = re.compile(r"(?<![\w-])--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)")


def library_words(message: str) -> str:
    """A message worded for the command line, its flags named as the Python API's option fields.

    Messages name the flag a user typed (``--max-rows``); the API's options are named after the
    flags (``max_rows``), so one wording serves both: ``--where 'x': ...`` → ``where 'x': ...``.
    """
    return _FLAG.sub(lambda found: found.group(1).replace("-", "_"), message)


def reword(exc: ReconcileError) -> ReconcileError:
    """``exc`` with its message in :func:`library_words` (changed in place: its traceback is kept)."""
    if isinstance(exc, InputError):
        exc.message = library_words(exc.message)
        where = f"{exc.path}:{exc.line}" if exc.line is not None else exc.path
        exc.args = (f"{where}: {exc.message}",)
    else:
        exc.args = tuple(library_words(a) if isinstance(a, str) else a for a in exc.args)
    return exc
