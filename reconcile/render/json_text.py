"""JSON text built column by column, for :mod:`reconcile.render.json`.

A "column" here is a pyarrow large_string array holding, per row, the JSON
text of one value. Objects are assembled from columns with the layout of
``json.dumps(indent=2)`` (an object opened at indentation level L has its
members on lines indented L + 1 and its closing brace at L), each row's text
carrying the separator before it, so that a list is the plain concatenation
of its rows: the array's data buffer, with no per-row work in Python.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import numpy as np
import pandas as pd

from reconcile.render.numbers import day


def arrow():
    import pyarrow as pa
    import pyarrow.compute as pc

    return pa, pc


def scalar_text(value: str):
    pa, _ = arrow()
    return pa.scalar(value, pa.large_string())


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def native(value):
    return value.item() if isinstance(value, np.generic) else value


def encoded(values, encode, missing: str = "null"):
    """Per value, ``encode(value)``; each distinct value encoded once, missing ones as ``missing``."""
    pa, pc = arrow()
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = [encode(native(u)) for u in uniques] + [missing]
    positions = np.where(codes < 0, len(uniques), codes)
    return pc.take(pa.array(texts, pa.large_string()), pa.array(positions, pa.int64()))


_NEEDS_ESCAPE = r"[\x00-\x1f\\\"]"


def strings(series: pd.Series, missing: str, empty: str | None = None):
    """Text cells as JSON strings, quoted by pyarrow; only cells with quotes, backslashes or
    control characters go through ``json.dumps``. ``empty`` replaces the encoding of "" (e.g. null)."""
    pa, pc = arrow()
    values = pa.array(series, type=pa.large_string(), from_pandas=True)
    if isinstance(values, pa.ChunkedArray):  # a column concatenated from several frames keeps their chunks
        values = values.combine_chunks()
    quoted = pc.binary_join_element_wise(scalar_text('"'), values, scalar_text('"'), scalar_text(""))
    special = pc.fill_null(pc.match_substring_regex(values, _NEEDS_ESCAPE), False)
    if pc.any(special).as_py():
        rows = np.flatnonzero(special.to_numpy(zero_copy_only=False))
        escaped = pa.array([dumps(v) for v in values.take(pa.array(rows)).to_pylist()], pa.large_string())
        quoted = pc.replace_with_mask(quoted, special, escaped)
    if empty is not None:
        quoted = pc.if_else(pc.equal(values, scalar_text("")), scalar_text(empty), quoted)
    return pc.fill_null(quoted, scalar_text(missing))


def as_is(series: pd.Series):
    """Values as ``to_dict`` gives them (a missing text or float is NaN, as json.dumps writes it)."""
    if isinstance(series.dtype, pd.StringDtype):
        return strings(series, missing="NaN")
    return encoded(series, dumps, missing="NaN")


def finite(series: pd.Series):
    """Numbers; missing and infinite ones are null."""
    numbers = pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    numbers = np.where(np.isfinite(numbers), numbers, np.nan)
    return encoded(numbers, lambda v: dumps(float(v)))


def days(series: pd.Series):
    """Dates as ``YYYY-MM-DD``; missing ones are null."""
    return encoded(series, lambda v: dumps(day(v) or None))


def text_or_null(series: pd.Series):
    """Text; empty text is null."""
    return strings(series, missing="NaN", empty="null")


def flag(series: pd.Series):
    return encoded(series.astype(bool), lambda v: dumps(bool(v)))


COLUMN_ENCODERS = {"text": as_is, "day": days, "finite": finite, "text_or_null": text_or_null, "flag": flag,
            "count": as_is}


def object_items(fields: dict, level: int, before, after=None):
    """Per row, ``before`` + the object of ``fields`` (name -> column) opened at ``level`` + ``after``."""
    _, pc = arrow()
    pad = "\n" + "  " * (level + 1)
    pieces = [before]
    for i, (name, column) in enumerate(fields.items()):
        pieces += [scalar_text(("{" if i == 0 else ",") + pad + dumps(name) + ": "), column]
    pieces.append(scalar_text("\n" + "  " * level + "}"))
    if after is not None:
        pieces.append(after)
    return pc.binary_join_element_wise(*pieces, scalar_text(""))


def separators(n: int, level: int, first: str = ""):
    """``first`` for row 0, then the separator of a list's items at ``level``."""
    pa, _ = arrow()
    positions = np.ones(n, dtype=np.int64)
    positions[:1] = 0
    return pa.array([first, ",\n" + "  " * level], pa.large_string()).take(pa.array(positions))


def data_buffer(texts) -> memoryview:
    """All strings of a large_string array, concatenated: a view of its data buffer, no copy."""
    pa, _ = arrow()
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    if len(texts) == 0:
        return memoryview(b"")
    offsets = np.frombuffer(texts.buffers()[1], dtype=np.int64, count=len(texts) + 1, offset=texts.offset * 8)
    return memoryview(texts.buffers()[2])[offsets[0]:offsets[-1]]


#: rows (groups, or records) laid out per piece of text: bounds the memory of the text being built.
CHUNK = 65_536


def chunks(n: int):
    """(start, stop) of each chunk of ``n`` rows."""
    return [(start, min(start + CHUNK, n)) for start in range(0, n, CHUNK)]


def json_list(level: int, pieces) -> Iterator:
    """A list at ``level`` around ``pieces`` (items laid out and separated for ``level + 1``)."""
    pieces = iter(pieces)
    first = next(pieces, None)
    if first is None:
        yield b"[]"
        return
    yield b"[\n" + ("  " * (level + 1)).encode()
    yield first
    yield from pieces
    yield b"\n" + ("  " * level).encode() + b"]"


def records(frame: pd.DataFrame, level: int, encoders: dict | None = None) -> Iterator:
    """``frame.to_dict("records")`` as a list opened at ``level``; ``encoders`` overrides ``as_is``
    per column."""
    encoders = encoders or {}

    def pieces():
        for start, stop in chunks(len(frame)):
            part = frame.iloc[start:stop]
            fields = {name: encoders.get(name, as_is)(part[name]) for name in frame.columns}
            first = "" if start == 0 else ",\n" + "  " * (level + 1)
            yield data_buffer(object_items(fields, level + 1, separators(len(part), level + 1, first)))

    return json_list(level, pieces())


def member(value, level: int) -> Iterator:
    """A small value as json.dumps(indent=2) writes it inside an object at ``level``."""
    yield json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level).encode()
