"""Raw claim rows -> the normalised claim frame (docs/columns.md).

Parses figures into intervals (:mod:`reconcile.intervals`, which also reads
``low``, ``best``, ``high`` where a row gives them), dates into periods, maps
perpetrators to canonical actors on the claim's dates and victims to canonical categories.
A claim that cannot be used is rejected with every reason that applies; none
is lost: ``len(raw.rows) == len(claims) + len(rejected)``.

Rows and claims are counted apart (:attr:`Claims.rows`): ``read`` input rows
gave ``claims`` claims (one each in the generic format, several for a UCDP
event, none for a ``skipped`` row such as an Airwars incident without a death
figure), and ``claims = used + rejected``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from reconcile.actors import Catalogue, map_actor_lists
from reconcile.dates import OPEN_END, parse_periods
from reconcile.figures import NEGATIVE_FIGURE
from reconcile.intervals import claim_intervals, join_reasons, stripped_cells, widened_warning
from reconcile.parallel import take_rows
from reconcile.places import resolve_places
from reconcile.source_names import SOURCE_COLUMNS, SourceTable, resolve_sources
from reconcile.sources import RawClaims
from reconcile.text import map_distinct, on_distinct, spread
from reconcile.victims import canonical_victims

#: leading columns of the normalised frame, in this order; the input's other columns follow.
CLAIM_COLUMNS = [
    "origin", "source", "incident", "event_id", "date_start", "date_end", "place",
    "perpetrator_raw", "perpetrator", "victims", "figure", "low", "best", "high",
    "qualifier", "published", "actor_status", "actor_note", "actor_rule", "actor_id", "claim_country",
    "victims_raw", "place_units", "place_level1", "place_names", "place_status", "interval_note",
    "source_written", "source_rule",
]
PLACE_COLUMNS = ["place_units", "place_level1", "place_names", "place_status"]
_CONSUMED = {"date", "date_start", "date_end", "perpetrator", "victims", "published", "line", "file",
             "low", "best", "high"}
#: input columns that become claim columns of the same name.
_OURS = {"origin", "source", "incident", "event_id", "place", "figure"}


#: columns of :attr:`Claims.problems`, one row per failed check of a rejected row.
PROBLEM_COLUMNS = ["origin", "column", "value", "rule", "message"]


def _no_problems() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=str) for c in PROBLEM_COLUMNS})


def _no_cells() -> pd.DataFrame:
    return pd.DataFrame({"origin": pd.Series(dtype=str)})


def _no_rows() -> pd.DataFrame:
    return pd.DataFrame({"origin": pd.Series(dtype=str), "reason": pd.Series(dtype=str)})


@dataclass(frozen=True)
class Claims:
    """Usable claims, rejected claims (``origin``, ``reason``) and what was read.

    ``rows_read`` counts input rows, ``claims_read`` the claims they gave
    (``None``: one per row), ``skipped`` the input rows that gave none.
    ``problems`` says why each rejected claim was rejected, one row per failed
    check: ``origin``, ``column`` (canonical name), ``value`` (the cell),
    ``rule`` (``missing-value``, ``unparseable-figure``, ``negative-figure``,
    ``bad-interval``, ``bad-date``, ``date-order``) and ``message``; a rejected
    claim's ``reason`` is its messages joined with "; ". A row that could not
    be read as a row (``malformed-row``, ``repeated-header``) counts as one
    rejected claim. ``notes`` and ``warnings`` come from reading (the encoding
    of each file ...). ``rejected_cells`` holds the rejected claims (rows that
    could be read as rows) as far as they were normalised before rejection:
    the claim columns up to ``victims_known``/``victims_raw``, without actors
    or places, so that ``validate`` can report every other problem of a row
    its first one made unusable (an unknown victim category ...).
    """

    claims: pd.DataFrame
    rejected: pd.DataFrame
    rows_read: int
    problems: pd.DataFrame = field(default_factory=_no_problems)
    claims_read: int | None = None
    skipped: pd.DataFrame = field(default_factory=_no_rows)
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    rejected_cells: pd.DataFrame = field(default_factory=_no_cells)

    @property
    def rows(self) -> dict[str, int]:
        """``read`` input rows, ``claims`` made of them, ``used`` + ``rejected`` claims, rows ``skipped``."""
        return {
            "read": self.rows_read,
            "used": len(self.claims),
            "rejected": len(self.rejected),
            "claims": self.rows_read if self.claims_read is None else self.claims_read,
            "skipped": len(self.skipped),
        }


@dataclass(frozen=True)
class _Check:
    """One check over every row: ``message`` is "" where the row passes."""

    column: str | pd.Series
    value: pd.Series
    rule: str | pd.Series
    message: pd.Series


def _where(condition, text: str | Callable[[np.ndarray], pd.Series], index: pd.Index) -> pd.Series:
    """``text`` where ``condition`` holds, else "". A message built from the cells is given as
    a function of the rows it is for: built for a million rows, it would be thrown away."""
    failed = np.asarray(condition, dtype=bool)
    message = pd.Series("", index=index, dtype=str)
    if failed.any():
        message[failed] = text(failed) if callable(text) else text
    return message


def _aligned(values: pd.Series, index: pd.Index) -> pd.Series:
    """``values`` on ``index``: as they are where they share it (the rows' own index, repeated
    labels and all), else reindexed."""
    return values if values.index.equals(index) else values.reindex(index)


def _problems(checks: list[_Check], origin: pd.Series) -> pd.DataFrame:
    """The failed checks as rows of :data:`PROBLEM_COLUMNS`, by row then check order."""
    parts = []
    for order, check in enumerate(checks):
        failing = _aligned(check.message != "", origin.index).fillna(False)
        failed = np.flatnonzero(failing.to_numpy(dtype=bool))
        if not len(failed):
            continue
        # only the failed rows' cells (a million-row frame per check was built and cut), each
        # column aligned on the origins' rows first, as a frame of them all would align it
        cells = {"origin": origin, "column": check.column, "value": check.value, "rule": check.rule,
                 "message": check.message}
        part = pd.DataFrame(
            {name: _aligned(values, origin.index).iloc[failed] if isinstance(values, pd.Series) else values
             for name, values in cells.items()},
            index=origin.index[failed],
        ).assign(_row=failed, _order=order)
        parts.append(part)
    if not parts:
        return _no_problems()
    problems = pd.concat(parts).sort_values(["_row", "_order"], kind="stable")
    return problems[PROBLEM_COLUMNS].astype(str).reset_index(drop=True)


def _figure_check(figure: pd.Series, errors: pd.Series) -> _Check:
    failed = errors != ""
    rule = _where(failed, lambda rows: pd.Series(np.where(
        figure[rows] == "", "missing-value",
        np.where(errors[rows] == NEGATIVE_FIGURE, "negative-figure", "unparseable-figure"),
    ), index=figure.index[rows]), figure.index)  # read only where the check fails
    message = _where(failed, lambda rows: "figure '" + figure[rows] + "': " + errors[rows], figure.index)
    return _Check("figure", figure, rule, message)


def _periods(raw: pd.DataFrame, published_text: pd.Series) \
        -> tuple[pd.DataFrame, pd.Series, pd.Series, pd.Series, list[_Check]]:
    """The publication's period, and the claim period from ``date`` or ``date_start``/``date_end``,
    with its checks.

    A ``date_start`` whose ``date_end`` cell is blank is an open period: it
    runs to the claim's publication day when known, else it has no end, as a
    cumulative toll has not. ``opened`` marks those left without an end.
    """
    index = raw.index
    date = stripped_cells(raw, "date")
    first = stripped_cells(raw, "date_start")
    last = stripped_cells(raw, "date_end")
    first_column = spread(["date", "date_start"], (first != "").to_numpy(dtype=np.intp), index)
    first = first.where(first != "", date)
    # one parse of the three columns' distinct texts: each call costs milliseconds even on ten rows
    both = parse_periods(pd.concat([first, last, published_text], ignore_index=True))
    start_parsed, end_parsed, published_parsed = (both.iloc[part * len(index):(part + 1) * len(index)]
                                                  .set_axis(index) for part in range(3))
    published = published_parsed["end"]
    start = start_parsed["start"]
    end = end_parsed["end"].fillna(start_parsed["end"])
    # A start with its end left blank ("since 13 July") runs to the publication, else stays open.
    opened = pd.Series(False, index=index)
    if "date_end" in raw.columns:
        since = (last == "") & (first_column == "date_start") & start.notna()
        runs_to = published.where(published >= start, pd.Timestamp(OPEN_END))
        end = end.mask(since, runs_to)
        opened = since & (end == pd.Timestamp(OPEN_END))
    backwards = (end < start).fillna(False)
    checks = [
        _Check("date", first, "missing-value", _where(first == "", "date is empty", index)),
        _Check(first_column, first, "bad-date", start_parsed["error"]),
        _Check("date_end", last, "bad-date", end_parsed["error"]),
        _Check(
            "date_end", last, "date-order",
            _where(backwards,
                   lambda failed: "date_end " + last[failed] + " is before date_start "
                   + first[failed], index),
        ),
    ]
    return published_parsed, start, end, opened, checks



def claim_countries(place_units: pd.Series, country_text: pd.Series) -> pd.Series:
    """Each claim's country (ISO 3166-1 alpha-2, "" unknown): the one country of its places, else
    the input's own ``country`` column (ACLED, UCDP, Airwars) read as a place."""
    def one_country(units: str) -> str:
        countries = {unit[:2] for unit in units.split("|") if unit}
        return countries.pop() if len(countries) == 1 else ""

    from_places = map_distinct(place_units, one_country).astype(str)
    unknown = from_places == ""
    if unknown.any() and (country_text[unknown] != "").any():
        named = resolve_places(country_text[unknown])["place_units"]
        from_places[unknown] = map_distinct(named, one_country).astype(str)
    return from_places


def normalise(raw: RawClaims, aliases: pd.DataFrame, tolerance: float = 0.1, infer_actors: bool = True,
              catalogue: Catalogue | None = None, sources: SourceTable | None = None) -> Claims:
    """Normalise raw rows; see the module docstring. ``sources``: the source names (default: bundled)."""
    rows = raw.rows.reset_index(drop=True)
    source = on_distinct(stripped_cells(rows, "source"),
                         lambda names: names.str.replace(r"\s+", " ", regex=True))
    figure = stripped_cells(rows, "figure")
    figures = claim_intervals(rows, figure, tolerance)
    published_text = stripped_cells(rows, "published")
    published, start, end, opened, date_checks = _periods(rows, published_text)
    victims_raw = stripped_cells(rows, "victims")
    victims = canonical_victims(victims_raw)

    checks = [
        _Check("source", source, "missing-value", _where(source == "", "source is empty", rows.index)),
        _figure_check(figure, figures["figure_error"]),
        _Check("low", figure, "bad-interval", figures["interval_error"]),
        *date_checks,
        _Check(
            "published", published_text, "bad-date",
            _where(published["error"] != "", lambda failed: "published: " + published["error"][failed],
                   rows.index),
        ),
    ]
    reason = join_reasons([check.message for check in checks])
    ok = (reason == "").to_numpy()

    perpetrator_raw = stripped_cells(rows, "perpetrator")
    places = resolve_places(stripped_cells(rows, "place")[ok])
    country = claim_countries(places["place_units"], stripped_cells(rows, "country")[ok])
    # An end left open does not vote for whose forces the claim means: its start dates it.
    actor_end = end.mask(opened, start)
    actors = map_actor_lists(perpetrator_raw[ok], start[ok], actor_end[ok], aliases, country, catalogue,
                             infer_actors)
    cells = pd.DataFrame(
        {
            "origin": rows["origin"],
            "source": source,
            "incident": stripped_cells(rows, "incident"),
            "event_id": stripped_cells(rows, "event_id"),
            "date_start": start,
            "date_end": end,
            "place": stripped_cells(rows, "place"),
            "perpetrator_raw": perpetrator_raw,
            "figure": figure,
            "low": figures["low"],
            "best": figures["best"],
            "high": figures["high"],
            "qualifier": figures["qualifier"],
            "interval_note": figures["interval_note"],
            "published": published["end"],
            "victims": victims["victims"],
            "victims_known": victims["victims_known"],
            "victims_raw": victims_raw,
        }
    )
    kept = np.flatnonzero(ok)
    claims = take_rows(cells, kept).set_axis(cells.index[kept])
    rejected_cells = cells.loc[~ok].reset_index(drop=True)
    del cells  # only the rejected rows' cells are kept
    claims = claims.join(actors)
    claims["claim_country"] = country
    claims[list(SOURCE_COLUMNS)] = resolve_sources(source[ok], country, sources)
    claims = claims.join(places[PLACE_COLUMNS])
    # The input's own columns are kept; one named like a column we compute
    # (``low``, ``qualifier`` ...) is kept as ``low_input`` rather than lost.
    extras = [c for c in rows.columns if c not in _CONSUMED and c not in _OURS]
    kept = rows.loc[ok, extras].rename(columns={c: f"{c}_input" for c in extras if c in claims.columns})
    claims = claims.join(kept)
    leading = [c for c in CLAIM_COLUMNS if c in claims.columns]
    claims = claims[leading + [c for c in claims.columns if c not in leading]]

    rejected = pd.DataFrame({"origin": rows.loc[~ok, "origin"], "reason": reason[~ok],
                             "_file": rows.loc[~ok, "file"], "_line": rows.loc[~ok, "line"]})
    unread = raw.rejected
    if len(unread):  # rows that could not be read as rows, in their place among the others
        rejected = _in_input_order(pd.concat([
            rejected, pd.DataFrame({"origin": unread["origin"], "reason": unread["reason"],
                                    "_file": unread["file"], "_line": unread["line"]}),
        ], ignore_index=True), raw)
    result = Claims(
        claims=claims.reset_index(drop=True),
        rejected=rejected[["origin", "reason"]].reset_index(drop=True),
        rows_read=raw.read,
        claims_read=len(rows) + len(unread),
        skipped=raw.skipped.reset_index(drop=True),
        problems=_read_problems(_problems(checks, rows["origin"]), raw),
        rejected_cells=rejected_cells,
        notes=raw.notes,
        warnings=raw.warnings + widened_warning(claims),
    )
    counts = result.rows
    if counts["used"] + counts["rejected"] != counts["claims"]:
        raise RuntimeError(f"claim accounting broken: {counts}")
    return result


def _in_input_order(rejected: pd.DataFrame, raw: RawClaims) -> pd.DataFrame:
    """Rejected rows by file (in the order read) and line."""
    files = pd.unique(pd.concat([raw.rows["file"], raw.rejected["file"]], ignore_index=True)) \
        if len(raw.rows) else pd.unique(raw.rejected["file"])
    rank = pd.Series(np.arange(len(files)), index=files)
    order = rejected.assign(_rank=rejected["_file"].map(rank).to_numpy()).sort_values(
        ["_rank", "_line"], kind="stable")
    return order.drop(columns="_rank")


def _read_problems(problems: pd.DataFrame, raw: RawClaims) -> pd.DataFrame:
    """The problems of normalised claims, and one per row that could not be read as a row."""
    if not len(raw.rejected):
        return problems
    unread = raw.rejected
    rule = np.where(unread["reason"].str.startswith("the header row again"), "repeated-header",
                    "malformed-row")
    found = pd.DataFrame({"origin": unread["origin"], "column": "", "value": "", "rule": rule,
                          "message": unread["reason"]}).astype(str)
    return pd.concat([problems, found], ignore_index=True)
