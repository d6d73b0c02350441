"""One folding of text for matching: case, accents, quotes, dashes, Arabic letter forms.

Perpetrators, places and figures are written by hand in many languages:
"Hay’at" and "HAY'AT"; "الإسرائيلي" and "الاسرائيلي"; "Türkiye" and
"Turkiye"; "saldırısı" and "saldirisi". Each matcher folds through
:func:`fold` first, so tables written once match every spelling (the matchers'
own keys then drop what they ignore, such as the apostrophe of "Hay'at").
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold"]

# Combining marks removed after NFKD: Latin accents, Arabic harakat, hamza and
# madda marks (so أ إ آ all become ا), Quranic marks; plus the tatweel.
_MARKS = re.compile(
    "[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]"
)
_LETTERS = str.maketrans({
    "\u0649": "\u064a",  # alef maqsura -> yeh
    "\u06cc": "\u064a",  # Persian yeh -> yeh
    "\u0629": "\u0647",  # ta marbuta -> heh
    "\u06a9": "\u0643",  # Persian kaf -> kaf
    "\u0671": "\u0627",  # alef wasla -> alef
    "\u0131": "i",  # Turkish dotless i
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02bb": "'", "`": "'", "\u00b4": "'",
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    **dict.fromkeys("\u201c\u201d\u00ab\u00bb", '"'),
    "\u00df": "ss",
    "\u0153": "oe",
    "\u00e6": "ae",
})
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """``text`` casefolded, without accents or Arabic marks, one form per letter, quote and dash."""
    text = unicodedata.normalize("NFKD", text)
    text = _MARKS.sub("", text)
    text = unicodedata.normalize("NFKC", text).casefold().translate(_LETTERS)
    return _SPACES.sub(" ", text).strip()
