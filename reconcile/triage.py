"""Which groups the table and Markdown list, in what order, and what they say first.

A small comparison (at most :data:`TRIAGE_INCIDENTS` incidents) is shown whole,
as it always was. A big one is triaged: coverage and the roll-up by perpetrator
and victims first, then only the groups two or more sources speak to,
disagreements first (incidents by their worst group: disjoint by spread, largest
first, then overlapping, then consistent; an incident's groups together, worst
first), and a last line counting the groups left out. ``--all`` shows
every group; ``--show`` chooses the statuses listed. JSON and CSV are never
triaged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reconcile.compare import SEVERITY, Comparison
from reconcile.text import parse_choices

#: above this many incidents, the table and Markdown are triaged.
TRIAGE_INCIDENTS = 50
STATUSES = ("disjoint", "overlapping", "consistent", "single-source")
STATUS_HELP = ", ".join(STATUSES)
#: what a triaged comparison lists: the groups two or more sources speak to.
MULTI_SOURCE = ("disjoint", "overlapping", "consistent")


@dataclass(frozen=True)
class View:
    """What the table and Markdown show.

    ``by``: the roll-up's keys asked for (``--by``; ``()``: none), also in JSON and CSV.
    ``statuses``: the groups listed, disagreements first (``None``: every group, in
    the usual order). ``triaged``: chosen for a big comparison rather than asked for,
    which shows the roll-up by perpetrator and victims when none was asked for.
    """

    by: tuple[str, ...] = ()
    statuses: tuple[str, ...] | None = None
    triaged: bool = False

    @property
    def shown_by(self) -> tuple[str, ...]:
        """The roll-up the table and Markdown show first (``()``: none)."""
        from reconcile.rollup import TRIAGE_KEYS

        return self.by or (TRIAGE_KEYS if self.triaged else ())


def parse_statuses(values: Sequence[str]) -> tuple[str, ...]:
    """``--show`` values (repeated and/or comma-separated) -> statuses; ValueError naming a bad one."""
    return parse_choices(values, STATUSES, "--show", "status", STATUS_HELP)


def plan(comparison: Comparison, by: Sequence[str] = (), show: Sequence[str] | None = None,
         every: bool = False) -> View:
    """The view of ``--by``, ``--show`` and ``--all`` (``every``) for this comparison: above
    :data:`TRIAGE_INCIDENTS` incidents, unless ``every``, the roll-up comes first and only the
    ``show`` statuses (default: :data:`MULTI_SOURCE`) are listed; else every group, or the
    ``show`` statuses."""
    from reconcile.rollup import parse_keys

    keys = parse_keys(by) if by else ()
    statuses = parse_statuses(show) if show else None
    if every and statuses is not None:
        raise ValueError("--all and --show cannot be combined: --all shows every group")
    big = len(comparison.incidents) > TRIAGE_INCIDENTS
    if every or not big:
        return View(keys, statuses)
    return View(keys, statuses or MULTI_SOURCE, triaged=True)


def shown_groups(comparison: Comparison, statuses: Sequence[str]) -> tuple[Comparison, dict[str, int]]:
    """The comparison cut to the groups with ``statuses``, disagreements first (the tables group
    them by incident in order of first appearance: incidents by their worst group); and how many
    groups of each other status were left out (only those with any)."""
    groups = comparison.groups
    status = groups["status"]
    keep = status.isin(list(statuses)).to_numpy()
    left = status[~keep].value_counts()
    left_out = {s: int(left[s]) for s in STATUSES if s in left.index}
    chosen = groups.loc[keep]
    severity = chosen["status"].map(SEVERITY).to_numpy()
    spread = chosen["spread"].fillna(0).to_numpy()
    order = np.lexsort((chosen["group_id"].to_numpy(), -spread, -severity))
    chosen = chosen.iloc[order].reset_index(drop=True)
    incidents = chosen["incident"].unique()

    def within(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.loc[frame["incident"].isin(incidents)] if "incident" in frame else frame

    cut = dataclasses.replace(
        comparison,
        groups=chosen,
        claims=comparison.claims.loc[comparison.claims["group_id"].isin(chosen["group_id"])],
        superseded=within(comparison.superseded),
        attributions=within(comparison.attributions),
        inconsistencies=within(comparison.inconsistencies),
        incidents=within(comparison.incidents),
    )
    return cut, left_out


def left_out_line(left_out: dict[str, int]) -> str:
    """``12,345 single-source groups not shown; --all shows every group`` ("" when none was)."""
    if not left_out:
        return ""
    counts = [f"{n:,} {status}" for status, n in left_out.items()]
    listed = counts[0] if len(counts) == 1 else ", ".join(counts[:-1]) + " and " + counts[-1]
    noun = "group" if sum(left_out.values()) == 1 else "groups"
    return f"{listed} {noun} not shown; --all shows every group"


def nothing_shown(view: View | None) -> str:
    """What the table says when it lists no group, though the comparison has some."""
    if view is None or view.statuses is None:
        return "No claims to compare."
    if tuple(view.statuses) == MULTI_SOURCE:
        return "No group has claims from two or more sources."
    return f"No group is {' or '.join(view.statuses)}."
