"""Numbers in a figure text: digits with their marks, and number words.

Digits and words are read by one composer, so "13 mil 393", "bin 334",
"42 ألفا و310", "trois cent cinquante" and "half a million" are each one
number. Digit marks follow one rule, because a count of people is a whole
number:

* ``1,000,000`` ``1.000.000`` ``1 000`` ``37'877`` ``1,30,000`` (Indian
  grouping) are thousands groups; ``1.234,5`` and ``1,234.5`` say which mark
  is the decimal one.
* ``1.944`` or ``1,944`` (one group of three) is a thousand and more: read as
  a decimal it would be a fraction of a person or, for ``1.000``, a number no
  one writes so. With a scale word after it (``1.500 million``) both readings
  are whole numbers, so the file's decimal mark decides; unknown, the figure
  is rejected.
* Any other mark is a decimal mark (``3,5 millions``, ``1.2K``, ``5·4
  million``); a count left fractional after its scale is rejected by the reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from reconcile.figures.grammar import Grammar, alternation


class NumberError(ValueError):
    """A number that cannot be read as one count; the message says why."""


_DIGITS = (
    r"\d{1,2}(?:,\d{2})+,\d{3}(?!\d)"  # Indian grouping: 1,30,000
    r"|\d{1,3}(?P<mark>[.,' ])\d{3}(?:(?P=mark)\d{3})*(?![\d'])(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?"
)
_INDIAN = re.compile(r"\d{1,2}(?:,\d{2})+,\d{3}")
_GROUPED = re.compile(r"(\d{1,3}(?:([.,' ])\d{3})(?:\2\d{3})*)(?:([.,])(\d+))?")
_INFINITY = Decimal("Infinity")


def read_digits(raw: str, scaled: bool, decimal: str | None) -> Decimal:
    """Digits as written -> their value, by the rules of the module docstring.

    ``scaled``: a scale word follows ("1.500 million"); ``decimal``: the
    file's decimal mark, or None when unknown.
    """
    if _INDIAN.fullmatch(raw):
        return Decimal(raw.replace(",", ""))
    grouped = _GROUPED.fullmatch(raw)
    if grouped:
        head, mark, tail_mark, tail = grouped.groups()
        if tail_mark == mark:
            raise NumberError(f"cannot read the number {raw!r}")
        if head.count(mark) == 1 and mark in ".," and not tail_mark:
            return _one_group(head, mark, scaled, decimal)
        if decimal == mark or (tail_mark and decimal not in (None, tail_mark)):
            raise NumberError(f"{raw!r} does not follow the file's decimal mark {decimal!r}")
        return Decimal(head.replace(mark, "") + ("." + tail if tail_mark else ""))
    mark = "." if "." in raw else "," if "," in raw else None
    if mark and decimal not in (None, mark):
        raise NumberError(f"{raw!r} does not follow the file's decimal mark {decimal!r}")
    return Decimal(raw.replace(",", "."))


def _one_group(head: str, mark: str, scaled: bool, decimal: str | None) -> Decimal:
    """"1.944", "1,500 million": one mark before three digits."""
    whole, part = head.split(mark)
    if decimal is not None and decimal != mark:
        return Decimal(whole + part)
    if decimal is None and not scaled:
        return Decimal(whole + part)
    if decimal is None:
        raise NumberError(
            f"{head!r} before a scale word may be {whole}{part} or {whole}.{part}; "
            "the file does not show which mark is its decimal one"
        )
    if not scaled:
        raise NumberError(f"{head!r} would be {whole}.{part} with the file's decimal mark {mark!r}")
    return Decimal(f"{whole}.{part}")


@dataclass
class Number:
    """One number composed from tokens, and where it stands in the text."""

    start: int
    end: int
    kinds: list[str] = field(default_factory=list)
    total: Decimal = Decimal(0)
    group: Decimal = Decimal(0)
    fraction: Decimal = Decimal(1)
    last_scale: Decimal = _INFINITY
    scale: Decimal = Decimal(1)  # the last scale word's value ("50 to 80 million")

    @property
    def last(self) -> str | None:
        return self.kinds[-1] if self.kinds else None

    @property
    def value(self) -> Decimal:
        return (self.total + self.group) * self.fraction

    @property
    def scaled(self) -> bool:
        return self.scale != 1

    @property
    def is_number(self) -> bool:
        """Whether it holds a quantity, not only "a", "half" or "and"."""
        return any(k not in ("article", "fraction", "and") for k in self.kinds)


_SCALES = ("scale", "abbreviation")
_GROUP_WORDS = ("article", "unit", "teen", "tens", "digits")


class Composer:
    """Reads the numbers of one normalised text with a grammar's number words."""

    def __init__(self, grammar: Grammar):
        self.words = grammar.numbers
        self.vague = grammar.vague
        abbreviations = [w for w, (k, _) in self.words.items() if k == "abbreviation"]
        words = [w for w, (k, _) in self.words.items() if k != "abbreviation"]
        glued = "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
        self.pattern = re.compile(
            rf"(?P<digits>{_DIGITS})(?:\s?(?P<abbr>{glued or '(?!)'})(?!\w))?"
            rf"|(?P<word>{alternation(words)})"
        )

    def numbers(self, text: str, decimal: str | None) -> list[Number]:
        """The numbers in ``text``, left to right."""
        tokens = [(t, *self._kind(t)) for t in self.pattern.finditer(text)]
        found: list[Number] = []
        current: Number | None = None
        for i, (token, kind, value) in enumerate(tokens):
            if kind == "digits":
                value = self._digits(text, token, tokens[i + 1:i + 2], decimal)
            if (
                current is not None
                and _joined(text, current, token.start())
                and self._accepts(current, kind, value, tokens[i + 1:i + 4])
            ):
                _add(current, kind, value, token, self.words)
                continue
            current = None if kind == "and" else Number(token.start(), token.end())
            if current is not None:
                _add(current, kind, value, token, self.words)
                found.append(current)
        return [n for n in found if n.is_number and not self._vague_alone(text, n)]

    def _vague_alone(self, text: str, number: Number) -> bool:
        """"millions", "آلاف" standing alone are vague quantities, not a million or a thousand."""
        return number.kinds == ["scale"] and text[number.start:number.end] in self.vague

    def _kind(self, token: re.Match) -> tuple[str, Decimal | None]:
        if token["digits"]:
            return "digits", None
        kind, value = self.words[token["word"]]
        return kind, None if value is None else Decimal(str(value))

    def _digits(self, text, token, following, decimal) -> Decimal:
        """The digits' value, knowing whether a scale word comes right after."""
        scaled = bool(token["abbr"])
        if following:
            nxt, kind, _ = following[0]
            scaled = scaled or (kind == "scale"
                                and bool(re.fullmatch(r"[\s-]*", text[token.end():nxt.start()])))
        return read_digits(token["digits"], bool(scaled), decimal)

    def _accepts(self, number: Number, kind: str, value, rest) -> bool:
        """Whether a token of ``kind`` continues ``number`` rather than starting one."""
        last = number.last
        if kind == "digits":  # "13 mil 393", "42 ألفا و310"; not "2 million-3 million"
            after_scale = last == "scale" or last == "and" and "scale" in number.kinds
            scaled_next = bool(rest) and rest[0][1] in _SCALES
            return after_scale and value < number.last_scale and not scaled_next
        if kind == "unit":
            return last in ("tens", "hundred", "hundreds", "scale", "and")
        if kind in ("teen", "tens"):
            return last in ("hundred", "hundreds", "scale", "and")
        if kind == "hundreds":
            return last in ("scale", "and")
        if kind in ("hundred", "dozen"):
            return last in _GROUP_WORDS and number.group < 100
        if kind == "scale":
            return last in (*_GROUP_WORDS, "hundred", "hundreds", "fraction") and value < number.last_scale
        if kind == "article":
            return last == "fraction"
        if kind == "fraction":
            return last == "article"
        if kind == "and":
            return last in ("hundred", "hundreds", "scale") and self._and_joins(rest)
        return False

    @staticmethod
    def _and_joins(rest) -> bool:
        """"two hundred and fifty" joins; "one hundred and two hundred" does not."""
        kinds = [kind for _, kind, _ in rest]
        if not kinds or kinds[0] not in ("unit", "teen", "tens", "hundreds", "digits"):
            return False
        if len(kinds) > 1 and kinds[0] == "tens" and kinds[1] == "unit":
            kinds.pop(0)
        return len(kinds) < 2 or kinds[1] not in ("hundred", "scale", "dozen")


def _add(number: Number, kind: str, value, token: re.Match, words) -> None:
    """Fold one token into ``number``."""
    if kind == "digits":
        number.group = value
        number.kinds.append("digits")
        if token["abbr"]:
            kind, scale = words[token["abbr"]]
            value = Decimal(str(scale))
    if kind in ("article", "fraction"):
        number.group = number.group or Decimal(1)
        number.fraction = value if kind == "fraction" else number.fraction
    elif kind in ("hundred", "dozen"):
        number.group = (number.group or 1) * value
    elif kind in _SCALES:
        number.total += (number.group or 1) * value
        number.group, number.last_scale, number.scale = Decimal(0), value, value
    elif kind not in ("and", "digits"):
        number.group += value
    if kind != "digits":
        number.kinds.append(kind)
    number.end = token.end()


def _joined(text: str, number: Number, start: int) -> bool:
    """Only spaces or hyphens (and "of" after a fraction) lie between."""
    between = text[number.end:start]
    if number.last == "scale" and re.match(r"\s*-", between):
        return False  # "2 million-3 million" is a range
    if number.last == "fraction":
        return re.fullmatch(r"[\s-]*(?:of[\s-]+)?", between) is not None
    return re.fullmatch(r"[\s-]*", between) is not None
