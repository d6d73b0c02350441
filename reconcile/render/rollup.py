"""Coverage and the roll-up as the terminal table, Markdown and CSV show them (JSON: render/json.py)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from reconcile.compare import Comparison
from reconcile.render.columns import fit_columns
from reconcile.render.numbers import interval, number, ratio, span
from reconcile.render.safe import printable
from reconcile.render.wide import victims_label
from reconcile.rollup import coverage, roll_up_parts, rollup_sources, row_keys, source_columns, source_spans

#: roll-up rows and coverage pairs the table and Markdown show; CSV and JSON give them all.
MAX_ROWS = 30
MAX_PAIRS = 20


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def coverage_lines(comparison: Comparison) -> list[str]:
    """One line per pair of sources: incidents both report, each alone, the days each covers.

    With one source, a line saying so; none without claims.
    """
    spans = source_spans(comparison)
    if spans.empty:
        return []
    if len(spans) == 1:
        only = spans.iloc[0]
        return [f"one source, {only['source']}: {_plural(int(only['incidents']), 'incident')}, "
                f"{span(only['start'], only['end'])}; no other source to compare it with"]
    lines = []
    pairs = coverage(comparison)
    for pair in pairs.head(MAX_PAIRS).itertuples(index=False):
        a, b = pair.source_a, pair.source_b
        dates = f"{a} {span(pair.start_a, pair.end_a)}, {b} {span(pair.start_b, pair.end_b)}"
        when = f"dates: {dates}" if pair.dates_overlap else f"their dates do not overlap: {dates}"
        lines.append(f"{a} and {b}: {_plural(pair.both, 'incident')} in common "
                     f"({a} alone {pair.only_a:,}, {b} alone {pair.only_b:,}); {when}")
    if len(pairs) > MAX_PAIRS:
        lines.append(f"... {len(pairs) - MAX_PAIRS:,} more pairs (--format json lists every pair)")
    return [printable(line) for line in lines]


def _title(keys: list[str]) -> str:
    return ("Roll-up by " + ", ".join(keys[:-1]) + " and " + keys[-1] if len(keys) > 1
            else f"Roll-up by {keys[0]}")


def _more_rows(frame: pd.DataFrame, by: Sequence[str]) -> str:
    left = len(frame) - MAX_ROWS
    if left <= 0:
        return ""
    return f"... {_plural(left, 'more row')}: --by {','.join(by)} --format csv lists every row"


def _key(row, key: str) -> str:
    """A row's value of a key as shown: a victim category in words (``security personnel``)."""
    text = printable(str(row[key]))
    return victims_label(text) if key == "victims" else text


def _label(row, keys: list[str]) -> str:
    return " · ".join(_key(row, key) for key in keys)


def _compared(row) -> list[str]:
    """A row's compared groups: the count of each status, the median and worst spread."""
    if not row["compared_groups"]:
        return []
    parts = [f"{row[s]:,} {s}" for s in ("disjoint", "overlapping", "consistent") if row[s]]
    return parts + [f"spread median {ratio(row['median_spread'])}, worst {ratio(row['worst_spread'])}"]


def _figures(row, source: str) -> tuple[str, str, str] | None:
    """A source's figures in a row: best summed, the interval, its incidents; None without claims."""
    incidents, best, low, high = (row[c] for c in source_columns(source))
    if not incidents:
        return None
    shown = interval(low, high)
    return number(best), ("" if shown == number(best) else shown), _plural(int(incidents), "incident")


def _disagreement_lines(frame: pd.DataFrame, found: pd.DataFrame, keys: list[str], shown: int) -> list[tuple]:
    """(row label, [texts]) of the shown rows that have disagreements."""
    found = found.loc[found["row"] < shown]
    return [(_label(frame.iloc[row], keys),
             [printable(_disagreement(g)) for g in groups.itertuples(index=False)])
            for row, groups in found.groupby("row", sort=True)]


def _disagreement(group) -> str:
    """A disputed group as its ``text`` says it, with the victim category in words."""
    said = f"{group.incident} · {group.perpetrator} · {group.victims}: "
    if not group.text.startswith(said):
        return group.text
    return (f"{group.incident} · {group.perpetrator} · {victims_label(group.victims)}: "
            f"{group.text[len(said):]}")


def print_rollup(console: Console, comparison: Comparison, by: Sequence[str]) -> None:
    """Coverage, then the roll-up as a rich table (one line a row where columns would not fit)."""
    if comparison.groups.empty:
        return
    lines = coverage_lines(comparison)
    if lines:
        console.print(Text("Coverage", style="bold"))
        for line in lines:
            console.print(Text(f"  {line}"), overflow="fold")
        console.print()
    keys = row_keys(by)
    frame, found = roll_up_parts(comparison, by)
    sources = rollup_sources(frame)
    shown = frame.head(MAX_ROWS)
    table = Table(title=_title(keys), title_justify="left", show_lines=True, box=box.SIMPLE_HEAD,
                  pad_edge=False)
    table.add_column("\n  ".join([keys[0].capitalize(), *keys[1:]]), overflow="fold")
    table.add_column("Incidents", overflow="fold")
    for source in sources:
        table.add_column(printable(source), overflow="fold")
    table.add_column("Compared", overflow="fold")
    for _, row in shown.iterrows():
        label = Text(_key(row, keys[0]), style="bold")
        for key in keys[1:]:
            label.append(f"\n  {_key(row, key)}")
        cells = [label, Text(f"{row['incidents']:,}\n{row['shared_incidents']:,} shared")]
        for source in sources:
            figures = _figures(row, source)
            if figures is None:
                cells.append(Text("–", style="dim"))
                continue
            best, shown_interval, incidents = figures
            cell = Text(best, style="bold")
            if shown_interval:
                cell.append(f"\n{shown_interval}")
            cell.append(f"\n{incidents}", style="dim")
            cells.append(cell)
        compared = _compared(row)
        cells.append(Text("\n".join(compared)) if compared else Text("–", style="dim"))
        table.add_row(*cells)
    wide = fit_columns(table, console.width)
    if wide:
        console.print(table)  # ends with a blank line
    else:
        _print_long(console, shown, keys, sources)
    more = _more_rows(frame, by)
    if more:
        console.print(Text(more))
    disagreements = _disagreement_lines(frame, found, keys, len(shown))
    if disagreements:
        if not wide or more:
            console.print()
        console.print(Text("Largest disagreements", style="bold"))
        for label, texts in disagreements:
            console.print(Text(f"  {label}"), overflow="fold")
            for text in texts:
                console.print(Text(f"    {text}"), overflow="fold")
    if disagreements or more or not wide:
        console.print()


def _print_long(console: Console, shown: pd.DataFrame, keys: list[str], sources: list[str]) -> None:
    """The roll-up one row a paragraph, for terminals too narrow for a column per source."""
    keys_title = _title(keys)
    console.print(Text(keys_title))
    for _, row in shown.iterrows():
        head = Text("\n" + _label(row, keys), style="bold")
        facts = [f"{_plural(row['incidents'], 'incident')}, {row['shared_incidents']:,} shared",
                 *_compared(row)]
        head.append(": " + "; ".join(facts), style="")
        console.print(head, overflow="fold")
        for source in sources:
            figures = _figures(row, source)
            if figures is not None:
                best, shown_interval, incidents = figures
                extra = f" ({shown_interval})" if shown_interval else ""
                console.print(Text(f"  {printable(source)} {best}{extra}, {incidents}"), overflow="fold")


def rollup_markdown(comparison: Comparison, by: Sequence[str]) -> list[str]:
    """Coverage as a list, the roll-up as a pipe table and its disagreements as a list (Markdown lines)."""
    from reconcile.render.markdown import escape

    lines: list[str] = []
    if comparison.groups.empty:
        return lines
    covered = coverage_lines(comparison)
    if covered:
        lines += ["### Coverage", "", *[f"- {escape(line)}" for line in covered], ""]
    keys = row_keys(by)
    frame, found = roll_up_parts(comparison, by)
    sources = rollup_sources(frame)
    shown = frame.head(MAX_ROWS)
    lines += [f"### {_title(keys)}", ""]
    header = [k.capitalize() for k in keys] + ["Incidents", "Shared", *map(escape, sources), "Compared"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join(["---"] * len(keys) + ["---:", "---:"] + ["---:"] * len(sources) + ["---"])
                 + "|")
    for _, row in shown.iterrows():
        cells = [escape(_key(row, key)) for key in keys] + [f"{row['incidents']:,}",
                                                            f"{row['shared_incidents']:,}"]
        for source in sources:
            figures = _figures(row, source)
            if figures is None:
                cells.append("–")
                continue
            best, shown_interval, incidents = figures
            cells.append(f"**{best}**" + (f" ({shown_interval})" if shown_interval else "")
                         + f"<br>{incidents}")
        cells.append("<br>".join(_compared(row)) or "–")
        lines.append("| " + " | ".join(cells) + " |")
    more = _more_rows(frame, by)
    if more:
        lines += ["", escape(more)]
    disagreements = _disagreement_lines(frame, found, keys, len(shown))
    if disagreements:
        lines += ["", "Largest disagreements:", ""]
        for label, texts in disagreements:
            lines += [f"- {escape(label)}"] + [f"  - {escape(text)}" for text in texts]
    lines.append("")
    return lines


def rollup_csv(comparison: Comparison, by: Sequence[str], raw: bool = False) -> str:
    """The roll-up, every row, as CSV (formulas defused unless ``raw``)."""
    from reconcile.render.safe import defuse_frame
    from reconcile.rollup import roll_up

    frame = roll_up(comparison, by)
    if not raw:
        frame = defuse_frame(frame)
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.15g")

