"""Markdown: one pipe table per incident, ready to paste into an article or issue."""

from __future__ import annotations

import re

from reconcile.compare import STATUS_MEANING, Comparison
from reconcile.render.safe import printable
from reconcile.render.wide import all_footnotes, blocks, perpetrator_label

#: the characters of inline Markdown: emphasis, code, links and images, HTML and entities, headings,
#: table cells, strikethrough. (User text never starts a line, so block syntax cannot apply.)
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#&~])")


def escape(text: str) -> str:
    """User text made inert in Markdown: no formatting, links, HTML, entities or broken tables,
    on one line, without control characters or escape sequences."""
    return _SPECIAL.sub(r"\\\1", printable(text))


def code(text: str) -> str:
    """User text as an inline code span inside a table cell (no backticks; ``|`` escaped, as GFM tables need)."""
    return "`" + printable(text).replace("`", "'").replace("|", "\\|") + "`"


def comparison_markdown(comparison: Comparison) -> str:
    lines: list[str] = []
    all_notes = all_footnotes(comparison)
    for block in blocks(comparison):
        lines += [f"### {escape(block.title)}", ""]
        header = ["Perpetrator", "Victims", *map(escape, block.sources), "Spread", "Status"]
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join(["---"] * 2 + ["---"] * len(block.sources) + ["---:", "---"]) + "|")
        for row in block.rows:
            cells = []
            for source in block.sources:
                cell = row.cells.get(source)
                if cell is None:
                    cells.append("–")
                    continue
                shown = f"**{escape(cell.figure)}**"
                if cell.interval != cell.figure:
                    shown += f" ({cell.interval})"
                cells.append(f"{shown}<br>{code(cell.origin)}")
            status = row.status + (f" ({escape(row.pair)})" if row.pair else "")
            if row.attribution_conflict:
                status += ", attribution conflict"
            lines.append(
                "| " + " | ".join([escape(perpetrator_label(row)), escape(row.victims), *cells, row.spread, status]) + " |"
            )
        notes = all_notes.get(block.incident, [])
        if notes:
            lines.append("")
            lines += [f"- {escape(note)}" for note in notes]
        lines.append("")
    if not lines:
        return "No claims to compare.\n"
    lines.append("Status: " + "; ".join(f"*{s}* = {m}" for s, m in STATUS_MEANING.items()) + ".")
    return "\n".join(lines) + "\n"
