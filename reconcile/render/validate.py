"""``validate`` reports as text (rich) and JSON.

Both come from the problems frame of :func:`reconcile.validate.problems`: the
text groups problems by severity and rule with counts and a few examples; the
JSON lists every one.
"""

from __future__ import annotations

import io
import json

import pandas as pd
from rich.console import Console
from rich.text import Text

from reconcile.render.safe import printable
from reconcile.validate import RULES

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow"}


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def verdict(summary: dict) -> str:
    """``invalid: 3 errors, 1 warning in 12 rows`` (also the stderr summary's core)."""
    rows = summary["rows"]
    counts = f"{_plural(summary['errors'], 'error')}, {_plural(summary['warnings'], 'warning')}"
    word = "valid" if summary["valid"] else "invalid"
    return (
        f"{word}: {counts} ({rows['read']} rows read, {rows['used']} used, {rows['rejected']} rejected)"
    )


def validation_text(problems: pd.DataFrame, summary: dict, max_examples: int = 5, color: bool = False) -> str:
    """Problems grouped by severity, then rule (in :data:`RULES` order), at most ``max_examples`` each."""
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=100, force_terminal=color, no_color=not color, highlight=False, soft_wrap=True,
        markup=False, emoji=False,
    )
    rank = {rule: i for i, rule in enumerate(RULES)}
    for severity, heading in (("error", "Errors"), ("warning", "Warnings")):
        found = problems.loc[problems["severity"] == severity]
        if found.empty:
            continue
        console.print(Text(heading, style="bold"))
        rules = sorted(found["rule"].unique(), key=lambda r: (rank.get(r, len(rank)), r))
        for rule in rules:
            of_rule = found.loc[found["rule"] == rule]
            line = Text("  ")
            line.append(rule, style=SEVERITY_STYLE[severity])
            line.append(f" ({_plural(len(of_rule), severity)}): {RULES.get(rule, '')}")
            console.print(line)
            for origin, message in of_rule[["origin", "message"]].head(max_examples).itertuples(index=False):
                console.print(Text(printable(f"    {origin}: {message}")))
            if len(of_rule) > max_examples:
                console.print(
                    Text(f"    ... and {len(of_rule) - max_examples} more "
                         "(--max-examples, or --format json for all)",
                         style="dim")
                )
        console.print()
    result = Text(verdict(summary), style="bold green" if summary["valid"] else "bold red")
    console.print(result)
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def _problem(row: dict) -> dict:
    row = dict(row)
    row["line"] = None if pd.isna(row["line"]) else int(row["line"])
    return row


def validation_document(problems: pd.DataFrame, summary: dict, files: list[str]) -> dict:
    """The stable JSON: ``valid``, ``errors``, ``warnings`` (every problem), ``rows``, plus counts."""
    records = [_problem(r) for r in problems.to_dict("records")]
    return {
        "valid": summary["valid"],
        "errors": [r for r in records if r["severity"] == "error"],
        "warnings": [r for r in records if r["severity"] == "warning"],
        "rows": summary["rows"],
        "counts": {"errors": summary["errors"], "warnings": summary["warnings"], "rules": summary["rules"]},
        "files": list(files),
    }


def validation_json(problems: pd.DataFrame, summary: dict, files: list[str]) -> str:
    return json.dumps(validation_document(problems, summary, files), ensure_ascii=False, indent=2) + "\n"
