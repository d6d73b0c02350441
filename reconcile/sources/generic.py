"""The generic claims CSV (README, "Claims file"): one row per published claim.

Header names are matched case-insensitively, ignoring spaces, hyphens and
underscores, against the synonyms in :data:`COLUMN_SYNONYMS`. Unknown columns
are kept under their own names.
"""

from __future__ import annotations

from pathlib import Path

from reconcile.errors import InputError
from reconcile.sources.claims import RawClaims, assemble
from reconcile.sources.table import Table, header_key, read_table

#: canonical column -> accepted header names (compared after :func:`header_key`).
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "source": ("source", "monitor", "reported_by", "organisation", "organization"),
    "figure": ("figure", "figure_text", "deaths", "killed", "fatalities", "count", "toll"),
    "date": ("date", "event_date"),
    "date_start": ("date_start", "period_start", "start_date"),
    "date_end": ("date_end", "period_end", "end_date"),
    "victims": ("victims", "victim_category", "category", "victim_type"),
    "perpetrator": ("perpetrator", "attributed_to", "actor", "killed_by"),
    "place": ("place", "location", "area", "governorate", "admin1"),
    "incident": ("incident", "event", "incident_id"),
    "published": ("published", "publication_date", "reported_on", "as_of"),
    "url": ("url", "link"),
    "quote": ("quote",),
    "notes": ("notes", "note", "comment"),
    "low": ("low", "low_estimate", "minimum"),
    "best": ("best", "best_estimate"),
    "high": ("high", "high_estimate", "maximum"),
}
REQUIRED = ("source", "figure")

_SYNONYM_TO_COLUMN = {header_key(s): col for col, names in COLUMN_SYNONYMS.items() for s in names}


def missing_columns(header: list[str]) -> list[str]:
    """The generic format's required columns that ``header`` lacks (by any synonym)."""
    taken = {_SYNONYM_TO_COLUMN.get(header_key(name)) for name in header}
    missing = [c for c in REQUIRED if c not in taken]
    if not ("date" in taken or "date_start" in taken):
        missing.append("date (or date_start/date_end)")
    return missing


def accepted_names(missing: list[str]) -> str:
    """``source: source, monitor, ...; figure: ...``: the header names each missing column may have."""
    return "; ".join(f"{c}: {', '.join(COLUMN_SYNONYMS[c.split()[0]])}" for c in missing)


def map_header(path: Path, header: list[str]) -> dict[str, str]:
    """Input header -> canonical names; unknown names are kept as they are."""
    renamed: dict[str, str] = {}
    taken: dict[str, str] = {}
    for name in header:
        canonical = _SYNONYM_TO_COLUMN.get(header_key(name))
        if canonical is None:
            renamed[name] = name
            continue
        if canonical in taken:
            raise InputError(
                path,
                f"columns '{taken[canonical]}' and '{name}' both mean '{canonical}'; keep one",
                line=1,
            )
        taken[canonical] = name
        renamed[name] = canonical
    missing = missing_columns(header)
    if missing:
        accepted = accepted_names(missing)
        raise InputError(
            path,
            f"missing required column(s) {', '.join(missing)}. "
            f"Columns found: {', '.join(header) or '(none)'}. Names accepted: {accepted}",
            line=1,
        )
    return renamed


def read_generic_table(table: Table) -> RawClaims:
    """The generic format on an already read table: one claim per row."""
    written = [name for name in table.header if _SYNONYM_TO_COLUMN.get(header_key(name))]
    twice = sorted({name for name in written if written.count(name) > 1})
    if twice:
        raise InputError(table.path, f"column '{twice[0]}' appears more than once in the header; keep one",
                         line=1)
    frame = table.frame.rename(columns=map_header(table.path, list(table.frame.columns)))
    frame = frame.rename(columns={c: f"{c}_input" for c in ("origin", "file", "line") if c in frame.columns})
    ours = [c for c in frame.columns if c in COLUMN_SYNONYMS]
    kept = frame[[c for c in frame.columns if c not in ours]]
    return assemble(table, [(None, {c: frame[c] for c in ours})], kept, format_name="generic")


def read_generic(path: Path, label: str | None = None) -> RawClaims:
    """Read one generic claims CSV; see the module docstring."""
    return read_generic_table(read_table(Path(path), label))


def _generic_format():
    from reconcile.sources.formats import Format

    return Format(
        name="generic",
        title="generic claims file (README, Claims file)",
        needs=("source", "figure", "date|date_start"),
        claims="one per row",
        read=read_generic_table,
        missing_in=lambda table: missing_columns(list(table.frame.columns)),
    )


FORMAT = _generic_format()
