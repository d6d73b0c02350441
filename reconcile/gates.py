"""CI gates on a comparison (``compare --fail-on``) and the diff against a baseline run.

Conditions, each a test on one group:

- ``disjoint``: the group is disjoint (the claims cannot both be true);
- ``overlapping``: overlapping *or worse* (disjoint): a team that tolerates
  no overlapping discrepancy tolerates no disjoint one either;
- ``single-source``: only one source speaks;
- ``ratio>=X``: the spread (largest best figure / smallest) is at least X;
- ``attribution``: the group's deaths are blamed by two sources on actors
  with none in common (an attribution conflict);
- ``new``: only groups that meet the other conditions now and did not in the
  baseline (absent from it, or below the bar there): the discrepancies a
  commit introduced. ``new`` alone stands for ``new`` with ``overlapping``
  and ``disjoint``: any discrepancy that appeared or got worse.

Several conditions trigger when any of them does. A baseline is a previous
``compare --format json`` document; groups are matched on (incident,
perpetrator, victims) and are ``new`` (absent from the baseline),
``changed`` (status or a source's figure differs) or ``unchanged``; groups of
the baseline that are gone are ``resolved``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reconcile.compare import GROUP_KEY, Comparison

STATUS_CONDITIONS = {
    "disjoint": ("disjoint",),
    "overlapping": ("overlapping", "disjoint"),
    "single-source": ("single-source",),
}
CONDITION_HELP = "disjoint, overlapping, single-source, ratio>=X, attribution, new"
_RATIO = re.compile(r"ratio\s*>=\s*(?P<x>\d+(\.\d+)?|\.\d+)")


@dataclass(frozen=True)
class Condition:
    """One ``--fail-on`` condition: ``name`` as written back to the user."""

    name: str
    statuses: tuple[str, ...] = ()
    ratio: float | None = None
    flag: str = ""  # a boolean group column that meets the condition

    def test(self, groups: pd.DataFrame) -> pd.Series:
        """Which of ``groups`` (``status``, ``spread``, flags) meet the condition."""
        if self.flag:
            flagged = groups[self.flag] if self.flag in groups else pd.Series(False, index=groups.index)
            return flagged.fillna(False).astype(bool)
        if self.ratio is not None:
            return groups["spread"].fillna(math.inf) >= self.ratio
        return groups["status"].isin(self.statuses)


@dataclass(frozen=True)
class Gate:
    """Parsed ``--fail-on`` values: the conditions, whether only ``new`` groups count, and the words given."""

    conditions: tuple[Condition, ...]
    new_only: bool
    given: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        return list(self.given)


def parse_gate(values: list[str]) -> Gate | None:
    """``--fail-on`` values (repeated and/or comma-separated) -> a Gate; None when none given.

    Raises ValueError naming the value that is not a condition.
    """
    conditions: list[Condition] = []
    new_only = False
    for value in values:
        for word in filter(None, (w.strip().lower() for w in value.split(","))):
            ratio = _RATIO.fullmatch(word)
            if word == "new":
                new_only = True
            elif word in STATUS_CONDITIONS:
                conditions.append(Condition(word, STATUS_CONDITIONS[word]))
            elif word == "attribution":
                conditions.append(Condition(word, flag="attribution_conflict"))
            elif ratio:
                x = float(ratio["x"])
                conditions.append(Condition(f"ratio>={x:g}", ratio=x))
            else:
                raise ValueError(f"--fail-on: unknown condition '{word}' (use {CONDITION_HELP})")
    if not conditions and not new_only:
        return None
    given = tuple(dict.fromkeys([c.name for c in conditions] + (["new"] if new_only else [])))
    if new_only and not conditions:
        conditions = [Condition(s, STATUS_CONDITIONS[s]) for s in ("disjoint", "overlapping")]
    unique = {c.name: c for c in conditions}
    return Gate(tuple(unique.values()), new_only, given)


@dataclass(frozen=True)
class Baseline:
    """A previous run's groups (key, ``status``, ``spread``) and figures (key, ``source``, ``figure``)."""

    groups: pd.DataFrame
    figures: pd.DataFrame


def baseline_from_json(document) -> Baseline:
    """The groups of a ``compare --format json`` document.

    A null spread is infinite (JSON has no infinity). Raises ValueError when
    the document is not a comparison.
    """
    if not isinstance(document, dict) or not isinstance(document.get("groups"), list):
        raise ValueError("not the JSON of 'reconcile compare --format json' (no \"groups\" list)")
    groups, figures = [], []
    for group in document["groups"]:
        try:
            key = {k: str(group[k]) for k in GROUP_KEY}
            spread = group.get("spread")
            groups.append({**key, "status": str(group["status"]),
                           "spread": math.inf if spread is None else float(spread)})
            figures += [{**key, "source": str(c["source"]), "figure": str(c["figure"])}
                        for c in group.get("claims") or []]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"a group lacks {exc} "
                             "(expected incident, perpetrator, victims, status, claims)") from None
    return Baseline(
        pd.DataFrame(groups, columns=[*GROUP_KEY, "status", "spread"]).drop_duplicates(
            GROUP_KEY, keep="last"),
        pd.DataFrame(figures, columns=[*GROUP_KEY, "source", "figure"]).drop_duplicates(
            [*GROUP_KEY, "source"]),
    )


def figure_changes(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """Per group key, what changed in its sources' figures
    ("SNHR approximately 125 → 600; X 16 (dropped)")."""
    merged = now.merge(before, on=[*GROUP_KEY, "source"], how="outer", suffixes=("", "_before"))
    merged = merged.loc[merged["figure"].fillna("\0") != merged["figure_before"].fillna("\0")]
    text = (merged["source"] + " " + merged["figure_before"] + " → " + merged["figure"]).where(
        merged["figure_before"].notna() & merged["figure"].notna(),
        (merged["source"] + " " + merged["figure"] + " (added)").where(
            merged["figure"].notna(), merged["source"] + " " + merged["figure_before"] + " (dropped)"
        ),
    )
    merged = merged.assign(text=text).sort_values([*GROUP_KEY, "source"])
    return merged.groupby(GROUP_KEY, as_index=False)["text"].agg("; ".join).rename(
        columns={"text": "figure_changes"})


def diff_baseline(comparison: Comparison, baseline: Baseline) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each current group against the baseline, and the baseline's groups that are gone.

    Returns ``changes`` (``group_id``, ``change``: new/changed/unchanged,
    ``previous_status``, ``previous_spread``, ``figure_changes``) and
    ``resolved`` (the baseline's groups without a current one: key,
    ``status``, ``spread``).
    """
    current = comparison.groups[["group_id", *GROUP_KEY, "status"]]
    now = comparison.claims[[*GROUP_KEY, "source", "figure"]].astype(str)
    previous = baseline.groups.rename(columns={"status": "previous_status", "spread": "previous_spread"})
    merged = current.merge(previous, on=GROUP_KEY, how="left", indicator=True)
    merged = merged.merge(figure_changes(now, baseline.figures), on=GROUP_KEY, how="left")
    merged["figure_changes"] = merged["figure_changes"].fillna("")
    known = merged["_merge"] == "both"
    different = (merged["status"] != merged["previous_status"]) | (merged["figure_changes"] != "")
    merged["change"] = np.where(~known, "new", np.where(different, "changed", "unchanged"))
    merged["figure_changes"] = merged["figure_changes"].where(known, "")
    changes = merged[["group_id", "change", "previous_status", "previous_spread", "figure_changes"]]
    gone = baseline.groups.merge(current[GROUP_KEY], on=GROUP_KEY, how="left", indicator=True)
    resolved = gone.loc[gone["_merge"] == "left_only", [*GROUP_KEY, "status", "spread"]]
    return changes.reset_index(drop=True), resolved.reset_index(drop=True)


@dataclass(frozen=True)
class Review:
    """What ``compare`` adds for CI: the gate's verdict and the baseline diff.

    ``triggered``: ``group_id`` and ``conditions`` (the names that fired, ", "
    joined) of each group that triggered the gate, in display order.
    ``changes``/``resolved``: see :func:`diff_baseline` (None without a baseline).
    """

    gate: Gate | None
    triggered: pd.DataFrame
    changes: pd.DataFrame | None = None
    resolved: pd.DataFrame | None = None
    baseline: str | None = None

    @property
    def failed(self) -> bool:
        return len(self.triggered) > 0

    def counts(self) -> dict[str, int]:
        """``new``, ``changed``, ``unchanged`` and ``resolved`` group counts (empty without a baseline)."""
        if self.changes is None or self.resolved is None:  # (a baseline gives both)
            return {}
        counts = self.changes["change"].value_counts()
        return {
            **{kind: int(counts.get(kind, 0)) for kind in ("new", "changed", "unchanged")},
            "resolved": len(self.resolved),
        }


def review(
    comparison: Comparison, gate: Gate | None, baseline: Baseline | None = None,
    baseline_name: str | None = None,
) -> Review:
    """Apply ``gate`` to ``comparison`` (against ``baseline`` when given); see the module docstring.

    Raises ValueError when the gate has ``new`` and there is no baseline.
    """
    changes = resolved = None
    if baseline is not None:
        changes, resolved = diff_baseline(comparison, baseline)
    groups = comparison.groups
    triggered = pd.DataFrame({"group_id": pd.Series(dtype="int64"), "conditions": pd.Series(dtype=str)})
    if gate is None:
        return Review(gate, triggered, changes, resolved, baseline_name)
    previous = None
    if gate.new_only:
        if changes is None:
            raise ValueError("--fail-on new needs --baseline OLD.json "
                             "(a previous 'compare --format json' output)")
        previous = changes.set_index("group_id").reindex(groups["group_id"])
        previous = pd.DataFrame(
            {"status": previous["previous_status"].to_numpy(),
             "spread": previous["previous_spread"].to_numpy()},
            index=groups.index,
        )
    names = pd.Series("", index=groups.index, dtype=str)
    for condition in gate.conditions:
        met = condition.test(groups)
        if previous is not None:
            # absent from the baseline: status NaN meets no status test; spread NaN must not meet a ratio test
            before = condition.test(previous) & previous["status"].notna()
            met = met & ~before
        label = f"new {condition.name}" if gate.new_only else condition.name
        names = names.where(~met, np.where(names == "", label, names + ", " + label))
    hit = names != ""
    triggered = pd.DataFrame({"group_id": groups.loc[hit, "group_id"],
                              "conditions": names[hit]}).reset_index(drop=True)
    return Review(gate, triggered, changes, resolved, baseline_name)


def group_label(group) -> str:
    """``incident · perpetrator · victims`` for messages."""
    return f"{group['incident']} · {group['perpetrator']} · {str(group['victims']).replace('_', ' ')}"
