"""Markdown: one pipe table per incident, ready to paste into an article or issue."""

from __future__ import annotations

import re

from reconcile.compare import STATUS_MEANING, Comparison
from reconcile.render.safe import printable
from reconcile.render.wide import all_footnotes, blocks, perpetrator_label, victims_label
from reconcile.triage import left_out_line, nothing_shown, shown_groups

#: the characters of inline Markdown: emphasis, code, links and images, HTML, headings, table cells.
#: (User text never starts a line, so block syntax cannot apply.)
_SPECIAL = re.compile(r"([\\`*\[\]<>|#])")
#: ``_`` inside a word (``security_personnel``) never emphasises in GitHub-flavoured Markdown; at a
#: word's edge it may.
_EDGE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
#: ``&`` starts a character reference only when one follows (``&amp;``, ``&#38;``); ``AT&T`` is text.
_REFERENCE = re.compile(r"&(?=[A-Za-z][A-Za-z0-9]*;|#[0-9]{1,7};|#[xX][0-9A-Fa-f]{1,6};)")
#: any character that one of the rules above may escape.
_MARKUP = re.compile(r"[\\`*\[\]<>|#_&~]")


def escape(text: str) -> str:
    """User text made inert in Markdown: no formatting, links, HTML, entities or broken tables,
    on one line, without control characters or escape sequences.

    Only what Markdown would read is escaped, so the text reads as written: ``over 1.000``,
    ``security_personnel``, ``AT&T`` and a lone ``~`` stay as they are.
    """
    text = printable(text)
    if not _MARKUP.search(text):
        return text
    text = _SPECIAL.sub(r"\\\1", text)
    text = _EDGE_UNDERSCORE.sub(r"\\_", text)
    text = _REFERENCE.sub(r"\\&", text)
    # strikethrough needs a pair of tildes
    return text.replace("~", "\\~") if text.count("~") > 1 else text


def code(text: str) -> str:
    """User text as an inline code span inside a table cell (no backticks; ``|`` escaped,
    as GFM tables need)."""
    return "`" + printable(text).replace("`", "'").replace("|", "\\|") + "`"


def comparison_markdown(comparison: Comparison, view=None) -> str:
    """Pipe tables; a :class:`~reconcile.triage.View` adds coverage and a roll-up first and lists only
    some groups, disagreements first, ending with a line counting the groups left out."""
    lines: list[str] = []
    shown = comparison
    left_out: dict[str, int] = {}
    if view is not None:
        if view.shown_by:
            from reconcile.render.rollup import rollup_markdown

            lines += rollup_markdown(comparison, view.shown_by)
        if view.statuses is not None:
            shown, left_out = shown_groups(comparison, view.statuses)
    prefix = len(lines)
    all_notes = all_footnotes(shown)
    for block in blocks(shown):
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
                shown_figure = f"**{escape(cell.figure)}**"
                if cell.interval != cell.figure:
                    shown_figure += f" ({cell.interval})"
                cells.append(f"{shown_figure}<br>{code(cell.origin)}")
            status = row.status + (f" ({escape(row.pair)})" if row.pair else "")
            if row.attribution_conflict:
                status += ", attribution conflict"
            lines.append(
                "| " + " | ".join([escape(perpetrator_label(row)), escape(victims_label(row.victims)), *cells,
                                   row.spread, status]) + " |"
            )
        notes = all_notes.get(block.incident, [])
        if notes:
            lines.append("")
            lines += [f"- {escape(note)}" for note in notes]
        lines.append("")
    if len(lines) == prefix:
        if not len(comparison.groups):
            return "\n".join([*lines, "No claims to compare."]) + "\n"
        lines += [nothing_shown(view), ""]
    else:
        lines.append("Status: " + "; ".join(f"*{s}* = {m}" for s, m in STATUS_MEANING.items()) + ".")
    if left_out:
        lines += ["", left_out_line(left_out)]
    return "\n".join(lines) + "\n"
