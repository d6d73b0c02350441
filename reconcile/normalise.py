"""Raw claim rows -> the normalised claim frame of DESIGN.md.

Parses figures into intervals, dates into periods, maps perpetrators to
canonical actors on the claim's dates and victims to canonical categories.
A row that cannot be used is rejected with every reason that applies; no row
is lost: ``len(raw) == len(claims) + len(rejected)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from reconcile.actors import map_actors
from reconcile.dates import parse_periods
from reconcile.figures import parse_figures
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


@dataclass(frozen=True)
class Claims:
    """Usable claims, rejected rows (``origin``, ``reason``) and the count read."""

    claims: pd.DataFrame
    rejected: pd.DataFrame
    rows_read: int

    @property
    def rows(self) -> dict[str, int]:
        return {"read": self.rows_read, "used": len(self.claims), "rejected": len(self.rejected)}


def _column(raw: pd.DataFrame, name: str) -> pd.Series:
    if name in raw.columns:
        return raw[name].astype(str).str.strip()
    return pd.Series("", index=raw.index, dtype=str)


def _join_reasons(reasons: list[pd.Series]) -> pd.Series:
    """Per row, the non-empty reasons joined with "; "."""
    joined = np.full(len(reasons[0]), "", dtype=object)
    for reason in reasons:
        text = reason.to_numpy(dtype=object)
        both = (joined != "") & (text != "")
        joined = np.where(both, joined + "; " + text, joined + text)
    return pd.Series(joined, index=reasons[0].index, dtype=str)


def _prefixed(errors: pd.Series, column: str, values: pd.Series) -> pd.Series:
    """``column 'value': error`` where there is an error, else ""."""
    message = column + " '" + values + "': " + errors
    return message.where(errors != "", "")


def _periods(raw: pd.DataFrame) -> tuple[pd.Series, pd.Series, list[pd.Series]]:
    """Claim period from ``date`` or ``date_start``/``date_end``, with its errors."""
    date = _column(raw, "date")
    first = _column(raw, "date_start")
    last = _column(raw, "date_end")
    first = first.where(first != "", date)
    start_parsed = parse_periods(first)
    end_parsed = parse_periods(last)
    start = start_parsed["start"]
    end = end_parsed["end"].fillna(start_parsed["end"])
    missing = pd.Series(np.where(first == "", "date is empty", ""), index=raw.index, dtype=str)
    backwards = (end < start).fillna(False)
    reversed_ = pd.Series(
        np.where(backwards, "date_end " + last + " is before date_start " + first, ""),
        index=raw.index,
        dtype=str,
    )
    errors = [missing, start_parsed["error"], end_parsed["error"], reversed_]
    return start, end, errors


def normalise(raw: RawClaims, aliases: pd.DataFrame, tolerance: float = 0.1) -> Claims:
    """Normalise raw rows; see the module docstring."""
    rows = raw.rows.reset_index(drop=True)
    source = _column(rows, "source").str.replace(r"\s+", " ", regex=True)
    figure = _column(rows, "figure")
    figures = parse_figures(figure, tolerance=tolerance)
    start, end, date_errors = _periods(rows)
    published = parse_periods(_column(rows, "published"))
    victims_raw = _column(rows, "victims")
    victims = canonical_victims(victims_raw)

    reasons = [
        pd.Series(np.where(source == "", "source is empty", ""), index=rows.index, dtype=str),
        _prefixed(figures["figure_error"], "figure", figure),
        *date_errors,
        published["error"].where(published["error"] == "", "published: " + published["error"]),
    ]
    reason = _join_reasons(reasons)
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
    )
