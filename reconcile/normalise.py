"""Raw claim rows -> the normalised claim frame of DESIGN.md.

Parses figures into intervals, dates into periods, maps perpetrators to
canonical actors on the claim's dates and victims to canonical categories.
A claim that cannot be used is rejected with every reason that applies; none
is lost: ``len(raw.rows) == len(claims) + len(rejected)``.

Where a claim row has ``low``, ``best`` or ``high`` (an adapter giving UCDP's
estimates or Airwars' min/max, or a claims file with those columns), the
three numbers are the interval and ``figure`` is only shown, not parsed; they
must all be numbers, not negative. Out of order (``best`` above ``high``, as
in 101 rows of UCDP GED 19.1) they are the source's numbers all the same: the
claim is kept with its interval widened to hold all three, ``interval_note``
saying so, and a warning.

Rows and claims are counted apart (:attr:`Claims.rows`): ``read`` input rows
gave ``claims`` claims (one each in the generic format, several for a UCDP
event, none for a ``skipped`` row such as an Airwars incident without a death
figure), and ``claims = used + rejected``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from reconcile.actors import Catalogue, map_actor_lists
from reconcile.dates import OPEN_END, parse_periods
from reconcile.figures import NEGATIVE_FIGURE, parse_figures
from reconcile.places import resolve_places
from reconcile.source_names import SOURCE_COLUMNS, SourceTable, resolve_sources
from reconcile.sources import RawClaims
from reconcile.text import map_distinct
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
_INTERVAL = ("low", "best", "high")
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


def _column(raw: pd.DataFrame, name: str) -> pd.Series:
    if name in raw.columns:
        return raw[name].astype(str).str.strip()
    return pd.Series("", index=raw.index, dtype=str)


def _join_reasons(messages: list[pd.Series]) -> pd.Series:
    """Per row, the non-empty messages joined with "; "."""
    texts = [message.to_numpy(dtype=object) for message in messages]
    failing = np.zeros(len(messages[0]), dtype=bool)
    for text in texts:
        failing |= text != ""
    # Strings are only added up for the (few) rows with a message.
    joined = np.full(int(failing.sum()), "", dtype=object)
    for text in texts:
        text = text[failing]
        both = (joined != "") & (text != "")
        joined = np.where(both, joined + "; " + text, joined + text)
    result = np.full(len(failing), "", dtype=object)
    result[failing] = joined
    return pd.Series(result, index=messages[0].index, dtype=str)


def _where(condition, text: str | pd.Series, index: pd.Index) -> pd.Series:
    """``text`` where ``condition`` holds, else ""."""
    return pd.Series(np.where(condition, text, ""), index=index, dtype=str)


def _problems(checks: list[_Check], origin: pd.Series) -> pd.DataFrame:
    """The failed checks as rows of :data:`PROBLEM_COLUMNS`, by row then check order."""
    parts = []
    for order, check in enumerate(checks):
        failed = check.message != ""
        if not failed.any():
            continue
        part = pd.DataFrame(
            {
                "origin": origin,
                "column": check.column,
                "value": check.value,
                "rule": check.rule,
                "message": check.message,
                "_row": np.arange(len(origin)),
                "_order": order,
            },
            index=origin.index,
        ).loc[failed]
        parts.append(part)
    if not parts:
        return _no_problems()
    problems = pd.concat(parts).sort_values(["_row", "_order"], kind="stable")
    return problems[PROBLEM_COLUMNS].astype(str).reset_index(drop=True)


def _figure_check(figure: pd.Series, errors: pd.Series) -> _Check:
    rule = np.where(
        figure == "", "missing-value",
        np.where(errors == NEGATIVE_FIGURE, "negative-figure", "unparseable-figure"),
    )
    message = ("figure '" + figure + "': " + errors).where(errors != "", "")
    return _Check("figure", figure, pd.Series(rule, index=figure.index, dtype=str), message)


def _periods(raw: pd.DataFrame, published: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series, list[_Check]]:
    """Claim period from ``date`` or ``date_start``/``date_end``, with its checks.

    A ``date_start`` whose ``date_end`` cell is blank is an open period: it
    runs to the claim's publication day when known, else it has no end, as a
    cumulative toll has not. ``opened`` marks those left without an end.
    """
    index = raw.index
    date = _column(raw, "date")
    first = _column(raw, "date_start")
    last = _column(raw, "date_end")
    first_column = pd.Series(np.where(first != "", "date_start", "date"), index=index, dtype=str)
    first = first.where(first != "", date)
    start_parsed = parse_periods(first)
    end_parsed = parse_periods(last)
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
            _where(backwards, "date_end " + last + " is before date_start " + first, index),
        ),
    ]
    return start, end, opened, checks


def _numbers(values: pd.Series) -> pd.Series:
    """Each text as a float (NaN when not a number), each distinct text parsed once."""
    codes, distinct = pd.factorize(values)
    text = pd.Series(distinct, dtype=str).str.replace(",", "", regex=False).str.replace(
        "∞", "inf", regex=False)
    parsed = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64")
    return pd.Series(parsed[codes] if len(parsed) else np.full(len(values), np.nan), index=values.index)


def _intervals(rows: pd.DataFrame) -> pd.DataFrame:
    """``low``, ``best``, ``high`` given as numbers: the floats, whether given, and the error.

    Only rows giving any of the three are parsed and checked; the others get NaN and no error.
    """
    given = pd.Series(False, index=rows.index)
    for name in _INTERVAL:
        if name in rows.columns:
            given |= rows[name].astype(str).str.strip() != ""
    result = pd.DataFrame({"low": np.nan, "best": np.nan, "high": np.nan, "given": given,
                           "qualifier": "", "error": "", "note": ""}, index=rows.index)
    if given.any():
        checked = _checked_intervals(rows.loc[given])
        result.loc[given, checked.columns] = checked
    return result.astype({"qualifier": str, "error": str, "note": str})


def _checked_intervals(rows: pd.DataFrame) -> pd.DataFrame:
    """Parse and check the interval of rows that give one."""
    text = {name: _column(rows, name) for name in _INTERVAL}
    given = pd.Series(True, index=rows.index)
    number = {name: _numbers(text[name]) for name in _INTERVAL}
    errors = []
    for name in _INTERVAL:
        blank = given & (text[name] == "")
        errors.append(pd.Series(np.where(blank, f"{name} is empty (low, best and high go together)", ""),
                                index=rows.index, dtype=str))
        bad = given & (text[name] != "") & number[name].isna()
        errors.append(pd.Series(np.where(bad, f"{name} '" + text[name] + "' is not a number", ""),
                                index=rows.index, dtype=str))
        negative = given & (number[name] < 0)
        errors.append(pd.Series(np.where(negative, f"{name} " + text[name] + " is negative", ""),
                                index=rows.index, dtype=str))
    given_low, best, given_high = number["low"], number["best"], number["high"]
    # Published datasets have such rows (101 in UCDP GED 19.1: high below best). The numbers are the
    # source's, so the claim is kept, its interval widened to hold all three, and the row flagged.
    low = np.fmin(np.fmin(given_low, best), given_high)
    high = np.fmax(np.fmax(given_high, best), given_low)
    disorder = (given_low > best) | (best > given_high)
    note = np.where(
        disorder,
        "low, best, high out of order (" + text["low"] + ", " + text["best"] + ", " + text["high"]
        + "): read as " + _number_text(low) + "-" + _number_text(high),
        "",
    )
    qualifier = np.where(low == high, "exact", np.where(best == low, "range", "estimate"))
    return pd.DataFrame({"low": low, "best": best, "high": high, "qualifier": qualifier,
                         "error": _join_reasons(errors), "note": note}, index=rows.index)


def _number_text(values: pd.Series) -> pd.Series:
    return values.map("{:.15g}".format).astype(str)  # every digit: "{:g}" writes 1234567 as 1.23457e+06


def _parse_per_file(files: pd.Series, figure: pd.Series, tolerance: float) -> pd.DataFrame:
    """Figures parsed file by file: each file's own figures show its decimal mark."""
    files = files.loc[figure.index]
    if files.nunique() <= 1:
        return parse_figures(figure, tolerance=tolerance)
    parts = [parse_figures(texts, tolerance=tolerance) for _, texts in figure.groupby(files, sort=False)]
    return pd.concat(parts) if parts else parse_figures(figure, tolerance=tolerance)


def _figures(rows: pd.DataFrame, figure: pd.Series, tolerance: float) -> pd.DataFrame:
    """Every row's interval: from its low/best/high where given, else parsed from its figure."""
    interval = _intervals(rows)
    given = interval["given"].to_numpy()
    parsed = _parse_per_file(rows["file"], figure.loc[~given], tolerance).reindex(rows.index)
    result = pd.DataFrame(index=rows.index)
    for name in _INTERVAL:
        result[name] = np.where(given, interval[name], parsed[name])
    result["qualifier"] = pd.Series(np.where(given, interval["qualifier"], parsed["qualifier"]),
                                    index=rows.index, dtype=str)
    result["figure_error"] = pd.Series(
        np.where(given, "", parsed["figure_error"].fillna("").astype(str)), index=rows.index, dtype=str
    )
    result["interval_error"] = pd.Series(np.where(given, interval["error"], ""), index=rows.index, dtype=str)
    result["interval_note"] = pd.Series(np.where(given, interval["note"], ""), index=rows.index, dtype=str)
    return result


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
    source = _column(rows, "source").str.replace(r"\s+", " ", regex=True)
    figure = _column(rows, "figure")
    figures = _figures(rows, figure, tolerance)
    published_text = _column(rows, "published")
    published = parse_periods(published_text)
    start, end, opened, date_checks = _periods(rows, published["end"])
    victims_raw = _column(rows, "victims")
    victims = canonical_victims(victims_raw)

    checks = [
        _Check("source", source, "missing-value", _where(source == "", "source is empty", rows.index)),
        _figure_check(figure, figures["figure_error"]),
        _Check("low", figure, "bad-interval", figures["interval_error"]),
        *date_checks,
        _Check(
            "published", published_text, "bad-date",
            published["error"].where(published["error"] == "", "published: " + published["error"]),
        ),
    ]
    reason = _join_reasons([check.message for check in checks])
    ok = (reason == "").to_numpy()

    perpetrator_raw = _column(rows, "perpetrator")
    places = resolve_places(_column(rows, "place")[ok])
    country = claim_countries(places["place_units"], _column(rows, "country")[ok])
    # An end left open does not vote for whose forces the claim means: its start dates it.
    actor_end = end.mask(opened, start)
    actors = map_actor_lists(perpetrator_raw[ok], start[ok], actor_end[ok], aliases, country, catalogue,
                             infer_actors)
    cells = pd.DataFrame(
        {
            "origin": rows["origin"],
            "source": source,
            "incident": _column(rows, "incident"),
            "event_id": _column(rows, "event_id"),
            "date_start": start,
            "date_end": end,
            "place": _column(rows, "place"),
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
    claims = cells.loc[ok]
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
        warnings=raw.warnings + _widened_warning(claims),
    )
    counts = result.rows
    if counts["used"] + counts["rejected"] != counts["claims"]:
        raise RuntimeError(f"claim accounting broken: {counts}")
    return result


def _widened_warning(claims: pd.DataFrame) -> tuple[str, ...]:
    widened = claims.loc[claims["interval_note"] != ""]
    if widened.empty:
        return ()
    return (f"{len(widened)} claim{'s' if len(widened) > 1 else ''} gave low, best, high out of order "
            f"(first: {widened['origin'].iloc[0]}); each interval was widened to hold all three, "
            "and `reconcile validate` lists them (interval-order)",)


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
