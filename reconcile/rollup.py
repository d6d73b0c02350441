"""Roll-ups: the comparison added up per perpetrator, victims, source, year ...; and coverage,
which incidents each pair of sources reports.

A roll-up row is one value of the keys (``Assad government forces · civilians``).
Its groups are the comparison's groups with that value: a group counts under
every source (and country) that has a claim in it. For the row it gives each
source's incidents and its figures added up (low, best and high: intervals add
up), the incidents that two or more sources report, the statuses of the groups
compared there, the median and worst spread, and the largest disagreements.

Rows are always split by victims too: categories nest (civilians are part of the
total), so their figures never add up. Where the rows are not split by
perpetrator, a source's figures for one incident and victims add up as
compare's "all perpetrators" row counts them: a report's toll where it gives one
(its unattributed figure), not the toll and its own parts by perpetrator; the
"all perpetrators" groups themselves are left out of the sums (their statuses
still count). Events (claims with an event id, as UCDP's and ACLED's) are
separate reports, so all their figures add up.

Everything is group-bys and merges over the comparison's frames, never a
Python loop over its rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from reconcile.actors import UNATTRIBUTED
from reconcile.arrays import distinct
from reconcile.compare import SEVERITY, Comparison
from reconcile.dates import OPEN_END, OPEN_START
from reconcile.text import join_per_key, map_distinct, parse_choices
from reconcile.totals import ALL_PERPETRATORS

#: what a roll-up can be keyed by.
KEYS = ("perpetrator", "victims", "source", "year", "month", "country", "incident")
KEY_HELP = ", ".join(KEYS)
#: the roll-up shown first when a big comparison is triaged.
TRIAGE_KEYS = ("perpetrator", "victims")
#: disagreements listed per row.
PER_ROW = 3
#: the columns every roll-up has after its keys; then each source's ``"SOURCE: incidents"``,
#: ``": best"``, ``": low"``, ``": high"``; then :data:`DISAGREEMENTS`.
COUNTS = ("incidents", "shared_incidents", "compared_groups", "disjoint", "overlapping", "consistent")
SPREADS = ("median_spread", "worst_spread")
SOURCE_FIELDS = ("incidents", "best", "low", "high")
DISAGREEMENTS = "largest_disagreements"
#: the columns of :func:`coverage`.
COVERAGE_COLUMNS = ("source_a", "source_b", "both", "only_a", "only_b", "incidents_a", "incidents_b",
                    "start_a", "end_a", "start_b", "end_b", "dates_overlap")

_GROUP_KEYS = ("perpetrator", "victims", "incident")
#: what puts a perpetrator, source or country first: disputes, then comparisons, then incidents.
_WEIGHT = ("disjoint", "overlapping", "compared_groups", "incidents")


def parse_keys(values: Sequence[str]) -> tuple[str, ...]:
    """``--by`` values (repeated and/or comma-separated) -> keys; ValueError naming a value that
    is not one."""
    return parse_choices(values, KEYS, "--by", "key", KEY_HELP)


def row_keys(by: Sequence[str]) -> list[str]:
    """The keys rows are split by: ``by``, then victims if ``by`` lacks it."""
    keys = list(parse_keys(by))
    return keys if "victims" in keys else [*keys, "victims"]


def source_columns(source: str) -> list[str]:
    """A source's columns in a roll-up: ``"SOHR: incidents"``, ``"SOHR: best"`` ..."""
    return [f"{source}: {field}" for field in SOURCE_FIELDS]


def rollup_sources(frame: pd.DataFrame) -> list[str]:
    """The sources a roll-up has columns for, in column order."""
    suffix = ": incidents"
    return [c[: -len(suffix)] for c in frame.columns if c.endswith(suffix) and c not in COUNTS]


# -- what each group counts under ------------------------------------------------------------


def _time_labels(incidents: pd.DataFrame, unit: str) -> pd.DataFrame:
    """Each incident's year (or month), ``2016–2019`` when it spans several, ``to 2025`` for a
    toll without a start, ``undated`` for one without either; and its start, to sort labels by."""
    start = incidents["start"].to_numpy(dtype="datetime64[s]")
    end = incidents["end"].to_numpy(dtype="datetime64[s]")
    fmt = "%Y" if unit == "year" else "%Y-%m"
    first = pd.Series(start).dt.strftime(fmt).fillna("")
    last = pd.Series(end).dt.strftime(fmt).fillna("")
    opened = start <= np.datetime64(OPEN_START)
    ended = end >= np.datetime64(OPEN_END)
    label = first.where(first == last, first + "–" + last)
    label = label.mask(opened, "to " + last).mask(ended, "from " + first).mask(opened & ended, "undated")
    return pd.DataFrame({"incident": incidents["incident"].to_numpy(), "label": label.to_numpy(),
                         "start": start})


def _countries(claims: pd.DataFrame) -> pd.Series:
    """Each claim's country by name ("unknown" where its places name none)."""
    codes = claims["claim_country"] if "claim_country" in claims else pd.Series("", index=claims.index)
    codes = codes.fillna("").astype(str)
    distinct = pd.Series(codes.unique())
    from reconcile.places import unit_name

    names = distinct.map(lambda code: unit_name(code) if code else "unknown")
    return codes.map(dict(zip(distinct, names, strict=True)))


def _values(comparison: Comparison, key: str) -> pd.DataFrame:
    """``group_id`` and ``key``: the value(s) each group counts under."""
    groups, claims = comparison.groups, comparison.claims
    if key in _GROUP_KEYS:
        return groups[["group_id", key]]
    if key in ("year", "month"):
        labels = _time_labels(comparison.incidents, key).set_index("incident")["label"]
        return pd.DataFrame({"group_id": groups["group_id"].to_numpy(),
                             key: groups["incident"].map(labels).to_numpy()})
    if key == "source":
        return claims[["group_id", "source"]].drop_duplicates()
    return pd.DataFrame({"group_id": claims["group_id"].to_numpy(),
                         key: _countries(claims).to_numpy()}).drop_duplicates()


def _members(comparison: Comparison, keys: list[str]) -> pd.DataFrame:
    """``row``, ``group_id``: each group under each row it counts in; and the rows' key values."""
    members = _values(comparison, keys[0])
    for key in keys[1:]:
        members = members.merge(_values(comparison, key), on="group_id")
    members = members.reset_index(drop=True)
    members["row"] = members.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    return members


# -- the roll-up --------------------------------------------------------------------------------


def _group_facts(comparison: Comparison) -> pd.DataFrame:
    facts = comparison.groups[["group_id", "incident", "perpetrator", "victims", "status", "spread",
                               "difference", "sources"]]
    return facts.rename(columns={"incident": "_incident", "perpetrator": "_perpetrator",
                                 "victims": "_victims"})


def _row_counts(rows: pd.DataFrame, members: pd.DataFrame, facts: pd.DataFrame,
                seen: pd.DataFrame) -> pd.DataFrame:
    """Per row: incidents, incidents two or more sources report, the compared groups' statuses and spreads."""
    per_group = members[["row", "group_id"]].merge(facts, on="group_id")
    counts = pd.DataFrame(index=rows.index)
    counts["incidents"] = per_group.groupby("row")["_incident"].nunique()
    sources = seen.groupby(["row", "incident"]).size()
    counts["shared_incidents"] = (sources >= 2).groupby(level="row").sum()
    compared = per_group.loc[per_group["sources"] >= 2]
    statuses = compared.groupby(["row", "status"]).size().unstack(fill_value=0)
    counts["compared_groups"] = compared.groupby("row").size()
    for status in ("disjoint", "overlapping", "consistent"):
        counts[status] = statuses[status] if status in statuses else 0
    counts = counts.fillna(0).astype("int64")
    spreads = compared.groupby("row")["spread"].agg(["median", "max"])
    counts["median_spread"] = spreads["median"].reindex(rows.index)
    counts["worst_spread"] = spreads["max"].reindex(rows.index)
    return counts


def _source_figures(rows: pd.DataFrame, in_rows: pd.DataFrame) -> pd.DataFrame:
    """Per row, each source's incidents and its figures added up, one column each."""
    summed = in_rows.loc[in_rows["summed"]]
    sums = summed.groupby(["row", "source"])[["best", "low", "high"]].sum()
    sums["incidents"] = summed[["row", "source", "incident"]].drop_duplicates().groupby(
        ["row", "source"]).size()
    wide = sums.unstack("source")
    sources = sorted(sums.index.get_level_values("source").unique())
    columns = {}
    for source in sources:
        for field, name in zip(SOURCE_FIELDS, source_columns(source), strict=True):
            values = wide[(field, source)].reindex(rows.index)
            columns[name] = values.fillna(0).astype("int64") if field == "incidents" else values
    return pd.DataFrame(columns, index=rows.index)


def _claims_in_rows(comparison: Comparison, members: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``row``, ``source``, ``incident``, figures: each claim under each row its group counts in;
    ``summed``: whether its figures are added up.

    Split by perpetrator, every claim adds up. Otherwise not the "all perpetrators" sums (they
    restate the others), nor a report's parts by perpetrator where the same report gives the toll
    in the same row (its unattributed figure for the same incident and victims, without an event
    id): decided per row, so a row holding a source's parts but not its toll still adds the parts.
    Events (claims with an event id) are separate reports: their figures all add up."""
    claims = comparison.claims
    frame = claims[["group_id", "source", "incident", "low", "best", "high"]]
    if "perpetrator" in keys:
        return members[["row", "group_id"]].merge(frame.assign(summed=True), on="group_id")
    event = (claims["event_id"].fillna("").astype(str) != "") if "event_id" in claims \
        else pd.Series(False, index=claims.index)
    frame = frame.assign(
        summed=(claims["perpetrator"] != ALL_PERPETRATORS).to_numpy(),
        report=((claims["perpetrator"] != ALL_PERPETRATORS) & ~event).to_numpy(),
        toll=(claims["perpetrator"] == UNATTRIBUTED).to_numpy(),
        victims_of=claims["victims"].to_numpy(),
    )
    rows = members[["row", "group_id"]].merge(frame, on="group_id")
    reports = rows.loc[rows["report"]]
    if len(reports):
        told = reports["toll"].groupby(
            [reports["row"], reports["incident"], reports["victims_of"], reports["source"]]).transform("any")
        rows.loc[reports.index[(told & ~reports["toll"]).to_numpy()], "summed"] = False
    return rows.drop(columns=["report", "toll", "victims_of"])


def _disagreements(comparison: Comparison, members: pd.DataFrame, facts: pd.DataFrame,
                   per_row: int) -> pd.DataFrame:
    """Per row, its ``per_row`` worst disputed groups: disjoint first, then by the gap between the figures."""
    from reconcile.render.numbers import ratio

    per_group = members[["row", "group_id"]].merge(facts, on="group_id")
    disputed = per_group.loc[per_group["status"].isin(["disjoint", "overlapping"])]
    disputed = disputed.assign(severity=disputed["status"].map(SEVERITY))
    disputed = disputed.sort_values(["row", "severity", "difference", "spread", "group_id"],
                                    ascending=[True, False, False, False, True], kind="stable")
    top = disputed.groupby("row", sort=False).head(per_row).reset_index(drop=True)
    columns = ["row", "group_id", "incident", "perpetrator", "victims", "status", "spread", "difference",
               "figures", "text"]
    top = top.rename(columns={"_incident": "incident", "_perpetrator": "perpetrator", "_victims": "victims"})
    if top.empty:
        return top.assign(figures=pd.Series(dtype=str), text=pd.Series(dtype=str))[columns]
    claims = comparison.claims
    claims = claims.loc[claims["group_id"].isin(top["group_id"]),
                        ["group_id", "source", "figure", "low", "high"]]
    claims = claims.sort_values(["group_id", "source"], kind="stable")
    said = join_per_key(claims["group_id"], claims["source"] + " " + _figure_text(claims), ", ")
    top["figures"] = top["group_id"].map(said).fillna("").astype(str)
    spread = map_distinct(top["spread"], ratio).astype(str)
    top["text"] = (top["incident"] + " · " + top["perpetrator"] + " · " + top["victims"] + ": "
                   + top["figures"] + " (" + top["status"] + " " + spread + ")")
    return top[columns]


def _figure_text(claims: pd.DataFrame) -> pd.Series:
    """A claim's figure as the source wrote it ("more than 700"); a sum of several ("0 + 2 + 1")
    as its interval."""
    from reconcile.render.numbers import number

    figure = claims["figure"].astype(str)
    low = map_distinct(claims["low"], number).astype(str)
    high = map_distinct(claims["high"], number).astype(str)
    summed = (low + "–" + high).where(low != high, low)
    summed = summed.where(~np.isinf(claims["high"].to_numpy(dtype="float64")), "≥" + low)
    return figure.where(~figure.str.contains(" + ", regex=False), summed)


def _order(rows: pd.DataFrame, keys: list[str], comparison: Comparison) -> np.ndarray:
    """Rows nested by the keys in the order given: years and months by date, incidents as the
    tables list them, victims in tree order, the others most disputed first."""
    from reconcile.victims import category_order

    ranks = []
    for key in keys:
        values = rows[key].astype(str)
        if key in ("year", "month"):
            labels = _time_labels(comparison.incidents, key).groupby("label")["start"].min()
            rank = values.map(labels).rank(method="dense").fillna(0).to_numpy()
        elif key == "incident":
            rank = pd.Index(comparison.incidents["incident"]).get_indexer(values)
        elif key == "victims":
            order = category_order()
            rank = values.map(order).fillna(len(order)).to_numpy()
        else:
            weight = rows.groupby(key)[list(_WEIGHT)].sum().reset_index()
            weight[key] = weight[key].astype(str)
            ordered = weight.sort_values([*_WEIGHT, key], ascending=[False] * len(_WEIGHT) + [True],
                                         kind="stable")
            rank = values.map(pd.Series(np.arange(len(ordered)), index=ordered[key])).to_numpy()
        ranks += [rank, values.to_numpy()]
    return np.lexsort(list(reversed(ranks)))


def _empty(keys: list[str]) -> pd.DataFrame:
    columns = {**{key: pd.Series(dtype=str) for key in keys}, **{c: pd.Series(dtype="int64") for c in COUNTS},
               **{c: pd.Series(dtype="float64") for c in SPREADS}, DISAGREEMENTS: pd.Series(dtype=str)}
    return pd.DataFrame(columns)


def roll_up_parts(comparison: Comparison, by: Sequence[str], per_row: int = PER_ROW
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`roll_up`, and its disagreements one a line (``row``: the roll-up's row number;
    ``group_id``, ``incident``, ``perpetrator``, ``victims``, ``status``, ``spread``,
    ``difference``, ``figures``, ``text``)."""
    keys = row_keys(by)
    if comparison.groups.empty:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in ["row", "group_id", "text"]})
        return _empty(keys), empty
    members = _members(comparison, keys)
    rows = members.drop_duplicates("row").set_index("row")[keys].sort_index()
    facts = _group_facts(comparison)
    in_rows = _claims_in_rows(comparison, members, keys)
    seen = in_rows[["row", "incident", "source"]].drop_duplicates()
    rows = rows.join(_row_counts(rows, members, facts, seen)).join(_source_figures(rows, in_rows))
    found = _disagreements(comparison, members, facts, per_row)
    rows[DISAGREEMENTS] = (join_per_key(found["row"], found["text"], "; ").reindex(rows.index)
                           .fillna("").astype(str))
    order = _order(rows, keys, comparison)
    position = pd.Series(np.arange(len(order)), index=rows.index[order])
    found["row"] = found["row"].map(position)
    found = found.sort_values(["row"], kind="stable").reset_index(drop=True)
    return rows.iloc[order].reset_index(drop=True), found


def roll_up(comparison: Comparison, by: Sequence[str]) -> pd.DataFrame:
    """The comparison added up per value of ``by`` (any of :data:`KEYS`; victims is always added).

    One row per key value, in display order: the key columns, then :data:`COUNTS`
    (incidents; incidents reported by two or more sources; groups compared, and how
    many of them are disjoint, overlapping, consistent), :data:`SPREADS` over the
    compared groups (NaN without any), each source's columns (:func:`source_columns`:
    incidents, and best, low and high added up; NaN where it has no claim) and
    :data:`DISAGREEMENTS` (the worst few groups, as text joined by ``; ``).
    """
    return roll_up_parts(comparison, by)[0]


# -- coverage -----------------------------------------------------------------------------------


def source_spans(comparison: Comparison) -> pd.DataFrame:
    """Each source: ``incidents`` it reports, and the ``start`` and ``end`` of the days its claims cover."""
    claims = comparison.claims
    if claims.empty:
        return pd.DataFrame({"source": pd.Series(dtype=str), "incidents": pd.Series(dtype="int64"),
                             "start": pd.Series(dtype="datetime64[s]"),
                             "end": pd.Series(dtype="datetime64[s]")})
    spans = claims.groupby("source").agg(start=("date_start", "min"), end=("date_end", "max"))
    seen, names = _sources_seen(claims)
    spans["incidents"] = pd.Series(np.bincount(seen["source"], minlength=len(names)), index=names)
    return spans.reset_index()[["source", "incidents", "start", "end"]]


def _sources_seen(claims: pd.DataFrame) -> tuple[pd.DataFrame, pd.Index]:
    """Each (incident, source) once, as integer codes (sources numbered in name order), and the
    sources' names: a million claims' text pairs are slow to deduplicate and join."""
    incident = pd.factorize(claims["incident"])[0].astype(np.int64)
    source, names = pd.factorize(claims["source"], sort=True)
    keys = distinct(incident * len(names) + source)
    return pd.DataFrame({"incident": keys // len(names), "source": keys % len(names)}), names


def coverage(comparison: Comparison) -> pd.DataFrame:
    """Per pair of sources (``source_a`` before ``source_b`` by name): the incidents ``both``
    report, those only one of them does (``only_a``, ``only_b``), each one's incidents, the
    days each one's claims cover, and whether those periods overlap (:data:`COVERAGE_COLUMNS`).

    Pairs sharing most incidents first. Empty with fewer than two sources.
    """
    spans = source_spans(comparison)
    if len(spans) < 2:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COVERAGE_COLUMNS})
    seen, names = _sources_seen(comparison.claims)
    shared = seen.merge(seen, on="incident", suffixes=("_a", "_b"))
    shared = shared.loc[shared["source_a"] < shared["source_b"]]  # codes in name order
    both = shared.groupby(["source_a", "source_b"]).size().rename("both").reset_index()
    both["source_a"], both["source_b"] = names.take(both["source_a"]), names.take(both["source_b"])
    a = spans.add_suffix("_a")
    b = spans.add_suffix("_b")
    pairs = a.merge(b, how="cross")
    pairs = pairs.loc[pairs["source_a"] < pairs["source_b"]]
    pairs = pairs.merge(both, on=["source_a", "source_b"], how="left")
    pairs["both"] = pairs["both"].fillna(0).astype("int64")
    pairs["only_a"] = pairs["incidents_a"] - pairs["both"]
    pairs["only_b"] = pairs["incidents_b"] - pairs["both"]
    pairs["dates_overlap"] = (np.maximum(pairs["start_a"], pairs["start_b"])
                              <= np.minimum(pairs["end_a"], pairs["end_b"]))
    pairs = pairs.sort_values(["both", "source_a", "source_b"], ascending=[False, True, True], kind="stable")
    return pairs[list(COVERAGE_COLUMNS)].reset_index(drop=True)
