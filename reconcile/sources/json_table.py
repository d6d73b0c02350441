"""A JSON file -> a :class:`Table` whose rows know the line they start on.

Two shapes are read:

- an array of flat objects (one row each; the columns are the keys, in the
  order they first appear), as tools export records;
- a per-war casualty compilation (an object with ``sides``, as the
  casualty-source-aggregation repository writes ``data/per_war/<war>.json``),
  flattened exactly as its published CSV flattening is: one row per figure,
  columns ``side, field, cause_or_type, victims_group, low, high, point,
  notes, sources`` (``field`` is the JSON path, ``sides[0].military_killed``),
  plus ``war`` (its ``name``), ``war_id``, ``start_year``, ``end_year`` and,
  for key atrocities, ``year``.

A row's line is where its object starts in the file (the line of its key, for
an object that is a member), so an origin ``file.json:23`` points at the
figure as a person finds it. Anything else is an :class:`InputError`.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from reconcile.errors import InputError
from reconcile.sources.encoding import decode_text, read_bytes
from reconcile.sources.table import Table

_SPACE = re.compile(r"[ \t\n\r]*")
#: the columns of the compilation's own CSV flattening, in its order.
FLAT_COLUMNS = ["side", "field", "cause_or_type", "victims_group", "low", "high", "point", "notes", "sources"]
FIGURES = ("low", "high", "point")


def _skip_space(text: str, i: int) -> int:
    """The offset of the first character from ``i`` on that is not JSON whitespace."""
    found = _SPACE.match(text, i)
    return found.end() if found else i


def _positions(text: str) -> dict[tuple, int]:
    """Offset where each object, array and member of valid JSON ``text`` starts, by path.

    The standard parser keeps no positions, so this walks the text once
    (scalars through the standard scanner); a member's position is its key's.
    """
    scan = json.JSONDecoder().raw_decode  # one scalar or string from an offset, and the offset past it
    where: dict[tuple, int] = {}

    def skip(i: int) -> int:
        return _skip_space(text, i)

    def value(i: int, path: tuple) -> int:
        i = skip(i)
        where.setdefault(path, i)
        if text[i] == "{":
            i = skip(i + 1)
            if text[i] == "}":
                return i + 1
            while True:
                start = i
                key, i = scan(text, i)
                where[(*path, key)] = start
                i = value(skip(i) + 1, (*path, key))  # past the ':'
                i = skip(i)
                if text[i] == "}":
                    return i + 1
                i = skip(i + 1)  # past the ','
        if text[i] == "[":
            i = skip(i + 1)
            if text[i] == "]":
                return i + 1
            n = 0
            while True:
                i = value(i, (*path, n))
                n += 1
                i = skip(i)
                if text[i] == "]":
                    return i + 1
                i = skip(i + 1)
        return scan(text, i)[1]

    value(0, ())
    return where


def _element_offsets(text: str) -> list[int]:
    """Offset of each element of valid JSON ``text`` that is an array: one C-speed decode per element
    (an export of a million records is not walked token by token)."""
    decode = json.JSONDecoder().raw_decode
    i = _skip_space(text, _skip_space(text, 0) + 1)  # past the '['
    offsets = []
    while text[i] != "]":
        offsets.append(i)
        i = _skip_space(text, decode(text, i)[1])
        if text[i] == ",":
            i = _skip_space(text, i + 1)
    return offsets


def _cell(value) -> str:
    """A JSON scalar as the text a CSV would hold: 12 not 12.0, blank for null, lists joined by "; "."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value if not isinstance(v, (dict, list)))
    return str(value)


def _figure_row(side: str, field: str, kind: str, node: dict, **extra) -> dict:
    row = {"side": side, "field": field, "cause_or_type": kind,
           "victims_group": _cell(node.get("victims_group")),
           **{name: _cell(node.get(name)) for name in FIGURES},
           "notes": _cell(node.get("notes")), "sources": _cell(node.get("sources"))}
    return {**row, **extra}


def flatten_war(war: dict) -> tuple[list[dict], list[tuple]]:
    """The compilation's rows (see the module docstring) and the JSON path of each."""
    rows: list[dict] = []
    paths: list[tuple] = []
    for i, side in enumerate(war.get("sides") or []):
        name = _cell(side.get("name"))
        for key, node in side.items():
            if isinstance(node, dict) and any(f in node for f in FIGURES):
                rows.append(_figure_row(name, f"sides[{i}].{key}", "", node))
                paths.append(("sides", i, key))
                for j, part in enumerate(node.get("breakdown") or []):
                    rows.append(_figure_row(name, f"sides[{i}].{key}.breakdown[{j}]",
                                            _cell(part.get("cause")), part))
                    paths.append(("sides", i, key, "breakdown", j))
            elif isinstance(node, list):
                for j, item in enumerate(node):
                    if isinstance(item, dict) and any(f in item for f in FIGURES):
                        kind = _cell(item.get("type", item.get("cause")))
                        rows.append(_figure_row(name, f"sides[{i}].{key}[{j}]", kind, item))
                        paths.append(("sides", i, key, j))
    for j, atrocity in enumerate(war.get("key_atrocities") or []):
        rows.append(_figure_row(_cell(atrocity.get("perpetrator")), f"key_atrocities[{j}]",
                                _cell(atrocity.get("name")), atrocity, year=_cell(atrocity.get("year"))))
        paths.append(("key_atrocities", j))
    totals = war.get("totals") or {}
    for prefix in dict.fromkeys(k.rsplit("_", 1)[0] for k in totals if k.rsplit("_", 1)[-1] in FIGURES):
        node = {f: totals.get(f"{prefix}_{f}") for f in FIGURES}
        first = next(f"{prefix}_{f}" for f in FIGURES if f"{prefix}_{f}" in totals)
        rows.append(_figure_row("ALL", f"totals.{prefix}", "", {**node, "victims_group": prefix,
                                                                 "notes": totals.get("notes")}))
        paths.append(("totals", first))
    common = {"war": _cell(war.get("name")), "war_id": _cell(war.get("war_id")),
              "start_year": _cell(war.get("start_year")), "end_year": _cell(war.get("end_year"))}
    return [{**row, **common} for row in rows], paths


def read_json_table(path: Path, label: str, encoding: str | None = None) -> Table:
    """Read a JSON file into a :class:`Table`; see the module docstring."""
    text, how = decode_text(path, read_bytes(path), encoding)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON: {exc.msg}", line=exc.lineno) from None
    if isinstance(document, dict) and isinstance(document.get("sides"), list):
        rows, paths = flatten_war(document)
        columns = [*FLAT_COLUMNS, "year", "war", "war_id", "start_year", "end_year"]
        what = f"a per-war compilation ({len(rows)} figures)"
        where = _positions(text)
        offsets = np.array([where[p] for p in paths], dtype=np.int64)
    elif isinstance(document, list) and document and all(isinstance(r, dict) for r in document):
        frame = pd.DataFrame.from_records(document)
        columns = [str(c) for c in frame.columns]
        rows = None
        offsets = np.array(_element_offsets(text), dtype=np.int64)
        what = f"an array of {len(frame)} objects"
    else:
        raise InputError(path, "a JSON file reconcile cannot read as a table: expected an array of objects "
                               "(one row each) or a per-war compilation (an object with 'sides')", line=1)
    breaks = np.array([m.start() for m in re.finditer("\n", text)], dtype=np.int64)
    lines = np.searchsorted(breaks, offsets) + 1
    shared = np.flatnonzero(lines[1:] == lines[:-1])
    if len(shared):
        # A row is named by file:line everywhere (origins, --links, rejected rows): two rows on one
        # line could not be told apart, nor counted.
        raise InputError(path, "two rows of this JSON start on one line (minified JSON?): "
                               "put each object on a line of its own, e.g. python -m json.tool FILE",
                         line=int(lines[shared[0]]))
    if rows is not None:
        frame = pd.DataFrame(rows, columns=columns) if rows else \
            pd.DataFrame({c: pd.Series(dtype=str) for c in columns})
    # Cells as a CSV holds them: 12 not 12.0, blank for null or a key an object lacks.
    frame = pd.DataFrame({c: frame[c].astype(object).map(_cell) for c in frame.columns}, index=frame.index)
    frame.columns = columns
    return Table(frame, lines.astype(np.int64), label, path, suffix=".json", header=tuple(columns),
                 notes=(f"{label}: {how}, JSON: {what}",))
