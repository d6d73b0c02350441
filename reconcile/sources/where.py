"""``--where``: keep only the claims whose columns meet conditions.

A condition is ``COLUMN OP VALUE`` with OP one of ``=`` and ``!=`` (text,
ignoring case), ``~`` (regular expression found anywhere, ignoring case),
``>=`` and ``<=`` (text order: right for ISO dates, ``date_start>=2025-01``).
COLUMN is a claim column (``source``, ``victims``, ``date_start``, ``incident``
...) or any column of the input kept under its own name (Airwars'
``assessment``, UCDP's ``source_office``, ACLED's ``acled_source``); a file
without that column has it blank, and a column no input has is an error. All
conditions must hold. An input row all of whose claims are left out is listed
among the rows that gave no claim, so every row read is still accounted for.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from reconcile.errors import UsageError
from reconcile.sources.claims import RawClaims

_CONDITION = re.compile(r"^\s*(?P<column>[^=!~<>]+?)\s*(?P<op>!=|>=|<=|=|~)\s*(?P<value>.*?)\s*$")


def parse_condition(text: str) -> tuple[str, str, str]:
    """``"assessment=Fair"`` -> ("assessment", "=", "Fair"); UsageError when malformed."""
    found = _CONDITION.match(text)
    if not found:
        raise UsageError(f"--where '{text}': write COLUMN=VALUE, COLUMN!=VALUE, COLUMN~REGEX, COLUMN>=VALUE "
                         "or COLUMN<=VALUE")
    column, op, value = found.group("column", "op", "value")
    if op == "~":
        try:
            re.compile(value)
        except re.error as exc:
            raise UsageError(f"--where '{text}': not a regular expression: {exc}") from None
    return column, op, value


def _holds(values: pd.Series, op: str, value: str) -> np.ndarray:
    if op == "~":
        with warnings.catch_warnings():  # pandas warns about groups in the pattern; we only test for a match
            warnings.simplefilter("ignore", UserWarning)
            return values.str.contains(value, case=False, regex=True).to_numpy(dtype=bool)
    if op in ("=", "!="):
        same = (values.str.casefold() == value.casefold()).to_numpy(dtype=bool)
        return same if op == "=" else ~same
    return (values >= value).to_numpy(dtype=bool) if op == ">=" else (values <= value).to_numpy(dtype=bool)


def check_columns(conditions: Sequence[str], columns: set[str]) -> None:
    """A condition on a column no input has is a usage error: a typo would otherwise keep nothing
    (``=``) or everything (``!=``) without a word."""
    for text in conditions:
        column = parse_condition(text)[0]
        if column not in columns:
            raise UsageError(f"--where '{text}': no input has a column '{column}' "
                             f"(columns: {', '.join(sorted(columns))})")


def filter_claims(raw: RawClaims, conditions: list[str]) -> RawClaims:
    """The claims of ``raw`` meeting every condition; rows left without a claim join ``skipped``."""
    if not conditions:
        return raw
    rows = raw.rows
    keep = np.ones(len(rows), dtype=bool)
    for text in conditions:
        column, op, value = parse_condition(text)
        values = rows[column].astype(str).str.strip() if column in rows.columns \
            else pd.Series("", index=rows.index)
        keep &= _holds(values, op, value)
    left_out = ~rows["origin"].isin(set(rows.loc[keep, "origin"])) & ~rows["origin"].duplicated()
    dropped = pd.DataFrame({"origin": rows.loc[left_out, "origin"],
                            "reason": "left out by --where " + " and ".join(conditions)})
    return raw.replace(
        rows=rows.loc[keep].reset_index(drop=True),
        rows_read=raw.read,
        skipped=pd.concat([raw.skipped, dropped], ignore_index=True),
    )
