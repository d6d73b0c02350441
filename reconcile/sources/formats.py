"""The input formats, how each is recognised, and choosing one for a file.

A format names the columns it needs (``needs``, each possibly with
alternatives: ``"civilian_deaths_min|civilians_killed_min"``) and an adapter
that turns a :class:`Table` into :class:`RawClaims`. Detection tries the
formats in :data:`FORMATS` order, most specific first, and takes the first
whose needs the header meets; the generic claims file comes last, so an ACLED
export (which also has ``source``, ``event_date`` and ``fatalities``) is read
as ACLED.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reconcile.errors import InputError, UsageError
from reconcile.sources.claims import RawClaims
from reconcile.sources.table import Table, header_key


@dataclass(frozen=True)
class Format:
    """An input format: its name, what it is, the columns it needs and its adapter."""

    name: str
    title: str
    needs: tuple[str, ...]
    claims: str
    read: Callable[[Table], RawClaims]
    missing_in: Callable[[Table], list[str]] | None = None

    def missing(self, table: Table) -> list[str]:
        """The needed columns (or tags) the table lacks, as a person would name them."""
        if self.missing_in is not None:
            return self.missing_in(table)
        return missing_needs(self.needs, table.frame.columns)

    def needs_text(self) -> str:
        return ", ".join(n.replace("|", " or ") for n in self.needs)


def missing_needs(needs: tuple[str, ...], columns) -> list[str]:
    keys = {header_key(c) for c in columns}
    return [
        need.replace("|", " or ")
        for need in needs
        if not any(header_key(alternative) in keys for alternative in need.split("|"))
    ]


def formats() -> list[Format]:
    """Every detectable format, in detection order (most specific first)."""
    from reconcile.sources import (
        acled,
        airwars,
        compilation,
        cumulative,
        generic,
        hdx_hapi,
        hxl,
        named_victims,
        reference,
        ucdp,
        wide,
    )

    # Tables without claims come before the generic file that would otherwise say "matches no known
    # format"; the cumulative tolls (source, as_of, deaths, no date) last among the specific ones.
    return [hxl.FORMAT, ucdp.FORMAT, airwars.FORMAT, hdx_hapi.FORMAT, acled.FORMAT, named_victims.FORMAT,
            reference.AIRWARS_SOURCES, reference.PCODES, compilation.WAR_TOTALS, compilation.WAR_FIGURES,
            wide.FORMAT, cumulative.FORMAT, generic.FORMAT]


def format_names() -> list[str]:
    return [f.name for f in formats()] + ["mapping"]


def by_name(name: str) -> Format:
    for fmt in formats():
        if fmt.name == name:
            return fmt
    raise UsageError(f"--input-format: no format '{name}' (choose from {', '.join(format_names())})")


def detect(table: Table) -> Format:
    """The first format whose needs the table meets; else InputError naming the closest."""
    candidates = formats()
    for fmt in candidates:
        if not fmt.missing(table):
            return fmt
    # Ties (nothing in common with any format, typically) name the generic claims file.
    scored = [
        (max(0.0, 1 - len(fmt.missing(table)) / max(len(fmt.needs), 1)), fmt.name == "generic", -i, fmt)
        for i, fmt in enumerate(candidates)
    ]
    closest = max(scored, key=lambda s: s[:3])[3]
    found = ", ".join(table.frame.columns[:12]) + (" ..." if len(table.frame.columns) > 12 else "")
    missing = closest.missing(table)
    accepted = ""
    if closest.name == "generic":
        from reconcile.sources.generic import accepted_names

        accepted = f" Names accepted: {accepted_names(missing)}."
    raise InputError(
        table.path,
        f"matches no known format; closest is {closest.name} ({closest.title}), which lacks "
        f"{', '.join(missing)}. Columns found: {found or '(none)'}.{accepted} "
        "See `reconcile formats`, or describe the columns with --mapping FILE.toml",
        line=1,
    )


def read_as(table: Table, fmt: Format) -> RawClaims:
    """Read ``table`` as ``fmt``, after checking it has what the format needs."""
    missing = fmt.missing(table)
    if missing:
        raise InputError(
            table.path, f"not a {fmt.name} file ({fmt.title}): lacks {', '.join(missing)}", line=1
        )
    return fmt.read(table)
