"""CSV: one row per compared claim, with its group's status and spread."""

from __future__ import annotations

from reconcile.compare import Comparison
from reconcile.render.long import long_frame
from reconcile.render.safe import defuse_frame


def comparison_csv(comparison: Comparison, raw: bool = False, by=()) -> str:
    """The long frame as CSV; text cells a spreadsheet would run as formulas get a leading ``'``
    unless ``raw``.

    With ``by`` (roll-up keys), the roll-up instead: one row per key value.
    """
    if by:
        from reconcile.render.rollup import rollup_csv

        return rollup_csv(comparison, by, raw=raw)
    frame = long_frame(comparison)
    for column in ("published", "date_start", "date_end"):
        frame[column] = frame[column].dt.strftime("%Y-%m-%d").fillna("")
    if not raw:
        frame = defuse_frame(frame)
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.15g")
