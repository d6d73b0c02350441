"""Turn a published casualty figure ("more than 700", "approximately 125") into an interval.

Every figure becomes ``low <= best <= high`` (``high`` may be ``inf``) plus the
``qualifier`` that produced it (DESIGN.md, "Figures are intervals"):

qualifier        low, best, high           e.g.
---------------  ------------------------  -----------------------------------------------
exact            N, N, N                   125; a dozen; seven hundred; none
approximately    (1-tol)N, N, (1+tol)N     approximately|about|around|some|roughly|~|c. N
more than        N, N, inf                 more than|over|in excess of N; N+; N or more
at least         N, N, inf                 at least|no fewer than|a minimum of N
up to            0, N, N                   up to|as many as|at most|fewer than|under N
nearly           (1-tol)N, N, N            nearly|almost|just under|close to N
range            a, a, b (best = low)      12-15; 12 to 15; between 12 and 15
vague            V, V, inf                 dozens 12, tens 10, scores 20, hundreds 100,
                                           thousands 1000; "tens of thousands" 10 000

Choices worth knowing:

* "more than N" is read as low = N, not N + 1, so a closed figure N and
  "more than N" are compatible. Monitors use "more than" loosely ("more than
  700" is often a rounded count of 700-odd), so N + 1 would manufacture
  disagreements that are not there.
* Strict upper bounds ("fewer than", "less than", "under", "below") are read as
  ``up to``, for the same reason.
* A range's best figure is its low end: the conservative reading.
* Vague quantities use ACLED's coding (dozens 12, tens 10, scores 20, hundreds
  100, thousands 1000; "tens of thousands" 10 000) with an open upper bound.
  "a dozen"/"dozen" is exactly 12. "a few", "several", "many" have no agreed
  coding and are rejected.
* Only comma or space groups of exactly three digits are thousands separators
  (``1,000``, ``1 000``, narrow/no-break spaces, Arabic ``٬``); a point is
  always a decimal point, so ``1.000`` is 1.0, not 1000.
* English number words ("one thousand two hundred", "twenty-five", "a
  hundred") and digits followed by a scale word ("3 thousand", "٣ آلاف") are
  read; Arabic number words beyond the scale words are not.
* The qualifier must open the text (after it only the number may come);
  trailing words ("civilians", "مدني") are ignored, but unknown leading words
  ("killed: 125") are rejected rather than guessed at.

Unreadable figures raise :class:`FigureError`, whose message is the reason
shown to the user; a figure is never silently read as zero.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from typing import NamedTuple

import numpy as np
import pandas as pd

__all__ = ["Figure", "FigureError", "parse_figure", "parse_figures"]


class Figure(NamedTuple):
    """A figure as an interval, ``low <= best <= high``, and the qualifier that produced it."""

    low: float
    best: float
    high: float
    qualifier: str


#: the reason given for a negative figure (``validate`` reports it under its own rule).
NEGATIVE_FIGURE = "negative figure"


class FigureError(ValueError):
    """A figure text cannot be read; ``str(exc)`` is a short reason for the user.

    e.g. ``cannot read a number in 'many'``.
    """


# --------------------------------------------------------------------------
# Normalisation: one spelling for digits, dashes, spaces and Arabic letters.
# --------------------------------------------------------------------------

_N = "\ue000"  # placeholder standing for a number in a figure's "shape"

_INVISIBLE = (
    "\u0640"  # tatweel
    + "".join(chr(c) for c in range(0x064B, 0x0653))  # harakat
    + "\u0670\u061c\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
    + "".join(chr(c) for c in range(0x202A, 0x202F))  # bidi embeddings
    + "".join(chr(c) for c in range(0x2066, 0x206A))  # bidi isolates
    + _N
)
_TRANSLATION = str.maketrans(
    {
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Eastern Arabic-Indic / Persian
        "\u066c": ",",  # Arabic thousands separator
        "\u066b": ".",  # Arabic decimal separator
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
        **dict.fromkeys("أإآٱ", "ا"),
        "ى": "ي",
        "ی": "ي",  # Persian yeh
        "ک": "ك",  # Persian kaf
        **dict.fromkeys(_INVISIBLE, None),
    }
)
_SPACES = re.compile(r"\s+")


def _normalise(text: str) -> str:
    """Fold case, compatibility forms, digits, dashes, spaces and Arabic letter variants.

    Everything downstream (qualifier tables included) is written against this
    one spelling, so "أكثر من" and "اكثر من", "1\u202f000" and "1 000" match alike.
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(_TRANSLATION)
    return _SPACES.sub(" ", text).strip()


def _alternation(phrases) -> str:
    """Regex alternation of normalised phrases, longest first, each ending at a word boundary."""
    parts = []
    for phrase in sorted({_normalise(p) for p in phrases}, key=len, reverse=True):
        parts.append(re.escape(phrase) + (r"(?!\w)" if phrase[-1].isalnum() else ""))
    return "|".join(parts)


# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

_PREFIX_PHRASES = {
    "approximately": [
        "approximately", "approx", "approx.", "about", "around", "some", "roughly",
        "~", "≈", "c.", "c", "ca.", "circa", "an estimated", "estimated", "est.",
        "نحو", "حوالي", "حوالى", "قرابة", "ما يقارب", "ما يقرب من", "زهاء", "تقريبا",
    ],
    "more than": [
        "more than", "over", "in excess of", "upwards of", "upward of", "above",
        "greater than", "just over", "well over", ">",
        "أكثر من", "اكثر من", "ما يزيد عن", "ما يزيد على", "ما يربو على", "أزيد من",
        "يزيد عن", "يزيد على",
    ],
    "at least": [
        "at least", "no fewer than", "not fewer than", "no less than", "not less than",
        "a minimum of", "minimum of", "≥", ">=",
        "ما لا يقل عن", "لا يقل عن", "على الأقل",
    ],
    "up to": [
        "up to", "as many as", "at most", "a maximum of", "maximum of", "no more than",
        "not more than", "fewer than", "less than", "under", "below", "≤", "<=", "<",
        "ما يصل إلى", "ما يصل الى", "حتى", "أقل من", "لا يزيد عن", "ما لا يزيد عن",
    ],
    "nearly": ["nearly", "almost", "just under", "close to", "just shy of", "approaching"],
}
_PREFIXES = {_normalise(p): q for q, phrases in _PREFIX_PHRASES.items() for p in phrases}

_SUFFIX_PHRASES = {
    "more_than": ["+", "plus", "-plus", "or more", "and more", "or over", "or above", "and above",
                  "أو أكثر", "وأكثر", "و أكثر"],
    "approximately": ["or so", "or thereabouts", "approximately", "تقريبا"],
    "at_least": ["at least", "على الأقل"],
    "up_to": ["or fewer", "or less", "at most", "أو أقل"],
    "percent": ["%", "٪", "percent", "per cent", "بالمئة", "بالمائة", "في المئة", "في المائة"],
}
_SUFFIX = re.compile(
    r"\s*(?:" + "|".join(f"(?P<{name}>{_alternation(p)})" for name, p in _SUFFIX_PHRASES.items()) + ")"
)
_SUFFIX_QUALIFIERS = {"more_than": "more than", "approximately": "approximately",
                      "at_least": "at least", "up_to": "up to"}

_VAGUE_WORDS = {
    "dozens": 12, "tens": 10, "scores": 20, "hundreds": 100, "thousands": 1_000,
    "millions": 1_000_000,
    "عشرات": 10, "العشرات": 10, "مئات": 100, "المئات": 100, "آلاف": 1_000, "الآلاف": 1_000,
}
_VAGUE_MULTIPLIERS = {"thousands": 1_000, "millions": 1_000_000, "آلاف": 1_000, "الآلاف": 1_000,
                      "ملايين": 1_000_000}
_VAGUE_VALUES = {_normalise(w): v for w, v in {**_VAGUE_WORDS, **_VAGUE_MULTIPLIERS}.items()}
_VAGUE = re.compile(
    rf"(?<!\w)(?P<word>{_alternation(_VAGUE_WORDS)})"
    rf"(?:(?:\s+of)?\s+(?P<of>{_alternation(_VAGUE_MULTIPLIERS)}))?"
)
# Qualifiers that may open a vague quantity ("more than dozens"); the result stays vague.
_VAGUE_LEADS = {"approximately", "more than", "at least"}

_UNQUANTIFIED = re.compile(
    r"(?<!\w)(?:" + _alternation([
        "a few", "few", "several", "many", "numerous", "multiple", "a number of", "countless",
        "a handful of", "عدة", "عدد من", "بضع", "بضعة", "العديد من", "كثير",
    ]) + ")"
)
_ZERO_PHRASE = re.compile(
    r"^(?:" + _alternation([
        "none", "nobody", "no one", "no-one", "no deaths", "no death", "no casualties",
        "no fatalities", "no victims", "nil", "لا أحد", "لا يوجد",
    ]) + ")"
)

# --------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------

# Groups of exactly three digits after a comma or a space are thousands; a point is a decimal.
_NUMBER_PATTERN = r"[0-9]{1,3}(?:[, ][0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_NUMBER = re.compile(_NUMBER_PATTERN)
_SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000,
                "مئة": 100, "مائة": 100, "ألف": 1_000, "آلاف": 1_000, "مليون": 1_000_000,
                "ملايين": 1_000_000}
_SCALE_VALUES = {_normalise(w): v for w, v in _SCALE_WORDS.items()}
_SCALED = re.compile(rf"(?P<number>{_NUMBER_PATTERN})\s*-?\s*(?P<scale>{_alternation(_SCALE_WORDS)})")

_UNITS = dict(zip("zero one two three four five six seven eight nine".split(), range(10)))
_TEENS = dict(zip(("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen "
                   "nineteen").split(), range(10, 20)))
_TENS = dict(zip("twenty thirty forty fifty sixty seventy eighty ninety".split(), range(20, 100, 10)))
_WORD_VALUES = {**_UNITS, **_TEENS, **_TENS, "hundred": 100, "thousand": 1_000,
                "million": 1_000_000, "dozen": 12}
_WORD_KINDS = {**dict.fromkeys(_UNITS, "unit"), "zero": "zero", **dict.fromkeys(_TEENS, "teen"),
               **dict.fromkeys(_TENS, "tens"), "hundred": "hundred", "thousand": "scale",
               "million": "scale", "dozen": "dozen", "a": "a", "half": "half", "and": "and"}
_WORD_TOKEN = re.compile(
    r"(?<!\w)(?:" + "|".join(sorted(_WORD_VALUES, key=len, reverse=True))
    + r"|(?:a|half)(?=[\s-]+(?:a\s+)?(?:hundred|thousand|million|dozen)(?!\w))|and)(?!\w)"
)
_JOINER = re.compile(r"[\s-]*")  # what may separate the words of one number

# Shapes: the normalised text with each number replaced by the placeholder.
_NEGATIVE = re.compile(rf"(?:^-\s*|(?:^|[^\s{_N}])\s*-){_N}")
_RANGE = re.compile(
    rf"^(?:{_N}\s*(?:-|to|الي)\s*{_N}"
    rf"|between\s+{_N}\s*(?:and|-|to)\s*{_N}"
    rf"|from\s+{_N}\s*(?:to|-)\s*{_N}"
    rf"|بين\s+{_N}\s*(?:و|-|الي)\s*{_N}"
    rf"|من\s+{_N}\s*(?:الي|حتي|-)\s*{_N})"
)
_RANGE_LIKE = re.compile(rf"{_N}\s*(?:-|to|الي)\s*{_N}")


# --------------------------------------------------------------------------
# Number words
# --------------------------------------------------------------------------

class _WordNumber:
    """A number being read from English words, e.g. "one thousand two hundred and five".

    ``accepts`` says whether the next word continues this number; a word that
    does not ("twelve fifteen", "one hundred and two hundred") starts a new one,
    so ranges and lists of numbers written in words stay separate.
    """

    def __init__(self, word: str, start: int, end: int):
        self.start, self.end = start, end
        self.total, self.group, self.last, self.last_scale = 0, 0, None, math.inf
        self.fraction = 1.0
        self.add(word, end)

    def accepts(self, word: str) -> bool:
        """Whether ``word`` (not "and") can extend this number."""
        kind, last = _WORD_KINDS[word], self.last
        if kind == "unit":
            return last in ("tens", "hundred", "scale", "and")
        if kind in ("teen", "tens"):
            return last in ("hundred", "scale", "and")
        if kind == "hundred":
            return last in ("a", "unit", "teen", "tens") and self.group < 100
        if kind == "scale":
            return (last in ("a", "unit", "teen", "tens", "hundred")
                    and _WORD_VALUES[word] < self.last_scale)
        if kind == "dozen":
            return last in ("a", "unit", "teen", "tens") and self.group < 100
        if kind == "a":
            return last == "half"
        return False

    def accepts_and(self, following: list[str]) -> bool:
        """Whether "and" joins this number to ``following`` ("two hundred and fifty").

        Not when what follows has its own hundreds ("between one hundred and two
        hundred"): then "and" separates two numbers.
        """
        if self.last not in ("hundred", "scale") or not following:
            return False
        words = list(following)
        if _WORD_KINDS[words[0]] not in ("unit", "teen", "tens"):
            return False
        if len(words) > 1 and _WORD_KINDS[words[0]] == "tens" and _WORD_KINDS[words[1]] == "unit":
            words.pop(0)
        after = words[1] if len(words) > 1 else None
        if after is None or _WORD_KINDS[after] not in ("hundred", "scale", "dozen"):
            return True
        return (self.last == "hundred" and _WORD_KINDS[after] == "scale"
                and _WORD_VALUES[after] < self.last_scale)

    def add(self, word: str, end: int) -> None:
        """Fold ``word`` into the value."""
        kind = _WORD_KINDS[word]
        if kind in ("a", "half"):
            self.group = self.group or 1
            self.fraction = 0.5 if kind == "half" else self.fraction
        elif kind in ("hundred", "dozen"):
            self.group = (self.group or 1) * _WORD_VALUES[word]
        elif kind == "scale":
            self.total += (self.group or 1) * _WORD_VALUES[word]
            self.group, self.last_scale = 0, _WORD_VALUES[word]
        elif kind != "and":
            self.group += _WORD_VALUES[word]
        self.last, self.end = kind, end

    @property
    def value(self) -> str:
        """The number as digits."""
        value = (self.total + self.group) * self.fraction
        return str(int(value)) if value == int(value) else str(value)


def _words_to_digits(text: str) -> str:
    """Replace English number words with digits: "seven hundred civilians" -> "700 civilians"."""
    tokens = list(_WORD_TOKEN.finditer(text))
    if not tokens:
        return text
    numbers: list[_WordNumber] = []
    current = None
    for i, token in enumerate(tokens):
        word = token.group()
        joined = current is not None and _JOINER.fullmatch(text, current.end, token.start())
        if joined and word == "and":
            following = _joined_words(text, tokens, i)
            if current.accepts_and(following):
                current.add(word, token.end())
                continue
        elif joined and current.accepts(word):
            current.add(word, token.end())
            continue
        current = _WordNumber(word, token.start(), token.end()) if word != "and" else None
        if current is not None:
            numbers.append(current)
    pieces, position = [], 0
    for number in numbers:
        if number.last in ("a", "half", "and"):
            continue  # "a"/"half" not followed by a scale: leave the words alone
        pieces += [text[position:number.start], number.value]
        position = number.end
    return "".join(pieces) + text[position:]


def _joined_words(text: str, tokens: list[re.Match], i: int) -> list[str]:
    """The number words right after token ``i`` with only spaces or hyphens between them."""
    words = []
    for previous, token in zip(tokens[i:], tokens[i + 1:i + 4]):
        if not _JOINER.fullmatch(text, previous.end(), token.start()) or token.group() == "and":
            break
        words.append(token.group())
    return words


def _expand_scaled(match: re.Match) -> str:
    """"3 thousand" / "1.5 million" / "٣ آلاف" -> digits."""
    number = Decimal(match["number"].replace(",", "").replace(" ", ""))
    value = number * _SCALE_VALUES[match["scale"]]
    return format(value.normalize(), "f")


# --------------------------------------------------------------------------
# Reading a figure
# --------------------------------------------------------------------------

def _shown(text: str) -> str:
    """The text as quoted back to the user: trimmed, one line, at most 60 characters."""
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= 60 else text[:59] + "…"


def _to_float(number: str) -> float:
    """Digits with thousands separators -> float; refuses overflow to infinity."""
    value = float(number.replace(",", "").replace(" ", ""))
    if not math.isfinite(value):
        raise FigureError("number too large")
    return value


def _interval(qualifier: str, n: float, tolerance: float) -> Figure:
    """The interval a qualifier gives a single number ``n``."""
    if qualifier == "approximately":
        return Figure(n * (1 - tolerance), n, n * (1 + tolerance), qualifier)
    if qualifier in ("more than", "at least"):
        return Figure(n, n, math.inf, qualifier)
    if qualifier == "up to":
        return Figure(0.0, n, n, qualifier)
    if qualifier == "nearly":
        return Figure(n * (1 - tolerance), n, n, qualifier)
    return Figure(n, n, n, "exact")


def _no_number(shown: str, words: str) -> FigureError:
    """The error for a text without a readable number, naming a vague word if it has one."""
    vague = _UNQUANTIFIED.search(words)
    if vague and vague.group() != _normalise(shown):
        return FigureError(f"cannot read a number in {shown!r} ({vague.group()!r} has no agreed number)")
    return FigureError(f"cannot read a number in {shown!r}")


def _unreadable_prefix(prefix: str, what: str, shown: str) -> FigureError:
    """The error for words before ``what`` that are not a known qualifier ("killed: 125")."""
    if _UNQUANTIFIED.search(prefix):
        return _no_number(shown, prefix)
    return FigureError(f"cannot read {prefix!r} before {what} in {shown!r}")


def _read_vague(shape: str, shown: str) -> Figure:
    """A text without digits: a vague quantity ("dozens", "tens of thousands") or an error."""
    match = _VAGUE.search(shape)
    if match is None:
        raise _no_number(shown, shape)
    prefix = shape[:match.start()].strip()
    if prefix and _PREFIXES.get(prefix) not in _VAGUE_LEADS:
        raise _unreadable_prefix(prefix, repr(match.group()), shown)
    value = float(_VAGUE_VALUES[match["word"]] * (_VAGUE_VALUES[match["of"]] if match["of"] else 1))
    return Figure(value, value, math.inf, "vague")


def _read_single(shape: str, n: float, tolerance: float, shown: str) -> Figure:
    """One number, a qualifier before it and/or after it ("more than 700", "700+")."""
    prefix, suffix = shape.split(_N)
    prefix = prefix.strip()
    before = _PREFIXES.get(prefix) if prefix else "exact"
    if before is None:
        raise _unreadable_prefix(prefix, "the number", shown)
    match = _SUFFIX.match(suffix)
    after = match.lastgroup if match else None
    if after == "percent":
        raise FigureError(f"a percentage, not a count: {shown!r}")
    after = _SUFFIX_QUALIFIERS.get(after)
    if after and before not in ("exact", after):
        raise FigureError(f"conflicting qualifiers in {shown!r}")
    return _interval(after or before, n, tolerance)


def _read_pair(shape: str, numbers: list[float], shown: str) -> Figure:
    """Two numbers: a range ("12-15", "between 12 and 15"), else an error."""
    if _RANGE.match(shape) is None:
        if _RANGE_LIKE.search(shape):
            raise FigureError(f"cannot read the range in {shown!r}")
        raise FigureError(f"{shown!r} holds several numbers, not one figure or a range")
    low, high = numbers
    if low > high:
        raise FigureError(f"range runs backwards ({low:g} > {high:g}) in {shown!r}")
    return Figure(low, low, high, "range")


def _parse(text, tolerance: float) -> Figure:
    """parse_figure without the tolerance check (parse_figures checks it once)."""
    if isinstance(text, (int, float, np.number)) and not isinstance(text, (bool, np.bool_)):
        return _parse_number(float(text))
    if text is None or text is pd.NA or text is pd.NaT:
        raise FigureError("figure is empty")
    text = str(text)
    shown = _shown(text)
    normalised = _normalise(text)
    if not normalised:
        raise FigureError("figure is empty")
    normalised = _ZERO_PHRASE.sub("0", normalised, count=1)
    normalised = _words_to_digits(_SCALED.sub(_expand_scaled, normalised))
    shape = _NUMBER.sub(_N, normalised)
    if _NEGATIVE.search(shape):
        raise FigureError(NEGATIVE_FIGURE)
    numbers = [_to_float(m.group()) for m in _NUMBER.finditer(normalised)]
    if not numbers:
        return _read_vague(shape, shown)
    if len(numbers) == 1:
        return _read_single(shape, numbers[0], tolerance, shown)
    if len(numbers) == 2:
        return _read_pair(shape, numbers, shown)
    raise FigureError(f"{shown!r} holds several numbers, not one figure or a range")


def _parse_number(value: float) -> Figure:
    """A figure that arrived as a number (a numeric CSV column), not as text."""
    if math.isnan(value):
        raise FigureError("figure is empty")
    if value < 0:
        raise FigureError(NEGATIVE_FIGURE)
    if math.isinf(value):
        raise FigureError("number too large")
    return Figure(value, value, value, "exact")


def _check_tolerance(tolerance: float) -> None:
    """Refuse a tolerance that would make low negative (the CLI allows 0..1)."""
    if not 0 <= tolerance <= 1:
        raise ValueError(f"tolerance must be in [0, 1], got {tolerance!r}")


def parse_figure(text: str, tolerance: float = 0.1) -> Figure:
    """Read one published figure as an interval.

    Parameters
    ----------
    text
        The figure as published: ``"125"``, ``"more than 700 civilians"``,
        ``"approximately 125"``, ``"12-15"``, ``"dozens"``, ``"أكثر من ٧٠٠"``.
    tolerance
        Relative half-width given to "approximately N" (and the lower side of
        "nearly N"); 0.1 reads "about 100" as 90..110.

    Raises
    ------
    FigureError
        The text is empty, negative, has no readable number, or holds several
        numbers that are not a range; ``str(exc)`` says which.
    """
    _check_tolerance(tolerance)
    return _parse(text, tolerance)


_COLUMNS = ["low", "best", "high", "qualifier", "figure_error"]
_FAILED = (math.nan, math.nan, math.nan, "")


def _parse_row(text, tolerance: float) -> tuple:
    """One row of the parse_figures table: the interval, or NaNs and the reason."""
    try:
        return (*_parse(text, tolerance), "")
    except FigureError as exc:
        return (*_FAILED, str(exc))


def parse_figures(texts: pd.Series, tolerance: float = 0.1) -> pd.DataFrame:
    """Read a column of figures; one row per input row, aligned on ``texts.index``.

    Figure texts repeat heavily, so each distinct text is parsed once and the
    results are spread back with ``take``; missing cells (NaN, None, NA) become
    the error "figure is empty", never a zero.

    Returns
    -------
    DataFrame
        ``low``, ``best``, ``high`` (float64; ``high`` may be inf; NaN where
        the text failed), ``qualifier`` (str; "" on failure) and
        ``figure_error`` (str; "" when the text parsed).
    """
    _check_tolerance(tolerance)
    codes, uniques = pd.factorize(texts, use_na_sentinel=True)
    rows = [_parse_row(text, tolerance) for text in uniques]  # distinct texts, not rows
    rows.append((*_FAILED, "figure is empty"))  # the row for missing cells (code -1)
    table = pd.DataFrame(rows, columns=_COLUMNS).astype(
        {"low": "float64", "best": "float64", "high": "float64",
         "qualifier": "str", "figure_error": "str"}
    )
    positions = np.where(codes < 0, len(uniques), codes)
    result = table.take(positions)
    result.index = texts.index
    return result
