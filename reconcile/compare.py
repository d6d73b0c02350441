"""The comparison: claims lined up per incident × perpetrator × victims.

For each group, each source's latest claim (by ``published``, ignoring claims
published after ``as_of``) is compared with every other source's. A pair is

- ``consistent`` when the best figures differ by at most ``tolerance`` of
  the larger one, whatever the intervals;
- ``overlapping`` when they differ by more but the intervals overlap (both
  can still be true);
- ``disjoint`` when they differ by more and the intervals do not overlap.

A group's status is its worst pair's (ties: the larger ratio); a group with
one source is ``single-source``. Everything is computed with merges and
group-bys over the claim frame, never a Python loop over rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from reconcile.actors import UNATTRIBUTED
from reconcile.arrays import best_in_runs, distinct_pairs, pairs_within_runs
from reconcile.consistency import inconsistencies
from reconcile.parallel import run_tasks, take_rows, workers_for
from reconcile.riding import narrowed, widened
from reconcile.text import items_per_key, join_by_codes, join_per_key, rows_of, spread
from reconcile.totals import ALL_PERPETRATORS, all_perpetrator_claims
from reconcile.victims import category_order

GROUP_KEY = ["incident", "perpetrator", "victims"]
#: the claim columns comparing reads or writes, and the names of those it adds to the claims (an
#: input column of that name is overwritten, as it always was); the others ride along
#: (:mod:`reconcile.riding`), among them an input ``parts`` (the all-perpetrator sums' own count
#: of parts is dropped before their rows join the claims).
COMPARED_COLUMNS = frozenset({
    "origin", "source", "incident", "event_id", "date_start", "date_end", "place", "perpetrator_raw",
    "perpetrator", "victims", "figure", "low", "best", "high", "qualifier", "published", "actor_status",
    "place_units", "place_names", "incident_matched",
    "group_id", "superseded_by", "reason", "input_order",
})
SEVERITY = {"single-source": 0, "consistent": 1, "overlapping": 2, "disjoint": 3}
STATUS_MEANING = {
    "consistent": "best figures within the tolerance of each other",
    "overlapping": "figures differ, but the intervals overlap: both can be true",
    "disjoint": "intervals do not overlap: the claims cannot both be true",
    "single-source": "only one source gives a figure",
}


@dataclass(frozen=True, repr=False)
class Comparison:
    """Everything the renderers show; one object, many renderings.

    ``groups`` has one row per incident × perpetrator × victims (its status and spread),
    ``claims`` each source's compared claim per group; the ``to_*`` methods give what
    ``reconcile compare --format ...`` prints (docs/columns.md lists the columns).
    """

    groups: pd.DataFrame
    claims: pd.DataFrame
    superseded: pd.DataFrame
    attributions: pd.DataFrame
    inconsistencies: pd.DataFrame
    incidents: pd.DataFrame
    rejected: pd.DataFrame
    rows: dict[str, int]
    tolerance: float = 0.1
    as_of: pd.Timestamp | None = None
    blank_lines: int = 0
    reasons: pd.DataFrame | None = None  # with --explain: why claims were joined or kept apart
    #: input rows that gave no claim (``origin``, ``reason``), e.g. an incident without a death figure.
    skipped: pd.DataFrame | None = None
    #: how each file was read (``--verbose``) and what the user should know about it (stderr).
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def summary(self, by: Sequence[str] | str = ("perpetrator", "victims")) -> pd.DataFrame:
        """The groups rolled up by ``by`` (columns of :attr:`groups`), as ``compare --by`` shows them."""
        from reconcile.errors import UsageError, library_words
        from reconcile.rollup import roll_up

        if by is None or not isinstance(by, (str, Sequence)):
            raise TypeError(f"by: expected a key or a list of keys, not {type(by).__name__}")
        try:
            return roll_up(self, [by] if isinstance(by, str) else list(by))
        except ValueError as exc:  # a key that is none: worded for --by
            raise UsageError(library_words(str(exc))) from None

    def to_json(self) -> str:
        """What ``reconcile compare --format json`` prints."""
        return self._render("json")

    def to_markdown(self) -> str:
        """What ``reconcile compare --format markdown`` prints."""
        return self._render("markdown")

    def to_html(self) -> str:
        """What ``reconcile compare --format html`` writes: one page, no scripts, no network."""
        return self._render("html")

    def _repr_html_(self) -> str:
        """The report, as a notebook shows it (without the page around it)."""
        from reconcile.render.html import comparison_html
        from reconcile.triage import plan

        return comparison_html(self, page=False, view=plan(self))

    def _render(self, fmt: str) -> str:
        from reconcile.render import render_comparison
        from reconcile.triage import plan

        return render_comparison(self, fmt, view=plan(self))  # as the command shows it without --by or --all

    def __repr__(self) -> str:
        statuses = self.groups["status"].value_counts() if "status" in self.groups else {}
        counted = ", ".join(f"{statuses[s]} {s}" for s in reversed(SEVERITY) if s in statuses)
        groups, incidents = len(self.groups), len(self.incidents)
        return (f"<Comparison: {groups} group{'s' * (groups != 1)} "
                f"in {incidents} incident{'s' * (incidents != 1)}"
                f"{': ' + counted if counted else ''}; rows: {self.rows.get('read', 0)} read, "
                f"{self.rows.get('used', 0)} used, {self.rows.get('rejected', 0)} rejected>")


def _shared(claims: pd.DataFrame, key: list[str]) -> np.ndarray:
    """Which claims share their ``key`` with another (``duplicated(key, keep=False)``). Where the
    key holds the origin, nearly unique, claims with an origin of their own are ruled out by
    that one column first: hashing the whole key of a million claims takes 0.5 s."""
    if "origin" not in key:
        return claims.duplicated(key, keep=False).to_numpy()
    shared = claims["origin"].duplicated(keep=False).to_numpy().copy()
    if shared.any():
        shared[shared] = claims.loc[shared].duplicated(key, keep=False).to_numpy()
    return shared


def _add_up(claims: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """Claims sharing ``key`` summed into one: intervals add up, figures read ``3 + 2``,
    origins are listed, the latest publication date is kept."""
    shared = _shared(claims, key)
    if not shared.any():
        return claims
    parts = claims.loc[shared]
    sums = {"low": ("low", "sum"), "best": ("best", "sum"), "high": ("high", "sum"),
            "published": ("published", "max")}
    sums = {name: how for name, how in sums.items() if name not in key}
    grouped = parts.groupby(key, sort=False, dropna=False)
    summed = grouped.agg(**sums)
    codes = grouped.ngroup().to_numpy()  # numbered as agg orders them (sort=False: first appearance)
    joined = {name: sep for name, sep in {"figure": " + ", "origin": ", "}.items() if name not in key}
    for name, sep in joined.items():
        summed[name] = join_by_codes(codes, parts[name], sep, len(summed))
    # each set's first claim stands for it, in place: the first claims come in the order agg numbers
    first = np.ones(len(claims), dtype=bool)
    first[shared] = ~parts.duplicated(key).to_numpy()  # a claim of its own is first of its set
    kept = claims.loc[first]  # a new frame (a boolean take), so setting values below changes only it
    leads = shared[first]
    for name in [*sums, *joined]:
        kept.loc[leads, name] = summed[name].to_numpy()
    return kept if kept.index.is_monotonic_increasing else kept.sort_index()


def add_up_same_row(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims of one input row landing in one group and source, summed into one.

    One UCDP event gives a claim for each side's dead; when both sides map to
    the same canonical actor (two opposition factions fighting each other),
    both claims fall in one group. They are parts of one figure, not revisions
    of it.
    """
    return _add_up(claims, [*GROUP_KEY, "source", "origin"])


def add_up_events(latest: pd.DataFrame) -> pd.DataFrame:
    """A source's several events in one group (two UCDP events in one incident) summed.

    Revisions are per event (:func:`select_latest`); different events of one
    source are parts of its figure for the incident.
    """
    return _add_up(latest, [*GROUP_KEY, "source"])


def select_latest(claims: pd.DataFrame, as_of: pd.Timestamp | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each source's latest claim per group (and per event, for event datasets), and
    the claims left out (with why).

    Claims without a publication date count as older than any dated one; among
    equals the later row in the input wins.
    """
    if "event_id" not in claims.columns:
        claims = claims.assign(event_id="")
    claims = claims.assign(input_order=np.arange(len(claims)))
    late = claims["published"] > as_of if as_of is not None else pd.Series(False, index=claims.index)
    late = late.fillna(False).astype(bool)
    claim_key = [*GROUP_KEY, "source", "event_id"]
    current = claims.loc[~late] if late.any() else claims  # no copy of a million rows for nothing
    # Sorted by the claim key (as codes numbered in key order: sorting five text columns is slow),
    # then publication date (undated first: NaT is the smallest int64) and input order.
    codes = current.groupby(claim_key, sort=True, dropna=False).ngroup().to_numpy()
    published = current["published"].to_numpy(dtype="datetime64[us]").view(np.int64)
    order = np.lexsort((current["input_order"].to_numpy(), published, codes))
    codes = codes[order]
    newest = np.ones(len(codes), dtype=bool)
    newest[:-1] = codes[1:] != codes[:-1]
    # One take of the (wide) rows for each part, not a sorted copy first.
    latest = take_rows(current, order[newest])
    replaced = take_rows(current, order[~newest])
    # a replaced claim's key ends, in sorted order, at the latest claim that replaced it
    successor = np.searchsorted(np.flatnonzero(newest), np.flatnonzero(~newest))
    replaced["superseded_by"] = latest["origin"].take(successor).reset_index(drop=True).astype(str)
    replaced["reason"] = "superseded by " + replaced["superseded_by"].astype(str)
    after = claims.loc[late].assign(superseded_by="", reason="published after --as-of")
    left_out = pd.concat([replaced, after], ignore_index=True).sort_values("input_order", kind="stable")
    return latest, left_out.drop(columns="input_order").reset_index(drop=True)


_STATUS_BY_SEVERITY = np.array(sorted(SEVERITY, key=SEVERITY.__getitem__))


def _pair_severity(best_a, best_b, low_a, low_b, high_a, high_b, tolerance: float) -> np.ndarray:
    """Each pair's status as its :data:`SEVERITY`."""
    larger = np.maximum(best_a, best_b)
    close = np.abs(best_a - best_b) <= tolerance * larger
    overlap = np.maximum(low_a, low_b) <= np.minimum(high_a, high_b)
    return np.where(close, SEVERITY["consistent"],
                    np.where(overlap, SEVERITY["overlapping"], SEVERITY["disjoint"]))


def _ratio(larger: pd.Series, smaller: pd.Series) -> pd.Series:
    """larger / smaller, with 0/0 = 1 and N/0 = inf."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = larger / smaller
    return ratio.where(larger > 0, 1.0)


def _self_pairs(frame: pd.DataFrame, key: str, rising: str) -> pd.DataFrame:
    """``frame.merge(frame, on=key, suffixes=("_a", "_b"))``, the pairs whose ``rising`` column
    increases from a to b; where the key is sorted (compare's claims in group order), without
    the hash join, and only those pairs' values gathered."""
    keys = frame[key].to_numpy()
    if not (len(keys) < 2 or bool((keys[1:] >= keys[:-1]).all())):
        pairs = frame.merge(frame, on=key, suffixes=("_a", "_b"))
        return pairs.loc[pairs[rising + "_a"] < pairs[rising + "_b"]].reset_index(drop=True)
    left, right = pairs_within_runs(keys)
    order = frame[rising].to_numpy()
    kept = order[left] < order[right]
    left, right = left[kept], right[kept]
    others = [c for c in frame.columns if c != key]
    columns = {key: keys[left]}
    for suffix, rows in (("_a", left), ("_b", right)):
        columns.update({c + suffix: frame[c].to_numpy()[rows] for c in others})
    return pd.DataFrame(columns, copy=False)


def worst_pairs(latest: pd.DataFrame, tolerance: float) -> pd.DataFrame:
    """Per group with two or more sources: the worst pair, its status and ratio."""
    cols = ["group_id", "source", "low", "best", "high"]
    several = latest.loc[latest["group_id"].duplicated(keep=False), cols]
    # sources as codes that sort as their names do: comparing and sorting text is slow
    code, names = pd.factorize(several["source"], sort=True)
    several = several.assign(source=code)
    pairs = _self_pairs(several, "group_id", "source")
    best_a, best_b = pairs["best_a"].to_numpy(), pairs["best_b"].to_numpy()
    severity = _pair_severity(best_a, best_b, pairs["low_a"].to_numpy(), pairs["low_b"].to_numpy(),
                              pairs["high_a"].to_numpy(), pairs["high_b"].to_numpy(), tolerance)
    ratio = _ratio(pd.Series(np.fmax(best_a, best_b)), pd.Series(np.fmin(best_a, best_b))).to_numpy()
    # each distinct pair named once, ranked by its name
    firsts, seconds, pair_code = distinct_pairs(pairs["source_a"].to_numpy(), pairs["source_b"].to_numpy(),
                                                len(names))
    named = pd.Series([f"{names[a]} vs {names[b]}"
                       for a, b in zip(firsts.tolist(), seconds.tolist(), strict=True)], dtype="str")
    rank = named.rank(method="dense").to_numpy()[pair_code]
    # the worst pair: highest severity, then ratio (NaN last), then first by name
    known = ~np.isnan(ratio)
    criteria = [severity, known, np.where(known, ratio, 0.0), -rank]
    group_id = pairs["group_id"].to_numpy()
    order = np.argsort(group_id, kind="stable")  # no work where the claims came in group order
    picked = order[best_in_runs(group_id[order], *(values[order] for values in criteria))]
    return pd.DataFrame({"group_id": group_id[picked],
                         "status": spread(_STATUS_BY_SEVERITY, severity[picked], pd.RangeIndex(len(picked))),
                         "pair": spread(named, pair_code[picked], pd.RangeIndex(len(picked)))})


def attribution_conflicts(latest: pd.DataFrame) -> pd.DataFrame:
    """Sources blaming the same incident's deaths on different actors.

    Two sources conflict over an (incident, victims) when both name
    perpetrators (mapped to actors) and they name none in common. Sources that break a toll down
    differently but agree on some actor are no conflict: that is coverage,
    not attribution. Returns one row per (incident, victims, source,
    perpetrator) of the conflicting sources.
    """
    # A string we could not map to an actor names no actor we know: it conflicts with nobody.
    known = latest["actor_status"] != "unmapped" if "actor_status" in latest else True
    named = latest.loc[(latest["perpetrator"] != UNATTRIBUTED) & known,
                       ["incident", "victims", "source", "perpetrator"]]
    named = named.drop_duplicates().reset_index(drop=True)
    scope = ["incident", "victims"]
    # Integer codes: the self-joins below run over every (incident, victims) of the input.
    codes = pd.DataFrame({
        "scope": named.groupby(scope, sort=False).ngroup().to_numpy(),
        "source": pd.factorize(named["source"])[0],
        "actor": pd.factorize(named["perpetrator"])[0],
    })
    sizes = codes.groupby(["scope", "source"]).size().rename("named").reset_index()
    shared = codes.merge(codes, on=["scope", "actor"], suffixes=("_a", "_b"))
    shared = shared.loc[shared["source_a"] < shared["source_b"]]
    shared = shared.groupby(["scope", "source_a", "source_b"]).size().rename("shared").reset_index()
    pairs = sizes.merge(sizes, on="scope", suffixes=("_a", "_b"))
    pairs = pairs.loc[pairs["source_a"] < pairs["source_b"]].merge(
        shared, on=["scope", "source_a", "source_b"], how="left"
    )
    conflicting = pairs.loc[pairs["shared"].isna()]
    sources = pd.concat([
        conflicting[["scope", "source_a"]].rename(columns={"source_a": "source"}),
        conflicting[["scope", "source_b"]].rename(columns={"source_b": "source"}),
    ]).drop_duplicates()
    keep = pd.MultiIndex.from_frame(codes[["scope", "source"]]).isin(pd.MultiIndex.from_frame(sources))
    result = named.loc[keep]
    return result.sort_values([*scope, "source", "perpetrator"]).reset_index(drop=True)


def incident_spans(claims: pd.DataFrame) -> pd.DataFrame:
    """Each incident's date span, places (resolved names, else the text) and whether it was matched."""
    shown = claims["place_names"].where(claims["place_names"] != "", claims["place"])
    places = items_per_key(claims["incident"], shown)
    spans = claims.groupby("incident").agg(
        start=("date_start", "min"), end=("date_end", "max"), matched=("incident_matched", "any"),
        claims=("origin", "size"),
    )
    spans["places"] = places.reindex(spans.index).fillna("")
    return spans.reset_index().sort_values(["start", "incident"]).reset_index(drop=True)


_EVERY_FIELD = ["incident", "source", "date_start", "date_end", "place_units", "perpetrator", "victims"]


def _several_events(claims: pd.DataFrame) -> pd.Series:
    """Per incident, a note where one source's events share every field a claim has.

    Matching cannot tell such events apart (two UCDP events on one day, in one
    district, by one actor): the incident may hold several events, and says so.
    Incidents a file labelled itself are left alone.
    """
    if "event_id" not in claims.columns:
        return pd.Series(dtype=str)
    # Only where matching put them together: a file's own label (a toll's components) is the file's word.
    matched = claims["incident_matched"].astype(bool) if "incident_matched" in claims else True
    events = claims.loc[(claims["event_id"].fillna("") != "") & matched,
                        [c for c in _EVERY_FIELD if c in claims] + ["event_id"]]
    if events.empty:
        return pd.Series(dtype=str)
    shared = events.groupby([c for c in _EVERY_FIELD if c in events], dropna=False)["event_id"].nunique()
    shared = shared.loc[shared > 1].reset_index()
    if shared.empty:
        return pd.Series(dtype=str)
    worst = shared.groupby(["incident", "source"], as_index=False)["event_id"].max()
    text = ("may hold several events: " + worst["event_id"].astype(str) + " of " + worst["source"]
            + "'s events share every field a claim has")
    return join_per_key(worst["incident"], text, "; ")


def _ordered(groups: pd.DataFrame, incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents by start date; unattributed last; categories in tree order."""
    # Sorted on integer codes (text sorts and dict lookups cost seconds at 0.5M groups); the
    # groups are distinct, so the order is total.
    incident_rank = rows_of(groups["incident"], incidents["incident"])
    order = category_order()
    tree = pd.Series(order, dtype="float64")
    victims_code, victims_names = pd.factorize(groups["victims"], sort=True)
    tree_rank = tree.reindex(victims_names).fillna(len(order)).to_numpy()[victims_code]
    keys = (
        victims_code, tree_rank, pd.factorize(groups["perpetrator"], sort=True)[0],
        (groups["perpetrator"] == UNATTRIBUTED).to_numpy(),
        (groups["perpetrator"] == ALL_PERPETRATORS).to_numpy(),
        incident_rank,
    )
    return groups.iloc[np.lexsort(keys)]


#: claims below which compare runs in one process: forking a worker costs more.
PARALLEL_CLAIMS = 200_000


def _checked(latest: pd.DataFrame, reports: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parts larger than their whole in one report, and sources blaming different actors."""
    return inconsistencies(reports), attribution_conflicts(latest)


def _lined_up(latest: pd.DataFrame, reports: pd.DataFrame,
              tolerance: float) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The groups (each source's figure, worst pair, spread), their claims in group order, and
    the incidents."""
    incidents = incident_spans(latest)
    several = _several_events(reports)
    incidents["note"] = incidents["incident"].map(several).astype(object).fillna("").astype(str) \
        if len(several) else ""
    figures = pd.concat([latest, all_perpetrator_claims(latest)], ignore_index=True)
    grouped = figures.groupby(GROUP_KEY, as_index=False)
    groups = grouped.agg(sources=("source", "nunique"), best_max=("best", "max"), best_min=("best", "min"))
    ordered = _ordered(groups, incidents)
    # Each claim's group from the same grouping (numbered as ``groups`` is, before ordering; no
    # number where a key is missing), then the wide rows taken once, in order.
    number = grouped.ngroup().to_numpy(dtype=np.float64)
    position = np.flatnonzero(~np.isnan(number))
    group_of = np.empty(len(groups), dtype=np.int64)
    group_of[ordered.index.to_numpy()] = np.arange(len(groups))
    group_id = group_of[number[position].astype(np.int64)]
    groups = ordered.reset_index(drop=True)
    groups["group_id"] = np.arange(len(groups))
    by_source = pd.factorize(figures["source"], sort=True)[0][position]  # codes sort as the text does
    order = np.lexsort((by_source, group_id))
    latest = take_rows(figures, position[order])
    latest["group_id"] = group_id[order]
    del figures, grouped  # the rows in group order are a copy: at 1M claims 0.6 GB less held from here

    worst = worst_pairs(latest, tolerance)
    groups = groups.merge(worst, on="group_id", how="left")
    groups["status"] = groups["status"].fillna("single-source")
    groups["pair"] = groups["pair"].fillna("")
    groups["spread"] = _ratio(groups["best_max"], groups["best_min"])
    groups["difference"] = groups["best_max"] - groups["best_min"]
    return groups, latest, incidents


def compare(
    claims: pd.DataFrame,
    rejected: pd.DataFrame,
    rows: dict[str, int],
    tolerance: float = 0.1,
    as_of: pd.Timestamp | None = None,
    blank_lines: int = 0,
    reasons: pd.DataFrame | None = None,
    skipped: pd.DataFrame | None = None,
) -> Comparison:
    """Line up ``claims`` (normalised, incidents assigned) into a :class:`Comparison`."""
    work, riding = narrowed(claims, COMPARED_COLUMNS)
    latest, superseded = select_latest(add_up_same_row(work), as_of)
    reports = latest  # one claim per group, source and event: what parts and wholes are checked in
    latest = add_up_events(latest)
    # The checks within reports and between sources need only these claims: at scale a worker
    # runs them while the groups are lined up here.
    tasks: list[Callable[[], tuple]] = [partial(_lined_up, latest, reports, tolerance),
                                        partial(_checked, latest, reports)]
    (groups, latest, incidents), (inconsistent, attributions) = run_tasks(
        tasks, workers_for(len(latest), PARALLEL_CLAIMS))
    del tasks, reports  # the claims before lining up (0.9 GB at 3M), held by the tasks till here
    disputed = attributions[["incident", "victims"]].drop_duplicates().assign(attribution_conflict=True)
    groups = groups.merge(disputed, on=["incident", "victims"], how="left")
    groups["attribution_conflict"] = groups["attribution_conflict"].fillna(False).astype(bool)
    groups = groups.drop(columns=["best_max", "best_min"])

    return Comparison(
        groups=groups,
        claims=widened(latest, claims, riding),
        superseded=widened(superseded, claims, riding),
        attributions=attributions,
        inconsistencies=inconsistent,
        incidents=incidents,
        rejected=rejected,
        rows=rows,
        tolerance=tolerance,
        as_of=as_of,
        blank_lines=blank_lines,
        reasons=reasons,
        skipped=skipped,
    )
