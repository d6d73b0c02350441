"""HDX HAPI conflict-event aggregates: fatalities per admin unit, event type and period.

Each row (one admin unit, one ACLED event type, one reference period) is a
claim by the provider, ``ACLED``, for that place and period:

- ``place`` is the finest admin name given (``admin2_name``, else
  ``admin1_name``, else ``location_code``);
- ``incident`` is the place and period (``Menbij 2025-01``), so the same
  unit's civilian-targeting fatalities (``civilians``) sit under its
  political-violence fatalities (``total``) and a civilians figure above the
  total is flagged; demonstrations are an incident of their own
  (``Menbij 2025-01 demonstrations``);
- a row with no fatalities figure (HAPI gives none for demonstrations) gives
  no claim and is listed as such; ``events`` and every other column are kept.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.sources.claims import RawClaims, assemble, keep_columns
from reconcile.sources.formats import Format
from reconcile.sources.table import Table, find_column, text_column

VICTIMS = {"civilian_targeting": "civilians", "political_violence": "total", "demonstration": "total"}


def period_label(start: pd.Series, end: pd.Series) -> pd.Series:
    """``2025-01`` for a whole calendar month, else ``start..end``."""
    first = pd.to_datetime(start, format="%Y-%m-%d", errors="coerce")
    last = pd.to_datetime(end, format="%Y-%m-%d", errors="coerce")
    month = (first.dt.day == 1) & (last == first + pd.offsets.MonthEnd(0))
    return pd.Series(np.where(month, start.str[:7], start + ".." + end), index=start.index)


def read_hdx_hapi(table: Table) -> RawClaims:
    frame = table.frame
    admin2, admin1 = text_column(frame, "admin2_name"), text_column(frame, "admin1_name")
    place = admin2.where(admin2 != "", admin1)
    place = place.where(place != "", text_column(frame, "location_code"))
    start = text_column(frame, "reference_period_start")
    end = text_column(frame, "reference_period_end")
    event_type = text_column(frame, "event_type")
    incident = place + " " + period_label(start, end)
    incident = incident.where(event_type != "demonstration", incident + " demonstrations")
    fatalities = text_column(frame, "fatalities")
    claim = {
        "source": "ACLED",
        "figure": fatalities,
        "date_start": start,
        "date_end": end,
        "place": place,
        "event_id": incident,
        "victims": event_type.map(VICTIMS).fillna(event_type),
    }
    consumed = {find_column(frame, c)
                for c in ("fatalities", "reference_period_start", "reference_period_end")}
    reason = "no fatalities figure (" + event_type + ", " + text_column(frame, "events") + " events)"
    return assemble(table, [(fatalities != "", claim)], keep_columns(frame, consumed, "hapi"),
                    no_claim=reason, format_name="hdx_hapi")


FORMAT = Format(
    name="hdx_hapi",
    title="HDX HAPI conflict-event aggregates (ACLED-derived)",
    needs=("location_code", "event_type", "events", "fatalities", "reference_period_start",
           "reference_period_end"),
    claims="one per admin unit, event type and period: fatalities (civilian targeting as civilians)",
    read=read_hdx_hapi,
)
