"""The figure grammar, read from the tables in ``data/figures/``.

``phrases.csv`` holds the wording around a number (qualifiers before and after
it, and range patterns with ``N`` for each number); ``words.csv`` holds number
words, scale words, vague quantities and the words with no agreed number, in
each language. Both are folded through :func:`normalise` when loaded, so a row
written "près de" matches "Pres de" and "pres de" alike. A reader extends the
grammar by adding rows; no regular expression needs editing.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass

from reconcile.folding import fold
from reconcile.resources import data_file

#: Stands for one number in a figure's "shape" ("more than N").
N = "\ue000"

QUALIFIERS = ("exact", "approximately", "more than", "at least", "up to",
              "nearly", "range", "percent")
POSITIONS = ("before", "after", "range")
NUMBER_KINDS = ("unit", "teen", "tens", "hundred", "hundreds", "scale",
                "abbreviation", "dozen", "article", "fraction", "and")
OTHER_KINDS = ("vague", "vague multiplier", "vague joiner", "about",
               "unquantified", "zero")

_DIGITS = str.maketrans({
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian
    "\u066c": ",",  # Arabic thousands separator
    "\u066b": ".",  # Arabic decimal separator
    "\u00b7": ".",  # the Lancet's middle-dot decimal point: 5·4 million
    "\u2009": " ", "\u202f": " ", "\u00a0": " ",
})
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
# Turkish case endings join the number with an apostrophe: 100'den, 17.674'e.
_SUFFIX_APOSTROPHE = re.compile(r"(?<=\d)'(?=[^\W\d_])")
# The Arabic conjunction written onto a number: 42 ألفا و310.
_WAW_DIGIT = re.compile(r"(?<!\w)و(?=\d)")


def normalise(text: str) -> str:
    """One spelling for a figure text: :func:`fold`, ASCII digits and separators."""
    text = _INVISIBLE.sub("", text.translate(_DIGITS))
    text = fold(text).replace(N, "")
    text = _SUFFIX_APOSTROPHE.sub("", text)
    return _WAW_DIGIT.sub("و ", text)


def alternation(phrases) -> str:
    """A regex alternation of (normalised) phrases, longest first, whole words."""
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        start = r"(?<!\w)" if phrase[0].isalnum() else ""
        end = r"(?!\w)" if phrase[-1].isalnum() else ""
        parts.append(start + re.escape(phrase) + end)
    return "|".join(parts) or r"(?!)"


class GrammarError(ValueError):
    """A row of a grammar table is malformed; the message names file and line."""


@dataclass(frozen=True)
class Grammar:
    """The tables, normalised and indexed for reading."""

    before: dict[str, str]
    after: dict[str, str]
    ranges: tuple[re.Pattern, ...]
    numbers: dict[str, tuple[str, float]]
    vague: dict[str, float]
    multipliers: dict[str, float]
    joiners: tuple[str, ...]
    about: dict[str, float]
    unquantified: tuple[str, ...]
    zero: tuple[str, ...]


def _rows(name: str):
    path = data_file("figures", name)
    with open(path, encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            yield f"{path.name}:{line}", row


def _put(table: dict, key: str, value, where: str) -> None:
    """Add ``key``; the same key with another meaning is an error, not a silent override."""
    if table.get(key, value) != value:
        raise GrammarError(f"{where}: {key!r} already reads as {table[key]!r}")
    table[key] = value


def _range_pattern(phrase: str) -> re.Pattern:
    """"between N and N" -> a pattern over shapes, spaces optional around N."""
    parts: list[str] = []
    for i, piece in enumerate(phrase.split("N")):
        parts += ([N] if i else []) + ([re.escape(normalise(piece))] if piece.strip() else [])
    return re.compile(r"\s*".join(parts))


def _read_phrases(before: dict, after: dict, ranges: list) -> None:
    for where, row in _rows("phrases.csv"):
        position, reads_as = row["position"], row["reads_as"]
        if position not in POSITIONS or reads_as not in QUALIFIERS:
            raise GrammarError(f"{where}: unknown position or reading {row}")
        if position == "range":
            ranges.append(_range_pattern(row["phrase"]))
            continue
        table = before if position == "before" else after
        _put(table, normalise(row["phrase"]), reads_as, where)


def _read_words(tables: dict) -> None:
    for where, row in _rows("words.csv"):
        kind, word = row["kind"], normalise(row["word"])
        value = float(row["value"]) if row["value"] else None
        if kind in NUMBER_KINDS:
            _put(tables["numbers"], word, (kind, value), where)
        elif kind in ("vague", "vague multiplier", "about"):
            key = {"vague": "vague", "vague multiplier": "multipliers", "about": "about"}[kind]
            _put(tables[key], word, value, where)
        elif kind in ("vague joiner", "unquantified", "zero"):
            key = {"vague joiner": "joiners", "unquantified": "unquantified", "zero": "zero"}[kind]
            tables[key].append(word)
        else:
            raise GrammarError(f"{where}: unknown kind {kind!r}")


@functools.cache
def grammar() -> Grammar:
    """The bundled grammar (read once)."""
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    ranges: list[re.Pattern] = []
    _read_phrases(before, after, ranges)
    tables: dict = {"numbers": {}, "vague": {}, "multipliers": {}, "about": {},
                    "joiners": [], "unquantified": [], "zero": []}
    _read_words(tables)
    return Grammar(
        before=before, after=after,
        ranges=tuple(sorted(ranges, key=lambda r: len(r.pattern), reverse=True)),
        numbers=tables["numbers"], vague=tables["vague"],
        multipliers=tables["multipliers"], joiners=tuple(tables["joiners"]),
        about=tables["about"], unquantified=tuple(tables["unquantified"]),
        zero=tuple(tables["zero"]),
    )
