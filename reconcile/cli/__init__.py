"""The ``reconcile`` command line: parse options, call the pipeline, render.

One module a command (``compare.py``, ``frames.py`` ...), the options they share
declared once in ``options.py``, shared helpers in ``common.py``, the usage line and
the answer to a mistyped option in ``usage.py``. No pandas at import time:
``reconcile --help`` stays fast, so every computation is imported inside the
command that needs it.
"""

from __future__ import annotations

import os
from typing import Annotated, NoReturn

import typer

from reconcile import __version__
from reconcile.cli.common import state
from reconcile.cli.usage import Group

app = typer.Typer(
    cls=Group,
    name="reconcile",
    help=(
        "Line up conflicting casualty claims from conflict monitors and show where they disagree.\n\n"
        "Example: reconcile compare sohr.csv snhr.csv"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
def _version(value: bool) -> None:
    if value:
        typer.echo(f"reconcile {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks instead of one-line errors.")
    ] = False,
) -> None:
    """Line up conflicting casualty claims from conflict monitors and show where they disagree."""
    # Set on every run (not only when given) so one process can run several commands.
    state["debug"] = debug or os.environ.get("RECONCILE_DEBUG", "") not in ("", "0")



def main() -> NoReturn:
    """Console entry point: the command, then :func:`~reconcile.cli.common.exit_now`, which ends
    the process (the Python API is :mod:`reconcile.api`; in-process, call ``app``)."""
    from reconcile.cli.common import exit_now
    from reconcile.memory import collect_less_often

    collect_less_often()  # before the command imports pandas: its import is collected less often too
    try:
        app()
    except SystemExit as done:
        exit_now(done.code)
    exit_now(0)


# Registration order is the order --help lists the commands in.
# isort: off
from reconcile.cli import compare as _compare_commands  # noqa: E402,F401  (registers the commands)
from reconcile.cli import frames as _frame_commands  # noqa: E402,F401
from reconcile.cli import validate as _validate_commands  # noqa: E402,F401
from reconcile.cli import formats as _format_commands  # noqa: E402,F401
# isort: on
