"""Checks on claims files, for CI: every problem with its file, line, column and rule.

:func:`problems` runs every rule over the normalised claims at once (never
stopping at the first problem, nor at a row's first: a row rejected for a bad
date is still checked for its victim category, its figure ...) and returns
one frame, one row per problem:
``origin`` (``file:line``), ``file``, ``line``, ``column``, ``value``,
``rule``, ``severity`` (``error`` or ``warning``) and ``message``.

A file that cannot be read at all (missing required column, not CSV ...) is
not a problem row: the reader raises an ``InputError`` and the run ends with
exit code 2, as for every other command.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.compare import add_up_same_row, select_latest
from reconcile.consistency import inconsistencies
from reconcile.match import match_incidents
from reconcile.normalise import Claims

#: every rule, in report order, with what it checks.
RULES: dict[str, str] = {
    "malformed-row": "a row that cannot be read: more or fewer cells than the header, a NUL byte, "
                     "a quote never closed",
    "repeated-header": "the header row again, in the middle of the file (files pasted together?)",
    "missing-value": "a required value (source, figure, date) is blank",
    "unparseable-figure": "the figure cannot be read as a number, a range or a vague quantity",
    "negative-figure": "the figure is negative",
    "absurd-figure": "the figure is above --max-figure",
    "ambiguous-mark": "a figure like '1.944' whose point is read as a thousands mark "
                      "(a warning unless --strict)",
    "interval-order": "low, best, high given out of order "
                      "(the interval is widened to hold all three; a warning unless --strict)",
    "bad-date": "an impossible or unreadable date",
    "date-order": "date_end is before date_start",
    "unknown-victims": "the victim category is not a known one (data/victims.csv)",
    "unmapped-perpetrator": "the perpetrator names no actor we can map in the claim's country and dates "
                            "(a warning unless --strict)",
    "duplicate-claim": "the same source, incident, victims, perpetrator and publication date "
                       "as an earlier row",
    "part-exceeds-total": "a figure for part of a group is above the same source's figure for the whole",
}
PROBLEM_COLUMNS = ["origin", "file", "line", "column", "value", "rule", "severity", "message"]
DEFAULT_MAX_FIGURE = 10_000_000


def split_origin(origin: pd.Series) -> pd.DataFrame:
    """``file:line`` -> ``file`` and ``line`` (Int64; <NA> when there is no line).

    Several origins joined with ", " (a summed figure) are located at the first.
    """
    first = origin.astype(str).str.split(", ", regex=False).str[0]
    parsed = first.str.extract(r"^(?P<file>.*):(?P<line>\d+)$")
    file = parsed["file"].fillna(first).astype(str)
    line = pd.to_numeric(parsed["line"], errors="coerce").astype("Int64")
    return pd.DataFrame({"file": file, "line": line}, index=origin.index)


def compact_origins(origins: str) -> str:
    """``a.csv:5, a.csv:2, b.csv:3`` -> ``a.csv lines 2, 5; b.csv line 3`` (plain Python: called per row)."""
    lines: dict[str, list[int]] = {}
    for origin in origins.split(", "):
        file, _, line = origin.rpartition(":")
        if file and line.isdigit():
            lines.setdefault(file, []).append(int(line))
        else:
            lines.setdefault(origin, [])
    parts = []
    for file, numbers in lines.items():
        numbers.sort()
        shown = f" line{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}" if numbers else ""
        parts.append(file + shown)
    return "; ".join(parts)


def _frame(origin, column, value, rule, message, severity="error") -> pd.DataFrame:
    """Problem rows from aligned series (or scalars)."""
    frame = pd.DataFrame(
        {"origin": origin, "column": column, "value": value, "rule": rule, "severity": severity,
         "message": message}
    )
    return frame.astype(str)


def rejected_rows(claims: Claims) -> pd.DataFrame:
    """Why normalise rejected rows: blank, unreadable, negative figures; bad dates."""
    found = claims.problems
    return _frame(found["origin"], found["column"], found["value"], found["rule"], found["message"])


def absurd_figures(claims: pd.DataFrame, max_figure: float) -> pd.DataFrame:
    """Best figures above ``max_figure`` (a typo, a misplaced separator, a population)."""
    bad = claims.loc[claims["best"] > max_figure]
    message = "figure '" + bad["figure"] + f"' is above --max-figure ({max_figure:,.0f})"
    return _frame(bad["origin"], "figure", bad["figure"], "absurd-figure", message)


# One point before exactly three digits, not part of a longer group: "1.944", "over 12.500".
_POINT_GROUP = r"(?<![\d.,])\d{1,3}\.\d{3}(?![\d.,])"


def ambiguous_marks(claims: pd.DataFrame, strict: bool) -> pd.DataFrame:
    """Figures whose "1.944" was read as 1944: right in most of Europe, a slip in an English file."""
    bad = claims.loc[claims["figure"].astype(str).str.contains(_POINT_GROUP, regex=True)
                     & claims["best"].notna()]
    message = ("figure '" + bad["figure"] + "' read as " + bad["best"].map("{:.15g}".format).astype(str)
               + ": check that its point is the mark the file means "
               "(thousands, or a decimal before a scale word)")
    return _frame(bad["origin"], "figure", bad["figure"], "ambiguous-mark", message,
                  severity="error" if strict else "warning")


def disordered_intervals(claims: pd.DataFrame, strict: bool) -> pd.DataFrame:
    """Claims whose low, best, high came out of order (kept, widened: see normalise)."""
    bad = claims.loc[claims["interval_note"].fillna("") != ""]
    return _frame(bad["origin"], "low", bad["figure"], "interval-order", bad["interval_note"],
                  severity="error" if strict else "warning")


def unknown_victims(claims: pd.DataFrame) -> pd.DataFrame:
    """Victim categories that match no category or synonym (kept as slugs by normalise)."""
    bad = claims.loc[~claims["victims_known"].astype(bool)]
    message = "victims '" + bad["victims_raw"] + "' is not a known category (see data/victims.csv)"
    return _frame(bad["origin"], "victims", bad["victims_raw"], "unknown-victims", message)


def unmapped_perpetrators(claims: pd.DataFrame, strict: bool) -> pd.DataFrame:
    """Perpetrators the alias table does not map on the claim's dates: warnings, errors if ``strict``."""
    bad = claims.loc[claims["actor_status"] == "unmapped"]
    note = bad["actor_note"].fillna("").astype(str) if "actor_note" in bad else pd.Series("", index=bad.index)
    raw = "perpetrator '" + bad["perpetrator_raw"] + "'"
    unknown = raw + " is not in the alias table (add it with --aliases)"
    # notes about dates already quote the text ("'Syrian regime' names ..."); others say why it is left
    message = unknown.where(note == "", ("perpetrator " + note).where(note.str.startswith("'"),
                                                                      raw + ": " + note))
    return _frame(
        bad["origin"], "perpetrator", bad["perpetrator_raw"], "unmapped-perpetrator", message,
        severity="error" if strict else "warning",
    )


DUPLICATE_KEY = ["source", "incident", "victims", "perpetrator", "published"]


def duplicate_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Rows repeating an earlier row's source, incident, victims, perpetrator and publication date.

    ``compare`` keeps one claim per source and group, the latest published;
    two with the same date leave it nothing to choose by. Each repeat is
    reported once, pointing at the first row of its kind. Claims of different
    events (``event_id``: two UCDP events, a monitor's two components of one
    toll) are no repeats: ``compare`` adds them up.
    """
    key = [*DUPLICATE_KEY, "event_id"] if "event_id" in claims.columns else DUPLICATE_KEY
    repeats = claims.duplicated(key, keep=False)
    if not repeats.any():
        return _frame([], [], [], [], [])
    dup = claims.loc[repeats, [*key, "origin", "figure"]]
    first = dup.groupby(key, dropna=False, sort=False)[["origin", "figure"]].transform("first")
    later = dup.loc[dup["origin"] != first["origin"]]
    first = first.loc[later.index]
    published = ("published " + later["published"].dt.strftime("%Y-%m-%d")).fillna("no publication date")
    message = (
        "repeats " + first["origin"] + " (" + later["source"] + ", " + later["victims"] + " by "
        + later["perpetrator"] + ", " + published + ")"
    )
    differs = later["figure"] != first["figure"]
    message = message.where(~differs, message + " with another figure: '" + first["figure"] + "' there")
    return _frame(later["origin"], "source", later["source"], "duplicate-claim", message)


def parts_exceeding_totals(claims: pd.DataFrame) -> pd.DataFrame:
    """A source's figure for a part above its own figure for the whole (what ``compare`` flags).

    A narrower category (civilians above total) is reported on the part's
    row; attributed figures adding up to more than the unattributed headline
    on the headline's row, naming the rows added up.
    """
    # The figures compare checks: a row's parts added up, each report on its own.
    latest, _ = select_latest(add_up_same_row(claims), None)
    bad = inconsistencies(latest)
    summed = bad["perpetrator"] != bad["perpetrator_whole"]
    origin = bad["origin"].where(~summed, bad["origin_whole"])
    value = bad["best"].where(~summed, bad["best_whole"]).map("{:.15g}".format)
    added_up = bad["origin"].map(compact_origins)
    message = (bad["reason"] + " at " + bad["origin_whole"]).where(
        ~summed, bad["reason"] + " (added up: " + added_up + ")")
    return _frame(origin, "figure", value, "part-exceeds-total", message)


def cell_problems(claims: pd.DataFrame, max_figure: float, strict: bool) -> list[pd.DataFrame]:
    """The checks of one claim's own cells: on used claims, and on rejected rows for their other problems.

    A row rejected for one cell (a bad date) is still checked for the others
    (an unknown victim category, a figure above ``max_figure``), so one run
    reports them all. Perpetrators are mapped on the claim's dates and
    country, which rejected rows have not got: ``unmapped-perpetrator`` is
    left to :func:`problems`, for used claims only.
    """
    return [
        absurd_figures(claims, max_figure),
        ambiguous_marks(claims, strict),
        disordered_intervals(claims, strict),
        unknown_victims(claims),
    ]


def problems(
    claims: Claims, max_figure: float = DEFAULT_MAX_FIGURE, strict: bool = False,
    files: list[str] | None = None,
) -> pd.DataFrame:
    """Every problem in ``claims``, sorted by file (in the order of ``files``, else by name), line and rule.

    Incidents are matched first, as ``compare`` does, so that duplicates and
    part/total checks see the groups ``compare`` would build.
    """
    used = match_incidents(claims.claims, pairs=False).claims if len(claims.claims) else claims.claims
    parts = [rejected_rows(claims)]
    if len(claims.rejected_cells):  # a rejected row's other problems: every one is reported
        parts += cell_problems(claims.rejected_cells, max_figure, strict)
    if len(used):
        parts += [
            *cell_problems(used, max_figure, strict),
            unmapped_perpetrators(used, strict),
            duplicate_claims(used),
            parts_exceeding_totals(used),
        ]
    found = pd.concat([p for p in parts if len(p)] or [parts[0]], ignore_index=True)
    located = split_origin(found["origin"])
    found = found.assign(file=located["file"], line=located["line"])
    rank = {rule: i for i, rule in enumerate(RULES)}
    file_order = {name: i for i, name in enumerate(files or sorted(set(found["file"])))}
    found = found.assign(
        _f=found["file"].map(file_order).fillna(len(file_order)),
        _r=found["rule"].map(rank).fillna(len(rank)),
        _n=np.arange(len(found)),
    ).sort_values(["_f", "file", "line", "_r", "_n"], na_position="first", kind="stable")
    return found[PROBLEM_COLUMNS].reset_index(drop=True)


def summary(found: pd.DataFrame, rows: dict[str, int]) -> dict:
    """Counts for the report: ``valid``, ``errors``, ``warnings``, ``rows`` and per-rule counts."""
    errors = int((found["severity"] == "error").sum())
    warnings = int((found["severity"] == "warning").sum())
    counts = found.groupby(["rule", "severity"]).size()
    return {
        "valid": errors == 0,
        "errors": errors,
        "warnings": warnings,
        "rows": dict(rows),
        "rules": {rule: int(n) for (rule, _), n in counts.items()},
    }
