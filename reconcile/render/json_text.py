"""JSON text built column by column, for :mod:`reconcile.render.json`.

A column is encoded as a :class:`Coded`: the JSON text of each distinct value
(a pyarrow large_string array) and, per row, which one it has. Objects are laid
out as ``json.dumps(indent=2)`` lays them out (an object opened at indentation
level L has its members on lines indented L + 1 and its closing brace at L) in
slots: a member's name and value, a separator, a closing brace, each a Coded.
Each row's first slot carries the separator before it, so a list is its rows'
slots in order: one ``take`` from all the slots' texts, whose data buffer is
the text, with no per-row work in Python.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, NamedTuple

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


class Coded(NamedTuple):
    """A column of JSON texts kept as a dictionary: row i's text is ``texts[codes[i]]``.

    Each distinct value is encoded once, and a list of objects is laid out by one
    ``take`` of all its rows' texts (:func:`laid_out`), not by building a text
    column per field and joining the columns. The last text is a missing value's.
    """

    codes: np.ndarray  # int64, one per row
    texts: Any  # pyarrow large_string array

    def column(self):
        """The texts row by row, as a large_string array."""
        pa, _ = arrow()
        return self.texts.take(pa.array(self.codes))

    def rows(self, positions: np.ndarray) -> Coded:
        """The rows at ``positions`` (-1: a missing value), with the same texts."""
        return Coded(np.where(positions < 0, len(self.texts) - 1, self.codes[positions]), self.texts)


def encoded(values, encode, missing: str = "null") -> Coded:
    """Per value, ``encode(value)``; each distinct value encoded once, missing ones as ``missing``."""
    pa, _ = arrow()
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = [encode(native(u)) for u in uniques] + [missing]
    return Coded(np.where(codes < 0, len(uniques), codes), pa.array(texts, pa.large_string()))


def _needs_escape(values) -> np.ndarray:
    """The rows of a large_string array with a quote, a backslash or a control character (which
    json.dumps escapes): one pass over its bytes, as UTF-8 continuation bytes are never below 0x80."""
    if len(values) == 0 or values.buffers()[2] is None:
        return np.zeros(0, dtype=np.int64)
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int64, count=len(values) + 1,
                            offset=values.offset * 8)
    data = np.frombuffer(values.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]]
    hits = np.flatnonzero((data < 0x20) | (data == ord('"')) | (data == ord("\\")))
    return np.unique(np.searchsorted(offsets, hits + offsets[0], side="right") - 1)


def strings(series: pd.Series, missing: str, empty: str | None = None) -> Coded:
    """Text cells as JSON strings, each distinct one quoted once by pyarrow; only those with quotes,
    backslashes or control characters go through ``json.dumps``. ``empty`` replaces the encoding of ""
    (e.g. null)."""
    pa, pc = arrow()
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    values = pa.array(uniques, type=pa.large_string(), from_pandas=True)
    if isinstance(values, pa.ChunkedArray):  # a column concatenated from several frames keeps their chunks
        values = values.combine_chunks()
    quoted = pc.binary_join_element_wise(scalar_text('"'), values, scalar_text('"'), scalar_text(""))
    special = _needs_escape(values)
    if len(special):
        mask = np.zeros(len(values), dtype=bool)
        mask[special] = True
        escaped = pa.array([dumps(v) for v in values.take(pa.array(special)).to_pylist()], pa.large_string())
        quoted = pc.replace_with_mask(quoted, pa.array(mask), escaped)
    if empty is not None:
        quoted = pc.if_else(pc.equal(values, scalar_text("")), scalar_text(empty), quoted)
    texts = pa.concat_arrays([quoted, pa.array([missing], pa.large_string())])
    return Coded(np.where(codes < 0, len(uniques), codes), texts)


def as_is_codes(series: pd.Series) -> Coded:
    """Values as ``to_dict`` gives them (a missing text or float is NaN, as json.dumps writes it)."""
    if isinstance(series.dtype, pd.StringDtype):
        return strings(series, missing="NaN")
    return encoded(series, dumps, missing="NaN")


def as_is(series: pd.Series):
    """:func:`as_is_codes`, row by row (a large_string array)."""
    return as_is_codes(series).column()


def finite(series: pd.Series) -> Coded:
    """Numbers; missing and infinite ones are null."""
    pa, _ = arrow()
    numbers = pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    numbers = np.where(np.isfinite(numbers), numbers, np.nan)
    codes, uniques = pd.factorize(numbers, use_na_sentinel=True)
    # json.dumps writes a finite float as its repr; without json.dumps around each, 20x faster
    texts = [*map(float.__repr__, uniques.tolist()), "null"]
    return Coded(np.where(codes < 0, len(uniques), codes), pa.array(texts, pa.large_string()))


def days(series: pd.Series) -> Coded:
    """Dates as ``YYYY-MM-DD``; missing ones are null."""
    if not (isinstance(series.dtype, np.dtype) and series.dtype.kind == "M"):  # e.g. with a time zone
        return encoded(series, lambda v: dumps(day(v) or None))
    pa, _ = arrow()
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    # numpy writes the dates day() writes (years zero-padded to four digits), all at once
    written = np.datetime_as_string(uniques.to_numpy(), unit="D")
    texts = ['"' + text + '"' for text in written.tolist()] + ["null"]
    return Coded(np.where(codes < 0, len(uniques), codes), pa.array(texts, pa.large_string()))


def text_or_null(series: pd.Series) -> Coded:
    """Text; empty text is null."""
    return strings(series, missing="NaN", empty="null")


def flag(series: pd.Series) -> Coded:
    return encoded(series.astype(bool), lambda v: dumps(bool(v)))


#: each encoding (render/json.py names one per field) as a function of a column.
COLUMN_ENCODERS = {"text": as_is_codes, "day": days, "finite": finite, "text_or_null": text_or_null,
                   "flag": flag, "count": as_is_codes}


def constant(text: str, n: int) -> Coded:
    """``text`` on each of ``n`` rows."""
    pa, _ = arrow()
    return Coded(np.zeros(n, dtype=np.int64), pa.array([text], pa.large_string()))


def separators(n: int, level: int, first: str = "") -> Coded:
    """``first`` for row 0, then the separator of a list's items at ``level``."""
    pa, _ = arrow()
    codes = np.ones(n, dtype=np.int64)
    codes[:1] = 0
    return Coded(codes, pa.array([first, ",\n" + "  " * level], pa.large_string()))


def prefixed(prefix: str, coded: Coded) -> Coded:
    """``prefix`` before each text (joined to the distinct texts, not to every row)."""
    _, pc = arrow()
    return Coded(coded.codes, pc.binary_join_element_wise(scalar_text(prefix), coded.texts, scalar_text("")))


def members(fields: dict[str, Coded], level: int) -> list[Coded]:
    """The members of an object opened at ``level`` (``{`` and each one's name before its value),
    without the closing brace."""
    pad = "\n" + "  " * (level + 1)
    return [prefixed(("{" if i == 0 else ",") + pad + dumps(name) + ": ", coded)
            for i, (name, coded) in enumerate(fields.items())]


def dictionary(slots: list[Coded]):
    """All slots' texts in one array, and the position of each slot's first text in it."""
    pa, _ = arrow()
    sizes = [len(slot.texts) for slot in slots]
    return pa.concat_arrays([slot.texts for slot in slots]), np.cumsum([0, *sizes[:-1]])


def place(matrix: np.ndarray, rows, slots: list[Coded], starts) -> None:
    """Writes the slots' positions in the dictionary into ``matrix`` (a row per row of text, a column per
    slot) at ``rows``."""
    for column, (slot, start) in enumerate(zip(slots, starts, strict=True)):
        matrix[rows, column] = slot.codes + start


def laid_out(slots: list[Coded]) -> memoryview:
    """Each row's slots in order, row after row: one ``take`` of the texts, then its data buffer."""
    pa, _ = arrow()
    texts, starts = dictionary(slots)
    # int32 positions: a chunk's texts are far fewer than 2**31, and the matrix is half the size
    matrix = np.empty((len(slots[0].codes), len(slots)), dtype=np.int32)
    place(matrix, slice(None), slots, starts)
    return data_buffer(texts.take(pa.array(matrix.ravel())))


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
    """``frame.to_dict("records")`` as a list opened at ``level``; ``encoders`` overrides ``as_is_codes``
    per column."""
    encoders = encoders or {}

    def pieces():
        for start, stop in chunks(len(frame)):
            part = frame.iloc[start:stop]
            fields = {name: encoders.get(name, as_is_codes)(part[name]) for name in frame.columns}
            first = "" if start == 0 else ",\n" + "  " * (level + 1)
            yield laid_out([separators(len(part), level + 1, first), *members(fields, level + 1),
                            constant("\n" + "  " * (level + 1) + "}", len(part))])

    return json_list(level, pieces())


def member(value, level: int) -> Iterator:
    """A small value as json.dumps(indent=2) writes it inside an object at ``level``."""
    yield json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level).encode()
