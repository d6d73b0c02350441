"""read → normalise → match → compare, as plain functions the CLI calls."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from reconcile.actors import load_aliases, load_catalogue
from reconcile.compare import Comparison, compare
from reconcile.match import Matching, MatchOptions, match_incidents
from reconcile.memory import release_freed
from reconcile.normalise import Claims, normalise
from reconcile.source_names import load_sources
from reconcile.sources import ReadOptions, read_files


def _quiet(stage: str) -> None:
    """The default stage callback: no progress shown."""


def load_claims(
    paths: Sequence[str | Path],
    labels: list[str] | None = None,
    aliases: str | Path | None = None,
    tolerance: float = 0.1,
    on_stage=None,
    catalogue: str | Path | None = None,
    infer_actors: bool = True,
    source_aliases: str | Path | None = None,
    **read,
) -> tuple[Claims, int]:
    """Read and normalise files; returns the claims and the count of blank lines skipped.

    ``read`` are the read options, :class:`~reconcile.sources.ReadOptions`'
    fields: ``input_format`` forces a format (default: detected per file),
    ``mapping`` reads every file through a TOML column mapping, ``sheet``
    picks a spreadsheet's sheet, ``where`` keeps the claims meeting every
    condition, ``incident`` gives every claim one incident label, ``encoding``
    decodes every text file, ``max_rows`` limits the rows read. ``catalogue``
    adds the user's actors; ``infer_actors=False`` maps perpetrators by the
    alias tables alone. ``source_aliases`` adds the user's source names
    (``alias,source[,country]``) to ours.
    """
    stage = on_stage or _quiet
    options = ReadOptions(**{**read, "where": tuple(read.get("where") or ())})
    stage("reading")
    raw = read_files(paths, labels, options)
    stage("normalising")
    claims = normalise(raw, load_aliases(aliases), tolerance=tolerance, infer_actors=infer_actors,
                       catalogue=load_catalogue(catalogue), sources=load_sources(source_aliases))
    return claims, raw.blank_lines


def run_compare(
    paths: Sequence[str | Path],
    labels: list[str] | None = None,
    aliases: str | Path | None = None,
    tolerance: float = 0.1,
    as_of: pd.Timestamp | None = None,
    matching: MatchOptions | None = None,
    explain: bool = False,
    on_stage=None,
    catalogue: str | Path | None = None,
    infer_actors: bool = True,
    source_aliases: str | Path | None = None,
    **read,
) -> Comparison:
    """The whole ``compare`` job on ``paths`` (read options as for :func:`load_claims`);
    ``explain`` keeps the matcher's reasons; ``on_stage(name)`` is told each stage as it starts."""
    stage = on_stage or _quiet
    loaded, blank_lines = load_claims(paths, labels, aliases, tolerance, on_stage=stage, catalogue=catalogue,
                                      infer_actors=infer_actors, source_aliases=source_aliases, **read)
    release_freed()  # what reading and normalising freed (0.4 GB at 1M claims), before matching allocates
    stage("matching incidents")
    matched = match_incidents(loaded.claims, matching, pairs=explain)  # only --explain reads them
    rows = loaded.rows
    # one claim frame in memory, not two; the rejected rows' cells are validate's alone
    loaded = dataclasses.replace(loaded, claims=loaded.claims.iloc[:0].copy(),
                                 rejected_cells=loaded.rejected_cells.iloc[:0].copy())
    release_freed()  # matching's pairs and guard, freed, given back before compare allocates its own
    return compare_matched(matched, loaded, rows, blank_lines, tolerance, as_of, matching, explain,
                           on_stage=stage)


def compare_matched(
    matched: Matching,
    loaded: Claims,
    rows: dict[str, int],
    blank_lines: int = 0,
    tolerance: float = 0.1,
    as_of: pd.Timestamp | None = None,
    matching: MatchOptions | None = None,
    explain: bool = False,
    on_stage=None,
) -> Comparison:
    """Compare claims matched into incidents; ``loaded`` (its claims no longer needed) gives the
    rejected and skipped rows, notes and warnings, ``rows`` the row counts."""
    stage = on_stage or _quiet
    reasons = None
    if explain:
        from reconcile.explain import explain_pairs

        reasons = explain_pairs(matched.claims, matched.pairs, (matching or MatchOptions()).threshold)
    stage("comparing")
    comparison = compare(
        matched.claims, loaded.rejected, rows, tolerance=tolerance, as_of=as_of, blank_lines=blank_lines,
        reasons=reasons, skipped=loaded.skipped,
    )
    return dataclasses.replace(comparison, notes=loaded.notes, warnings=loaded.warnings)
