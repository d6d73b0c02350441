"""Reading one place text: its parts, the names in them, the words around the names.

See the package docstring for the rules; :class:`~reconcile.places.choosing.Resolver`
chooses among the readings found here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reconcile.places.gazetteer import Gazetteer, Reading
from reconcile.places.keys import key, plain_key, word_key

_SPLIT = re.compile(r"\s*(?:[,;/()\[\]|&+،؛٬]|\s[-–—]\s|[–—]|\band\b|\sو\s)\s*", re.IGNORECASE)
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
#: Arabic prefixes read as words of their own ("بغزة" = "in Gaza", "لحلب" = "of Aleppo"),
#: longest first; after "لل" and "بال" the word keeps its article.
_CLITICS = (
    ("وب", ("و", "ب"), ""), ("ول", ("و", "ل"), ""), ("فب", ("ف", "ب"), ""), ("بال", ("ب",), "ال"),
    ("لل", ("ل",), "ال"), ("ب", ("ب",), ""), ("ل", ("ل",), ""), ("و", ("و",), ""), ("ف", ("ف",), ""),
    ("ك", ("ك",), ""),
)
#: Words linking a bearing to the name it is measured from ("east of", "au sud de").
_OF = frozenset(word_key(w) for w in "of de d du des del da do von vom di dell della from".split())
#: Arabic bearings, read as "<bearing> of" right before a name ("داريا غرب دمشق").
_BEARINGS = frozenset(key(w) for w in "شمال جنوب شرق غرب".split())
_QUALIFIERS = frozenset({"surroundings", "settlement", "neighbourhood", "admin1", "admin2", "admin3"})
#: Words dropped before looking a part up among other countries' subdivisions ("Kabul
#: Province"): administrative words, "the", "of"; settlement words are kept, so "Maan
#: village" stays unresolved, and the Arabic article too ("Al Sabha" is not Libya's Sabha).
_ADMIN_KINDS = frozenset({"admin1", "admin2", "admin3"})
_ADMIN_EXTRA = frozenset({"the", "of"})


@dataclass
class Mention:
    """A name found in a part, with what the words around it say about it."""

    candidates: frozenset[Reading]
    part: int
    key: str
    weak: frozenset[Reading] = frozenset()  # taken only when the text's other places say so
    listed: bool = False  # found only on a reference list or abroad, not written by hand
    qualifiers: set[str] = field(default_factory=set)
    relative: bool = False  # "near X", "east of X": the place is by X, not in it
    chosen: Reading | None = None

    @property
    def reading(self) -> Reading:
        """The reading chosen (for a mention that has one)."""
        if self.chosen is None:
            raise ValueError(f"no reading is chosen for {self.key!r}")
        return self.chosen


@dataclass
class Item:
    kind: str  # "name", "word", "demonym" or "unknown"
    key: str
    value: Mention | str  # the Mention, the word's kind, the demonym's country, the plain token

    @property
    def mention(self) -> Mention:
        """The name's Mention (an item of kind "name")."""
        if not isinstance(self.value, Mention):
            raise TypeError(f"a {self.kind} item ({self.key!r}) has no Mention")
        return self.value

    @property
    def word(self) -> str:
        """The word's kind, the demonym's country or the plain token (an item of another kind)."""
        if isinstance(self.value, Mention):
            raise TypeError(f"a name ({self.key!r}) is not a word")
        return self.value


@dataclass
class Part:
    text: str
    unknown: list[str]  # tokens naming nothing known
    mentions: list[Mention]
    failed: bool = False  # a name shared by unrelated units, or another country's dropped


# --------------------------------------------------------------------------
# Parts and tokens
# --------------------------------------------------------------------------


def split(gaz: Gazetteer, text: str) -> list[str]:
    """Parts of a text: on punctuation, " - ", "and", and the Arabic "and" (و)."""
    parts = []
    for part in _SPLIT.split(text):
        part = part.strip()
        if part:
            parts.extend(_split_waw(gaz, part))
    return parts


def _split_waw(gaz: Gazetteer, part: str) -> list[str]:
    """Split before a word carrying the Arabic "and" prefix و when the word
    without it begins a known name and the word with it does not."""
    words = part.split()
    groups: list[list[str]] = [[]]
    for i, word in enumerate(words):
        if i > 0 and len(word) > 2 and word[0] == "و":
            rest, whole = key(word[1:]).split(), key(word).split()
            if rest and _starts_name(gaz, rest[0]) and not (whole and _starts_name(gaz, whole[0])):
                groups.append([word[1:]])
                continue
        groups[-1].append(word)
    return [" ".join(g) for g in groups if g]


def _starts_name(gaz: Gazetteer, k: str) -> bool:
    return k in gaz.first_tokens and k not in gaz.words


def tokens(gaz: Gazetteer, text: str) -> tuple[list[str], list[str]]:
    """(plain tokens, keys) of a part; an Arabic prefix is split off where it hides a known word."""
    plain: list[str] = []
    for token in plain_key(text).split():
        plain.extend(_clitic(gaz, token))
    return plain, [word_key(t) for t in plain]


def _clitic(gaz: Gazetteer, token: str) -> list[str]:
    if not _ARABIC_LETTER.match(token) or _known_start(gaz, token):
        return [token]
    for prefix, words, article in _CLITICS:
        rest = article + token[len(prefix):]
        if token.startswith(prefix) and len(token) - len(prefix) >= 2 and _known_start(gaz, rest):
            return [*words, rest]
    return [token]


def _known_start(gaz: Gazetteer, token: str) -> bool:
    k = word_key(token)
    return k in gaz.first_tokens or k in gaz.words


# --------------------------------------------------------------------------
# One part
# --------------------------------------------------------------------------


def lookup(gaz: Gazetteer, text: str) -> Mention | None:
    """The whole text as one name: a unit code, a name of the tables, another country's
    subdivision (compared on the plain key only: "Anah" is not Samoa's "A'ana")."""
    s = text.strip()
    if s in gaz.alpha:  # exact capitals only: "SY", "SYR" (not "is", "in")
        return Mention(frozenset([(gaz.alpha[s],)]), 0, s)
    if "-" in s or "/" in s:
        code = gaz.codes.get(s.casefold())
        if code is not None:
            return Mention(frozenset([(code,)]), 0, s)
    k, p = key(text), plain_key(text)
    found, weak = gaz.candidates(k, p)
    if found:
        return Mention(found, 0, k, weak, listed=k not in gaz.names)
    codes = gaz.foreign.get(p)
    return Mention(frozenset((c,) for c in codes), 0, k, listed=True) if codes else None


def read_part(gaz: Gazetteer, text: str, index: int) -> Part:
    """The names in one part, what the words around each say about it, and the unknown words."""
    exact = lookup(gaz, text)
    if exact:
        exact.part = index
        return Part(text, [], [exact])
    plain, keys = tokens(gaz, text)
    items: list[Item] = []
    i = 0
    while i < len(keys):
        length, mention = _name_at(gaz, plain, keys, i, items)
        if mention is not None:  # (a name is found, ``length`` tokens long)
            mention.part = index
            items.append(Item("name", mention.key, mention))
            i += length
            continue
        length, kind = _word_at(gaz, keys, i)
        if length:
            items.append(Item("word", " ".join(keys[i:i + length]), kind))
            i += length
            continue
        if keys[i] in gaz.demonyms:
            items.append(Item("demonym", keys[i], gaz.demonyms[keys[i]]))
        else:
            items.append(Item("unknown", keys[i], plain[i]))
        i += 1
    mentions = _attach(items, index, _ARABIC_LETTER.search(text) is not None)
    if not mentions:
        abroad = _foreign_without_admin_words(gaz, keys, plain)
        if abroad:
            return Part(text, [], [Mention(abroad, index, key(text), listed=True)])
    return Part(text, [str(it.value) for it in items if it.kind == "unknown"], mentions)


def _name_at(
    gaz: Gazetteer, plain: list[str], keys: list[str], i: int, items: list[Item]
) -> tuple[int, Mention | None]:
    """The longest name starting at token ``i``: a hand-written name anywhere ("Al Sakiya
    street, Raqqa", "Latakia-Hama-Idlib axis"), a listed one only between known words
    ("in Jere local government area", not "Golan plateau"); never one made of known
    words only ("Central", "Bay")."""
    for length in range(min(gaz.max_tokens, len(keys) - i), 0, -1):
        span = keys[i:i + length]
        if all(t in gaz.words for t in span):
            continue
        k, p = " ".join(span), " ".join(plain[i:i + length])
        bounded = _bounded_left(items) and _bounded_right(gaz, plain, keys, i + length)
        found, weak = gaz.candidates(k, p, listed=bounded)
        if found:
            return length, Mention(found, 0, k, weak, listed=k not in gaz.names)
    return 0, None


def _bounded_left(items: list[Item]) -> bool:
    return not items or items[-1].kind != "unknown"


def _bounded_right(gaz: Gazetteer, plain: list[str], keys: list[str], j: int) -> bool:
    return (j >= len(keys) or keys[j] in gaz.first_tokens or keys[j] in gaz.demonyms
            or plain[j] in gaz.first_listed)


def _word_at(gaz: Gazetteer, keys: list[str], i: int) -> tuple[int, str]:
    for length in range(min(gaz.max_word_tokens, len(keys) - i), 0, -1):
        kind = gaz.words.get(" ".join(keys[i:i + length]))
        if kind is not None:
            return length, kind
    return 0, ""


def _attach(items: list[Item], index: int, arabic: bool) -> list[Mention]:
    """Give each name the qualifiers and locators around it.

    A qualifier right after a name qualifies it ("Saada province", "Damascus
    suburbs"); otherwise, and always in Arabic, the next name ("the city of
    Kramatorsk", "ريف حلب", "الأحياء الشرقية لحلب"), across articles, bearings
    and descriptive words but not across a building, an unknown word or a
    locator; a qualifier with no name after it goes to the name before it
    ("بلدة داريا وحولها"). A locator ("near", "east of", "غرب") makes the next
    name relative. A demonym before a settlement or province word names its
    country ("the Ukrainian city of").
    """
    mentions: list[Mention] = []
    pending: set[str] = set()
    relative = False
    for pos, item in enumerate(items):
        before = items[pos - 1] if pos else None
        after = items[pos + 1] if pos + 1 < len(items) else None
        if item.kind == "name":
            mention = item.mention
            mention.qualifiers |= pending
            mention.relative = relative
            mentions.append(mention)
            pending, relative = set(), False
        elif item.kind == "demonym":
            if after is not None and after.kind == "word" \
                    and after.value in ("settlement", "admin1", "admin2"):
                mentions.append(Mention(frozenset([(item.word,)]), index, item.key))
        elif item.kind == "unknown":
            pending, relative = set(), False
        elif item.value in _QUALIFIERS:
            if before is not None and before.kind == "name" and not arabic:
                before.mention.qualifiers.add(item.word)
            elif not (before is not None and before.kind == "unknown" and not arabic):
                pending.add(item.word)  # (right after an unknown word it qualifies that word)
        elif item.value == "locator":
            pending, relative = set(), True
        elif item.value == "direction":
            if after is not None and after.kind == "word" and after.key in _OF \
                    and not (before is not None and before.kind == "word"
                             and before.value == "neighbourhood"):
                pending, relative = set(), True  # not "les quartiers est d'Alep" (the eastern quarters)
            elif item.key in _BEARINGS and _bearing_before_name(items, pos):
                pending, relative = set(), True
        elif item.value == "facility":
            pending = set()
    if pending and mentions:
        mentions[-1].qualifiers |= pending
    return mentions


def _bearing_before_name(items: list[Item], pos: int) -> bool:
    """An Arabic bearing right before a name, maybe after another bearing ("شمال غرب سوريا")."""
    for item in items[pos + 1:]:
        if item.kind == "name":
            return True
        if not (item.kind == "word" and item.key in _BEARINGS):
            return False
    return False


def _foreign_without_admin_words(gaz: Gazetteer, keys: list[str],
                                 plain: list[str]) -> frozenset[Reading] | None:
    """The part, without administrative words, among the other countries' subdivisions."""
    kept = [p for p, k in zip(plain, keys, strict=False)
            if gaz.words.get(k) not in _ADMIN_KINDS and k not in _ADMIN_EXTRA]
    if kept and len(kept) < len(plain):
        codes = gaz.foreign.get(" ".join(kept))
        if codes:
            return frozenset((c,) for c in codes)
    return None
