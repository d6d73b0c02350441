"""The user's ``--links`` decisions: pairs of claims declared the same incident, or not.

Read like any input (encodings, delimiters, lines counted as a person does) and
applied before automatic matching.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.reasons import REASON_KEYS, reasons


def read_links(path) -> pd.DataFrame:
    """The user's ``--links`` file: ``origin_a, origin_b, same|different`` (a header line first).

    Read like any input (encodings, delimiters, lines counted as a person does).
    """
    from pathlib import Path

    from reconcile.errors import InputError
    from reconcile.sources.table import header_key, read_table

    path = Path(path)
    table = read_table(path)
    if len(table.rejected):
        first = table.rejected.iloc[0]
        raise InputError(path, f"links file: {first['reason']}", line=int(first["line"]))
    frame = table.frame.rename(columns=header_key)
    wanted = {"origina": "origin_a", "originb": "origin_b", "decision": "decision"}
    if not set(wanted) <= set(frame.columns):
        raise InputError(path, "a links file needs the columns origin_a, origin_b, decision", line=1)
    frame = frame.rename(columns=wanted)[list(wanted.values())].apply(lambda c: c.str.strip())
    bad = ~frame["decision"].str.casefold().isin(["same", "different"])
    if bad.any():
        first = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(
            path, f"decision must be 'same' or 'different', not '{frame['decision'].iloc[first]}'",
            line=int(table.lines[first]),
        )
    return frame


def link_pairs(claims: pd.DataFrame, links: pd.DataFrame | None) -> pd.DataFrame:
    """User decisions as pairs of claim positions; origins not in the input are ignored."""
    if links is None or links.empty:
        return pd.DataFrame({"a": np.array([], np.int64), "b": np.array([], np.int64), "reason": reasons([]),
                             "overlap_days": np.array([], np.int32), "strength": np.array([], np.int16)})
    position = pd.Series(np.arange(len(claims)), index=claims["origin"].to_numpy())
    position = position[~position.index.duplicated()]
    a = links["origin_a"].map(position)
    b = links["origin_b"].map(position)
    found = a.notna() & b.notna()
    same = (links["decision"].str.casefold().str.strip() == "same").to_numpy()
    code = np.where(same, REASON_KEYS.index("link_same"),
                    REASON_KEYS.index("link_different"))[found.to_numpy()]
    a, b = a[found].to_numpy(dtype=np.int64), b[found].to_numpy(dtype=np.int64)
    return pd.DataFrame({"a": np.minimum(a, b), "b": np.maximum(a, b), "reason": reasons(code),
                         "overlap_days": np.zeros(len(a), np.int32), "strength": np.zeros(len(a), np.int16)})
