"""A user-written column mapping (``--mapping FILE.toml``) for any other table.

::

    [columns]                 # claim column = the input column that feeds it
    figure = "Killed"
    date = "Date"
    perpetrator = "Blamed on"
    place = "Province"

    [constants]               # the same value on every row
    source = "SOHR"
    victims = "civilians"

    [conventions]
    date_format = "%d/%m/%Y"  # strptime codes; default: ISO and day-first dates
    decimal = ","             # 1.234,5 -> 1234.5 (figures and low/best/high)
    thousands = "."

Claim columns are those of the generic claims file plus ``low``, ``best``,
``high``. ``source`` and ``figure`` (or ``best``) and ``date`` (or
``date_start``) must each come from a column or a constant. Input columns not
named are kept under their own names.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from reconcile.errors import InputError, UsageError
from reconcile.sources.claims import CLAIM_FIELDS, RawClaims, assemble, keep_columns
from reconcile.sources.table import Table, find_column

SECTIONS = {"columns", "constants", "conventions"}
CONVENTIONS = {"date_format", "decimal", "thousands"}
NUMBER_COLUMNS = ("figure", "low", "best", "high")
DATE_COLUMNS = ("date", "date_start", "date_end", "published")


@dataclass(frozen=True)
class Mapping:
    """A parsed mapping file."""

    path: Path
    columns: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    date_format: str | None = None
    decimal: str = "."
    thousands: str = ""


def _fail(path: Path, message: str) -> UsageError:
    return UsageError(f"--mapping {path}: {message}")


def load_mapping(path: str | Path) -> Mapping:
    """Read and check a mapping file; a UsageError says what is wrong with it."""
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _fail(path, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(path, f"cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise _fail(path, f"not valid TOML: {exc}") from None
    unknown = set(document) - SECTIONS
    if unknown:
        raise _fail(path, f"unknown section(s) {', '.join(sorted(unknown))} "
                          f"(use {', '.join(sorted(SECTIONS))})")
    columns = document.get("columns", {})
    constants = document.get("constants", {})
    conventions = document.get("conventions", {})
    for name, table in (("columns", columns), ("constants", constants), ("conventions", conventions)):
        if not isinstance(table, dict):
            raise _fail(path, f"[{name}] must be a table of key = \"value\" lines")
        bad = [k for k, v in table.items() if not isinstance(v, str | int | float) or isinstance(v, bool)]
        if bad:
            raise _fail(path, f"[{name}] {bad[0]} must be a text value")
    for name, table in (("columns", columns), ("constants", constants)):
        wrong = set(table) - set(CLAIM_FIELDS)
        if wrong:
            raise _fail(path, f"[{name}] names no claim column {', '.join(sorted(wrong))} "
                              f"(claim columns: {', '.join(CLAIM_FIELDS)})")
    wrong = set(conventions) - CONVENTIONS
    if wrong:
        raise _fail(path, f"[conventions] unknown key(s) {', '.join(sorted(wrong))} "
                          f"(use {', '.join(sorted(CONVENTIONS))})")
    given = set(columns) | set(constants)
    needed = [("source",), ("figure", "best"), ("date", "date_start")]
    lacking = [" or ".join(n) for n in needed if not given & set(n)]
    if lacking:
        raise _fail(path, f"nothing feeds {', '.join(lacking)}: "
                          "name a column in [columns] or a value in [constants]")
    return Mapping(
        path=path,
        columns={k: str(v) for k, v in columns.items()},
        constants={k: str(v) for k, v in constants.items()},
        date_format=conventions.get("date_format"),
        decimal=str(conventions.get("decimal", ".")),
        thousands=str(conventions.get("thousands", "")),
    )


def _numbers(text: pd.Series, mapping: Mapping) -> pd.Series:
    if mapping.thousands:
        text = text.str.replace(mapping.thousands, "", regex=False)
    if mapping.decimal != ".":
        text = text.str.replace(mapping.decimal, ".", regex=False)
    return text


def _dates(text: pd.Series, date_format: str) -> pd.Series:
    """Dates in ``date_format`` rewritten as ISO; others left for normalise to judge."""
    codes, distinct = pd.factorize(text)
    parsed = pd.to_datetime(pd.Series(distinct, dtype=str), format=date_format, errors="coerce")
    iso = parsed.dt.strftime("%Y-%m-%d").where(parsed.notna(), pd.Series(distinct, dtype=str))
    return pd.Series(iso.to_numpy(dtype=object)[codes], index=text.index, dtype=str)


def read_mapped(table: Table, mapping: Mapping) -> RawClaims:
    """Claims from ``table`` as ``mapping`` describes."""
    frame = table.frame
    claim: dict[str, pd.Series | str] = dict(mapping.constants)
    consumed = set()
    rewritten = set(NUMBER_COLUMNS) if (mapping.thousands or mapping.decimal != ".") else set()
    rewritten |= set(DATE_COLUMNS) if mapping.date_format else set()
    for name, wanted in mapping.columns.items():
        found = find_column(frame, wanted)
        if found is None:
            raise InputError(table.path, f"--mapping {mapping.path} names column '{wanted}' (for {name}), "
                                         "which this file lacks. "
                                         f"Columns found: {', '.join(frame.columns)}", line=1)
        if name not in rewritten:  # a column the conventions rewrite is also kept as written
            consumed.add(found)
        claim[name] = frame[found].str.strip()
    for name in NUMBER_COLUMNS:
        if isinstance(claim.get(name), pd.Series):
            claim[name] = _numbers(claim[name], mapping)
    if mapping.date_format:
        for name in DATE_COLUMNS:
            if isinstance(claim.get(name), pd.Series):
                claim[name] = _dates(claim[name], mapping.date_format)
    if "figure" not in claim:
        claim["figure"] = claim["best"]
    return assemble(table, [(None, claim)], keep_columns(frame, consumed, "input"), format_name="mapping")
