"""The gazetteer: units, the names that reach them, and the words around names.

Built from ``data/places/`` and :mod:`pycountry`, and cached on disk, by
:mod:`reconcile.places.loading` (see the package docstring for the files and rules).

Names live in three indexes:

* ``names``: names written by hand (Syria's table, ``aliases.csv``, sites,
  regions, countries, the localities below the districts), keyed by the
  folded :func:`~reconcile.places.keys.key`, found anywhere in a text;
* ``listed``: names taken from reference lists for the countries the tables
  cover (OCHA's admin-1/admin-2 names, ISO 3166-2 names), keyed by the plain
  key (no transliteration folding), found only between known words;
* ``foreign``: every other country and subdivision (pycountry), plain keys,
  whole parts only.
"""

from __future__ import annotations

from dataclasses import dataclass

#: One reading of a name: the units it covers (one; several for a region such
#: as the Gaza Strip, or for a unit read with the unit around it).
Reading = tuple[str, ...]

#: The kinds of known words (``words.csv``), most telling first: a word listed
#: under two kinds takes the first.
WORD_KINDS = ("locator", "surroundings", "neighbourhood", "settlement", "admin1", "admin2", "admin3",
              "direction", "facility", "descriptive", "function")
_CACHE_VERSION = 3


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: int
    parent: str  # "" for a country


class Gazetteer:
    """Units and names; :mod:`reconcile.places.loading` builds one or reads it back."""

    def __init__(self) -> None:
        self.units: dict[str, Unit] = {}
        self.names: dict[str, frozenset[Reading]] = {}  # hand-written, folded key
        self.listed: dict[str, frozenset[Reading]] = {}  # reference lists, plain key
        self.foreign: dict[str, frozenset[str]] = {}  # other countries, plain key -> codes
        self.sites: frozenset[str] = frozenset()  # name keys of sites: no surroundings
        self.codes: dict[str, str] = {}  # casefolded unit code -> code
        self.alpha: dict[str, str] = {}  # exact upper-case alpha-2/alpha-3 -> country code
        self.ambiguous: dict[str, str] = {}  # documented shared key -> note
        self.around: dict[str, Reading] = {}
        self.city_of: dict[str, str] = {}  # unit -> the unit that is its city
        self.words: dict[str, str] = {}  # word key (one or more tokens) -> kind
        self.demonyms: dict[str, str] = {}  # word key -> country code
        self.owned: frozenset[str] = frozenset()  # countries the unit tables cover
        self.derive()

    def derive(self) -> None:
        """What follows from the indexes (not cached)."""
        self.first_tokens = frozenset(k.split()[0] for index in (self.names, self.words) for k in index)
        self.first_listed = frozenset(k.split()[0] for k in self.listed)
        self.max_tokens = max([len(k.split()) for index in (self.names, self.listed) for k in index] or [1])
        self.max_word_tokens = max([len(k.split()) for k in self.words] or [1])

    # -- lookups -----------------------------------------------------------
    def candidates(self, k: str, p: str, *,
                   listed: bool = True) -> tuple[frozenset[Reading], frozenset[Reading]]:
        """(readings, weak readings) of the folded key ``k`` / plain key ``p``.

        Names written by hand come first, then countries, first-level units and other
        countries' subdivisions (as before the tables named districts), then districts:
        a reading unrelated to the first ones that exist is *weak*, taken only when the
        text's other places point to it. So "Daraa" is not Panjshir's
        "Dara", "Sanaa" is the capital (not the ISO name of its governorate), "Ekiti"
        is the state (not Kwara's LGA) and "Bali" Indonesia's (not Taraba's LGA), while
        "Dara, Panjshir" and "Bali, Taraba" reach the districts.
        """
        hand = self.names.get(k, frozenset())
        ref = self.listed.get(p, frozenset()) if listed else frozenset()
        found = hand | ref
        primary = hand or frozenset(r for r in ref if min(map(self.level, r)) <= 1
                                    or self.country(r[0]) not in self.owned)
        if not primary or primary == found:
            return found, frozenset()
        units = {u for r in primary for u in r}
        above = {a for u in units for a in self.ancestors(u)}

        def related(c: str) -> bool:
            return c in above or not units.isdisjoint(self.ancestors(c))

        return found, frozenset(r for r in found - primary if not any(related(c) for c in r))

    # -- hierarchy ---------------------------------------------------------
    def ancestors(self, code: str) -> tuple[str, ...]:
        chain = []
        current = code
        while current:
            chain.append(current)
            unit = self.units.get(current)
            if unit is not None:
                current = unit.parent
            elif "/" in current:
                current = current.rsplit("/", 1)[0]
            elif "-" in current:
                current = current.split("-", 1)[0]
            else:
                current = ""
        return tuple(chain)

    def level(self, code: str) -> int:
        unit = self.units.get(code)
        return unit.level if unit is not None else len(self.ancestors(code)) - 1

    def level1(self, code: str) -> str:
        chain = self.ancestors(code)
        return chain[-2] if len(chain) >= 2 else chain[-1]

    def name(self, code: str) -> str:
        unit = self.units.get(code)
        return unit.name if unit is not None else code

    def country(self, code: str) -> str:
        return self.ancestors(code)[-1]

    # -- as JSON, for the cache ---------------------------------------------
    def to_json(self) -> dict:
        def readings(index):
            return {k: sorted(map(list, v)) for k, v in index.items()}

        return {
            "version": _CACHE_VERSION,
            "units": [[u.code, u.name, u.level, u.parent] for u in self.units.values()],
            "names": readings(self.names),
            "listed": readings(self.listed),
            "foreign": {k: sorted(v) for k, v in self.foreign.items()},
            "sites": sorted(self.sites),
            "codes": self.codes,
            "alpha": self.alpha,
            "ambiguous": self.ambiguous,
            "around": {k: list(v) for k, v in self.around.items()},
            "city_of": self.city_of,
            "words": self.words,
            "demonyms": self.demonyms,
            "owned": sorted(self.owned),
        }

    @classmethod
    def from_json(cls, data: dict) -> Gazetteer:
        if data.get("version") != _CACHE_VERSION:
            raise ValueError("another cache version")

        def readings(index):
            return {k: frozenset(tuple(r) for r in v) for k, v in index.items()}

        gaz = cls()
        gaz.units = {c: Unit(c, n, int(lv), p) for c, n, lv, p in data["units"]}
        gaz.names, gaz.listed = readings(data["names"]), readings(data["listed"])
        gaz.foreign = {k: frozenset(v) for k, v in data["foreign"].items()}
        gaz.sites = frozenset(data["sites"])
        gaz.codes, gaz.alpha = dict(data["codes"]), dict(data["alpha"])
        gaz.ambiguous = dict(data["ambiguous"])
        gaz.around = {k: tuple(v) for k, v in data["around"].items()}
        gaz.city_of, gaz.words = dict(data["city_of"]), dict(data["words"])
        gaz.demonyms = dict(data["demonyms"])
        gaz.owned = frozenset(data["owned"])
        gaz.derive()
        return gaz
