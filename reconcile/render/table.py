"""The terminal table (rich): one table per incident, then a legend."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from reconcile.compare import STATUS_MEANING, Comparison
from reconcile.render.columns import fit_columns
from reconcile.render.wide import Block, all_footnotes, blocks, victims_label
from reconcile.triage import left_out_line, nothing_shown, shown_groups

STATUS_STYLE = {"consistent": "green", "overlapping": "yellow", "disjoint": "bold red",
                "single-source": "dim"}


def _cell(cell, reference: int) -> Text:
    text = Text(cell.figure, style="bold")
    if cell.interval != cell.figure:
        text.append(f"\n{cell.interval}")
    text.append(f" [{reference}]", style="dim")
    return text


def _reference(source: str, cell, perpetrator: str) -> str:
    """What a [n] mark in a cell stands for: where the figure came from, in the source's words."""
    said = (f", by “{cell.perpetrator_raw}”"
            if cell.perpetrator_raw and cell.perpetrator_raw != perpetrator else "")
    how = f" ({cell.actor_rule})" if said and cell.actor_rule else ""
    named = f" as “{cell.source_written}”" if cell.source_written else ""
    return f"{source}{named}{said}: {cell.origin}{how}"


def _status(row, separator: str) -> Text:
    """Status, spread, the worst pair and any attribution conflict, in the status colours."""
    status = Text(row.status, style=STATUS_STYLE[row.status])
    if row.spread:
        status.append(f"{separator}{row.spread}")
    if row.pair:
        status.append(f"{separator}({row.pair})", style="dim")
    if row.attribution_conflict:
        status.append(f"{separator}attribution conflict", style="magenta")
    return status


def _block_table(block: Block) -> tuple[Table, list[str]]:
    """The incident's table, and the references its cells point to."""
    table = Table(title=block.title, title_justify="left", show_lines=True, box=box.SIMPLE_HEAD,
                  pad_edge=False)
    table.add_column("Perpetrator\n  victims", overflow="fold")
    for source in block.sources:
        table.add_column(source, overflow="fold")
    table.add_column("Status\n  spread", overflow="fold")
    references: list[str] = []
    for row in block.rows:
        cells = []
        for source in block.sources:
            cell = row.cells.get(source)
            if cell is None:
                cells.append(Text("–", style="dim"))
                continue
            references.append(_reference(source, cell, row.perpetrator))
            cells.append(_cell(cell, len(references)))
        status = _status(row, "\n")
        group = Text(row.perpetrator, style="bold")
        group.append(f"\n  {victims_label(row.victims)}")
        table.add_row(group, *cells, status)
    return table, references


def _long_block(block: Block, width: int) -> tuple[Group, list[str]]:
    """The same facts one claim a line, for terminals too narrow for a column per source."""
    parts: list = [Text(block.title, style="bold")]
    references: list[str] = []
    for row in block.rows:
        heading = Text("\n" + row.perpetrator, style="bold")
        heading.append(f" · {victims_label(row.victims)} · ")
        heading.append_text(_status(row, " "))
        claims = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1, 0, 2))
        for _ in range(3):
            claims.add_column(overflow="fold")
        lines = []
        for source, cell in row.cells.items():
            references.append(_reference(source, cell, row.perpetrator))
            claims.add_row(f"  {source}", cell.figure, f"{cell.interval} [{len(references)}]")
            lines.append(Text(f"  {source}: {cell.figure}, {cell.interval} [{len(references)}]"))
        # narrower still: one claim a line, wrapped between words
        parts += [heading, claims] if fit_columns(claims, width) else [heading, *lines]
    parts.append(Text(""))
    return Group(*parts), references


def _legend() -> Text:
    legend = Text("Status:")
    for status, meaning in STATUS_MEANING.items():
        legend.append("\n  ")
        legend.append(status, style=STATUS_STYLE[status])
        legend.append(f": {meaning}")
    return legend


def comparison_table(comparison: Comparison, width: int | None = None, color: bool = False, review=None,
                     view=None) -> str:
    """Tables as text; ANSI colours only when ``color`` (a terminal without NO_COLOR).

    With a ``review`` holding a baseline, the new, changed and resolved groups follow the legend.
    A :class:`~reconcile.triage.View` puts coverage and a roll-up first and lists only some groups,
    disagreements first, ending with a line counting the groups left out.
    """
    buffer = io.StringIO()
    # markup and emoji codes off: user text reading "[red]" or ":fire:" is shown as written
    console = Console(
        file=buffer, width=width or 80, force_terminal=color, no_color=not color, highlight=False,
        soft_wrap=False, markup=False, emoji=False,
    )
    shown = comparison
    left_out: dict[str, int] = {}
    if view is not None:
        if view.shown_by:
            from reconcile.render.rollup import print_rollup

            print_rollup(console, comparison, view.shown_by)
        if view.statuses is not None:
            shown, left_out = shown_groups(comparison, view.statuses)
    all_blocks = blocks(shown)
    notes = all_footnotes(shown)
    if not all_blocks:
        console.print(nothing_shown(view) if len(comparison.groups) else "No claims to compare.")
    for block in all_blocks:
        table, references = _block_table(block)
        if fit_columns(table, console.width):
            console.print(table)
        else:
            narrow, references = _long_block(block, console.width)
            console.print(narrow)
        for number, reference in enumerate(references, start=1):
            console.print(Text(f"  [{number}] {reference}", style="dim"), overflow="fold")
        for note in notes.get(block.incident, []):
            console.print(Text(f"  • {note}"), overflow="fold")
        console.print()
    if all_blocks:
        console.print(_legend())
        console.print(
            f"Tolerance {comparison.tolerance:.0%} of the larger best figure."
            + (f" Claims published after {comparison.as_of:%Y-%m-%d} ignored."
               if comparison.as_of is not None else "")
        )
    if review is not None and review.changes is not None:
        from reconcile.render.review import baseline_lines

        console.print()
        for line in baseline_lines(comparison, review):
            console.print(Text(line), soft_wrap=True)
    if left_out:
        console.print(Text(left_out_line(left_out)), soft_wrap=True)
    # rich pads every line to the full width; trailing blanks only get in the way of pasting.
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))

