"""Side-by-side layout shared by the terminal table and Markdown.

One block per incident; in it one row per (perpetrator, victims) group and
one column per source that speaks about the incident.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from reconcile.compare import Comparison
from reconcile.dates import is_open_start
from reconcile.render.numbers import interval, ratio, span
from reconcile.render.safe import printable


@dataclass(frozen=True)
class Cell:
    figure: str
    interval: str
    origin: str
    perpetrator_raw: str
    #: how an inferred actor was read from the source's words ("" when an alias row said it).
    actor_rule: str = ""
    #: the source's name as the file wrote it, when not the canonical name ("OSDH" for SOHR).
    source_written: str = ""


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
        incident = printable(self.incident)
        if self.matched:
            return incident
        parts = [incident] + [p for p in (self.dates, self.places) if p and p != incident]
        return " · ".join(parts)


def blocks(comparison: Comparison) -> list[Block]:
    """The comparison as incident blocks, in display order; user text in them is :func:`printable`."""
    claims = comparison.claims
    cells = {
        (row.group_id, row.source): Cell(printable(row.figure), interval(row.low, row.high),
                                         printable(row.origin), printable(row.perpetrator_raw),
                                         printable(_inferred(row)), printable(_written(row)))
        for row in rows_of(claims, _CELL_COLUMNS)
    }
    sources_of: dict[str, set[str]] = {}
    for incident, source in zip(claims["incident"].tolist(), claims["source"].tolist(), strict=True):
        sources_of.setdefault(incident, set()).add(source)
    groups_of: dict[str, list] = {}  # in order of first appearance, as groupby(sort=False)
    for g in rows_of(comparison.groups, _GROUP_COLUMNS):
        groups_of.setdefault(g.incident, []).append(g)
    spans = {i.incident: i for i in rows_of(comparison.incidents, ["incident", "start", "end",
                                                                   "places", "matched"])}
    result = []
    for incident, groups in groups_of.items():
        sources = sorted(sources_of[incident])
        rows = [
            Row(
                perpetrator=printable(g.perpetrator),
                victims=printable(g.victims),
                cells={printable(s): cells[(g.group_id, s)] for s in sources if (g.group_id, s) in cells},
                spread=ratio(g.spread) if g.sources > 1 else "",
                status=g.status,
                pair=printable(g.pair) if g.sources > 2 else "",
                attribution_conflict=bool(g.attribution_conflict),
            )
            for g in groups
        ]
        info = spans[incident]
        result.append(
            Block(incident, span(info.start, info.end), printable(info.places),
                  [printable(s) for s in sources], rows, bool(info.matched))
        )
    return result


_CELL_COLUMNS = ["group_id", "source", "figure", "low", "high", "origin", "perpetrator_raw",
                 "actor_status", "actor_rule", "date_start", "source_written"]
_GROUP_COLUMNS = ["incident", "group_id", "perpetrator", "victims", "spread", "sources",
                  "status", "pair", "attribution_conflict"]


def rows_of(frame: pd.DataFrame, columns: list[str]) -> Iterator:
    """``frame[columns].itertuples()`` for the columns it has, read column by column:
    a pyarrow string column is 30 times slower to walk value by value."""
    present = [c for c in columns if c in frame.columns]
    record = namedtuple("Record", present)  # type: ignore[misc]  # fields known only at run time
    return map(record._make, zip(*(frame[c].tolist() for c in present), strict=True))


def _written(claim) -> str:
    """The source's name as written, when the table shows it under another name."""
    written = getattr(claim, "source_written", "")
    return "" if pd.isna(written) or written == claim.source else written


def _inferred(claim) -> str:
    """The rule that read an inferred actor, with the claim's month: "role word ... + country SY, 2025-03"."""
    if getattr(claim, "actor_status", "") != "inferred":
        return ""
    start = claim.date_start
    month = "" if pd.isna(start) or is_open_start(start) else f", {start:%Y-%m}"
    return f"{claim.actor_rule}{month}"


def victims_label(victims: str) -> str:
    """A victim category as words: ``security_personnel`` is shown ``security personnel``."""
    return victims.replace("_", " ")


def perpetrator_label(row: Row) -> str:
    """The canonical actor, with each source's own words when they differ from it."""
    said = sorted({c.perpetrator_raw for c in row.cells.values()
                   if c.perpetrator_raw and c.perpetrator_raw != row.perpetrator})
    return row.perpetrator + (f" (as: {'; '.join(repr(s) for s in said)})" if said else "")


def all_footnotes(comparison: Comparison) -> dict[str, list[str]]:
    """Attribution conflicts, inconsistencies and superseded claims, per incident
    (one pass over each frame)."""
    notes: dict[str, list[str]] = {}
    for (incident, victims), rows in comparison.attributions.groupby(["incident", "victims"], sort=False):
        blame = "; ".join(
            f"{source} blames {', '.join(r['perpetrator'])}"
            for source, r in rows.groupby("source", sort=True)
        )
        notes.setdefault(incident, []).append(f"Attribution conflict over {victims_label(victims)}: {blame}.")
    for incident, reason, origin, origin_whole in comparison.inconsistencies[
        ["incident", "reason", "origin", "origin_whole"]
    ].itertuples(index=False):
        parts = origin.split(", ")
        shown = origin if len(parts) == 1 else f"sum of {len(parts)} claims"
        notes.setdefault(incident, []).append(f"Inconsistent: {reason} [{shown} vs {origin_whole}].")
    for incident, explained in _explanations(comparison).items():
        notes.setdefault(incident, []).extend(explained)
    if "note" in comparison.incidents:
        noted = comparison.incidents.loc[comparison.incidents["note"] != "", ["incident", "note"]]
        for incident, note in noted.itertuples(index=False):
            notes.setdefault(incident, []).append(f"Matching: this incident {note}.")
    for row in comparison.superseded.itertuples(index=False):
        published = "" if pd.isna(row.published) else f", published {row.published:%Y-%m-%d}"
        notes.setdefault(row.incident, []).append(
            f"Not compared: {row.source} '{row.figure}' ({row.origin}{published}): {row.reason}."
        )
    return {incident: [printable(note) for note in texts] for incident, texts in notes.items()}


MAX_EXPLAINED = 12


def _explanations(comparison: Comparison) -> dict[str, list[str]]:
    """With --explain: per incident, the pairs that made it and the near-misses kept out of it."""
    if comparison.reasons is None:
        return {}
    by_incident = dict(tuple(comparison.reasons.groupby("incident", sort=False)))
    notes: dict[str, list[str]] = {}
    for incident in comparison.incidents["incident"]:
        mine = by_incident.get(incident, comparison.reasons.iloc[:0])
        lines = notes.setdefault(incident, [])
        for kind, label in (("joined", "Joined"), ("kept apart", "Kept apart"), ("alone", "On its own")):
            rows = mine.loc[mine["kind"] == kind]
            for row in rows.head(MAX_EXPLAINED).itertuples(index=False):
                pair = row.origin_a if kind == "alone" else f"{row.origin_a} + {row.origin_b}"
                lines.append(f"{label}: {pair}: {row.text}.")
            if len(rows) > MAX_EXPLAINED:
                lines.append(f"{label}: {len(rows) - MAX_EXPLAINED} more pairs "
                             "(all of them in --format json).")
        if mine.empty:
            lines.append("Matching: no other claim came close to this incident's.")
    return notes
