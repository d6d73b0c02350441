"""Side-by-side layout shared by the terminal table and Markdown.

One block per incident; in it one row per (perpetrator, victims) group and
one column per source that speaks about the incident.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reconcile.compare import Comparison
from reconcile.render.numbers import interval, ratio, span


@dataclass(frozen=True)
class Cell:
    figure: str
    interval: str
    origin: str
    perpetrator_raw: str


@dataclass(frozen=True)
class Row:
    perpetrator: str
    victims: str
    cells: dict[str, Cell]
    spread: str
    status: str
    pair: str
    attribution_conflict: bool


@dataclass(frozen=True)
class Block:
    incident: str
    dates: str
    places: str
    sources: list[str]
    rows: list[Row]
    matched: bool = False

    @property
    def title(self) -> str:
        """A matched incident's label already says when and where; a user's label does not."""
        if self.matched:
            return self.incident
        parts = [self.incident] + [p for p in (self.dates, self.places) if p and p != self.incident]
        return " · ".join(parts)


def blocks(comparison: Comparison) -> list[Block]:
    """The comparison as incident blocks, in display order."""
    claims = comparison.claims
    cells = {
        (row.group_id, row.source): Cell(row.figure, interval(row.low, row.high), row.origin, row.perpetrator_raw)
        for row in claims.itertuples(index=False)
    }
    spans = comparison.incidents.set_index("incident")
    result = []
    for incident, groups in comparison.groups.groupby("incident", sort=False):
        sources = sorted(claims.loc[claims["incident"] == incident, "source"].unique())
        rows = [
            Row(
                perpetrator=g.perpetrator,
                victims=g.victims,
                cells={s: cells[(g.group_id, s)] for s in sources if (g.group_id, s) in cells},
                spread=ratio(g.spread) if g.sources > 1 else "",
                status=g.status,
                pair=g.pair if g.sources > 2 else "",
                attribution_conflict=bool(g.attribution_conflict),
            )
            for g in groups.itertuples(index=False)
        ]
        info = spans.loc[incident]
        result.append(
            Block(incident, span(info["start"], info["end"]), info["places"], sources, rows, bool(info["matched"]))
        )
    return result


def perpetrator_label(row: Row) -> str:
    """The canonical actor, with each source's own words when they differ from it."""
    said = sorted({c.perpetrator_raw for c in row.cells.values() if c.perpetrator_raw and c.perpetrator_raw != row.perpetrator})
    return row.perpetrator + (f" (as: {'; '.join(repr(s) for s in said)})" if said else "")


def footnotes(comparison: Comparison, incident: str) -> list[str]:
    """Attribution conflicts, inconsistencies and superseded claims of one incident."""
    notes = []
    conflicts = comparison.attributions.loc[comparison.attributions["incident"] == incident]
    for victims, rows in conflicts.groupby("victims", sort=False):
        blame = "; ".join(
            f"{source} blames {', '.join(r['perpetrator'])}" for source, r in rows.groupby("source", sort=True)
        )
        notes.append(f"Attribution conflict over {victims}: {blame}.")
    for reason, origin, origin_whole in comparison.inconsistencies.loc[
        comparison.inconsistencies["incident"] == incident, ["reason", "origin", "origin_whole"]
    ].itertuples(index=False):
        parts = origin.split(", ")
        shown = origin if len(parts) == 1 else f"sum of {len(parts)} claims"
        notes.append(f"Inconsistent: {reason} [{shown} vs {origin_whole}].")
    notes += _explanations(comparison, incident)
    old = comparison.superseded.loc[comparison.superseded["incident"] == incident]
    for row in old.itertuples(index=False):
        published = "" if pd.isna(row.published) else f", published {row.published:%Y-%m-%d}"
        notes.append(f"Not compared: {row.source} '{row.figure}' ({row.origin}{published}): {row.reason}.")
    return notes


MAX_EXPLAINED = 12


def _explanations(comparison: Comparison, incident: str) -> list[str]:
    """With --explain: the pairs that made the incident and the near-misses kept out of it."""
    if comparison.reasons is None:
        return []
    mine = comparison.reasons.loc[comparison.reasons["incident"] == incident]
    notes = []
    for kind, label in (("joined", "Joined"), ("kept apart", "Kept apart")):
        rows = mine.loc[mine["kind"] == kind]
        for row in rows.head(MAX_EXPLAINED).itertuples(index=False):
            notes.append(f"{label}: {row.origin_a} + {row.origin_b}: {row.text}.")
        if len(rows) > MAX_EXPLAINED:
            notes.append(f"{label}: {len(rows) - MAX_EXPLAINED} more pairs (all of them in --format json).")
    if mine.empty:
        notes.append("Matching: no other claim came close to this incident's.")
    return notes
