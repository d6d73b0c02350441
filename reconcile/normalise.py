"""Raw claim rows -> the normalised claim frame of DESIGN.md.

Parses figures into intervals, dates into periods, maps perpetrators to
canonical actors on the claim's dates and victims to canonical categories.
A row that cannot be used is rejected with every reason that applies; no row
is lost: ``len(raw) == len(claims) + len(rejected)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from reconcile.actors import map_actors
from reconcile.dates import parse_periods
from reconcile.figures import NEGATIVE_FIGURE, parse_figures
from reconcile.places import resolve_places
from reconcile.sources import RawClaims
from reconcile.victims import canonical_victims

#: leading columns of the normalised frame, in this order; the input's other columns follow.
CLAIM_COLUMNS = [
    "origin", "source", "incident", "date_start", "date_end", "place",
    "perpetrator_raw", "perpetrator", "victims", "figure", "low", "best", "high",
    "qualifier", "published", "actor_status", "actor_note", "victims_raw",
    "place_units", "place_level1", "place_names", "place_status",
]
PLACE_COLUMNS = ["place_units", "place_level1", "place_names", "place_status"]
_CONSUMED = {"date", "date_start", "date_end", "perpetrator", "victims", "published", "line", "file"}
#: input columns that become claim columns of the same name.
_OURS = {"origin", "source", "incident", "place", "figure"}


#: columns of :attr:`Claims.problems`, one row per failed check of a rejected row.
PROBLEM_COLUMNS = ["origin", "column", "value", "rule", "message"]


def _no_problems() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=str) for c in PROBLEM_COLUMNS})


@dataclass(frozen=True)
class Claims:
    """Usable claims, rejected rows (``origin``, ``reason``) and the count read.

    ``problems`` says why each rejected row was rejected, one row per failed
    check: ``origin``, ``column`` (canonical name), ``value`` (the cell),
    ``rule`` (``missing-value``, ``unparseable-figure``, ``negative-figure``,
    ``bad-date``, ``date-order``) and ``message``; a rejected row's
    ``reason`` is its messages joined with "; ".
    """

    claims: pd.DataFrame
    rejected: pd.DataFrame
    rows_read: int
    problems: pd.DataFrame = field(default_factory=_no_problems)

    @property
    def rows(self) -> dict[str, int]:
        return {"read": self.rows_read, "used": len(self.claims), "rejected": len(self.rejected)}


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
    joined = np.full(len(messages[0]), "", dtype=object)
    for message in messages:
        text = message.to_numpy(dtype=object)
        both = (joined != "") & (text != "")
        joined = np.where(both, joined + "; " + text, joined + text)
    return pd.Series(joined, index=messages[0].index, dtype=str)


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
        figure == "", "missing-value", np.where(errors == NEGATIVE_FIGURE, "negative-figure", "unparseable-figure")
    )
    message = ("figure '" + figure + "': " + errors).where(errors != "", "")
    return _Check("figure", figure, pd.Series(rule, index=figure.index, dtype=str), message)


def _periods(raw: pd.DataFrame) -> tuple[pd.Series, pd.Series, list[_Check]]:
    """Claim period from ``date`` or ``date_start``/``date_end``, with its checks."""
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
    return start, end, checks


def normalise(raw: RawClaims, aliases: pd.DataFrame, tolerance: float = 0.1) -> Claims:
    """Normalise raw rows; see the module docstring."""
    rows = raw.rows.reset_index(drop=True)
    source = _column(rows, "source").str.replace(r"\s+", " ", regex=True)
    figure = _column(rows, "figure")
    figures = parse_figures(figure, tolerance=tolerance)
    start, end, date_checks = _periods(rows)
    published_text = _column(rows, "published")
    published = parse_periods(published_text)
    victims_raw = _column(rows, "victims")
    victims = canonical_victims(victims_raw)

    checks = [
        _Check("source", source, "missing-value", _where(source == "", "source is empty", rows.index)),
        _figure_check(figure, figures["figure_error"]),
        *date_checks,
        _Check(
            "published", published_text, "bad-date",
            published["error"].where(published["error"] == "", "published: " + published["error"]),
        ),
    ]
    reason = _join_reasons([check.message for check in checks])
    ok = (reason == "").to_numpy()

    perpetrator_raw = _column(rows, "perpetrator")
    actors = map_actors(perpetrator_raw[ok], start[ok], end[ok], aliases)
    claims = pd.DataFrame(
        {
            "origin": rows["origin"],
            "source": source,
            "incident": _column(rows, "incident"),
            "date_start": start,
            "date_end": end,
            "place": _column(rows, "place"),
            "perpetrator_raw": perpetrator_raw,
            "figure": figure,
            "low": figures["low"],
            "best": figures["best"],
            "high": figures["high"],
            "qualifier": figures["qualifier"],
            "published": published["end"],
            "victims": victims["victims"],
            "victims_known": victims["victims_known"],
            "victims_raw": victims_raw,
        }
    ).loc[ok]
    claims = claims.join(actors)
    claims = claims.join(resolve_places(claims["place"])[PLACE_COLUMNS])
    # The input's own columns are kept; one named like a column we compute
    # (``low``, ``qualifier`` ...) is kept as ``low_input`` rather than lost.
    extras = [c for c in rows.columns if c not in _CONSUMED and c not in _OURS]
    kept = rows.loc[ok, extras].rename(columns={c: f"{c}_input" for c in extras if c in claims.columns})
    claims = claims.join(kept)
    leading = [c for c in CLAIM_COLUMNS if c in claims.columns]
    claims = claims[leading + [c for c in claims.columns if c not in leading]]

    rejected = pd.DataFrame({"origin": rows.loc[~ok, "origin"], "reason": reason[~ok]})
    return Claims(
        claims=claims.reset_index(drop=True),
        rejected=rejected.reset_index(drop=True),
        rows_read=len(rows),
        problems=_problems(checks, rows["origin"]),
    )
