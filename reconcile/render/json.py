"""JSON in a fixed shape (README, Output); fields may be added, never renamed.

Infinite bounds (``more than 700``) and spreads are ``null``: JSON has no
infinity.

:func:`comparison_document` is the document as Python data.
:func:`comparison_json` writes the same document as text, byte for byte what
``json.dumps(comparison_document(c), ensure_ascii=False, indent=2)`` gives,
but column by column: each distinct value is encoded once and the objects are
assembled by pyarrow's string kernels, because a million claims through
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
from reconcile.render.long import CLAIM_FIELDS
from reconcile.render.numbers import day
from reconcile.render.rollup_json import coverage_records, rollup_document

_DATE_FIELDS = ("published", "date_start", "date_end")
_NUMBER_FIELDS = ("low", "best", "high")

# The document's fields, written once: both encoders below (Python data, and text column by
# column) read these, so a field cannot be added to one and not the other. Each field names
# where its value comes from and how it is encoded (see _PYTHON and _COLUMNS).
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
    from reconcile.compare import GROUP_KEY

    groups = document["groups"]
    if review.changes is not None:
        changes = review.changes.set_index("group_id")
        for group, group_id in zip(groups, comparison.groups["group_id"], strict=True):
            change = changes.loc[group_id]
            group["change"] = change["change"]
            group["previous_status"] = (None if pd.isna(change["previous_status"])
                                        else change["previous_status"])
            group["figure_changes"] = change["figure_changes"] or None
        document["baseline"] = {
            "file": review.baseline,
            **review.counts(),
            "resolved_groups": [
                {**{k: row[k] for k in GROUP_KEY}, "status": row["status"], "spread": _finite(row["spread"])}
                for row in review.resolved.to_dict("records")
            ],
        }
    if review.gate is not None:
        triggered = dict(review.triggered.itertuples(index=False))
        for group, group_id in zip(groups, comparison.groups["group_id"], strict=True):
            group["triggered"] = triggered[group_id].split(", ") if group_id in triggered else []
        document["gate"] = {
            "fail_on": review.gate.names,
            "failed": review.failed,
            "triggered": [
                {k: group[k] for k in (*GROUP_KEY, "status", "spread", "triggered")}
                for group in groups if group["triggered"]
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


# --------------------------------------------------------------------------
# The same document as text, column by column.
#
# A "column" below is a pyarrow large_string array holding, per row, the JSON
# text of one value. Objects are assembled from columns with the layout of
# ``json.dumps(indent=2)`` (an object opened at indentation level L has its
# members on lines indented L + 1 and its closing brace at L), each row's text
# carrying the separator before it, so that a list is the plain concatenation
# of its rows: the array's data buffer, with no per-row work in Python.


def _pa():
    import pyarrow as pa
    import pyarrow.compute as pc

    return pa, pc


def _text(value: str):
    pa, _ = _pa()
    return pa.scalar(value, pa.large_string())


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _native(value):
    return value.item() if isinstance(value, np.generic) else value


def _encoded(values, encode, missing: str = "null"):
    """Per value, ``encode(value)``; each distinct value encoded once, missing ones as ``missing``."""
    pa, pc = _pa()
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = [encode(_native(u)) for u in uniques] + [missing]
    positions = np.where(codes < 0, len(uniques), codes)
    return pc.take(pa.array(texts, pa.large_string()), pa.array(positions, pa.int64()))


_NEEDS_ESCAPE = r"[\x00-\x1f\\\"]"


def _strings(series: pd.Series, missing: str, empty: str | None = None):
    """Text cells as JSON strings, quoted by pyarrow; only cells with quotes, backslashes or
    control characters go through ``json.dumps``. ``empty`` replaces the encoding of "" (e.g. null)."""
    pa, pc = _pa()
    values = pa.array(series, type=pa.large_string(), from_pandas=True)
    if isinstance(values, pa.ChunkedArray):  # a column concatenated from several frames keeps their chunks
        values = values.combine_chunks()
    quoted = pc.binary_join_element_wise(_text('"'), values, _text('"'), _text(""))
    special = pc.fill_null(pc.match_substring_regex(values, _NEEDS_ESCAPE), False)
    if pc.any(special).as_py():
        rows = np.flatnonzero(special.to_numpy(zero_copy_only=False))
        escaped = pa.array([_dumps(v) for v in values.take(pa.array(rows)).to_pylist()], pa.large_string())
        quoted = pc.replace_with_mask(quoted, special, escaped)
    if empty is not None:
        quoted = pc.if_else(pc.equal(values, _text("")), _text(empty), quoted)
    return pc.fill_null(quoted, _text(missing))


def as_is(series: pd.Series):
    """Values as ``to_dict`` gives them (a missing text or float is NaN, as json.dumps writes it)."""
    if isinstance(series.dtype, pd.StringDtype):
        return _strings(series, missing="NaN")
    return _encoded(series, _dumps, missing="NaN")


def finite(series: pd.Series):
    """Numbers; missing and infinite ones are null."""
    numbers = pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    numbers = np.where(np.isfinite(numbers), numbers, np.nan)
    return _encoded(numbers, lambda v: _dumps(float(v)))


def days(series: pd.Series):
    """Dates as ``YYYY-MM-DD``; missing ones are null."""
    return _encoded(series, lambda v: _dumps(day(v) or None))


def text_or_null(series: pd.Series):
    """Text; empty text is null."""
    return _strings(series, missing="NaN", empty="null")


def flag(series: pd.Series):
    return _encoded(series.astype(bool), lambda v: _dumps(bool(v)))


#: each encoding, as Python data (comparison_document) and as a JSON text column (json_parts).
_PYTHON: dict[str, Callable[[Any], Any]] = {
    "text": lambda v: v, "day": lambda v: day(v) or None, "finite": _finite,
    "text_or_null": lambda v: v or None, "flag": bool, "count": int,
}
_COLUMNS = {"text": as_is, "day": days, "finite": finite, "text_or_null": text_or_null, "flag": flag,
            "count": as_is}


def _items(fields: dict, level: int, before, after=None):
    """Per row, ``before`` + the object of ``fields`` (name -> column) opened at ``level`` + ``after``."""
    _, pc = _pa()
    pad = "\n" + "  " * (level + 1)
    pieces = [before]
    for i, (name, column) in enumerate(fields.items()):
        pieces += [_text(("{" if i == 0 else ",") + pad + _dumps(name) + ": "), column]
    pieces.append(_text("\n" + "  " * level + "}"))
    if after is not None:
        pieces.append(after)
    return pc.binary_join_element_wise(*pieces, _text(""))


def _separators(n: int, level: int, first: str = ""):
    """``first`` for row 0, then the separator of a list's items at ``level``."""
    pa, _ = _pa()
    positions = np.ones(n, dtype=np.int64)
    positions[:1] = 0
    return pa.array([first, ",\n" + "  " * level], pa.large_string()).take(pa.array(positions))


def _buffer(texts) -> memoryview:
    """All strings of a large_string array, concatenated: a view of its data buffer, no copy."""
    pa, _ = _pa()
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    if len(texts) == 0:
        return memoryview(b"")
    offsets = np.frombuffer(texts.buffers()[1], dtype=np.int64, count=len(texts) + 1, offset=texts.offset * 8)
    return memoryview(texts.buffers()[2])[offsets[0]:offsets[-1]]


#: rows (groups, or records) laid out per piece of text: bounds the memory of the text being built.
CHUNK = 65_536


def _chunks(n: int):
    """(start, stop) of each chunk of ``n`` rows."""
    return [(start, min(start + CHUNK, n)) for start in range(0, n, CHUNK)]


def _list(level: int, pieces) -> Iterator:
    """A list at ``level`` around ``pieces`` (items laid out and separated for ``level + 1``)."""
    pieces = iter(pieces)
    first = next(pieces, None)
    if first is None:
        yield b"[]"
        return
    yield b"[\n" + ("  " * (level + 1)).encode()
    yield first
    yield from pieces
    yield b"\n" + ("  " * level).encode() + b"]"


def records(frame: pd.DataFrame, level: int, encoders: dict | None = None) -> Iterator:
    """``frame.to_dict("records")`` as a list opened at ``level``; ``encoders`` overrides ``as_is``
    per column."""
    encoders = encoders or {}

    def pieces():
        for start, stop in _chunks(len(frame)):
            part = frame.iloc[start:stop]
            fields = {name: encoders.get(name, as_is)(part[name]) for name in frame.columns}
            first = "" if start == 0 else ",\n" + "  " * (level + 1)
            yield _buffer(_items(fields, level + 1, _separators(len(part), level + 1, first)))

    return _list(level, pieces())


def member(value, level: int) -> Iterator:
    """A small value as json.dumps(indent=2) writes it inside an object at ``level``."""
    yield json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level).encode()


def _in_group_order(comparison: Comparison):
    """The claims in the order of their groups, and each group's count; None if a group has none."""
    groups, claims = comparison.groups, comparison.claims
    rank = pd.Index(groups["group_id"]).get_indexer(claims["group_id"])
    inside = np.flatnonzero(rank >= 0)
    order = inside[np.argsort(rank[inside], kind="stable")]
    counts = np.bincount(rank[order], minlength=len(groups))
    if (counts == 0).any():
        return None
    return claims.iloc[order], counts


def _group_texts(groups: pd.DataFrame, claims: pd.DataFrame, counts: np.ndarray, spans: pd.DataFrame,
                 first: str):
    """Groups (level 2, in a list at level 1) with their claims (level 4), as one text per claim.

    Each claim's text carries what comes before it (for a group's first claim:
    the separator, the group's fields and ``"claims": [``; else the separator
    between claims) and after it (the closing brackets, for a group's last
    claim), so the groups are the concatenation of the claims' texts.
    """
    pa, pc = _pa()
    incident = groups["incident"]
    fields = {
        name: _COLUMNS[kind](groups[column] if frame == "group" else incident.map(spans[column]))
        for name, (frame, column, kind) in GROUP_FIELDS.items()
    }
    pad3, pad4 = "\n" + "  " * 3, "\n" + "  " * 4
    pieces = [_separators(len(groups), 2, first)]
    for i, (name, column) in enumerate(fields.items()):
        pieces += [_text(("{" if i == 0 else ",") + pad3 + _dumps(name) + ": "), column]
    pieces.append(_text("," + pad3 + '"claims": [' + pad4))
    heads = pc.binary_join_element_wise(*pieces, _text(""))
    heads = pa.concat_arrays([heads, pa.array([",\n" + "  " * 4], pa.large_string())])
    ends = np.cumsum(counts)
    which_head = np.full(len(claims), len(groups), dtype=np.int64)
    which_head[ends - counts] = np.arange(len(groups))
    which_tail = np.ones(len(claims), dtype=np.int64)
    which_tail[ends - 1] = 0
    before = heads.take(pa.array(which_head))
    after = pa.array(["\n" + "  " * 3 + "]\n" + "  " * 2 + "}", ""], pa.large_string()).take(
        pa.array(which_tail))
    encoders = {**dict.fromkeys(_NUMBER_FIELDS, finite), **dict.fromkeys(_DATE_FIELDS, days)}
    columns = {f: encoders.get(f, as_is)(claims[f]) for f in CLAIM_FIELDS}
    return _items(columns, 4, before, after)


def _groups(comparison: Comparison, claims: pd.DataFrame, counts: np.ndarray) -> Iterator:
    """The ``groups`` list (level 1), a chunk of groups at a time."""
    groups = comparison.groups
    spans = comparison.incidents.set_index("incident")
    ends = np.cumsum(counts)

    def pieces():
        for start, stop in _chunks(len(groups)):
            first_claim, last_claim = ends[start] - counts[start], ends[stop - 1]
            texts = _group_texts(groups.iloc[start:stop], claims.iloc[first_claim:last_claim],
                                 counts[start:stop], spans, "" if start == 0 else ",\n" + "  " * 2)
            yield _buffer(texts)

    return _list(1, pieces())


def json_parts(comparison: Comparison, review=None, by=()) -> Iterator:
    """:func:`comparison_document` as indented JSON, UTF-8, in parts (bytes or memoryviews) to write in order.

    With a gate or baseline review, or --explain's reasons, the document is
    small enough and irregular enough to go through ``json.dumps``.
    """
    layout = _in_group_order(comparison)
    reviewed = review is not None and (review.gate is not None or review.changes is not None)
    if layout is None or reviewed or comparison.reasons is not None:
        document = comparison_document(comparison, review, by)
        yield (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
        return
    incidents = _incident_frame(comparison)
    members = {
        "groups": lambda: _groups(comparison, *layout),
        "incidents": lambda: records(incidents, 1, {n: _COLUMNS[k] for n, k in INCIDENT_FIELDS.items()}),
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
    for i, name in enumerate([*SECTIONS, *(["rollup"] if by else [])]):
        yield (b"{\n  " if i == 0 else b",\n  ") + _dumps(name).encode() + b": "
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
