"""Named-victim lists (Airwars ``named_victims.csv``): counts of the named dead per incident.

A list of the people a monitor named is a claim that at least that many
died: it may miss the unnamed. Per incident (``airwars_id`` and
``incident_date``), the rows with status ``killed`` give:

- ``civilians``: how many are named, as "at least N" (low = best = N,
  high open); Airwars names civilians;
- ``children`` (age group ``child``), ``women`` and ``men`` (gender, age
  group ``adult``): the same, where the list names any.

The claims are by :data:`SOURCE`, dated ``incident_date``, with
``event_id`` the ``airwars_id`` and the incident labelled ``Airwars <id>``
(a list carries no place or actor to match it by, and two incidents of one
day must not merge). They sit on the line of the incident's first named
dead; the incident's other named dead are listed as counted there, and the
injured (or rows without a status) as giving no claim, so every row is
accounted for. Names, ages and every other column are kept on the claims.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.sources.claims import RawClaims, assemble, keep_columns
from reconcile.sources.formats import Format
from reconcile.sources.table import Table, find_column, text_column

SOURCE = "Airwars (named victims)"
NAME = ("name_original", "name_local", "name")


def read_named_victims(table: Table) -> RawClaims:
    frame = table.frame
    incident_id = text_column(frame, "airwars_id")
    date = text_column(frame, "incident_date")
    status = text_column(frame, "status").str.casefold()
    age = text_column(frame, "age_group").str.casefold()
    gender = text_column(frame, "gender").str.casefold()
    killed = status == "killed"
    key = incident_id + "|" + date
    # Counts per incident, spread back to its rows; the first killed row carries the claims.
    counted = {
        "civilians": killed,
        "children": killed & (age == "child"),
        "women": killed & (age == "adult") & (gender == "female"),
        "men": killed & (age == "adult") & (gender == "male"),
    }
    first = killed & ~(key.where(killed).duplicated() & killed)
    common = {"source": SOURCE, "date": date, "event_id": incident_id, "incident": "Airwars " + incident_id}
    parts = []
    for victims, mask in counted.items():
        n = mask.groupby(key, sort=False).transform("sum").astype(int).astype(str)
        parts.append((first & (n != "0"), {
            **common, "victims": victims, "figure": "at least " + n + " (named)", "low": n, "best": n,
            "high": "inf",
        }))
    claim_line = pd.Series(table.lines, index=frame.index).where(first).groupby(key).transform("first")
    reason = pd.Series(np.select(
        [killed, status == ""],
        ["named dead of Airwars incident " + incident_id + ", counted in the claims on line "
         + claim_line.fillna(0).astype(int).astype(str),
         "no status (killed or injured) given"],
        "status '" + text_column(frame, "status") + "': not a death",
    ), index=frame.index)
    consumed = {find_column(frame, c) for c in ("incident_date",)}
    return assemble(table, parts, keep_columns(frame, consumed - {None}, "named"), no_claim=reason,
                    format_name="named_victims")


FORMAT = Format(
    name="named_victims",
    title="named-victim list (Airwars named_victims.csv)",
    needs=("airwars_id", "incident_date", "status", "|".join(NAME)),
    claims=f"one set per incident, by '{SOURCE}': at least N civilians (the named killed), and children, "
           "women and men where named; on the incident's first named dead",
    read=read_named_victims,
)
