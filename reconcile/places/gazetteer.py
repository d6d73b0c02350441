"""The gazetteer: units, the names that reach them, and the words around names.

Built once from ``data/places/`` and :mod:`pycountry` (see the package docstring
for the files and rules), and cached on disk as JSON (:func:`load`).

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

import csv
import hashlib
import json
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from reconcile.places.keys import key, plain_key
from reconcile.resources import data_file

#: One reading of a name: the units it covers (one; several for a region such
#: as the Gaza Strip, or for a unit read with the unit around it).
Reading = tuple[str, ...]

#: The kinds of known words (``words.csv``), most telling first: a word listed
#: under two kinds takes the first.
WORD_KINDS = ("locator", "surroundings", "neighbourhood", "settlement", "admin1", "admin2", "admin3",
              "direction", "facility", "descriptive", "function")
_UNIT_TABLE = ["code", "name", "level", "parent"]
_HAND_TABLE = "syria.csv"  # every name in it is written by hand
_CACHE_VERSION = 3


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: int
    parent: str  # "" for a country


def _name_variants(name: str) -> list[str]:
    """A listed name and its usable variants ("Madrid, Comunidad de" -> "Madrid")."""
    out = [name]
    plain = re.sub(r"\s*[\(\[].*?[\)\]]\s*", " ", name).strip()
    if plain and plain != name:
        out.append(plain)
    for alt in re.split(r"\s*[;/]\s*", plain):
        if alt and alt not in out:
            out.append(alt)
    if "," in plain:
        head, _, tail = plain.partition(",")
        out.append(head.strip())
        out.append(f"{tail.strip()} {head.strip()}")
    return [v for v in out if v.strip()]


def _typed_forms(name: str, level: int) -> list[str]:
    """Syria's names with their type ("Homs district", "Muhafazat Hama"); the other tables
    leave this to the qualifier words ("Saada province", "Sahar district")."""
    if level == 1:
        return [f"{name} governorate", f"{name} province", f"muhafazat {name}",
                f"governorate of {name}", f"province of {name}", f"محافظة {name}"]
    if level == 2:
        forms = [f"{name} district", f"markaz {name}", f"mintaqat {name}",
                 f"mintaqat markaz {name}", f"منطقة {name}"]
        return forms + [f"{f} district" for f in forms[1:4]]
    return []


def _rows(name: str) -> list[dict]:
    with data_file("places", name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def unit_tables() -> list[str]:
    """The bundled unit tables (``code,name,level,parent,aliases[,source]``), Syria's first."""
    names = []
    for path in sorted(data_file("places").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            header = fh.readline().strip().split(",")
        if header[:4] == _UNIT_TABLE:
            names.append(path.name)
    return sorted(names, key=lambda n: (n != _HAND_TABLE, n))


def _freeze(index: dict[str, set]) -> dict[str, frozenset]:
    return {k: frozenset(v) for k, v in index.items() if k}


class Gazetteer:
    """Units and names. Build with ``Gazetteer.build()``; see :func:`load` for the cache."""

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
        self._derive()

    def _derive(self) -> None:
        """What follows from the indexes (not cached)."""
        self.first_tokens = frozenset(k.split()[0] for index in (self.names, self.words) for k in index)
        self.first_listed = frozenset(k.split()[0] for k in self.listed)
        self.max_tokens = max([len(k.split()) for index in (self.names, self.listed) for k in index] or [1])
        self.max_word_tokens = max([len(k.split()) for k in self.words] or [1])

    # -- building ----------------------------------------------------------
    @classmethod
    def build(cls) -> Gazetteer:
        gaz = cls()
        gaz._build()
        gaz._derive()
        return gaz

    def _build(self) -> None:
        names: dict[str, set[Reading]] = defaultdict(set)
        generated: dict[str, set[Reading]] = defaultdict(set)  # Syria's typed forms and ISO names
        listed: dict[str, set[Reading]] = defaultdict(set)
        keys_of: dict[str, set[str]] = defaultdict(set)
        sites: set[str] = set()

        def add(text: str, reading: Reading, *, typed_level: int = 0) -> str:
            k = key(text)
            if k:
                names[k].add(reading)
                for form in _typed_forms(text, typed_level):
                    generated[key(form)].add(reading)
            return k

        def add_listed(text: str, code: str) -> None:
            for variant in _name_variants(text):
                if plain_key(variant):
                    listed[plain_key(variant)].add((code,))
                    keys_of[code].add(key(variant))

        owned: set[str] = set()
        for table in unit_tables():
            for row in _rows(table):
                code, level = row["code"].strip(), int(row["level"])
                unit = Unit(code, row["name"].strip(), level, row["parent"].strip())
                self.units[code] = unit
                self.codes[code.casefold()] = code
                owned.add(self.country(code))
                # Syria's table, the countries and the localities are written by hand;
                # the other tables' first- and second-level names come from OCHA and ISO.
                if table == _HAND_TABLE or level == 0 or level >= 3:
                    keys_of[code].add(add(unit.name, (code,),
                                          typed_level=level if table == _HAND_TABLE else 0))
                else:
                    add_listed(unit.name, code)
                for alias in _split(row.get("aliases")):
                    keys_of[code].add(add(alias, (code,), typed_level=level if table == _HAND_TABLE else 0))
        for row in _rows("aliases.csv"):
            code = row["code"].strip()
            if code not in self.units:
                raise ValueError(f"data/places/aliases.csv: unknown unit {code}")
            keys_of[code].add(add(row["alias"], (code,)))
        for row in _rows("sites.csv"):
            for alias in [row["site"], *_split(row["aliases"])]:
                sites.add(add(alias, (row["code"].strip(),)))
        for row in _rows("regions.csv"):
            for alias in [row["region"], *_split(row["aliases"])]:
                add(alias, tuple(sorted(_split(row["units"]))))
        for row in _rows("around.csv"):
            self.around[row["code"].strip()] = tuple(sorted(_split(row["around"])))
        for row in _rows("ambiguous.csv"):
            self.ambiguous[key(row["alias"])] = row["note"]
        self.owned = frozenset(owned)

        foreign = self._load_pycountry(names, generated, listed, keys_of)
        for k, readings in generated.items():  # never over a name written by hand
            names.setdefault(k, set(readings))
        # A listed name that another country's unit also bears is shared, not taken
        # ("Niger": the country or Nigeria's state; "Bali": Indonesia's or Taraba's).
        for p, readings in listed.items():
            readings.update((c,) for c in foreign.get(p, ()))
        self.names, self.listed = _freeze(names), _freeze(listed)
        # The tables take precedence: a name they know is not looked up abroad.
        self.foreign = {p: frozenset(v) for p, v in foreign.items()
                        if key(p) not in self.names and p not in self.listed}
        self.sites = frozenset(sites)
        self._city_readings(keys_of)
        self._load_words()

    def _load_pycountry(self, names, generated, listed, keys_of) -> dict[str, set[str]]:
        """Countries and subdivisions: the tables' units get their ISO names, every other
        country and subdivision goes to ``foreign``."""
        import pycountry

        foreign: dict[str, set[str]] = defaultdict(set)

        def add_foreign(text: str, code: str) -> None:
            for variant in _name_variants(text):
                if plain_key(variant):
                    foreign[plain_key(variant)].add(code)

        def add_owned(text: str, code: str) -> None:
            if self.country(code) == "SY":  # Syria's ISO names join its hand-written ones
                for variant in _name_variants(text):
                    generated[key(variant)].add((code,))
            else:
                for variant in _name_variants(text):
                    listed[plain_key(variant)].add((code,))
                    keys_of[code].add(key(variant))

        for country in pycountry.countries:
            code = country.alpha_2
            self.alpha[country.alpha_2] = code
            self.alpha[country.alpha_3] = code
            if code not in self.units:
                self.units[code] = Unit(code, getattr(country, "common_name", None) or country.name, 0, "")
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                if value:
                    (add_owned if code in self.owned else add_foreign)(value, code)
        for row in _rows("countries.csv"):
            code = row["code"].strip()
            for alias in _split(row["aliases"]):
                if code in self.owned:
                    names[key(alias)].add((code,))
                else:
                    add_foreign(alias, code)
        pending: dict[str, tuple[str, str]] = {}
        for sub in pycountry.subdivisions:
            if sub.country_code in self.owned:
                if sub.code in self.units:  # "Ḩimş", "Donetska oblast", "Banaadir"
                    add_owned(sub.name, sub.code)
                continue
            parent = sub.parent_code or sub.country_code
            pending[sub.code] = (sub.name, parent)
            self.codes[sub.code.casefold()] = sub.code
            add_foreign(sub.name, sub.code)
        for code, (text, parent) in pending.items():
            depth, p = 1, parent
            while p in pending:
                depth, p = depth + 1, pending[p][1]
            self.units[code] = Unit(code, text, depth, parent)
        for code in self.units:
            self.codes.setdefault(code.casefold(), code)
        return foreign

    def _city_readings(self, keys_of: dict[str, set[str]]) -> None:
        """The city of a unit: a unit named "<the unit's name> city" (or "town", "مدينة <name>")
        at or below it ("Aleppo city" is Aleppo's city; Damascus is its own)."""
        for code, ks in keys_of.items():
            for k in ks:
                tokens = k.split()
                if len(tokens) > 1 and tokens[-1] in ("city", "town"):
                    base = " ".join(tokens[:-1])
                elif len(tokens) > 1 and tokens[0] == "مدينه":
                    base = " ".join(tokens[1:])
                else:
                    continue
                for ancestor in self.ancestors(code):
                    if base in keys_of.get(ancestor, ()):
                        self.city_of.setdefault(ancestor, code)

    def _load_words(self) -> None:
        for row in _rows("words.csv"):
            k, kind = key(row["word"]), row["kind"].strip()
            if kind not in WORD_KINDS:
                raise ValueError(f"data/places/words.csv: unknown kind {kind!r}")
            old = self.words.get(k)
            if old is None or WORD_KINDS.index(kind) < WORD_KINDS.index(old):
                self.words[k] = kind
        with data_file("actors", "demonyms.csv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                k = key(row["word"])
                if k and k not in self.names and k not in self.words \
                        and plain_key(row["word"]) not in self.foreign:
                    self.demonyms[k] = row["country"].strip().upper()

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

    # -- cache -------------------------------------------------------------
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
        gaz._derive()
        return gaz


def load(cache: Path | None) -> Gazetteer:
    """The gazetteer, from ``cache`` (JSON) when it was built from the same data.

    Building it (every country's subdivisions from pycountry, every spelling
    keyed) takes about a second, most of a small file's run; a cache that
    cannot be read or written is ignored.
    """
    if cache is not None:
        try:
            with cache.open(encoding="utf-8") as fh:
                return Gazetteer.from_json(json.load(fh))
        except (OSError, ValueError, KeyError, TypeError):
            pass
    gazetteer = Gazetteer.build()
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            partial = cache.with_suffix(f".{os.getpid()}.tmp")
            with partial.open("w", encoding="utf-8") as fh:
                json.dump(gazetteer.to_json(), fh, ensure_ascii=False, separators=(",", ":"))
            os.replace(partial, cache)  # atomic: a concurrent run reads the old file or the new one
        except OSError:
            pass
    return gazetteer


def cache_path() -> Path | None:
    """``$RECONCILE_CACHE_DIR`` (empty: no cache), else the user's cache folder; the file
    name is keyed by the bundled tables, the code that reads them, pycountry's and Python's
    versions."""
    given = os.environ.get("RECONCILE_CACHE_DIR")
    if given == "":
        return None
    if given is None:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        folder = Path(base) / "reconcile"
    else:
        folder = Path(given)
    import pycountry

    digest = hashlib.sha256()
    for path in sorted(data_file("places").glob("*.csv")) + [data_file("actors", "demonyms.csv")]:
        digest.update(path.name.encode() + path.read_bytes())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    digest.update(f"{getattr(pycountry, '__version__', '')} {sys.version}".encode())
    return folder / f"gazetteer-{digest.hexdigest()[:16]}.json"
