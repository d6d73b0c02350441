"""Wide comparison tables: one row per perpetrator, one figure column per monitor, category and date.

Journalists and researchers keep side-by-side sheets such as::

    perpetrator_group, sohr_civilians_killed_2025_03, snhr_civilians_killed_2024_03,
    snhr_minus_sohr, comparable

Every column named ``<monitor>_<category>_<yyyy>[_<mm>[_<dd>]]`` holds
claims: each filled cell is one, by the monitor (upper-cased: ``SOHR``) for
that category, a toll to that date exactly as a :mod:`cumulative
<reconcile.sources.cumulative>` row (open start, ``published`` the date, the
incident :data:`~reconcile.sources.cumulative.INCIDENT`), blamed on the row's
perpetrator (``perpetrator_group``, ``perpetrator`` ...). Other columns are
not claims: differences (``snhr_minus_sohr``), verdicts (``comparable``) and
workings (``sohr_components``) are kept on each claim of their row, never
read as figures. A row with no filled figure column gives no claim.
"""

from __future__ import annotations

import re

import pandas as pd

from reconcile.dates import OPEN_START
from reconcile.sources.claims import RawClaims, assemble, keep_columns
from reconcile.sources.cumulative import INCIDENT, combatant_sides, component_ids
from reconcile.sources.formats import Format
from reconcile.sources.table import Table, find_column, text_column

#: a figure column: monitor, category, and the date the figure runs to.
FIGURE_COLUMN = re.compile(
    r"^\s*(?P<monitor>[A-Za-z][A-Za-z0-9]*)_(?P<category>[A-Za-z][A-Za-z0-9_]*?)"
    r"_(?P<year>\d{4})(?:_(?P<month>\d{2})(?:_(?P<day>\d{2}))?)?\s*$"
)
PERPETRATOR = ("perpetrator_group", "perpetrator", "perpetrator_as_stated", "attributed_to", "killed_by",
               "actor", "side")


def figure_columns(columns) -> pd.DataFrame:
    """The figure columns among ``columns``: ``column``, ``monitor``, ``category``,
    ``as_of`` (YYYY[-MM[-DD]])."""
    rows = []
    for column in columns:
        found = FIGURE_COLUMN.match(str(column))
        if found:
            date = "-".join(p for p in (found["year"], found["month"], found["day"]) if p)
            rows.append((column, found["monitor"].upper(), found["category"], date))
    return pd.DataFrame(rows, columns=["column", "monitor", "category", "as_of"])


def missing_wide(table: Table) -> list[str]:
    missing = []
    if find_column(table.frame, *PERPETRATOR) is None:
        missing.append(" or ".join(PERPETRATOR))
    if figure_columns(table.frame.columns).empty:
        missing.append("figure columns named <monitor>_<category>_<yyyy>_<mm> "
                       "(e.g. sohr_civilians_killed_2025_03)")
    return missing


def read_wide(table: Table) -> RawClaims:
    frame = table.frame
    named = text_column(frame, *PERPETRATOR)
    incident = text_column(frame, "incident", "war", "conflict")
    incident = incident.where(incident != "", INCIDENT)
    parts = []
    columns = figure_columns(frame.columns)
    # one part per column, not per row
    for column, monitor, category, as_of in columns.itertuples(index=False):
        figure = frame[column].astype(str).str.strip()
        victims = pd.Series(category, index=frame.index)
        perpetrator, victim_side = combatant_sides(victims, named)
        parts.append((figure != "", {
            "source": monitor, "figure": figure, "date_start": OPEN_START, "date_end": as_of,
            "published": as_of, "victims": category, "perpetrator": perpetrator, "victim_side": victim_side,
            "incident": incident,
            "event_id": component_ids(named, victims), "figure_column": column,
        }))
    consumed = set(columns["column"]) | {find_column(frame, *PERPETRATOR),
                                         find_column(frame, "incident", "war", "conflict")}
    reason = "no figure in any " + ", ".join(columns["column"]) + " column"
    return assemble(table, parts, keep_columns(frame, consumed - {None}, "wide"), no_claim=reason,
                    format_name="wide")


FORMAT = Format(
    name="wide",
    title="wide comparison table (one figure column per monitor, category and date)",
    needs=("|".join(PERPETRATOR), "<monitor>_<category>_<yyyy>_<mm> columns"),
    claims="one per filled <monitor>_<category>_<yyyy>_<mm> cell: that monitor's toll to that date, "
           "blamed on the row's perpetrator; other columns (differences, notes) are kept, not read as claims",
    read=read_wide,
    missing_in=missing_wide,
)

