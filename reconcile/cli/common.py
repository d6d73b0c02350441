"""What every command shares besides its options (:mod:`reconcile.cli.options`): error handling,
standard input, writing outputs and the stderr summary."""

from __future__ import annotations

import functools
import os
import sys
from enum import Enum
from pathlib import Path
from typing import NoReturn

import typer

from reconcile.errors import ReconcileError, UsageError

state = {"debug": os.environ.get("RECONCILE_DEBUG", "") not in ("", "0")}


MAX_WARNINGS = 10


def handles_errors(command):
    """Turn a ReconcileError into one line on stderr and its exit code (traceback with --debug);
    running out of memory too (:func:`reconcile.memory.memory_guard`)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from reconcile.memory import memory_guard, prefer_jemalloc

        prefer_jemalloc()
        try:
            with memory_guard():
                return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # the reader left (``| head``): what it read was right; say nothing, as cat does
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(141) from None
        except ReconcileError as exc:
            if state["debug"]:
                raise
            echo_err(f"reconcile: error: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except MemoryError:
            if state["debug"]:
                raise
            echo_err("reconcile: error: out of memory: the input is too large for this machine; "
                     "split it into smaller files, or use --max-rows to stop such inputs early")
            raise typer.Exit(2) from None
        except Exception as exc:  # a bug of ours: still one line unless --debug
            if state["debug"]:
                raise
            echo_err(f"reconcile: internal error: {type(exc).__name__}: {exc} "
                     "(run with --debug for the traceback)")
            raise typer.Exit(2) from None

    return wrapper


def exit_now(code: str | int | None) -> NoReturn:
    """End the command's process with ``code`` (``sys.exit``'s: None, a number or a message)
    once its exit handlers have run (standard input's copy is removed) and its output is
    flushed, without taking the interpreter apart: freeing every module and object one by one
    (pandas, pyarrow, numba) took 0.1-0.15 s of a 100-row run and of UCDP GED Syria's, memory
    the system takes back at once when the process ends.

    Under a profiler or a tracer (``python -m cProfile``, coverage) the process ends as Python
    ends it, so that they write what they gathered."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    import atexit

    if code is None:
        code = 0
    elif not isinstance(code, int):  # a message: printed, exit 1, as Python does
        _write_err(f"{code}\n")
        code = 1
    atexit._run_exitfuncs()
    try:
        if sys.stdout is not None:  # None: started with standard output closed
            sys.stdout.flush()
    except BrokenPipeError:  # the reader left (``| head``): quiet, as handles_errors is
        code = code or 141
    except (OSError, ValueError) as exc:  # a full disk behind ``> file``: never a silent success
        if not code:  # else the command has said what went wrong
            _write_err(f"reconcile: error: cannot write the output: {exc}\n")
            code = 2
    _write_err("")  # stderr flushed
    os._exit(code)


def _write_err(text: str) -> None:
    """``text`` on stderr, flushed; nothing when stderr is closed or broken."""
    try:
        if sys.stderr is not None:
            sys.stderr.write(text)
            sys.stderr.flush()
    except (OSError, ValueError):
        pass


def as_of_date(text: str | None):
    if text is None:
        return None
    from reconcile.dates import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise UsageError(f"--as-of: {exc}") from None


def standard_input(files: list[Path]) -> tuple[list[Path], list[str] | None]:
    """``-`` among the files is standard input (``cat f.csv | reconcile compare -``).

    It is kept in a temporary file (CSV, or JSON when it opens with ``[`` or
    ``{``) removed at exit; origins name it ``-``. Returns the files to read and
    their labels (None when no ``-`` was given).
    """
    dashes = [f for f in files if str(f) == "-"]
    if not dashes:
        return files, None
    if len(dashes) > 1:
        raise UsageError("- (standard input) can be given only once")
    import atexit
    import shutil
    import tempfile

    data = sys.stdin.buffer.read()
    folder = Path(tempfile.mkdtemp(prefix="reconcile-stdin-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / ("stdin.json" if data.lstrip()[:1] in (b"[", b"{") else "stdin.csv")
    path.write_bytes(data)
    return [path if str(f) == "-" else f for f in files], [str(f) for f in files]


def refuse_overwriting_inputs(files, *outputs: Path | None) -> None:
    """No output ever overwrites an input: an ``-o`` or ``--rejected`` file naming one is an error,
    and so are two outputs naming one file."""
    inputs = {Path(f).resolve() for f in files if str(f) != "-"}
    written: set[Path] = set()
    for output in outputs:
        if output is None:
            continue
        path = Path(output).resolve()
        if path in inputs:
            raise UsageError(f"{output} is one of the input files: write the output to another file")
        sink = path.exists() and not path.is_file()  # /dev/null may take both
        if path in written and not sink:
            raise UsageError(f"{output} is named for two outputs: give each its own file")
        written.add(path)


def write_output(text: str | bytes, output: Path | None) -> None:
    """``text`` to stdout, or to the ``-o`` file (UTF-8), written whole or not at all."""
    if output is None:
        sys.stdout.write(text if isinstance(text, str) else text.decode("utf-8"))
        sys.stdout.flush()
        return
    data = text.encode("utf-8") if isinstance(text, str) else text
    _write_atomically(output, lambda stream: stream.write(data))


def _write_atomically(output: Path, write) -> None:
    """Hand ``write`` a stream for the ``-o`` file.

    A regular file (new, or reached through a symlink) is written to a temporary file beside it
    and renamed over it once complete, so an interrupted or failed run leaves the old file (or
    none), never half a new one; an existing file keeps its permissions. Anything else (``/dev/null``,
    a named pipe, a process substitution) is written into, never replaced.
    """
    import stat
    import tempfile

    output = Path(output)
    try:
        existing = os.stat(output)
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        try:
            with open(output, "wb") as stream:
                write(stream)
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
        return
    target = Path(os.path.realpath(output))  # through a symlink: the file it names is replaced
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        if existing is not None:
            mode = stat.S_IMODE(existing.st_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask  # as open() would have made it, not mkstemp's 0600
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_stream(write, output: Path | None) -> None:
    """Hand ``write`` a binary stream: stdout's, or the ``-o`` file's.

    Large JSON is written as it is built, so it never sits in memory whole.
    """
    if output is None:
        sys.stdout.flush()
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:  # a text-only stdout (some embedding): collect, then write text
            import io

            buffer = io.BytesIO()
            write(buffer)
            sys.stdout.write(buffer.getvalue().decode("utf-8"))
        else:
            write(stream)
            stream.flush()
        return
    _write_atomically(output, write)


def in_ci() -> bool:
    """``CI`` is set (GitHub Actions, GitLab, most CI systems set ``CI=true``)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def table_style(output: Path | None, fmt: Enum) -> tuple[bool, int | None]:
    """Colour and width for rich output: only on a real terminal, without NO_COLOR, outside CI.

    Anywhere else (a file, a pipe, ``CI=true``) the output is plain and 80
    columns wide, so it is the same on every machine.
    """
    if output is not None or fmt.value not in ("table", "text") or in_ci():
        return False, None
    import shutil

    tty = sys.stdout.isatty()
    color = tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    width = shutil.get_terminal_size((80, 24)).columns if tty else None
    return color, width


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def echo_err(text: str) -> None:
    """One line on stderr, user text in it made harmless for the terminal."""
    from reconcile.render.safe import printable

    typer.echo(printable(text), err=True)


def report_rows(rows: dict, rejected, blank_lines: int, extra: str, quiet: bool, *, notes=(), warnings=(),
                verbose: bool = False) -> None:
    """The stderr summary: how files were read (``verbose``), warnings, the first rejected rows, every row
    accounted for."""
    if verbose:
        for note in notes:
            echo_err(f"reconcile: read {note}")
    if quiet:
        return
    for warning in warnings:
        echo_err(f"reconcile: warning: {warning}")
    for origin, reason in rejected[["origin", "reason"]].head(MAX_WARNINGS).itertuples(index=False):
        echo_err(f"reconcile: rejected {origin}: {reason}")
    if len(rejected) > MAX_WARNINGS:
        typer.echo(
            f"reconcile: ... and {len(rejected) - MAX_WARNINGS} more rejected rows "
            "(all of them in --format json, or --rejected FILE)",
            err=True,
        )
    blank = f", {blank_lines} blank lines skipped" if blank_lines else ""
    claims, skipped = rows.get("claims", rows["read"]), rows.get("skipped", 0)
    if claims == rows["read"] and not skipped:
        counts = f"rows: {rows['read']} read, {rows['used']} used, {rows['rejected']} rejected"
    else:
        without = f" ({skipped} without a claim)" if skipped else ""
        counts = (f"rows: {rows['read']} read{without}, giving {plural(claims, 'claim')}: "
                  f"{rows['used']} used, {rows['rejected']} rejected")
    echo_err(f"{counts}{blank}{extra}")
    if rows["read"] == 0:
        typer.echo("reconcile: the input has a header but no rows: nothing to compare", err=True)


def write_rejected(path: Path | None, rejected, files, labels, read: dict, raw: bool) -> None:
    """``--rejected FILE``: the rejected rows with their cells, as CSV (formulas defused unless ``raw``)."""
    if path is None:
        return
    from reconcile.render.safe import defuse_frame
    from reconcile.sources import ReadOptions
    from reconcile.sources.rejected import rejected_rows

    frame = rejected_rows(rejected, files, labels, ReadOptions(**read))
    if not raw:
        frame = defuse_frame(frame)
    write_output(frame.to_csv(index=False, lineterminator="\n"), path)
