"""The phrase grammar: word classes, demonyms and modifiers, read from ``data/actors/``.

* ``words.csv`` (``word,class,language``): ``filler`` (articles, "of", "by"),
  ``means`` (weapons and means: "airstrikes", "barrel bombs", "قصف"),
  ``head`` (generic heads: "forces", "fighters", "عناصر"), ``role`` (words that
  mean a state's forces: "government", "regime", "army", "الأمن العام"),
  ``locative`` (fillers such as "from", "in" that make the country after them a
  place: "rocket fire from Lebanon" names no actor), ``unknown`` ("unidentified", "مجهولون")
  and ``vague`` (words that never name one actor: "militants", "armed groups", "rebels");
* ``demonyms.csv`` (``word,country,language``): "Russian", "russe",
  "الروسي"; besides, every country's English names from pycountry;
* ``modifiers.csv`` (``pattern,meaning,language``): "pro X", "X backed",
  "remnants of X", "X and allied militias", with the meaning ``aligned``,
  ``loyalists`` or ``side``.

Every entry goes through the perpetrator key, so a table is written once in
its plain spelling and matches every spelling of it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from reconcile.actors.aliases import key_of
from reconcile.resources import data_file

__all__ = ["Grammar", "Token", "load_grammar"]

WORD_CLASSES = ("filler", "locative", "means", "head", "irregular", "role", "unknown", "vague")
MEANINGS = ("aligned", "loyalists", "side")


@dataclass(frozen=True)
class Token:
    """A word or fixed phrase of a key: its text and class (a word class, ``demonym`` or ``other``)."""

    text: str
    kind: str
    country: str = ""


@dataclass(frozen=True)
class Modifier:
    before: tuple[str, ...]
    after: tuple[str, ...]
    meaning: str
    pattern: str


@dataclass(frozen=True)
class Grammar:
    phrases: dict[tuple[str, ...], Token]
    longest: int
    modifiers: tuple[Modifier, ...]
    #: words that make the country after them a place ("rocket fire *from* Lebanon"), not an actor
    locatives: frozenset[str] = frozenset()

    @functools.cached_property
    def _sizes(self) -> dict[str, tuple[int, ...]]:
        """Per first word, the word counts of the phrases it starts, longest first: most words
        start none, and are not looked up at every length up to :attr:`longest`."""
        sizes: dict[str, set[int]] = {}
        for phrase in self.phrases:
            sizes.setdefault(phrase[0], set()).add(len(phrase))
        return {word: tuple(sorted(lengths, reverse=True)) for word, lengths in sizes.items()}

    def tokens(self, key: str) -> list[Token]:
        """``key`` cut into the longest known phrases, left to right; other words are ``other``."""
        words = key.split()
        found: list[Token] = []
        sizes = self._sizes
        i = 0
        while i < len(words):
            for size in sizes.get(words[i], ()):
                if size > len(words) - i:
                    continue
                token = self.phrases.get(tuple(words[i:i + size]))
                if token is not None:
                    if token.kind == "demonym" and found and found[-1].text in self.locatives \
                            and not _origin(found):
                        token = Token(token.text, "filler")
                    found.append(token)
                    i += size
                    break
            else:  # a number counts, it names no one ("60 Arakan Army insurgents")
                found.append(Token(words[i], "filler" if words[i].isdigit() else "other"))
                i += 1
        return _joined_means(found)


#: words that say where people come from, after soldiers or troops: "soldiers from Eritrea" are
#: Eritrea's, where "rocket fire from Lebanon" only came from there
_ORIGINS = frozenset({"from", "depuis", "desde", "aus"})


def _origin(found: list[Token]) -> bool:
    """Whether the locative just read follows people of a state (a role or head word)."""
    return found[-1].text in _ORIGINS and len(found) > 1 and found[-2].kind in ("role", "head")


#: "and" in its languages: between two words for means it joins weapons, not actors
CONJUNCTIONS = frozenset({"and", "et", "y", "e", "und", "ve", "&", "و"})
_MEANS_SIDES = frozenset({"means", "head"})


def _joined_means(tokens: list[Token]) -> list[Token]:
    """"Turkish airstrikes and shelling", "Israel's warplanes and ships": one actor's means."""
    return [Token(t.text, "filler") if t.kind == "other" and t.text in CONJUNCTIONS
            and 0 < i < len(tokens) - 1 and tokens[i - 1].kind in _MEANS_SIDES
            and tokens[i + 1].kind in _MEANS_SIDES else t
            for i, t in enumerate(tokens)]


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(data_file("actors", name), dtype=str, keep_default_na=False, encoding="utf-8")


def _country_names() -> dict[str, str]:
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names[key_of(value)] = country.alpha_2
    return names


@functools.lru_cache(maxsize=1)
def load_grammar() -> Grammar:
    """The bundled grammar, built once a run, and across runs from the cache on disk."""
    from reconcile.cache import cached

    return cached("grammar", _built, _to_json, _from_json)


def _to_json(grammar: Grammar) -> dict:
    return {"phrases": [[list(words), t.text, t.kind, t.country] for words, t in grammar.phrases.items()],
            "longest": grammar.longest,
            "modifiers": [[list(m.before), list(m.after), m.meaning, m.pattern] for m in grammar.modifiers],
            "locatives": sorted(grammar.locatives)}


def _from_json(data: dict) -> Grammar:
    phrases = {tuple(words): Token(text, kind, country) for words, text, kind, country in data["phrases"]}
    return Grammar(phrases, data["longest"],
                   tuple(Modifier(tuple(before), tuple(after), meaning, pattern)
                         for before, after, meaning, pattern in data["modifiers"]),
                   frozenset(data["locatives"]))


def _built() -> Grammar:
    phrases: dict[tuple[str, ...], Token] = {}
    for key, country in _country_names().items():
        phrases[tuple(key.split())] = Token(key, "demonym", country)
    demonyms = _read("demonyms.csv")
    for word, country in zip(demonyms["word"], demonyms["country"], strict=False):
        key = key_of(word)
        phrases[tuple(key.split())] = Token(key, "demonym", country.upper())
    words = _read("words.csv")
    unknown = sorted(set(words["class"]) - set(WORD_CLASSES))
    if unknown:
        raise ValueError(f"data/actors/words.csv: unknown word class {unknown[0]!r}")
    locatives = set()
    for word, kind in zip(words["word"], words["class"], strict=False):
        key = key_of(word)
        if kind == "locative":  # a filler that also makes the next country a place
            locatives.add(key)
            kind = "filler"
        phrases.setdefault(tuple(key.split()), Token(key, kind))
    modifiers = []
    fillers = {k for k, t in phrases.items() if t.kind == "filler" and len(k) == 1}
    table = _read("modifiers.csv")
    for pattern, meaning in zip(table["pattern"], table["meaning"], strict=False):
        if meaning not in MEANINGS:
            raise ValueError(f"data/actors/modifiers.csv: unknown meaning {meaning!r}")
        words_of = key_of(pattern.replace("X", "xslotx")).split()
        slot = words_of.index("xslotx")
        before = tuple(w for w in words_of[:slot] if (w,) not in fillers)
        after = tuple(w for w in words_of[slot + 1:] if (w,) not in fillers)
        if not before and not after:
            raise ValueError(f"data/actors/modifiers.csv: {pattern!r} has only filler words around X")
        modifiers.append(Modifier(before, after, meaning, pattern))
    # Longer patterns first: "loyal to former X" before "loyal to X".
    modifiers.sort(key=lambda m: -(len(m.before) + len(m.after)))
    return Grammar(phrases, max(len(k) for k in phrases), tuple(modifiers), frozenset(locatives))
