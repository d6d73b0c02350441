"""Reading one place text: its parts, the names in them, the words around the names.

See the package docstring for the rules; :func:`resolve` is the entry point.
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
_PREFERRED_LEVEL = {"admin1": 1, "admin2": 2, "admin3": 3}
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


# --------------------------------------------------------------------------
# Choosing readings
# --------------------------------------------------------------------------


class Resolver:
    """Readings chosen for one text's mentions, with the gazetteer's hierarchy."""

    def __init__(self, gaz: Gazetteer, ancestor_set) -> None:
        self.gaz = gaz
        self.ancestor_set = ancestor_set

    # -- relations between units and readings --------------------------------
    def within(self, u: str, v: str) -> bool:
        """``u`` is ``v`` or lies within it."""
        return v in self.ancestor_set(u)

    def related(self, u: str, v: str) -> bool:
        return self.within(u, v) or self.within(v, u)

    def contains(self, a: Reading, b: Reading) -> bool:
        """Every unit of ``b`` lies within some unit of ``a``."""
        return all(any(self.within(u, v) for v in a) for u in b)

    # -- one text -------------------------------------------------------------
    def resolve(self, text: str) -> tuple[list[Reading], list[tuple[str, list[str]]]]:
        """(chosen readings, unresolved parts with their unknown words) of one text."""
        gaz = self.gaz
        whole = lookup(gaz, text)
        parts = [Part(text, [], [whole])] if whole else [
            read_part(gaz, p, i) for i, p in enumerate(split(gaz, text))
        ]
        mentions = [m for p in parts for m in p.mentions]
        self._choose(mentions, parts)
        readings = self._readings(mentions, parts)
        left = {p.text: p.unknown for p in parts if p.unknown or p.failed}
        return readings, list(left.items())

    def _choose(self, mentions: list[Mention], parts: list[Part]) -> None:
        """Pick one reading per mention; a name shared by unrelated units is decided by
        the units named unambiguously elsewhere in the text, else left unresolved."""
        for m in mentions:
            m.candidates = self._preferred(m)
        chosen = {u for m in mentions if len(m.candidates) == 1 for r in m.candidates for u in r}
        for m in mentions:
            if len(m.candidates) == 1:
                m.chosen = next(iter(m.candidates))
        # Each pass decides with the units known before it (order-independent); a unit
        # decided in one pass can disambiguate another in the next. Names with weak
        # readings decide only when the others cannot ("Nawa, Ghazni" is Ghazni's Nawa).
        pending = [m for m in mentions if m.chosen is None]
        while pending:
            picks = [(self._pick(m.candidates, chosen, m.weak), m) for m in pending if not m.weak]
            if not any(pick for pick, _ in picks):
                picks = [(self._pick(m.candidates, chosen, m.weak), m) for m in pending if m.weak]
                if not any(pick for pick, _ in picks):
                    break
            for pick, m in picks:
                if pick:
                    m.chosen = pick
                    chosen.update(pick)
            pending = [m for m in pending if m.chosen is None]
        for m in pending:  # unrelated units share the name: not guessed
            parts[m.part].failed = True

    def _preferred(self, m: Mention) -> frozenset[Reading]:
        """The candidates a qualifier asks for: the city for "city of X", the province for
        "X province" ...; all of them when none fits."""
        cands = m.candidates
        if m.qualifiers & {"settlement", "neighbourhood"} and (len(cands) == 1 or self._nested(cands)):
            cities = {(self.gaz.city_of[u],)
                      for r in cands if len(r) == 1 for u in r if u in self.gaz.city_of}
            if cities:
                return frozenset(cities)
            if len(cands) > 1:
                deepest = max(cands, key=lambda r: min(self.gaz.level(u) for u in r))
                return frozenset([deepest])
            return cands
        for qualifier, level in _PREFERRED_LEVEL.items():
            if qualifier in m.qualifiers:
                at = frozenset(r for r in cands if len(r) == 1 and self.gaz.level(r[0]) == level)
                if at:
                    return at
        return cands

    def _nested(self, cands: frozenset[Reading]) -> bool:
        return all(self.contains(a, b) or self.contains(b, a) for a in cands for b in cands)

    def _pick(self, candidates: frozenset[Reading], context: set[str],
              weak: frozenset[Reading]) -> Reading | None:
        """The reading related to the units named elsewhere, else the strong one, else the one
        containing the others; ``None`` when unrelated readings remain."""
        near = {r for r in candidates if any(self.related(u, s) for u in r for s in context)}
        pool = near or set(candidates) - weak
        if len(pool) == 1:
            return next(iter(pool))
        # Readings on one chain: the broadest ("Homs" is the governorate, not its district).
        broadest = [r for r in pool if all(self.contains(r, o) for o in pool)]
        return broadest[0] if len(broadest) == 1 else None

    def _readings(self, mentions: list[Mention], parts: list[Part]) -> list[Reading]:
        """The readings kept: no false friend, relative ones only when nothing more precise
        is named, and none containing another kept one ("Jableh, Latakia" is Jableh)."""
        picked = [m for m in mentions if m.chosen is not None and not self._false_friend(m, mentions, parts)]
        main = [m for m in picked if not m.relative]
        readings: list[Reading] = []
        for m in picked:
            reading = m.reading
            if m.relative and any(self._near(o.reading, reading) for o in main):
                continue  # "X east of Y": the place is X
            if m.relative or "surroundings" in m.qualifiers:
                reading = self._with_surroundings(reading, m.key)
            readings.append(reading)
        readings = list(dict.fromkeys(readings))
        return [r for r in readings if not any(o != r and self.contains(r, o) and not self.contains(o, r)
                                               for o in readings)]

    def _near(self, place: Reading, by: Reading) -> bool:
        """``place`` can be the place "near" / "east of" ``by`` names: it does not contain it,
        and lies in the same first-level unit or in the unit around it ("Daraya, west of
        Damascus"). Far apart, one of the two is likely a namesake: both are kept."""
        if self.contains(place, by):
            return False
        level1 = {self.gaz.level1(u) for u in by}
        around = [a for u in by for a in self.gaz.around.get(u, ())]
        return any(self.gaz.level1(u) in level1 or any(self.within(u, a) for a in around) for u in place)

    def _false_friend(self, m: Mention, mentions: list[Mention], parts: list[Part]) -> bool:
        """A subdivision known only from a reference list or abroad, in another country than
        the country the text names ("Bouira, Syria" is not Algeria's Bouira); a name in
        another country than the rest of the text, found in a part left partly unread
        ("Mohmand Dara, Nangarhar" is not Daraa) or only on a reference list ("Ariha
        [Jericho]"); or a district known only from a reference list with no other place of
        its country in the text ("Kohsan, Herat" is; "Kabo, Ouham" and a Syrian village
        named "Daman" are not Kano's Kabo and Kandahar's Daman). Its part is reported."""
        countries = {self.gaz.country(u) for u in m.reading}
        others = [o for o in mentions if o is not m and o.chosen is not None]
        named_countries = {u for o in others for u in o.reading if self.gaz.level(u) == 0}
        subdivision = m.listed and min(map(self.gaz.level, m.reading)) >= 1
        if subdivision and named_countries and not countries & named_countries:
            parts[m.part].failed = True
            return True
        listed = m.listed and self.gaz.country(m.reading[0]) in self.gaz.owned
        if not (parts[m.part].unknown or listed):
            return False
        read = {self.gaz.country(u) for o in others if not parts[o.part].unknown for u in o.reading}
        named = {self.gaz.country(u) for o in others for u in o.reading}
        district = listed and min(map(self.gaz.level, m.reading)) >= 2
        if (read and not countries & read) or (district and not countries & named):
            parts[m.part].failed = True
            return True
        return False

    def _with_surroundings(self, reading: Reading, name_key: str) -> Reading:
        """A unit and the unit around it: a city's surroundings lie in its district (or,
        for Damascus, in Rif Dimashq), a district's and a province's within themselves."""
        if name_key in self.gaz.sites:
            return reading
        out = list(reading)
        for u in reading:
            around = self.gaz.around.get(u)
            if around is None and self.gaz.level(u) >= 3:
                parent = self.gaz.units[u].parent if u in self.gaz.units else ""
                around = (parent,) if parent else ()
            out.extend(around or ())
        return tuple(sorted(set(out)))
