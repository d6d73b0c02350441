"""Comparison keys of place text: one form per spelling of a word.

:func:`plain_key` removes case, accents, Arabic diacritics and letter variants,
apostrophes and punctuation; it also cuts the English possessive ("Yemen's" ->
"yemen") and Romance elisions ("d'Alep" -> "d alep"). :func:`key` then unifies
transliterations word by word: the Arabic article forms, common spelling
variants (tall/tell/tal, deir/dayr ...), doubled letters, ou/u, final -ah/-eh/-a;
Cyrillic soft signs and Ukrainian/Russian letter pairs, and one case ending
("Краматорська", "Краматорську" and "Краматорск" share a key).
"""

from __future__ import annotations

import functools
import re
import unicodedata

_APOSTROPHES = str.maketrans("", "", "'’‘`´ʿʾʼ′ʹʻ\"“”")
_ARABIC = str.maketrans({"ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك", "ـ": None, "ء": None})
_LATIN = str.maketrans({"ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th", "ı": "i"})
_CYRILLIC = str.maketrans(
    {"ь": None, "ъ": None, "і": "и", "ї": "и", "й": "и", "є": "е", "ё": "е", "ґ": "г"}
)
_NON_WORD = re.compile(r"[\W_]+")
_REPEATS = re.compile(r"(.)\1+")
_POSSESSIVE = re.compile(r"(?<=[^\W\d_]{3})['’‘ʼ]s\b")
_ELISION = re.compile(r"(?<![\w'’‘ʼ])(qu|dell|dall|nell|sull|all|[cdjlmnst])['’‘ʼ](?=[^\W\d_])")
_CYRILLIC_WORD = re.compile(r"[а-яёіїєґ]")
_CYRILLIC_ENDINGS = "аяуюиеоы"

#: Transliterations of the Arabic article; all become "al".
ARTICLES = frozenset("al el ar as ash at ath az an ad adh ed es esh ez".split())

#: Common spellings of one word, mapped to one form.
_WORD_FORMS = {
    **dict.fromkeys(["tal", "tel", "tell", "tall", "til"], "tall"),
    **dict.fromkeys(["deir", "dayr", "dair", "der", "dier", "deyr"], "deir"),
    **dict.fromkeys(["kafr", "kfar", "kafar", "kfr", "kefr", "kufr"], "kafr"),
    **dict.fromkeys(["jabal", "jebel", "jabel", "jbel", "jebal", "djebel"], "jabal"),
    **dict.fromkeys(["beit", "bayt", "bait", "beyt"], "beit"),
    **dict.fromkeys(["ain", "ayn", "ein", "ayin", "aïn"], "ain"),
    **dict.fromkeys(["abu", "abou", "abo"], "abu"),
    **dict.fromkeys(["sheikh", "shaykh", "shaikh", "sheik", "shiekh", "sheykh", "shekh"], "shaykh"),
    **dict.fromkeys(["khirbet", "kherbet", "khirbat", "khirbit"], "khirbat"),
    **dict.fromkeys(["qalat", "qalaat", "qala", "qalaa"], "qalat"),
    **dict.fromkeys(["jisr", "jesr"], "jisr"),
    **dict.fromkeys(["governorate", "governate", "gouvernorat", "governorates"], "governorate"),
}


def _word(token: str) -> str:
    if token in ARTICLES:
        return "al"
    token = _WORD_FORMS.get(token, token)
    if token.isascii() and token.isalpha():
        token = token.replace("ou", "u").replace("ay", "ai")
        token = _REPEATS.sub(r"\1", token)
        if len(token) > 3 and token[-1] == "h" and token[-2] in "aeiou":
            token = token[:-1]
        if len(token) > 3 and token[-1] == "e":
            token = token[:-1] + "a"
    elif _CYRILLIC_WORD.search(token):
        token = token.translate(_CYRILLIC)
        if len(token) > 5 and token[-1] in _CYRILLIC_ENDINGS:
            token = token[:-1]
    return token


@functools.lru_cache(maxsize=200_000)
def plain_key(text: str) -> str:
    """Case, accents, Arabic diacritics, apostrophes and punctuation removed."""
    s = unicodedata.normalize("NFKC", text).casefold()
    s = _ELISION.sub(r"\1 ", _POSSESSIVE.sub("", s))
    s = s.translate(_ARABIC).translate(_LATIN)
    s = "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", s.translate(_APOSTROPHES)).split())


@functools.lru_cache(maxsize=200_000)
def key(text: str) -> str:
    """The comparison key of one string (spelling variants unified word by word)."""
    return " ".join(_word(t) for t in plain_key(text).split())


def word_key(token: str) -> str:
    """The key of one token of a :func:`plain_key`."""
    return _word(token)
