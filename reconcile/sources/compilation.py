"""War-level casualty compilations: one compiler's estimates per war, side and category.

Two tables of the casualty-source-aggregation compilation (D. H. Silver,
CC BY 4.0) and their like:

- ``war_totals`` (``totals.csv``: ``war_id, war_name, side, bucket, low,
  high, notes``), many wars, one row per side and bucket;
- ``war_figures`` (one war's figures: ``side, field, cause_or_type,
  victims_group, low, high, point, notes, sources``, where ``field`` is the
  path in the compiler's per-war JSON; the JSON itself reads the same, see
  :mod:`reconcile.sources.json_table`).

Each row with a figure is a claim by :data:`SOURCE` (the compiler: the
figures are its estimates, built from the monitors its notes cite):

- the interval is ``low``/``point``/``high`` (:func:`interval_claim`: a blank
  bound is open, ``up to`` when only ``high`` is given, best the point or
  else the conservative low, as the Airwars adapter reads min/max);
- ``incident`` is the war (``war_name``; the JSON's ``name``; for a flattened
  file without one, the file's name, as the compiler names its per-war files
  after the war: ``syrian_civil_war_flat.csv`` -> ``Syrian Civil War``), a
  key atrocity its own incident (its name);
- the bucket says who: ``civilians_killed_directly`` and
  ``deaths_from_actions:<type>`` (victims: the category the type names,
  ``detention_torture`` as ``detention_deaths``, ``siege`` as
  ``siege_deaths``, else ``deaths_from_actions``) are the side's doing, the
  side is the perpetrator; ``military_killed`` are the side's own
  dead: ``combatants`` with the side as ``victim_side``, unattributed (the
  compiler does not say who killed them, and includes deaths from disease);
- the war's totals (``totals.military`` ...) are the compiler's stitched
  war-wide figures, which its notes say are not the sum of the side rows:
  they are claims by ``<SOURCE> (totals)``, so they stand beside the side
  rows added up instead of being added to them;
- a ``breakdown`` row splits its parent figure by cause: it is counted in the
  parent's claim and listed as giving none;
- the period is the war's years where the table gives them (the JSON's
  ``start_year``..``end_year``; a key atrocity from its ``year``), else open
  (``undated``).

A row without any figure gives no claim and is listed with the compiler's
note. ``notes``, ``sources`` and every other column are kept.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from reconcile.dates import OPEN_END, OPEN_START
from reconcile.sources.claims import RawClaims, assemble, keep_columns
from reconcile.sources.formats import Format
from reconcile.sources.table import Table, find_column, text_column

SOURCE = "Silver compilation"
TOTALS_SOURCE = f"{SOURCE} (totals)"
#: the victims of a key atrocity, from the words of its victims group (first match wins).
ATROCITY_VICTIMS = (
    (r"detain|detention|prison|tortur", "detention_deaths"),
    (r"siege|besieged", "siege_deaths"),
    (r"civilian", "civilians"),
)


def _number_text(text: pd.Series) -> pd.Series:
    """``170000.0`` -> ``170000``: spreadsheets write whole numbers as floats."""
    return text.str.replace(r"^(\d+)\.0+$", r"\1", regex=True)


def interval_claim(low: pd.Series, high: pd.Series, point: pd.Series) -> dict:
    """``figure``, ``low``, ``best``, ``high`` (text) from a compiler's low, high and point,
    any of them blank.

    A blank bound is open: low alone is "at least", high alone "up to" (0 to
    high, best high, as the claims file reads "up to N": README, "Figures are intervals"), the
    point alone exact.
    Best is the point, else the low (conservative), else the high.
    """
    low, high, point = _number_text(low), _number_text(high), _number_text(point)
    has_low, has_high, has_point = low != "", high != "", point != ""
    best = point.where(has_point, low.where(has_low, high))
    bottom = low.where(has_low, pd.Series(np.where(has_high, "0", point), index=low.index))
    top = high.where(has_high, pd.Series(np.where(has_low, "inf", point), index=low.index))
    bounds = pd.Series(np.select(
        [has_low & has_high & (low == high), has_low & has_high, has_low, has_high],
        [low, low + "-" + high, "at least " + low, "up to " + high],
        "",
    ), index=low.index)
    # The point is shown apart only when it says more than the bounds ("4170 (2459-4227)", not "57 (57-57)").
    said = (bounds == "") | (bounds == point) | (bounds == "at least " + point) | (bounds == "up to " + point)
    figure = bounds.where(~has_point | (said & (bounds != "")),
                          point.where(said, point + " (" + bounds + ")"))
    given = has_low | has_high | has_point
    return {
        "given": given,
        "figure": pd.Series(figure, index=low.index),
        "low": bottom.where(given, ""),
        "best": best.where(given, ""),
        "high": top.where(given, ""),
    }


def _year_period(start_year: pd.Series, end_year: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``date_start``/``date_end`` text: a year names the whole year (dates.py), a blank one is open."""
    return start_year.where(start_year != "", OPEN_START), end_year.where(end_year != "", OPEN_END)


def _atrocity_victims(words: pd.Series) -> pd.Series:
    victims = pd.Series("total", index=words.index)
    # reversed: the first pattern is applied last and wins
    for pattern, category in reversed(ATROCITY_VICTIMS):
        victims = victims.where(~words.str.contains(pattern, case=False, regex=True), category)
    return victims


def _action_victims(kind: pd.Series) -> pd.Series:
    """A type of deaths from a side's actions as a category: the one it names (``detention_torture``,
    ``siege``), else ``deaths_from_actions`` (famine, camps ...: the compilers' vocabulary is open; the
    type stays in its column)."""
    from reconcile.victims import canonical_victims

    known = canonical_victims(kind)["victims_known"] & (kind != "")
    return kind.where(known, "deaths_from_actions")


def _claims(table: Table, bucket: pd.Series, kind: pd.Series, side: pd.Series, common: dict,
            no_claim: pd.Series, consumed: set, name: str) -> RawClaims:
    """The claims of a compilation table whose rows are described by ``bucket`` (military_killed,
    civilians_killed_directly, deaths_from_actions, totals, key_atrocity, breakdown) and ``kind``
    (the type of deaths or the victims words)."""
    frame = table.frame
    figures = interval_claim(text_column(frame, "low"), text_column(frame, "high"),
                             text_column(frame, "point"))
    military = bucket == "military_killed"
    totals = bucket == "totals"
    victims = np.select(
        [military, bucket == "civilians_killed_directly", bucket == "key_atrocity",
         bucket == "deaths_from_actions"],
        ["military_killed", "civilians_killed_directly", _atrocity_victims(kind), _action_victims(kind)],
        kind,
    )
    blamed = ~military & ~totals
    claim = {
        **common,
        "source": pd.Series(np.where(totals, TOTALS_SOURCE, SOURCE), index=frame.index),
        "victims": pd.Series(victims, index=frame.index),
        "perpetrator": side.where(blamed, ""),
        "victim_side": side.where(military, ""),
        "figure": figures["figure"], "low": figures["low"], "best": figures["best"], "high": figures["high"],
        "notes": text_column(frame, "notes"),
    }
    readable = bucket.isin(["military_killed", "civilians_killed_directly", "deaths_from_actions", "totals",
                            "key_atrocity"])
    gives = readable & figures["given"]
    reason = pd.Series(np.select(
        [no_claim != "", ~readable],
        [no_claim, "no claim read from a '" + bucket + "' row"],
        "the compiler gives no figure (low, high and point blank)",
    ), index=frame.index)
    consumed = consumed | {find_column(frame, c) for c in ("low", "high", "point", "notes")}
    return assemble(table, [(gives, claim)], keep_columns(frame, consumed - {None}, name), no_claim=reason,
                    format_name=name)


def read_war_totals(table: Table) -> RawClaims:
    frame = table.frame
    war = text_column(frame, "war_name")
    war_id = text_column(frame, "war_id")
    side = text_column(frame, "side")
    raw_bucket = text_column(frame, "bucket")
    bucket = raw_bucket.str.split(":", n=1).str[0].str.strip()
    kind = raw_bucket.str.split(":", n=1).str[1].fillna("").str.strip()
    # Repeated war, side and bucket rows (Herero and Nama camp deaths) are parts: number them apart.
    key = war_id + " / " + side + " / " + raw_bucket
    repeat = key.groupby(key, sort=False).cumcount()
    common = {
        "incident": war.where(war != "", war_id),
        "event_id": key.where(repeat == 0, key + " #" + (repeat + 1).astype(str)),
        "date_start": OPEN_START,
        "date_end": OPEN_END,
    }
    no_claim = pd.Series("", index=frame.index)
    return _claims(table, bucket, kind, side, common, no_claim, {find_column(frame, "war_name")},
                   "war_totals")


def _war_name(table: Table) -> str:
    """The war a flattened per-war file is about: its file's name (``syrian_civil_war_flat.csv``)."""
    stem = re.sub(r"(?:[_\-\s]flat)?$", "", table.path.name.split(".")[0], flags=re.I)
    return re.sub(r"[_\-]+", " ", stem).strip().title()


def read_war_figures(table: Table) -> RawClaims:
    frame = table.frame
    field = text_column(frame, "field")
    side = text_column(frame, "side")
    kind = text_column(frame, "cause_or_type")
    words = kind + " " + text_column(frame, "victims_group")
    leaf = field.str.extract(r"^(?:sides\[\d+\]\.)?([A-Za-z_]+)", expand=False).fillna("")
    bucket = pd.Series(np.select(
        [field.str.contains(r"\.breakdown\[\d+\]$", regex=True), field.str.startswith("key_atrocities["),
         field.str.startswith("totals."), field.str.contains(r"^sides\[\d+\]\.\w+\[\d+\]$", regex=True)],
        ["breakdown", "key_atrocity", "totals", "deaths_from_actions"],
        leaf,
    ), index=frame.index)
    # What the victims are read from: an atrocity's words, a total's group ("military"),
    # else the type of deaths.
    kind = pd.Series(np.select([bucket == "key_atrocity", bucket == "totals"],
                               [words, text_column(frame, "victims_group")], kind), index=frame.index)
    war = text_column(frame, "war")
    start, end = _year_period(text_column(frame, "start_year"), text_column(frame, "end_year"))
    year = text_column(frame, "year")
    atrocity = bucket == "key_atrocity"
    name = text_column(frame, "cause_or_type")
    common = {
        "incident": name.where(atrocity, war.where(war != "", _war_name(table))),
        "event_id": field,
        "date_start": year.where(atrocity & (year != ""), start),
        "date_end": year.where(atrocity & (year != ""), end),  # an atrocity's year is its whole period
        "url": text_column(frame, "sources").str.split(";").str[0].fillna("").str.strip(),
    }
    # A breakdown row is a part of the figure above it: point at the line its claim is on.
    parent = field.str.replace(r"\.breakdown\[\d+\]$", "", regex=True)
    line_of = pd.Series(table.lines, index=field.to_numpy()).groupby(level=0).first()
    parent_line = parent.map(line_of)
    no_claim = pd.Series(np.where(
        parent_line.notna(),
        "a breakdown by cause of the figure on line " + parent_line.fillna(0).astype(int).astype(str)
        + ", counted in its claim",
        "a breakdown by cause of a figure not in this table",
    ), index=frame.index).where(bucket == "breakdown", "")
    consumed = {find_column(frame, c) for c in ("war", "start_year", "end_year")}
    return _claims(table, bucket, kind, side, common, no_claim, consumed, "war_figures")


WAR_TOTALS = Format(
    name="war_totals",
    title="war casualty compilation: per-war totals by side and bucket "
          "(casualty-source-aggregation totals.csv)",
    needs=("war_name|war_id", "side", "bucket", "low", "high"),
    claims=f"one per row with a figure, by '{SOURCE}': low/high as the interval, incident the war, undated; "
           "civilians_killed_directly and deaths_from_actions:<type> blamed on the side, military_killed as "
           "that side's combatants (victim_side)",
    read=read_war_totals,
)

WAR_FIGURES = Format(
    name="war_figures",
    title="one war's compiled figures, flattened (casualty-source-aggregation per-war JSON, or its CSV)",
    needs=("side", "field", "low", "high", "point"),
    claims=f"one per figure by '{SOURCE}' (the war's totals by '{TOTALS_SOURCE}'): low/point/high as the "
           "interval, incident the war (a key atrocity its own), the war's years if given; breakdown rows "
           "are counted in their parent",
    read=read_war_figures,
)
