"""JSON in a fixed shape (README, Output); fields may be added, never renamed.

Infinite bounds (``more than 700``) and spreads are ``null``: JSON has no
infinity.

:func:`comparison_document` is the document as Python data.
:func:`comparison_json` writes the same document as text, byte for byte what
``json.dumps(comparison_document(c), ensure_ascii=False, indent=2)`` gives,
but column by column (:mod:`reconcile.render.json_text`): each distinct value
is encoded once and the objects are assembled by one pyarrow ``take`` of those
texts per chunk of rows, because a million claims through
``json.dumps(indent=2)`` (a pure-Python encoder) take most of a minute.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd

from reconcile.compare import Comparison
from reconcile.render.json_text import (
    COLUMN_ENCODERS,
    Coded,
    arrow,
    as_is_codes,
    chunks,
    constant,
    data_buffer,
    days,
    dictionary,
    dumps,
    finite,
    json_list,
    member,
    members,
    place,
    records,
    separators,
)
from reconcile.render.long import CLAIM_FIELDS
from reconcile.render.numbers import day
from reconcile.render.rollup_json import coverage_records, rollup_document
from reconcile.text import rows_of

_DATE_FIELDS = ("published", "date_start", "date_end")
_NUMBER_FIELDS = ("low", "best", "high")

# The document's fields, written once: both encoders below (Python data, and text column by
# column) read these, so a field cannot be added to one and not the other. Each field names
# where its value comes from and how it is encoded (see _PYTHON and COLUMN_ENCODERS).
#: the document's members, in order.
SECTIONS = ("groups", "incidents", "attribution_conflicts", "inconsistencies", "superseded", "rows",
            "rejected", "no_claim", "tolerance", "as_of", "coverage")
#: a group's fields: name -> (frame, column, encoding); "span" is the group's incident.
GROUP_FIELDS = {
    "incident": ("group", "incident", "text"),
    "incident_start": ("span", "start", "day"),
    "incident_end": ("span", "end", "day"),
    "incident_places": ("span", "places", "text"),
    "perpetrator": ("group", "perpetrator", "text"),
    "victims": ("group", "victims", "text"),
    "status": ("group", "status", "text"),
    "spread": ("group", "spread", "finite"),
    "difference": ("group", "difference", "finite"),
    "pair": ("group", "pair", "text_or_null"),
    "attribution_conflict": ("group", "attribution_conflict", "flag"),
}
#: an incident's fields: name -> encoding.
INCIDENT_FIELDS = {"incident": "text", "start": "day", "end": "day", "places": "text", "matched": "flag",
                   "claims": "count", "note": "text"}
#: a pair of sources' coverage (reconcile.rollup.coverage): name -> encoding.
COVERAGE_FIELDS = {"source_a": "text", "source_b": "text", "both": "count", "only_a": "count",
                   "only_b": "count", "incidents_a": "count", "incidents_b": "count", "start_a": "day",
                   "end_a": "day", "start_b": "day", "end_b": "day", "dates_overlap": "flag"}
#: with --by, the document's "rollup": {"by": [keys], "rows": [...]}. A row has its keys, these
#: fields (name -> encoding), "sources" (each with ROLLUP_SOURCE_FIELDS; only sources with a claim in
#: the row) and "largest_disagreements" (each with DISAGREEMENT_FIELDS and its "claims").
ROLLUP_FIELDS = {"incidents": "count", "shared_incidents": "count", "compared_groups": "count",
                 "disjoint": "count", "overlapping": "count", "consistent": "count",
                 "median_spread": "finite", "worst_spread": "finite"}
ROLLUP_SOURCE_FIELDS = {"incidents": "count", "best": "finite", "low": "finite", "high": "finite"}
DISAGREEMENT_FIELDS = {"incident": "text", "perpetrator": "text", "victims": "text", "status": "text",
                       "spread": "finite", "difference": "finite"}


def _finite(value) -> float | None:
    if value is None or pd.isna(value) or math.isinf(value):
        return None
    return float(value)


def _claim(row: dict) -> dict:
    claim = {field: row[field] for field in CLAIM_FIELDS}
    for field in _NUMBER_FIELDS:
        claim[field] = _finite(row[field])
    for field in _DATE_FIELDS:
        claim[field] = day(row[field]) or None
    return claim


def _incident_frame(comparison: Comparison) -> pd.DataFrame:
    incidents = comparison.incidents.reindex(columns=list(INCIDENT_FIELDS))
    return incidents.assign(note=incidents["note"].fillna(""))


def _incidents(comparison: Comparison) -> list[dict]:
    """Each incident's span and places; with --explain, why its claims were joined."""
    reasons = comparison.reasons
    by_incident = dict(tuple(reasons.groupby("incident"))) if reasons is not None else {}
    incidents = []
    for row in _incident_frame(comparison).to_dict("records"):
        entry = {name: _PYTHON[kind](row[name]) for name, kind in INCIDENT_FIELDS.items()}
        if reasons is not None:
            mine = by_incident.get(row["incident"], reasons.iloc[:0])
            entry["reasons"] = mine[["kind", "origin_a", "origin_b", "text"]].to_dict("records")
        incidents.append(entry)
    return incidents


def _review(document: dict, comparison: Comparison, review) -> None:
    """Adds the baseline diff and the gate's verdict (``--baseline``, ``--fail-on``) to ``document``."""

    groups = document["groups"]
    if review.changes is not None:
        changes = review.changes.set_index("group_id")
        for group, group_id in zip(groups, comparison.groups["group_id"], strict=True):
            change = changes.loc[group_id]
            group["change"] = change["change"]
            group["previous_status"] = (None if pd.isna(change["previous_status"])
                                        else change["previous_status"])
            group["figure_changes"] = change["figure_changes"] or None
        document["baseline"] = _baseline_document(review)
    if review.gate is not None:
        triggered = dict(review.triggered.itertuples(index=False))
        for group, group_id in zip(groups, comparison.groups["group_id"], strict=True):
            group["triggered"] = triggered[group_id].split(", ") if group_id in triggered else []
        document["gate"] = _gate_document(comparison, review)


def _baseline_document(review) -> dict:
    """The baseline's file, the count of groups per change, and its groups that are gone."""
    from reconcile.compare import GROUP_KEY

    return {
        "file": review.baseline,
        **review.counts(),
        "resolved_groups": [
            {**{k: row[k] for k in GROUP_KEY}, "status": row["status"], "spread": _finite(row["spread"])}
            for row in review.resolved.to_dict("records")
        ],
    }


def _gate_document(comparison: Comparison, review) -> dict:
    """The gate's verdict (``--fail-on``): its conditions, whether it failed, and the groups that
    triggered it, in display order."""
    from reconcile.compare import GROUP_KEY

    triggered = dict(review.triggered.itertuples(index=False))
    shown = {name: GROUP_FIELDS[name] for name in (*GROUP_KEY, "status", "spread")}
    hit = comparison.groups.loc[comparison.groups["group_id"].isin(list(triggered))]
    return {
        "fail_on": review.gate.names,
        "failed": review.failed,
        "triggered": [
            {**{name: _PYTHON[kind](row[column]) for name, (_, column, kind) in shown.items()},
             "triggered": triggered[row["group_id"]].split(", ")}
            for row in hit.to_dict("records")
        ],
    }


def comparison_document(comparison: Comparison, review=None, by=()) -> dict:
    """The comparison as plain Python data (what ``--format json`` prints).

    With a :class:`~reconcile.gates.Review`, groups also get ``change`` and
    ``previous_status`` (with a baseline) and ``triggered`` (with a gate), and
    the document ``baseline`` and ``gate``. With ``by`` (roll-up keys), the
    document also has ``rollup`` (:func:`rollup_document`).
    """
    claims_by_group: dict[int, list[dict]] = {}
    # One pass over all claims (already in group order), not one frame per group.
    for row in comparison.claims.sort_values("group_id", kind="stable").to_dict("records"):
        claims_by_group.setdefault(row["group_id"], []).append(_claim(row))
    spans = {row["incident"]: row for row in comparison.incidents.to_dict("records")}
    groups = []
    for group in comparison.groups.to_dict("records"):
        rows = {"group": group, "span": spans[group["incident"]]}
        groups.append({
            **{name: _PYTHON[kind](rows[frame][column])
               for name, (frame, column, kind) in GROUP_FIELDS.items()},
            "claims": claims_by_group[group["group_id"]],
        })
    sections = {
        "groups": lambda: groups,
        "incidents": lambda: _incidents(comparison),
        "attribution_conflicts": lambda: comparison.attributions.to_dict("records"),
        "inconsistencies": lambda: [
            {**row, "best": _finite(row["best"]), "best_whole": _finite(row["best_whole"])}
            for row in comparison.inconsistencies.to_dict("records")
        ],
        "superseded": lambda: _superseded(comparison).to_dict("records"),
        "rows": lambda: dict(comparison.rows),
        "rejected": lambda: comparison.rejected[["origin", "reason"]].to_dict("records"),
        "no_claim": lambda: _no_claim(comparison).to_dict("records"),
        "tolerance": lambda: comparison.tolerance,
        "as_of": lambda: day(comparison.as_of) or None,
        "coverage": lambda: coverage_records(comparison),
    }
    document = {name: sections[name]() for name in SECTIONS}
    if by:
        document["rollup"] = rollup_document(comparison, by)
    if review is not None:
        _review(document, comparison, review)
    return document


#: each encoding, as Python data (comparison_document) and as a JSON text column (json_parts).
_PYTHON: dict[str, Callable[[Any], Any]] = {
    "text": lambda v: v, "day": lambda v: day(v) or None, "finite": _finite,
    "text_or_null": lambda v: v or None, "flag": bool, "count": int,
}

def _in_group_order(comparison: Comparison):
    """The claims (the fields written) in the order of their groups, and each group's count; None if a
    group has none."""
    groups, claims = comparison.groups, comparison.claims
    rank = pd.Index(groups["group_id"]).get_indexer(claims["group_id"])
    inside = np.flatnonzero(rank >= 0)
    order = inside[np.argsort(rank[inside], kind="stable")]
    counts = np.bincount(rank[order], minlength=len(groups))
    if (counts == 0).any():
        return None
    return claims[CLAIM_FIELDS].iloc[order], counts  # a copy of 14 columns, not of all 33


def _spans(comparison: Comparison) -> dict:
    """The group fields read from a group's incident, each encoded once per incident."""
    incidents = comparison.incidents
    return {name: COLUMN_ENCODERS[kind](incidents[column])
            for name, (frame, column, kind) in GROUP_FIELDS.items() if frame == "span"}


def _group_slots(groups: pd.DataFrame, spans: dict, rank: np.ndarray, first: str) -> list[Coded]:
    """Per group (level 2, in a list at level 1): the separator before it, its fields, and
    ``"claims": [``. ``rank``: each group's incident's row in the incidents (-1: none)."""
    fields = {name: spans[name].rows(rank) if frame == "span" else COLUMN_ENCODERS[kind](groups[column])
              for name, (frame, column, kind) in GROUP_FIELDS.items()}
    return [separators(len(groups), 2, first), *members(fields, 2),
            constant("," + "\n" + "  " * 3 + '"claims": [' + "\n" + "  " * 4, len(groups))]


def _claim_slots(claims: pd.DataFrame, last: np.ndarray, endings: Coded) -> list[Coded]:
    """Per claim (level 4): its fields, then the separator before the next claim or, for a group's
    ``last`` claim, its group's ending (:func:`_endings`: one code per group, in order)."""
    encoders = {**dict.fromkeys(_NUMBER_FIELDS, finite), **dict.fromkeys(_DATE_FIELDS, days)}
    fields = {f: encoders.get(f, as_is_codes)(claims[f]) for f in CLAIM_FIELDS}
    codes = np.zeros(len(claims), dtype=np.int64)  # text 0: a claim's brace and the separator after it
    codes[last] = endings.codes
    return [*members(fields, 4), Coded(codes, endings.texts)]


def _endings(comparison: Comparison, review) -> Coded:
    """Per group, what follows its last claim's fields: the claim's brace, the end of the claims, the
    members a review adds (with a baseline ``change``, ``previous_status`` and ``figure_changes``;
    with a gate ``triggered``) and the group's brace; each distinct ending written once, for every
    chunk. Text 0 is what follows any other claim: its brace and the separator before the next."""
    pa, _ = arrow()
    groups = comparison.groups
    claim = "\n" + "  " * 4 + "}"
    between = pa.array([claim + ",\n" + "  " * 4], pa.large_string())
    end, close = claim + "\n" + "  " * 3 + "]", "\n" + "  " * 2 + "}"
    added: dict[str, pd.Series] = {}
    if review is not None and review.changes is not None:
        changes = review.changes.set_index("group_id").reindex(groups["group_id"])
        added["change"] = changes["change"].astype(object)
        added["previous_status"] = changes["previous_status"].astype(object)
        added["figure_changes"] = changes["figure_changes"].astype(object)
    if review is not None and review.gate is not None:
        conditions = groups["group_id"].map(dict(review.triggered.itertuples(index=False)))
        added["triggered"] = conditions.astype(object).fillna("")  # none triggered: all NaN floats
    if not added:
        return Coded(np.ones(len(groups), dtype=np.int64),
                     pa.concat_arrays([between, pa.array([end + close], pa.large_string())]))
    frame = pd.DataFrame({name: values.to_numpy() for name, values in added.items()})
    codes = frame.groupby(list(frame), sort=False, dropna=False).ngroup().to_numpy()
    distinct = frame.loc[~pd.Series(codes).duplicated().to_numpy()]  # in code order: first appearance

    def ending(row: dict) -> str:
        previous = row.get("previous_status")
        values = {"change": row.get("change"), "previous_status": None if pd.isna(previous) else previous,
                  "figure_changes": row.get("figure_changes") or None,
                  "triggered": row["triggered"].split(", ") if row.get("triggered") else []}
        written = [",\n" + "  " * 3 + dumps(name) + ": "
                   + json.dumps(values[name], ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * 3)
                   for name in added]
        return end + "".join(written) + close

    written = pa.array([ending(row) for row in distinct.to_dict("records")], pa.large_string())
    return Coded(codes.astype(np.int64) + 1, pa.concat_arrays([between, written]))


def _group_texts(group_slots: list[Coded], claim_slots: list[Coded], counts: np.ndarray) -> memoryview:
    """Groups with their claims: each group's slots, then its claims' slots, as one take of the texts.

    The slots' positions are laid out in a matrix with a row per group followed by a row per claim of
    it, a group's row padded with an empty text to the claims' width or the other way round.
    """
    pa, _ = arrow()
    texts, starts = dictionary([*group_slots, *claim_slots, constant("", 0)])
    claims = int(counts.sum())
    matrix = np.full((len(counts) + claims, max(len(group_slots), len(claim_slots))), starts[-1],
                     dtype=np.int32)  # a chunk's texts are far fewer than 2**31: half the memory of int64
    # group g's row comes after the g groups and the claims before it; a claim's, after its group's
    place(matrix, np.cumsum(counts) - counts + np.arange(len(counts)), group_slots, starts[:len(group_slots)])
    place(matrix, np.arange(claims) + np.repeat(np.arange(1, len(counts) + 1), counts), claim_slots,
          starts[len(group_slots):-1])
    return data_buffer(texts.take(pa.array(matrix.ravel())))


def _groups(comparison: Comparison, claims: pd.DataFrame, counts: np.ndarray, review=None) -> Iterator:
    """The ``groups`` list (level 1), a chunk of groups at a time, with what ``review`` adds to them."""
    groups = comparison.groups
    endings = _endings(comparison, review)
    spans = _spans(comparison)
    rank = rows_of(groups["incident"], comparison.incidents["incident"])
    ends = np.cumsum(counts)

    def pieces():
        for start, stop in chunks(len(groups)):
            first_claim, last_claim = ends[start] - counts[start], ends[stop - 1]
            last = np.zeros(last_claim - first_claim, dtype=bool)
            last[ends[start:stop] - 1 - first_claim] = True
            heads = _group_slots(groups.iloc[start:stop], spans, rank[start:stop],
                                 "" if start == 0 else ",\n" + "  " * 2)
            bodies = _claim_slots(claims.iloc[first_claim:last_claim], last,
                                  Coded(endings.codes[start:stop], endings.texts))
            yield _group_texts(heads, bodies, counts[start:stop])

    return json_list(1, pieces())


def json_parts(comparison: Comparison, review=None, by=()) -> Iterator:
    """:func:`comparison_document` as indented JSON, UTF-8, in parts (bytes or memoryviews) to write in order.

    With --explain's reasons, the document is irregular enough to go through ``json.dumps``; what a
    review adds (--baseline, --fail-on) is streamed like the rest.
    """
    layout = _in_group_order(comparison)
    if layout is None or comparison.reasons is not None:
        document = comparison_document(comparison, review, by)
        yield (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
        return
    in_order, counts = layout
    incidents = _incident_frame(comparison)
    members = {
        "groups": lambda: _groups(comparison, in_order, counts, review),
        "incidents": lambda: records(incidents, 1,
                                     {n: COLUMN_ENCODERS[k] for n, k in INCIDENT_FIELDS.items()}),
        "attribution_conflicts": lambda: records(comparison.attributions, 1),
        "inconsistencies": lambda: records(comparison.inconsistencies, 1,
                                           {"best": finite, "best_whole": finite}),
        "superseded": lambda: records(_superseded(comparison), 1),
        "rows": lambda: member(dict(comparison.rows), 1),
        "rejected": lambda: records(comparison.rejected[["origin", "reason"]], 1),
        "no_claim": lambda: records(_no_claim(comparison), 1),
        "tolerance": lambda: member(comparison.tolerance, 1),
        "as_of": lambda: member(day(comparison.as_of) or None, 1),
        "coverage": lambda: member(coverage_records(comparison), 1),
    }
    if by:
        members["rollup"] = lambda: member(rollup_document(comparison, by), 1)
    if review is not None and review.changes is not None:
        members["baseline"] = lambda: member(_baseline_document(review), 1)
    if review is not None and review.gate is not None:
        members["gate"] = lambda: member(_gate_document(comparison, review), 1)
    added = [name for name in ("rollup", "baseline", "gate") if name in members]
    for i, name in enumerate([*SECTIONS, *added]):
        yield (b"{\n  " if i == 0 else b",\n  ") + dumps(name).encode() + b": "
        yield from members[name]()
    yield b"\n}\n"


def _superseded(comparison: Comparison) -> pd.DataFrame:
    return comparison.superseded[["origin", "source", "figure", "reason"]]


def _no_claim(comparison: Comparison) -> pd.DataFrame:
    if comparison.skipped is None:
        return pd.DataFrame({"origin": pd.Series(dtype=str), "reason": pd.Series(dtype=str)})
    return comparison.skipped[["origin", "reason"]]


def write_comparison_json(comparison: Comparison, stream, review=None, by=()) -> None:
    """Write the JSON to a binary stream as it is built (memory: one chunk of text at a time)."""
    for part in json_parts(comparison, review, by):
        stream.write(part)


def comparison_json_bytes(comparison: Comparison, review=None, by=()) -> bytes:
    """:func:`comparison_document` as indented JSON, UTF-8 encoded, built column by column."""
    buffer = io.BytesIO()
    write_comparison_json(comparison, buffer, review, by)
    return buffer.getvalue()


def comparison_json(comparison: Comparison, review=None, by=()) -> str:
    """:func:`comparison_document` as indented JSON text (what ``--format json`` writes)."""
    return comparison_json_bytes(comparison, review, by).decode("utf-8")
