"""Cumulative tolls: a monitor's count "since the war began", as of a date.

Monitors publish war tolls to date by perpetrator and category ("SNHR, March
2024: 201,260 civilians killed by the Syrian regime"); compilations tabulate
them as ``monitor, as_of, perpetrator_as_stated, victim_category, deaths``.
Such a table has no event date, only ``as_of``. Each row is read as a claim:

- ``source`` the monitor, ``figure`` the deaths, ``victims`` the category
  (``civilians_killed``, ``civilians_killed_by_torture`` ... through
  ``data/victims.csv``);
- the period runs from an open start (the table does not say when the count
  began: :data:`~reconcile.dates.OPEN_START`, or the ``since`` column when
  there is one) to the end of the ``as_of`` month, and ``published`` is
  ``as_of``: a later report of the same monitor supersedes an earlier one,
  and ``--as-of`` leaves out reports published after it;
- every row has one incident label, :data:`INCIDENT` (or the table's
  ``incident``/``war`` column), so tolls with different end dates still line
  up instead of being matched (and kept apart) by their periods;
- the perpetrator is the monitor's own wording, except for combatant
  categories: monitors break those down by the side the dead fought for
  ("regime forces 93,612; ISIS 41,459"), not by who killed them, so that
  wording goes to ``victim_side`` and the claim is unattributed;
- ``event_id`` is the wording and category, so a monitor's several rows that
  map to one actor ("Syrian regime (shelling/gunfire)" and "... (airstrikes)")
  are parts of its figure and add up, while the same row in a later report
  supersedes it.

Every other column (``perpetrator_group``, the compilation's ``qualifier``,
``compilation_note`` ...) is kept. A table with date columns is a generic
claims file, not this.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.dates import OPEN_START
from reconcile.sources.claims import RawClaims, assemble, keep_columns
from reconcile.sources.formats import Format, missing_needs
from reconcile.sources.table import Table, find_column, header_key, text_column

#: the incident of every cumulative toll: they all cover the war "to date".
INCIDENT = "cumulative toll"
SOURCE = ("monitor", "source", "reported_by", "organisation", "organization")
FIGURE = ("deaths", "figure", "figure_text", "killed", "fatalities", "toll", "count")
VICTIMS = ("victim_category", "victims", "category", "victim_type")
PERPETRATOR = ("perpetrator_as_stated", "perpetrator", "attributed_to", "killed_by", "actor")
#: headers that date a claim: with any of them the table is a generic claims file.
DATED = ("date", "event_date", "date_start", "period_start", "start_date", "date_end", "period_end",
         "end_date")
#: categories whose breakdown names the dead's side, not the killer.
SIDE_CATEGORIES = ("combatants", "security_personnel")


def combatant_sides(victims: pd.Series, named: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(perpetrator, victim_side): for combatant categories the named side is the dead's, not the killer's."""
    from reconcile.victims import canonical_victims

    own = canonical_victims(victims)["victims"].isin(SIDE_CATEGORIES)
    return named.where(~own, ""), named.where(own, "")


def component_ids(named: pd.Series, victims: pd.Series) -> pd.Series:
    """``event_id``: a monitor's rows with other wording or category are parts of its figure,
    not revisions."""
    return named + " / " + victims


def missing_undated(needs: tuple[str, ...], table: Table) -> list[str]:
    """The needs the table lacks, and a note when it has a date column (then it is a generic file)."""
    missing = missing_needs(needs, table.frame.columns)
    dated_keys = {header_key(name) for name in DATED}
    dated = [c for c in table.frame.columns if header_key(c) in dated_keys]
    if dated:
        missing.append(f"no date column (it has '{dated[0]}': dated claims are a generic claims file)")
    return missing


def read_cumulative(table: Table) -> RawClaims:
    frame = table.frame
    as_of = text_column(frame, "as_of")
    since = text_column(frame, "since")
    victims = text_column(frame, *VICTIMS)
    named = text_column(frame, *PERPETRATOR)
    perpetrator, victim_side = combatant_sides(victims, named)
    incident = text_column(frame, "incident", "war", "conflict")
    # No as_of, no period: a blank start makes normalise reject the row ("date is empty").
    start = pd.Series(np.where(as_of == "", "", since.where(since != "", OPEN_START)), index=frame.index)
    claim = {
        "source": text_column(frame, *SOURCE),
        "figure": text_column(frame, *FIGURE),
        "date_start": start,
        "date_end": as_of,
        "published": as_of,
        "victims": victims,
        "perpetrator": perpetrator,
        "victim_side": victim_side,
        "incident": incident.where(incident != "", INCIDENT),
        "event_id": component_ids(named, victims),
        "url": text_column(frame, "report_url", "url", "link"),
        "place": text_column(frame, "place", "country", "location", "area"),
    }
    consumed = {find_column(frame, *names) for names in
                (SOURCE, FIGURE, VICTIMS, PERPETRATOR, ("as_of",), ("since",),
                 ("incident", "war", "conflict"), ("report_url", "url", "link"),
                 ("place", "country", "location", "area"))}
    return assemble(table, [(None, claim)], keep_columns(frame, consumed - {None}, "cumulative"),
                    format_name="cumulative")


NEEDS = ("|".join(SOURCE), "as_of", "|".join(FIGURE))

FORMAT = Format(
    name="cumulative",
    title="cumulative tolls to a date (monitor, as_of, deaths; no event date)",
    needs=NEEDS,
    claims="one per row: the toll from an open start to the end of the as_of month, published as_of; "
           f"incident '{INCIDENT}'; combatant rows name the dead's side (victim_side), not a perpetrator",
    read=read_cumulative,
    missing_in=lambda table: missing_undated(NEEDS, table),
)
