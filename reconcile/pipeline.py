"""read → normalise → match → compare, as plain functions the CLI calls."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from reconcile.actors import load_aliases
from reconcile.compare import Comparison, compare
from reconcile.match import MatchOptions, match_incidents
from reconcile.normalise import Claims, normalise
from reconcile.sources import ReadOptions, read_files


def load_claims(
    paths: list[str | Path],
    labels: list[str] | None = None,
    aliases: str | Path | None = None,
    tolerance: float = 0.1,
    *,
    input_format: str | None = None,
    mapping: str | Path | None = None,
    sheet: str | None = None,
    where: list[str] | tuple[str, ...] = (),
    incident: str | None = None,
) -> tuple[Claims, int]:
    """Read and normalise files; returns the claims and the count of blank lines skipped.

    ``input_format`` forces a format (default: detected per file), ``mapping``
    reads every file through a TOML column mapping, ``sheet`` picks a
    spreadsheet's sheet, ``where`` keeps the claims meeting every condition,
    ``incident`` gives every claim one incident label.
    """
    options = ReadOptions(input_format=input_format, mapping=mapping, sheet=sheet, where=tuple(where or ()),
                          incident=incident)
    raw = read_files(paths, labels, options)
    claims = normalise(raw, load_aliases(aliases), tolerance=tolerance)
    return claims, raw.blank_lines


def run_compare(
    paths: list[str | Path],
    labels: list[str] | None = None,
    aliases: str | Path | None = None,
    tolerance: float = 0.1,
    as_of: pd.Timestamp | None = None,
    matching: MatchOptions | None = None,
    explain: bool = False,
    *,
    input_format: str | None = None,
    mapping: str | Path | None = None,
    sheet: str | None = None,
    where: list[str] | tuple[str, ...] = (),
    incident: str | None = None,
) -> Comparison:
    """The whole ``compare`` job on ``paths`` (read options as for :func:`load_claims`);
    ``explain`` keeps the matcher's reasons."""
    loaded, blank_lines = load_claims(
        paths, labels, aliases, tolerance, input_format=input_format, mapping=mapping, sheet=sheet, where=where,
        incident=incident,
    )
    matched = match_incidents(loaded.claims, matching)
    reasons = None
    if explain:
        from reconcile.explain import explain_pairs

        reasons = explain_pairs(matched.claims, matched.pairs)
    return compare(
        matched.claims, loaded.rejected, loaded.rows, tolerance=tolerance, as_of=as_of, blank_lines=blank_lines,
        reasons=reasons, skipped=loaded.skipped,
    )
