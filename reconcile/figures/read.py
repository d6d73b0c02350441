"""Read one figure text as an interval, with the grammar of ``data/figures/``.

The text is normalised, its numbers composed (:mod:`numbers`), and what is
left, its "shape" ("more than N", "N-N", "entre N et N"), is read against the
phrase tables: a chain of phrases before the number ("the death toll rose to"
+ "more than"), a chain after it ("'den fazla", "or more"), then words that
do not change the number ("civilians"). Anything else is an error whose
message the user sees; nothing is guessed.
"""

from __future__ import annotations

import functools
import math
import re
from decimal import Decimal
from typing import NamedTuple

from reconcile.figures.grammar import Grammar, N, alternation, grammar, normalise
from reconcile.figures.numbers import Composer, Number, NumberError


class Figure(NamedTuple):
    """A figure as an interval, ``low <= best <= high``, and the qualifier that produced it."""

    low: float
    best: float
    high: float
    qualifier: str


class FigureError(ValueError):
    """A figure text cannot be read; ``str(exc)`` is a short reason for the user."""


#: the reason given for a negative figure (``validate`` reports it under its own rule).
NEGATIVE_FIGURE = "negative figure"

_SPACES = re.compile(r"\s+")
_SKIPPED = re.compile(r"[\s:()\[\]\"«»,]*")  # punctuation around a qualifier
_NEGATIVE = re.compile(rf"(?:^-\s*|(?:^|[^\s{N}])\s*-){N}")
# Leads a vague quantity may have: "more than dozens", "des centaines".
_VAGUE_LEADS = ("exact", "approximately", "more than", "at least")


def _skipped(text: str, position: int) -> int:
    """Where the punctuation around a qualifier from ``position`` on ends
    (``position`` when there is none)."""
    found = _SKIPPED.match(text, position)
    return found.end() if found else position


class _Reader:
    """The grammar compiled for reading; built once."""

    def __init__(self, g: Grammar):
        self.g = g
        self.composer = Composer(g)
        self.before = re.compile(alternation(g.before))
        self.after = re.compile(alternation([p for p, q in g.after.items() if q != "percent"]))
        percent = [p for p, q in g.after.items() if q == "percent"]
        self.percent = re.compile(rf"(?:\d|{N})\s*(?:{alternation(percent)})")
        stems = [w for w, (k, _) in g.numbers.items() if k == "scale" and len(w) > 2]
        self.scale_stem = re.compile("|".join(re.escape(w) for w in stems))
        self.zero = re.compile(rf"^(?:{alternation(g.zero)})")
        self.unquantified = re.compile(alternation(g.unquantified))
        articles = [w for w, (k, _) in g.numbers.items() if k == "article"]
        self.vague = re.compile(
            rf"(?P<word>{alternation(g.vague)})"
            rf"(?:\s*(?:(?:{alternation(g.joiners)})\s*)?(?P<of>{alternation(g.multipliers)}))?"
        )
        self.about = re.compile(
            rf"(?:(?:{alternation(articles)})\s+)?(?P<word>{alternation(g.about)})"
        )

    # -- the chains of phrases ------------------------------------------------

    def qualifiers_before(self, prefix: str, shown: str, what: str) -> str:
        """The reading of the words before a number ("exact" when none)."""
        readings: list[str] = []
        position = 0
        while True:
            position = _skipped(prefix, position)
            if position == len(prefix):
                return _one_reading(readings, shown)
            match = self.before.match(prefix, position)
            if match is None:
                raise self._unreadable(prefix[position:].strip(), what, shown)
            readings.append(self.g.before[match.group()])
            position = match.end()

    def qualifiers_after(self, suffix: str, shown: str) -> str:
        """The reading of the words after a number; other words after a space are ignored."""
        readings: list[str] = []
        position = 0
        while True:
            match = self.after.match(suffix, _skipped(suffix, position))
            if match is None:
                break
            readings.append(self.g.after[match.group()])
            position = match.end()
        rest = suffix[position:]
        word = rest.split()[0] if rest.strip() else ""
        # Letters glued to the number ("100den"), or a word built on a scale
        # word ("44 binleri"), may change the number: refuse rather than skip.
        if rest[:1].isalnum() or self.scale_stem.match(word):
            raise FigureError(f"cannot read {word!r} after the number in {shown!r}")
        return _one_reading(readings, shown)

    def _unreadable(self, words: str, what: str, shown: str) -> FigureError:
        vague = self.unquantified.search(words)
        if vague:
            return FigureError(f"cannot read a number in {shown!r} ({vague.group()!r} has no agreed number)")
        return FigureError(f"cannot read {words!r} before {what} in {shown!r}")

    # -- the shapes -----------------------------------------------------------

    def read(self, text: str, tolerance: float, decimal: str | None) -> Figure:
        shown = _shown(text)
        normalised = normalise(text)
        if not normalised:
            raise FigureError("figure is empty")
        if self.percent.search(normalised):
            raise FigureError(f"a percentage, not a count: {shown!r}")
        normalised = self.zero.sub("0", normalised, count=1)
        try:
            numbers = self.composer.numbers(normalised, decimal)
        except NumberError as exc:
            raise FigureError(f"{exc} in {shown!r}") from None
        shape = _shape(normalised, numbers)
        if _NEGATIVE.search(shape):
            raise FigureError(NEGATIVE_FIGURE)
        if not numbers:
            return self.read_words(shape, tolerance, shown)
        if len(numbers) == 1:
            return self.read_single(shape, numbers[0], tolerance, shown)
        if len(numbers) == 2:
            return self.read_range(shape, numbers, shown)
        raise FigureError(f"{shown!r} holds several numbers, not one figure or a range")

    def read_words(self, shape: str, tolerance: float, shown: str) -> Figure:
        """No number: a vague quantity ("dozens"), "about" a number ("une vingtaine"), or an error."""
        vague, about = self.vague.search(shape), self.about.search(shape)
        if about and (vague is None or about.start() <= vague.start()):
            reading = self.qualifiers_before(shape[:about.start()], shown, repr(about.group()))
            value = float(self.g.about[about["word"]])
            return _interval("approximately" if reading == "exact" else reading, value, tolerance)
        if vague is None:
            unquantified = self.unquantified.search(shape)
            if unquantified and unquantified.group() != shape.strip():
                raise FigureError(f"cannot read a number in {shown!r} "
                                  f"({unquantified.group()!r} has no agreed number)")
            raise FigureError(f"cannot read a number in {shown!r}")
        reading = self.qualifiers_before(shape[:vague.start()], shown, repr(vague.group()))
        if reading not in _VAGUE_LEADS:
            raise FigureError(f"cannot read {reading!r} before {vague.group()!r} in {shown!r}")
        value = self.g.vague[vague["word"]] * (self.g.multipliers[vague["of"]] if vague["of"] else 1)
        self.qualifiers_after(shape[vague.end():], shown)
        return Figure(float(value), float(value), math.inf, "vague")

    def read_single(self, shape: str, number: Number, tolerance: float, shown: str) -> Figure:
        """One number with phrases before and/or after it ("more than 700", "100'den fazla")."""
        prefix, suffix = shape.split(N)
        before = self.qualifiers_before(prefix, shown, "the number")
        after = self.qualifiers_after(suffix, shown)
        if "exact" not in (before, after) and before != after:
            raise FigureError(f"conflicting qualifiers in {shown!r}")
        value = _whole(number.value, shown)
        return _interval(after if before == "exact" else before, value, tolerance)

    def read_range(self, shape: str, numbers: list[Number], shown: str) -> Figure:
        """Two numbers joined by a range phrase ("12-15", "entre 60 et 80 millions")."""
        for pattern in self.g.ranges:
            match = pattern.search(shape)
            if match is None:
                continue
            lead = self.qualifiers_before(shape[:match.start()], shown, "the range")
            if lead not in ("exact", "approximately"):
                raise FigureError(f"cannot read {lead!r} before a range in {shown!r}")
            self.qualifiers_after(shape[match.end():], shown)
            low, high = (_whole(v, shown) for v in _range_values(*numbers))
            if low > high:
                raise FigureError(f"range runs backwards ({low:g} > {high:g}) in {shown!r}")
            return Figure(low, low, high, "range")
        raise FigureError(f"{shown!r} holds several numbers, not one figure or a range")


def _range_values(first: Number, second: Number) -> tuple[Decimal, Decimal]:
    """"50 to 80 million": the scale written once applies to both ends, when that fits."""
    low = first.value
    if second.scaled and not first.scaled and low * second.scale <= second.value:
        low *= second.scale
    return low, second.value


def _whole(value: Decimal, shown: str) -> float:
    """A count as read, refused when it is a fraction of a person."""
    if value != value.to_integral_value():
        raise FigureError(f"a fractional count ({value.normalize():f}) in {shown!r}")
    return float(value)


def _one_reading(readings: list[str], shown: str) -> str:
    distinct = {r for r in readings if r != "exact"}
    if len(distinct) > 1:
        raise FigureError(f"conflicting qualifiers in {shown!r}")
    return distinct.pop() if distinct else "exact"


def _shape(text: str, numbers: list[Number]) -> str:
    pieces, position = [], 0
    for number in numbers:
        pieces += [text[position:number.start], N]
        position = number.end
    return "".join(pieces) + text[position:]


def _shown(text: str) -> str:
    """The text as quoted back to the user: trimmed, one line, at most 60 characters."""
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= 60 else text[:59] + "…"


def _interval(qualifier: str, n: float, tolerance: float) -> Figure:
    """The interval a qualifier gives a single number ``n``."""
    if not math.isfinite(n):
        raise FigureError("number too large")
    if qualifier == "approximately":
        return Figure(n * (1 - tolerance), n, n * (1 + tolerance), qualifier)
    if qualifier in ("more than", "at least"):
        return Figure(n, n, math.inf, qualifier)
    if qualifier == "up to":
        return Figure(0.0, n, n, qualifier)
    if qualifier == "nearly":
        return Figure(n * (1 - tolerance), n, n, qualifier)
    return Figure(n, n, n, "exact")


@functools.cache
def reader() -> _Reader:
    """The reader for the bundled grammar."""
    return _Reader(grammar())
