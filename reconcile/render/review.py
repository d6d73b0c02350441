"""Plain-text lines for the baseline diff and the gate verdict (table output and stderr)."""

from __future__ import annotations

from reconcile.compare import Comparison
from reconcile.gates import Review, group_label
from reconcile.render.numbers import status as _status


def baseline_lines(comparison: Comparison, review: Review) -> list[str]:
    """``Against the baseline F: 1 new, ...`` then one line per new, changed and resolved group."""
    if review.changes is None or review.resolved is None:  # (a baseline gives both)
        return []
    counts = review.counts()
    lines = [
        f"Against the baseline {review.baseline}: "
        + ", ".join(f"{counts[k]} {k}" for k in ("new", "changed", "unchanged", "resolved"))
    ]
    groups = comparison.groups.merge(review.changes, on="group_id")
    for kind in ("new", "changed"):
        for group in groups.loc[groups["change"] == kind].to_dict("records"):
            now = _status(group["status"], group["spread"])
            if kind == "new":
                lines.append(f"  new       {group_label(group)}: {now}")
                continue
            what = [now]
            if group["status"] != group["previous_status"]:
                what = [f"{_status(group['previous_status'], group['previous_spread'])} → {now}"]
            if group["figure_changes"]:
                what.append(group["figure_changes"])
            lines.append(f"  changed   {group_label(group)}: {'; '.join(what)}")
    for group in review.resolved.to_dict("records"):
        lines.append(f"  resolved  {group_label(group)}: was {_status(group['status'], group['spread'])}")
    return lines


def gate_lines(comparison: Comparison, review: Review) -> list[str]:
    """The stderr verdict of a triggered gate: a headline, then one line per group."""
    if not review.failed or review.gate is None:  # (no gate, nothing triggered)
        return []
    groups = comparison.groups.set_index("group_id")
    n = len(review.triggered)
    lines = [
        f"reconcile: --fail-on {', '.join(review.gate.names)}: "
        f"{n} group{'s' if n != 1 else ''} triggered the gate"
    ]
    for group_id, conditions in review.triggered.itertuples(index=False):
        group = groups.loc[group_id]
        pair = f" ({group['pair']})" if group["pair"] else ""
        lines.append(f"  {group_label(group)}: {_status(group['status'], group['spread'])}{pair} "
                     f"[{conditions}]")
    return lines

