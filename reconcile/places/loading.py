"""Where the gazetteer comes from: built from ``data/places/`` and :mod:`pycountry` (the package
docstring gives the files and the rules). A build takes about a second, so it is kept on disk
(:mod:`reconcile.cache`).
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict

from reconcile.places.gazetteer import WORD_KINDS, Gazetteer, Reading, Unit
from reconcile.places.keys import key, plain_key
from reconcile.resources import data_file

_UNIT_TABLE = ["code", "name", "level", "parent"]
_HAND_TABLE = "syria.csv"  # every name in it is written by hand


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


def build() -> Gazetteer:
    """The gazetteer built from the bundled tables and pycountry (no cache)."""
    gaz = Gazetteer()
    _build(gaz)
    gaz.derive()
    return gaz


def _build(gaz: Gazetteer) -> None:
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
            gaz.units[code] = unit
            gaz.codes[code.casefold()] = code
            owned.add(gaz.country(code))
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
        if code not in gaz.units:
            raise ValueError(f"data/places/aliases.csv: unknown unit {code}")
        keys_of[code].add(add(row["alias"], (code,)))
    for row in _rows("sites.csv"):
        for alias in [row["site"], *_split(row["aliases"])]:
            sites.add(add(alias, (row["code"].strip(),)))
    for row in _rows("regions.csv"):
        for alias in [row["region"], *_split(row["aliases"])]:
            add(alias, tuple(sorted(_split(row["units"]))))
    for row in _rows("around.csv"):
        gaz.around[row["code"].strip()] = tuple(sorted(_split(row["around"])))
    for row in _rows("ambiguous.csv"):
        gaz.ambiguous[key(row["alias"])] = row["note"]
    gaz.owned = frozenset(owned)

    foreign = _load_pycountry(gaz, names, generated, listed, keys_of)
    for k, readings in generated.items():  # never over a name written by hand
        names.setdefault(k, set(readings))
    # A listed name that another country's unit also bears is shared, not taken
    # ("Niger": the country or Nigeria's state; "Bali": Indonesia's or Taraba's).
    for p, readings in listed.items():
        readings.update((c,) for c in foreign.get(p, ()))
    gaz.names, gaz.listed = _freeze(names), _freeze(listed)
    # The tables take precedence: a name they know is not looked up abroad.
    gaz.foreign = {p: frozenset(v) for p, v in foreign.items()
                   if key(p) not in gaz.names and p not in gaz.listed}
    gaz.sites = frozenset(sites)
    _city_readings(gaz, keys_of)
    _load_words(gaz)


def _load_pycountry(gaz: Gazetteer, names, generated, listed, keys_of) -> dict[str, set[str]]:
    """Countries and subdivisions: the tables' units get their ISO names, every other
    country and subdivision goes to ``foreign``."""
    import pycountry

    foreign: dict[str, set[str]] = defaultdict(set)

    def add_foreign(text: str, code: str) -> None:
        for variant in _name_variants(text):
            if plain_key(variant):
                foreign[plain_key(variant)].add(code)

    def add_owned(text: str, code: str) -> None:
        if gaz.country(code) == "SY":  # Syria's ISO names join its hand-written ones
            for variant in _name_variants(text):
                generated[key(variant)].add((code,))
        else:
            for variant in _name_variants(text):
                listed[plain_key(variant)].add((code,))
                keys_of[code].add(key(variant))

    for country in pycountry.countries:
        code = country.alpha_2
        gaz.alpha[country.alpha_2] = code
        gaz.alpha[country.alpha_3] = code
        if code not in gaz.units:
            gaz.units[code] = Unit(code, getattr(country, "common_name", None) or country.name, 0, "")
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                (add_owned if code in gaz.owned else add_foreign)(value, code)
    for row in _rows("countries.csv"):
        code = row["code"].strip()
        for alias in _split(row["aliases"]):
            if code in gaz.owned:
                names[key(alias)].add((code,))
            else:
                add_foreign(alias, code)
    pending: dict[str, tuple[str, str]] = {}
    for sub in pycountry.subdivisions:
        if sub.country_code in gaz.owned:
            if sub.code in gaz.units:  # "Ḩimş", "Donetska oblast", "Banaadir"
                add_owned(sub.name, sub.code)
            continue
        parent = sub.parent_code or sub.country_code
        pending[sub.code] = (sub.name, parent)
        gaz.codes[sub.code.casefold()] = sub.code
        add_foreign(sub.name, sub.code)
    for code, (text, parent) in pending.items():
        depth, p = 1, parent
        while p in pending:
            depth, p = depth + 1, pending[p][1]
        gaz.units[code] = Unit(code, text, depth, parent)
    for code in gaz.units:
        gaz.codes.setdefault(code.casefold(), code)
    return foreign


def _city_readings(gaz: Gazetteer, keys_of: dict[str, set[str]]) -> None:
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
            for ancestor in gaz.ancestors(code):
                if base in keys_of.get(ancestor, ()):
                    gaz.city_of.setdefault(ancestor, code)


def _load_words(gaz: Gazetteer) -> None:
    for row in _rows("words.csv"):
        k, kind = key(row["word"]), row["kind"].strip()
        if kind not in WORD_KINDS:
            raise ValueError(f"data/places/words.csv: unknown kind {kind!r}")
        old = gaz.words.get(k)
        if old is None or WORD_KINDS.index(kind) < WORD_KINDS.index(old):
            gaz.words[k] = kind
    with data_file("actors", "demonyms.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            k = key(row["word"])
            if k and k not in gaz.names and k not in gaz.words \
                    and plain_key(row["word"]) not in gaz.foreign:
                gaz.demonyms[k] = row["country"].strip().upper()
