"""What every adapter returns, and the one way adapters build it.

An input row may give several claims (a UCDP event: its total, its civilians
and each side's dead) or none (an Airwars incident with no death figure).
:class:`RawClaims` therefore counts input rows (``rows_read``) apart from the
claim rows it holds, lists the input rows that gave no claim (``skipped``,
with the reason) and the rows that could not be read as rows (``rejected``:
more or fewer cells than the header, the header repeated ...), so that every
input row is accounted for (:func:`check_rows` enforces it):

    rows_read = (input rows giving at least one claim) + len(skipped) + len(rejected)

Each claim keeps its input row's ``origin`` (``file:line``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Container
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from reconcile.sources.table import Table

#: the claim columns an adapter may fill (all text): the claims file's (README, "Claims file")
#: plus the interval.
CLAIM_FIELDS = (
    "source", "figure", "date", "date_start", "date_end", "victims", "perpetrator", "place",
    "incident", "event_id", "published", "url", "quote", "notes", "low", "best", "high",
)
#: columns every RawClaims frame has, computed by :func:`assemble`.
LOCATION_FIELDS = ("origin", "file", "line")

SKIPPED_COLUMNS = ["origin", "reason"]
#: rows rejected while reading: where (``origin``, ``file``, ``line``) and why.
READ_REJECTED_COLUMNS = ["origin", "file", "line", "reason"]


def _empty_skipped() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=str) for c in SKIPPED_COLUMNS})


def _empty_rejected() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=str) for c in READ_REJECTED_COLUMNS})
    return frame.astype({"line": "int64"})


@dataclass(frozen=True)
class RawClaims:
    """Claims as read: canonical column names, every cell text ("" when blank).

    ``rows`` has ``origin`` (``file:line``), ``file`` and ``line`` besides the
    claim columns, one row per claim. ``rows_read`` counts the input rows
    (``None``: one claim per row, so ``len(rows)``); ``skipped`` lists input
    rows that gave no claim (``origin``, ``reason``); ``rejected`` the rows
    that could not be read as rows (:data:`READ_REJECTED_COLUMNS`);
    ``blank_lines`` counts lines skipped because they held nothing (they are
    not rows). ``notes`` say how each file was read (``--verbose``),
    ``warnings`` what the user should know about it.
    """

    rows: pd.DataFrame
    blank_lines: int = 0
    rows_read: int | None = None
    skipped: pd.DataFrame = field(default_factory=_empty_skipped)
    formats: tuple[str, ...] = ()
    rejected: pd.DataFrame = field(default_factory=_empty_rejected)
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def read(self) -> int:
        """Input rows read (not claims)."""
        return len(self.rows) + len(self.rejected) if self.rows_read is None else self.rows_read

    def replace(self, **changes) -> RawClaims:
        return dataclasses.replace(self, **changes)


def check_rows(raw: RawClaims) -> RawClaims:
    """``raw`` when every input row is accounted for: it gave claims, or none (skipped), or was
    rejected; a RuntimeError (a bug of ours, never the data's) otherwise."""
    lines = raw.rows["line"].to_numpy(dtype=np.int64) if len(raw.rows) else np.zeros(0, dtype=np.int64)
    files = raw.rows["file"].to_numpy(dtype=object) if len(raw.rows) else lines
    # claims come in input order, a row's claims together: count the changes of (file, line)
    giving = int(len(lines) and 1 + ((lines[1:] != lines[:-1]) | (files[1:] != files[:-1])).sum())
    if giving + len(raw.skipped) + len(raw.rejected) != raw.read:
        raise RuntimeError(
            f"row accounting broken: {raw.read} rows read, but {giving} gave claims, {len(raw.skipped)} "
            f"gave none and {len(raw.rejected)} were rejected"
        )
    return raw


def origins(table: Table, positions: np.ndarray | None = None) -> pd.Series:
    """``file:line`` of the table's rows (or of the rows at ``positions``)."""
    lines = table.lines if positions is None else table.lines[positions]
    return (table.label + ":" + pd.Series(lines, dtype="int64").astype(str)).astype(str)


def keep_columns(frame: pd.DataFrame, consumed: Container[str | None], prefix: str) -> pd.DataFrame:
    """The input columns not consumed into claim columns, under their own names.

    ``consumed`` may hold None (``table.find_column``'s answer for a column the file lacks).

    One named like a claim column (ACLED's own ``source``, the outlets it coded
    from) is kept as ``<prefix>_<name>`` (``acled_source``).
    """
    reserved = set(CLAIM_FIELDS) | set(LOCATION_FIELDS)
    kept = [c for c in frame.columns if c not in consumed]
    renamed = {c: f"{prefix}_{c}" for c in kept if c in reserved}
    return frame[kept].rename(columns=renamed)


def _taken(value: pd.Series | str, positions: np.ndarray, every: bool) -> pd.Series:
    """A claim column for the rows at ``positions``: a constant repeated, or the column's cells
    (taken as they are: a round trip through Python objects costs seconds at a million rows)."""
    if isinstance(value, str):
        return pd.Series(value, index=pd.RangeIndex(len(positions)), dtype=str)
    return (value if every else value.iloc[positions]).reset_index(drop=True)


def assemble(
    table: Table,
    parts: list[tuple[pd.Series | None, dict]],
    kept: pd.DataFrame | None,
    no_claim: pd.Series | str = "no casualty figure given",
    format_name: str = "",
) -> RawClaims:
    """Claims from ``parts``, each a (mask, claim columns) pair over the table's rows.

    ``mask`` says which rows give that claim (``None``: every row); claim
    columns are Series aligned with the table or constant strings. Claims come
    out in input order, a row's claims in the order of ``parts``. A row no part
    gives a claim for is listed in ``skipped`` with ``no_claim`` as the reason.
    ``kept`` (input columns to carry along) is joined to every claim of a row.
    """
    n = len(table.frame)
    frames = []
    given = np.zeros(n, dtype=bool)
    for order, (mask, columns) in enumerate(parts):
        where = np.ones(n, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
        given |= where
        positions = np.flatnonzero(where)
        part = pd.DataFrame({name: _taken(value, positions, mask is None) for name, value in columns.items()})
        part["_row"] = positions
        part["_part"] = order
        frames.append(part)
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({"_row": [], "_part": []})
    rows = rows.sort_values(["_row", "_part"], kind="stable").reset_index(drop=True)
    positions = rows["_row"].to_numpy(dtype=np.int64)
    if kept is not None and len(kept.columns):
        extra = kept.reset_index(drop=True).iloc[positions].reset_index(drop=True)
        rows = pd.concat([rows, extra[[c for c in extra.columns if c not in rows.columns]]], axis=1)
    rows = rows.drop(columns=["_row", "_part"])
    rows.insert(0, "origin", origins(table, positions))
    rows.insert(1, "file", table.label)
    rows.insert(2, "line", table.lines[positions])
    text = [c for c in rows.columns if c != "line"]
    rows[text] = rows[text].fillna("").astype(str)

    missing = np.flatnonzero(~given)
    if isinstance(no_claim, str):
        reason = np.full(len(missing), no_claim, dtype=object)
    else:
        reason = no_claim.to_numpy(dtype=object)[missing]
    skipped = pd.DataFrame({"origin": origins(table, missing), "reason": pd.Series(reason, dtype=str)})
    return RawClaims(rows=rows, blank_lines=table.blank_lines, rows_read=n + len(table.rejected),
                     skipped=skipped, formats=(format_name,) if format_name else (),
                     rejected=read_rejected(table),
                     notes=table.notes, warnings=table.warnings)


def read_rejected(table: Table) -> pd.DataFrame:
    """The table's rejected rows as :data:`READ_REJECTED_COLUMNS`."""
    bad = table.rejected
    if not len(bad):
        return _empty_rejected()
    lines = bad["line"].to_numpy(dtype=np.int64)
    return pd.DataFrame({
        "origin": (table.label + ":" + pd.Series(lines).astype(str)).astype(str),
        "file": table.label,
        "line": lines,
        "reason": bad["reason"].astype(str).to_numpy(),
    })
