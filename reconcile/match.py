"""Incidents: which claims describe the same deaths.

Claims carrying the user's ``incident`` label keep it. Claims without one are
grouped by their date windows: claims whose periods overlap (allowing
``slack_days`` between them) form one incident, labelled by its date span
(``2025-03-06..2025-03-09``). This is the first, date-only matcher; place
and actor compatibility come with the gazetteer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def _span_label(start: pd.Series, end: pd.Series) -> pd.Series:
    first = start.dt.strftime("%Y-%m-%d")
    last = end.dt.strftime("%Y-%m-%d")
    return first.where(first == last, first + ".." + last)


def assign_incidents(claims: pd.DataFrame, slack_days: int = 1) -> pd.DataFrame:
    """Fill blank ``incident`` labels by date overlap; adds ``incident_matched``.

    A sweep over claims sorted by start date: a claim opens a new incident
    when it starts more than ``slack_days`` after every earlier claim ended.
    """
    claims = claims.copy()
    blank = claims["incident"] == ""
    claims["incident_matched"] = blank
    if not blank.any():
        return claims
    todo = claims.loc[blank, ["date_start", "date_end"]].sort_values(["date_start", "date_end"], kind="stable")
    reach = todo["date_end"].cummax() + pd.Timedelta(days=slack_days)
    opens = np.r_[True, (todo["date_start"].to_numpy()[1:] > reach.to_numpy()[:-1])]
    cluster = pd.Series(np.cumsum(opens), index=todo.index)
    span = todo.groupby(cluster).agg(start=("date_start", "min"), end=("date_end", "max"))
    labels = _span_label(span["start"], span["end"])
    claims.loc[todo.index, "incident"] = cluster.map(labels)
    return claims
