"""UCDP GED events: one event gives a total claim and claims per category.

For each event (``source`` = ``UCDP``, ``event_id`` = ``UCDP <id>``, place
``adm_2, adm_1``, period ``date_start``..``date_end``; the incident is
matched like any claim's, and events of one incident add up):

- ``total``: the interval UCDP gives, ``low``/``best``/``high``, shown as
  ``best (low-high)``;
- ``civilians``: ``deaths_civilians``;
- for state-based and non-state violence (``type_of_violence`` 1 and 2),
  ``combatants`` of each side: ``deaths_a`` killed by side B and ``deaths_b``
  killed by side A, with the side that died named in ``victim_side``.

Perpetrator follows UCDP's type of violence: one-sided violence (3) is
``side_a``'s, for the total and the civilians; in fighting between two sides
UCDP does not say who killed the civilians, so the total and civilians claims
are unattributed and only each side's dead are blamed on the other side.
Zero is a claim (UCDP coded nobody of that kind killed). ``source_office``
(the monitors UCDP relied on: SOHR, SNHR, Airwars ...) and every other column
are kept.
"""

from __future__ import annotations

import pandas as pd

from reconcile.sources.claims import RawClaims, assemble, keep_columns
from reconcile.sources.formats import Format
from reconcile.sources.table import Table, find_column, text_column


def interval_text(low: pd.Series, best: pd.Series, high: pd.Series) -> pd.Series:
    """``12 (10-15)``, or ``12`` when the three agree: how the figure reads in tables."""
    spread = (low != best) | (high != best)
    return best.where(~spread, best + " (" + low + "-" + high + ")")


def read_ucdp(table: Table) -> RawClaims:
    frame = table.frame
    column = lambda name: text_column(frame, name)  # noqa: E731
    kind = column("type_of_violence")
    one_sided = kind == "3"
    fighting = kind.isin(["1", "2"])
    side_a, side_b = column("side_a"), column("side_b")
    low, best, high = column("low"), column("best"), column("high")
    common = {
        "source": "UCDP",
        "date_start": column("date_start"),
        "date_end": column("date_end"),
        "place": (column("adm_2") + ", ").where(column("adm_2") != "", "") + column("adm_1"),
        "event_id": "UCDP " + column("id"),
    }
    blamed = side_a.where(one_sided, "")
    total = {**common, "victims": "total", "perpetrator": blamed,
             "figure": interval_text(low, best, high), "low": low, "best": best, "high": high}
    civilians_dead = column("deaths_civilians")
    civilians = {**common, "victims": "civilians", "perpetrator": blamed, "figure": civilians_dead}
    a_dead, b_dead = column("deaths_a"), column("deaths_b")
    side_a_dead = {**common, "victims": "combatants", "perpetrator": side_b, "figure": a_dead,
                   "victim_side": side_a}
    side_b_dead = {**common, "victims": "combatants", "perpetrator": side_a, "figure": b_dead,
                   "victim_side": side_b}
    parts = [
        (None, total),
        (civilians_dead != "", civilians),
        (fighting & (a_dead != ""), side_a_dead),
        (fighting & (b_dead != ""), side_b_dead),
    ]
    consumed = {find_column(frame, c) for c in ("date_start", "date_end", "adm_1", "low", "best", "high")}
    return assemble(table, parts, keep_columns(frame, consumed, "ucdp"), format_name="ucdp")


FORMAT = Format(
    name="ucdp",
    title="UCDP Georeferenced Event Dataset (GED)",
    needs=("id", "type_of_violence", "side_a", "side_b", "date_start", "date_end",
           "deaths_a", "deaths_b", "deaths_civilians", "low", "best", "high"),
    claims="total (low/best/high), civilians, and each side's combatants for fighting between two sides",
    read=read_ucdp,
)
