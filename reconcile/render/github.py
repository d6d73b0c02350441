"""GitHub Actions workflow commands: ``::error file=F,line=L::message``.

Printed in a workflow step, each line becomes an annotation on that file and
line of the pull request. Escaping follows the runner's rules: ``%``, CR and
LF in the message; also ``:`` and ``,`` in property values.
"""

from __future__ import annotations

import pandas as pd

from reconcile.compare import Comparison
from reconcile.gates import Review, group_label
from reconcile.render.numbers import status as status_text
from reconcile.render.safe import printable


def _data(text: str) -> str:
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, file: str | None = None, line=None) -> str:
    """One workflow command line (without the newline)."""
    properties = []
    if file:
        properties.append(f"file={_property(printable(file))}")
    if line is not None and not pd.isna(line):
        properties.append(f"line={int(line)}")
    where = " " + ",".join(properties) if properties else ""
    return f"::{level}{where}::{_data(printable(message, breaks=True))}"


def validation_github(problems: pd.DataFrame) -> str:
    """One ``::error``/``::warning`` per problem, ``[rule]`` at the end of the message."""
    lines = [
        command(row.severity, f"{row.message} [{row.rule}]", row.file, row.line)
        for row in problems.itertuples(index=False)
    ]
    return "".join(line + "\n" for line in lines)


def comparison_github(comparison: Comparison, review: Review | None = None) -> str:
    """One ``::error`` per group that triggered ``--fail-on``, at its first claim's file and line.

    Without a gate, or when none triggered, one ``::notice`` with the counts. Each
    rejected row is a ``::warning`` at its file and line, first.
    """
    from reconcile.validate import split_origin

    groups = comparison.groups.set_index("group_id")
    first = comparison.claims.sort_values(["group_id", "source"], kind="stable").drop_duplicates("group_id")
    first = first.set_index("group_id")
    located = split_origin(first["origin"])
    claims = comparison.claims
    listed = (claims["source"] + " " + claims["figure"] + " (" + claims["origin"] + ")").groupby(
        claims["group_id"]
    ).agg("; ".join)
    lines = []
    triggered = review.triggered if review is not None else pd.DataFrame(columns=["group_id", "conditions"])
    for group_id, conditions in triggered.itertuples(index=False):
        group = groups.loc[group_id]
        figures = listed[group_id]
        pair = f" ({group['pair']})" if group["pair"] else ""
        message = (
            f"{status_text(group['status'], group['spread'])}{pair}: {group_label(group)}: {figures} "
            f"[--fail-on {conditions}]"
        )
        lines.append(command("error", message, located.at[group_id, "file"], located.at[group_id, "line"]))
    if not lines:
        statuses = comparison.groups["status"].value_counts()
        gate = ", ".join(review.gate.names) if review is not None and review.gate is not None else None
        verdict = f"no group triggered --fail-on {gate}" if gate else "no --fail-on gate"
        lines.append(
            command(
                "notice",
                f"reconcile compare: {len(comparison.groups)} groups, "
                f"{statuses.get('disjoint', 0)} disjoint, "
                f"{statuses.get('overlapping', 0)} overlapping; {verdict}",
            )
        )
    return "".join(line + "\n" for line in [*_rejected(comparison), *lines])


def _rejected(comparison: Comparison) -> list[str]:
    """A ``::warning`` at each rejected row: the data a comparison could not use, on its line."""
    from reconcile.validate import split_origin

    rejected = comparison.rejected
    located = split_origin(rejected["origin"])
    return [command("warning", f"row not compared: {reason}", file, line)
            for reason, file, line in zip(rejected["reason"], located["file"], located["line"], strict=True)]
