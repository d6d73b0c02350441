"""How the commands answer a user: the usage line, and the option a mistyped one most likely meant.

Every command is declared with ``@app.command(cls=Command)``; the app itself is a :class:`Group`.
"""

from __future__ import annotations

from collections.abc import Iterable

from typer._click.exceptions import NoSuchOption  # typer carries its own copy of click
from typer.core import TyperArgument, TyperCommand, TyperGroup


def close_options(typed: str, options: Iterable[str]) -> list[str]:
    """The long options ``typed`` most likely meant: those a typo away (a letter wrong, missing, added,
    or two swapped: ``--fromat`` is ``--format``), one for a name of four letters or less, two for a
    longer one; only the nearest. None when no option is that near (``--zzzz``)."""
    from rapidfuzz.distance import OSA

    word = typed.removeprefix("--")
    allowed = 1 if len(word) <= 4 else 2
    distance = {option: OSA.distance(word, option.removeprefix("--")) for option in set(options)}
    nearest = min(distance.values(), default=allowed + 1)
    if nearest > allowed:
        return []
    return sorted(option for option, d in distance.items() if d == nearest)


def _suggest_close_options(command, ctx, args: list[str], parse) -> list[str]:
    """``parse(ctx, args)``, its "No such option" error suggesting :func:`close_options` only
    (click's own matcher also offers ``--raw`` and ``--input-format`` for ``--fromat``)."""
    try:
        return parse(ctx, args)
    except NoSuchOption as exc:
        if exc.option_name.startswith("--"):
            options = [name for param in command.get_params(ctx)
                       for name in (*param.opts, *param.secondary_opts) if name.startswith("--")]
            exc.possibilities = close_options(exc.option_name, options)
        raise


class Command(TyperCommand):
    """A ``reconcile`` command: its usage line shows an argument's metavar as written
    (``FILE...``, where typer writes ``{FILE...}...``); a mistyped option gets close suggestions only."""

    def collect_usage_pieces(self, ctx) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument) and param.metavar:
                pieces.append(param.metavar)
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        return _suggest_close_options(self, ctx, args, super().parse_args)


class Group(TyperGroup):
    """The ``reconcile`` app: a mistyped option of its own (``--verison``) gets close suggestions only."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        return _suggest_close_options(self, ctx, args, super().parse_args)
