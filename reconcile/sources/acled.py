"""ACLED event exports, current and older column sets: one event, one claim.

- ``source`` is ``ACLED``; ACLED's own ``source`` field (the outlets it coded
  the event from: "SOHR; Liveuamap") is kept as ``acled_source``.
- ``figure`` is ``fatalities`` (0 is a claim: ACLED says nobody died), the
  date ``event_date`` (``9-May-20``, ``21 March 2020`` and ISO all occur).
- ``perpetrator`` is ``actor1`` for political-violence events (battles,
  explosions/remote violence, violence against civilians, and the legacy
  "Battle-..." and "Remote violence" types), as ACLED's codebook makes actor1
  the side that acts; protests, riots and strategic developments are left
  unattributed, and so is an "Unidentified ..." actor1 (ACLED's way of saying
  nobody is known). ``actor1`` itself is kept.
- ``victims`` is ``civilians`` where ACLED marks civilian targeting (the
  ``civilian_targeting`` column, or, in exports without it, the event type
  "Violence against civilians"), else ``total``.
- ``event_id`` is ``event_id_cnty``: two events of one export are never
  taken for revisions of one claim (events of one incident add up); the
  incident itself is matched like any claim's.
- ``place`` is ``admin2, admin1`` where ACLED gives ``admin2``; every other column is kept.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.sources.claims import RawClaims, assemble, keep_columns
from reconcile.sources.formats import Format
from reconcile.sources.table import Table, find_column, text_column

ATTRIBUTED_TYPES = r"^(?:battles?\b|explosions|remote violence|violence against civilians)"


def _place(frame: pd.DataFrame) -> pd.Series:
    """``admin2, admin1``: the district narrows the match; the governorate alone when no district."""
    admin1, admin2 = text_column(frame, "admin1"), text_column(frame, "admin2")
    return (admin2 + ", ").where(admin2 != "", "") + admin1


def read_acled(table: Table) -> RawClaims:
    frame = table.frame
    event_type = text_column(frame, "event_type").str.casefold()
    actor1 = text_column(frame, "actor1")
    attributed = event_type.str.contains(ATTRIBUTED_TYPES, regex=True) \
        & ~actor1.str.match(r"(?i)unidentified\b")
    targeting = find_column(frame, "civilian_targeting")
    if targeting is not None:
        civilians = frame[targeting].str.strip() != ""
    else:
        civilians = event_type == "violence against civilians"
    claim = {
        "source": "ACLED",
        "figure": text_column(frame, "fatalities"),
        "date": text_column(frame, "event_date"),
        "perpetrator": actor1.where(attributed, ""),
        "victims": pd.Series(np.where(civilians, "civilians", "total"), index=frame.index),
        "place": _place(frame),
        "event_id": text_column(frame, "event_id_cnty"),
        "notes": text_column(frame, "notes"),
    }
    consumed = {find_column(frame, c)
                for c in ("fatalities", "event_date", "admin1", "event_id_cnty", "notes")}
    return assemble(table, [(None, claim)], keep_columns(frame, consumed, "acled"), format_name="acled")


FORMAT = Format(
    name="acled",
    title="ACLED event export (current or older columns)",
    needs=("event_id_cnty", "event_date", "actor1", "fatalities"),
    claims="one per event: fatalities; civilians where ACLED marks civilian targeting, else total",
    read=read_acled,
)
