"""Airwars civilian-harm incidents: one claim per incident and victim category.

Reads Airwars incident tables (``incidents.csv``: ``alleged_belligerent``,
``civilian_deaths_min/max`` ...; the detailed table: ``military_actor``,
``civilians_killed_min/max``, ``women_killed_min/max`` ...; and the
one-row-per-belligerent table ``incident_belligerents.csv``).

- ``source`` is ``Airwars``, ``event_id`` the incident code (``CS1033``),
  the date ``incident_date`` (to ``date_range_end`` when given), ``place``
  the ``location`` with the ``governorate`` and ``country`` the table gives.
- Each category Airwars gives a min/max for is a claim: civilians, children,
  women, men, and military (as ``combatants``). min and max become the
  interval (best = min, the conservative reading) and the figure reads
  ``3-5``; a min alone reads "at least N", a max alone "up to N".
- Several alleged belligerents stay one claim whose perpetrator lists them
  all (``Russian Military; Iranian Military``): a contested attribution, never
  a copy of the figure per belligerent. In the one-row-per-belligerent table
  the incident's first row carries that claim and its other rows are listed
  as giving none.
- The ``assessment`` grading (Confirmed, Fair, Weak, Contested, ...) and every
  other column are kept. An incident with no death figure gives no claim and is
  listed as such.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.errors import InputError
from reconcile.sources.claims import RawClaims, assemble, keep_columns
from reconcile.sources.formats import Format
from reconcile.sources.table import Table, find_column, text_column

#: victim category -> the stems of its min/max columns, as Airwars' tables spell them.
CATEGORIES = {
    "civilians": ("civilian_deaths", "civilians_killed"),
    "children": ("children_killed",),
    "women": ("women_killed",),
    "men": ("men_killed",),
    "combatants": ("military_killed",),
}
BELLIGERENT = ("alleged_belligerent", "military_actor", "belligerent")


def min_max_claim(low: pd.Series, high: pd.Series) -> dict:
    """Figure and interval columns from a min and a max (either may be blank)."""
    both = (low != "") & (high != "")
    figure = np.where(
        both,
        np.where(low == high, low, low + "-" + high),
        np.where(low != "", "at least " + low, np.where(high != "", "up to " + high, "")),
    )
    blank = pd.Series("", index=low.index)
    return {
        "figure": pd.Series(figure, index=low.index),
        "low": low.where(both, blank),
        "best": low.where(both, blank),
        "high": high.where(both, blank),
    }


def _place(frame: pd.DataFrame) -> pd.Series:
    """``location, governorate, country`` with whichever parts the table has: a street name
    alone resolves to nothing, but with its governorate or country it can still be matched."""
    parts = [text_column(frame, name) for name in ("location", "governorate", "country")]
    place = parts[0]
    for part in parts[1:]:
        place = place.where(part == "", (place + ", ").where(place != "", "") + part)
    return place


def _belligerents(frame: pd.DataFrame, column: str, incident: pd.Series):
    """Per row: every belligerent of its incident ("; "-joined) and whether it is the incident's first row."""
    names = frame[column].str.strip()
    if header_is(column, "belligerent"):
        joined = names.groupby(incident, sort=False).agg(
            lambda s: "; ".join(dict.fromkeys(v for v in s if v)))
        return incident.map(joined).fillna(""), ~incident.duplicated()
    listed = names.str.split(r"\s*,\s*", regex=True).str.join("; ")
    return listed, pd.Series(True, index=frame.index)


def header_is(column: str, name: str) -> bool:
    return column.strip().casefold() == name


def read_airwars(table: Table) -> RawClaims:
    frame = table.frame
    code = text_column(frame, "incident_code", "airwars_id")
    belligerent = find_column(frame, *BELLIGERENT)
    if belligerent is None:  # (read_as checks the format's needs first)
        raise InputError(table.path, f"not an airwars file: lacks {' or '.join(BELLIGERENT)}", line=1)
    perpetrator, first = _belligerents(frame, belligerent, code)
    date_end = text_column(frame, "date_range_end")
    date_start = text_column(frame, "incident_date")
    common = {
        "source": "Airwars",
        "event_id": code,
        "date_start": date_start,
        "date_end": date_end.where(date_end != "", date_start),
        "place": _place(frame),
        "perpetrator": perpetrator,
        "url": text_column(frame, "canonical_url"),
    }
    parts, consumed = [], {find_column(frame, c)
                           for c in ("incident_date", "date_range_end", "location", "canonical_url")}
    for victims, stems in CATEGORIES.items():
        low_column = find_column(frame, *(f"{s}_min" for s in stems))
        high_column = find_column(frame, *(f"{s}_max" for s in stems))
        if low_column is None and high_column is None:
            continue
        consumed |= {low_column, high_column}
        low = text_column(frame, *(f"{s}_min" for s in stems))
        high = text_column(frame, *(f"{s}_max" for s in stems))
        parts.append((first & ((low != "") | (high != "")),
                      {**common, "victims": victims, **min_max_claim(low, high)}))
    reason = pd.Series("Airwars gives no death figure for this incident", index=frame.index)
    first_line = pd.Series(table.lines, index=frame.index).groupby(code, sort=False).transform("first")
    reason = reason.where(first, "another belligerent of incident " + code + ": its claims are on line "
                          + first_line.astype(str))
    return assemble(table, parts, keep_columns(frame, consumed, "airwars"), no_claim=reason,
                    format_name="airwars")


FORMAT = Format(
    name="airwars",
    title="Airwars civilian-harm incidents",
    needs=("incident_code", "incident_date", "|".join(BELLIGERENT), "assessment",
           "civilian_deaths_min|civilians_killed_min"),
    claims="one per incident and category given (civilians, children, women, men, military) with min-max",
    read=read_airwars,
)
