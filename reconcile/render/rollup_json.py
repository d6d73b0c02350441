"""Coverage and the roll-up as JSON data: the document's ``coverage`` and, with --by, ``rollup``.

Their fields are listed in render/json.py with the document's others.
"""

from __future__ import annotations

from reconcile.compare import Comparison


def coverage_records(comparison: Comparison) -> list[dict]:
    """Each pair of sources: incidents both report, each alone, the days each one's claims cover."""
    from reconcile.render.json import _PYTHON, COVERAGE_FIELDS
    from reconcile.rollup import coverage

    return [{name: _PYTHON[kind](row[name]) for name, kind in COVERAGE_FIELDS.items()}
            for row in coverage(comparison).to_dict("records")]


def rollup_document(comparison: Comparison, by) -> dict:
    """The roll-up by ``by`` as plain Python data (the document's ``rollup``)."""
    from reconcile.render.json import (
        _NUMBER_FIELDS,
        _PYTHON,
        DISAGREEMENT_FIELDS,
        ROLLUP_FIELDS,
        ROLLUP_SOURCE_FIELDS,
        _finite,
    )
    from reconcile.rollup import roll_up_parts, rollup_sources, row_keys, source_columns

    keys = row_keys(by)
    frame, found = roll_up_parts(comparison, by)
    sources = rollup_sources(frame)
    claims = comparison.claims
    claims = claims.loc[claims["group_id"].isin(found["group_id"])].sort_values(["group_id", "source"])
    said: dict[int, list[dict]] = {}
    for claim in claims[["group_id", "source", "figure", "low", "best", "high"]].to_dict("records"):
        group_id = claim.pop("group_id")
        said.setdefault(group_id, []).append({**claim, **{f: _finite(claim[f]) for f in _NUMBER_FIELDS}})
    disputes: dict[int, list[dict]] = {}
    for row in found.to_dict("records"):
        disputes.setdefault(row["row"], []).append({
            **{name: _PYTHON[kind](row[name]) for name, kind in DISAGREEMENT_FIELDS.items()},
            "claims": said.get(row["group_id"], []),
        })
    rows = []
    for number, row in enumerate(frame.to_dict("records")):
        given = []
        for source in sources:
            values = dict(zip(ROLLUP_SOURCE_FIELDS, (row[c] for c in source_columns(source)), strict=True))
            if values["incidents"]:
                given.append({"source": source, **{f: _PYTHON[kind](values[f])
                                                   for f, kind in ROLLUP_SOURCE_FIELDS.items()}})
        rows.append({
            **{key: row[key] for key in keys},
            **{name: _PYTHON[kind](row[name]) for name, kind in ROLLUP_FIELDS.items()},
            "sources": given,
            "largest_disagreements": disputes.get(number, []),
        })
    return {"by": keys, "rows": rows}
