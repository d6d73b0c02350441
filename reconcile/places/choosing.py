"""Choosing readings: which unit each name of a place text stands for.

:mod:`reconcile.places.reading` cuts a text into parts and finds the names and
the words around them; the :class:`Resolver` here chooses among each name's
readings, preferring the ones that fit the text's other names (a town in the
governorate named beside it), and says which stayed ambiguous.
"""

from __future__ import annotations

from reconcile.places.gazetteer import Gazetteer, Reading
from reconcile.places.reading import Mention, Part, lookup, read_part, split

#: the unit a qualifier word prefers among a name's readings ("Aleppo governorate")
PREFERRED_LEVEL = {"admin1": 1, "admin2": 2, "admin3": 3}


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
        for qualifier, level in PREFERRED_LEVEL.items():
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
