"""Columns a step never reads ride along as a row number, and are taken once at the end.

``compare`` reorders and filters its claims four times (summing, the latest
claim, summing events, group order). Moving every column each time moves
UCDP GED's 37 input columns and our own notes four times over, for steps that
read twenty columns; here they are taken once, for the rows that come out.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from reconcile.parallel import take_rows

#: the row number's column: a NUL byte is in no column name a file can give (the reader refuses it).
ROW = "\x00row"


def narrowed(frame: pd.DataFrame, used: Collection[str]) -> tuple[pd.DataFrame, list[str]]:
    """``frame``'s ``used`` columns and its row numbers, and the names of the columns left out."""
    riding = [c for c in frame.columns if c not in used]
    return frame.drop(columns=riding).assign(**{ROW: np.arange(len(frame))}), riding


def widened(narrow: pd.DataFrame, frame: pd.DataFrame, riding: list[str]) -> pd.DataFrame:
    """``narrow`` (rows of :func:`narrowed`'s) with ``frame``'s ``riding`` columns of the same rows:
    ``frame``'s columns in ``frame``'s order, then the columns the step added, in their order."""
    own = narrow.drop(columns=ROW)
    if not riding:
        return own
    taken = take_rows(frame[riding], narrow[ROW].to_numpy()).set_axis(own.index)
    order = [c for c in frame.columns if c in own.columns or c in riding]
    order += [c for c in own.columns if c not in frame.columns]
    return pd.concat([own, taken], axis=1)[order]
