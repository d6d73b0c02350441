"""Place text -> admin units: country -> first-level unit -> district -> locality.

A gazetteer resolves the place text of a claim ("Latakia and Tartus",
"Duma town, Rif Dimashq Governorate", "اللاذقية وطرطوس") to unit codes:

* level 0, a country: its ISO 3166-1 alpha-2 code (``SY``);
* level 1, a first-level unit: its ISO 3166-2 code (``SY-LA`` Latakia);
* level 2, a Syrian district: ``<level-1 code>/<slug>`` (``SY-LA/jableh``);
* level 3, a Syrian locality or area: ``<parent code>/<slug>``
  (``SY-RD/duma/harasta``; a few areas hang directly from a governorate,
  e.g. ``SY-RD/eastern-ghouta``).

Data: ``data/places/syria.csv`` (``code,name,level,parent,aliases``, aliases
``|``-separated) is the curated Syrian table; every other country and its
ISO 3166-2 subdivisions come from :mod:`pycountry` at run time, with a few
common country names added by ``data/places/countries.csv``. The curated
table takes precedence: a key it knows is never looked up among the other
countries' subdivisions. ``data/places/ambiguous.csv`` documents aliases
deliberately shared by unrelated units.

Matching rules
--------------
Text is compared through :func:`place_key` (case, accents, Arabic
diacritics/hamza/ta marbuta/alef forms, apostrophes and ayn marks,
punctuation, the article forms ``al/el/ar/as/ash/at/az/an/ad/...`` and
common transliteration variants such as tall/tell/tal, deir/dayr,
doubled letters, ou/u, final -ah/-eh/-a do not matter).

For each distinct text:

1. the whole text is looked up as one place: a unit code (``SY-LA``,
   ``SO-BN``, ``SY-LA/jableh``; a 2- or 3-letter country code only when
   written in capitals), else an exact alias of the curated table, else the
   name of another country or subdivision (compared without case, accents
   and punctuation only: no transliteration folding, so "Anah" is not
   Samoa's "A'ana");
2. otherwise it is split into parts on ``,`` ``;`` ``/`` ``(`` ``)`` ``&``
   ``+`` `` - `` `` and `` and the Arabic ``و`` (standalone, or as a prefix
   of the next word when that word without it begins a known name); each part
   is looked up as in 1;
3. a part that still fails is searched for curated aliases as whole-word
   substrings, longest first, left to right ("Al Sakiya street, Raqqa",
   "Northern Hamah Governorate", "Latakia-Hama-Idlib axis"); the part counts
   as resolved when what is left is only generic words (governorate,
   province, district, town, village, city, countryside, northern, ...,
   ريف, محافظة, ...), otherwise it is reported as unresolved text beside the
   units found. Generic words are only ever dropped *after* the full phrase
   was tried, so "Damascus countryside" (an alias of Rif Dimashq) never
   becomes "Damascus";
4. a part with no curated alias in it is looked up among the other countries'
   subdivisions once more without administrative words ("Kabul Province");
   settlement words (town, village) are not dropped there, so "Maan village"
   stays unresolved rather than becoming Jordan's Ma'an governorate (a bare
   "Maan" does resolve there: a Syrian village is only known by name when
   the curated table lists it);
5. anything else is kept, verbatim, in ``place_unresolved``: never guessed.

Ambiguity: an alias shared by several units (a district named like its
governorate, "Homs", "Hama", "Idlib", ...) resolves

* to the candidate(s) related (same chain) to a unit named unambiguously
  elsewhere in the same text ("Homs, Tadmur" -> Homs governorate, then
  Tadmur), then
* when the remaining candidates lie on one ancestor chain, to the broadest
  of them (the governorate, not its same-named district); "Homs district",
  "Markaz Homs", "Mintaqat Markaz Homs district" name the district and
  "Homs city" the city, so the narrower units stay reachable;
* otherwise (unrelated units, e.g. "Yarmouk": the Damascus camp or the Daraa
  basin, or a subdivision name shared by two countries) it is left
  unresolved and reported.

When a text names a unit and one of its ancestors ("Jableh, Latakia"), only
the most specific unit is kept.

All the work is done once per distinct text (million-row inputs name few
distinct places) and per distinct pair of unit lists.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import os
import pickle
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path


import numpy as np
import pandas as pd

from reconcile.resources import data_file

#: Joins unit codes in ``place_units`` / ``place_level1``.
SEP = "|"

#: The columns :func:`resolve_places` returns, in order.
PLACE_COLUMNS: tuple[str, ...] = (
    "place_units",
    "place_level1",
    "place_names",
    "place_status",
    "place_unresolved",
)

BLANK, RESOLVED, PARTIAL, UNRESOLVED = "blank", "resolved", "partial", "unresolved"

# --------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------

_APOSTROPHES = str.maketrans("", "", "'’‘`´ʿʾʼ′ʹʻ\"“”")
_ARABIC = str.maketrans({"ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك", "ـ": None, "ء": None})
_LATIN = str.maketrans({"ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th", "ı": "i"})
_NON_WORD = re.compile(r"[\W_]+")
_REPEATS = re.compile(r"(.)\1+")

#: Transliterations of the Arabic article; all become "al".
_ARTICLES = frozenset("al el ar as ash at ath az an ad adh ed es esh ez".split())

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

#: Words that carry no place of their own: dropped from a part only after the
#: full phrase was tried, and ignored when judging what a search left over.
_GENERIC_WORDS = """
governorate governorates governate province provinces muhafazat muhafazah mohafazat mohafaza
district districts subdistrict subdistricts sub nahiya nahiyah nahia mintaqat mintaqa markaz
city town towns village villages suburb suburbs area areas region countryside rural rif reef
outskirts environs vicinity near around in of the and neighbourhood neighborhood quarter
locality hamlet downtown centre center central parts part countryside
north south east west northern southern eastern western northeast northwest southeast southwest
northeastern northwestern southeastern southwestern
محافظة ريف بريف مدينة بلدة قرية منطقة ناحية حي في قرب محيط اطراف مركز
شمال جنوب شرق غرب شمالي جنوبي شرقي غربي الشمالي الجنوبي الشرقي الغربي
"""

#: Administrative words dropped before looking a part up among the other
#: countries' subdivisions ("Kabul Province").
_ADMIN_WORDS = """
governorate governorates province provinces region district state county department prefecture
oblast municipality emirate territory muhafazat wilaya wilayah the of
"""


def _word(token: str) -> str:
    if token in _ARTICLES:
        return "al"
    token = _WORD_FORMS.get(token, token)
    if token.isascii() and token.isalpha():
        token = token.replace("ou", "u").replace("ay", "ai")
        token = _REPEATS.sub(r"\1", token)
        if len(token) > 3 and token[-1] == "h" and token[-2] in "aeiou":
            token = token[:-1]
        if len(token) > 3 and token[-1] == "e":
            token = token[:-1] + "a"
    return token


@functools.lru_cache(maxsize=200_000)
def _plain_key(text: str) -> str:
    """Case, accents, Arabic diacritics, apostrophes and punctuation removed."""
    s = unicodedata.normalize("NFKC", text).casefold().translate(_ARABIC).translate(_LATIN)
    s = "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", s.translate(_APOSTROPHES)).split())


@functools.lru_cache(maxsize=200_000)
def _key(text: str) -> str:
    """The comparison key of one string (see the module docstring)."""
    return " ".join(_word(t) for t in _plain_key(text).split())


def _word_set(words: str) -> frozenset[str]:
    return frozenset(k for w in words.split() for k in _key(w).split())


_GENERIC = _word_set(_GENERIC_WORDS)
_ADMIN = frozenset(_plain_key(_ADMIN_WORDS).split())


def _strip_words(key: str, words: frozenset[str]) -> str:
    return " ".join(t for t in key.split() if t not in words)


def place_key(text: pd.Series, *, drop_generic: bool = True) -> pd.Series:
    """Comparison keys of place strings, index-aligned with ``text``.

    Case-folded, accents and Arabic diacritics stripped, apostrophes/ayn marks
    removed, hyphens and punctuation made spaces, article and common
    transliteration variants unified, spaces collapsed. With ``drop_generic``
    (the default) generic words (governorate, district, town, countryside,
    northern, ...) are dropped too, unless nothing else is left. Resolution
    itself tries the full key before dropping anything (so "Damascus
    countryside" stays Rif Dimashq); use this for comparing leftover text.
    Missing values give "".
    """
    series = _as_series(text)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    keys = []
    for value in uniques:
        key = _key(str(value))
        if drop_generic:
            key = _strip_words(key, _GENERIC) or key
        keys.append(key)
    table = np.asarray(keys + [""], dtype=object)
    return pd.Series(table[np.where(codes < 0, len(keys), codes)], index=series.index, dtype="str")


# --------------------------------------------------------------------------
# The gazetteer
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    code: str
    name: str
    level: int
    parent: str  # "" for a country


def _name_variants(name: str) -> list[str]:
    """A pycountry name and its usable variants ("Madrid, Comunidad de" -> "Madrid")."""
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


class _Gazetteer:
    def __init__(self) -> None:
        self.units: dict[str, _Unit] = {}
        self.curated: dict[str, frozenset[str]] = {}
        self.foreign: dict[str, frozenset[str]] = {}
        self.codes: dict[str, str] = {}  # casefolded unit code -> code
        self.alpha: dict[str, str] = {}  # exact upper-case alpha-2/alpha-3 -> country code
        self.ambiguous: dict[str, str] = {}  # documented shared alias key -> note
        self._load_curated()
        self._load_pycountry()
        self.first_tokens = frozenset(k.split()[0] for k in self.curated)
        self.max_tokens = max(len(k.split()) for k in self.curated)

    # -- loading -----------------------------------------------------------
    def _load_curated(self) -> None:
        explicit: dict[str, set[str]] = defaultdict(set)
        generated: dict[str, set[str]] = defaultdict(set)
        with data_file("places", "syria.csv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                code = row["code"].strip()
                level = int(row["level"])
                unit = _Unit(code, row["name"].strip(), level, row["parent"].strip())
                self.units[code] = unit
                self.codes[code.casefold()] = code
                names = [unit.name] + [a.strip() for a in row["aliases"].split("|") if a.strip()]
                for name in names:
                    explicit[_key(name)].add(code)
                    for form in self._typed_forms(name, level):
                        generated[_key(form)].add(code)
        with data_file("places", "ambiguous.csv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                self.ambiguous[_key(row["alias"])] = row["note"]
        # Generated forms ("Homs district", "Muhafazat Hama") never override an
        # explicit alias ("Damascus countryside" is Rif Dimashq's).
        index = {k: set(v) for k, v in explicit.items()}
        for k, v in generated.items():
            index.setdefault(k, set(v))
        self._curated_raw = index

    @staticmethod
    def _typed_forms(name: str, level: int) -> list[str]:
        if level == 1:
            return [f"{name} governorate", f"{name} province", f"muhafazat {name}",
                    f"governorate of {name}", f"province of {name}", f"محافظة {name}"]
        if level == 2:
            forms = [f"{name} district", f"markaz {name}", f"mintaqat {name}",
                     f"mintaqat markaz {name}", f"منطقة {name}"]
            return forms + [f"{f} district" for f in forms[1:4]]
        return []

    def _load_pycountry(self) -> None:
        import pycountry

        curated = self._curated_raw
        foreign: dict[str, set[str]] = defaultdict(set)

        def add(name: str, code: str) -> None:
            for variant in _name_variants(name):
                key = _plain_key(variant)
                if key:
                    foreign[key].add(code)

        for country in pycountry.countries:
            code = country.alpha_2
            self.alpha[country.alpha_2] = code
            self.alpha[country.alpha_3] = code
            if code not in self.units:
                name = getattr(country, "common_name", None) or country.name
                self.units[code] = _Unit(code, name, 0, "")
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                if value:
                    if code == "SY":  # the curated table owns Syria
                        for variant in _name_variants(value):
                            curated.setdefault(_key(variant), set()).add(code)
                    else:
                        add(value, code)
        with data_file("places", "countries.csv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for alias in row["aliases"].split("|"):
                    if alias.strip():
                        add(alias, row["code"].strip())

        pending: dict[str, tuple[str, str]] = {}
        for sub in pycountry.subdivisions:
            if sub.country_code == "SY":
                # ISO names of the curated governorates ("Ḩimş", "Al Lādhiqīyah").
                if sub.code in self.units:
                    for variant in _name_variants(sub.name):
                        key = _key(variant)
                        if key not in curated:
                            curated[key] = {sub.code}
                continue
            parent = sub.parent_code or sub.country_code
            pending[sub.code] = (sub.name, parent)
            self.codes[sub.code.casefold()] = sub.code
            add(sub.name, sub.code)
        for code, (name, parent) in pending.items():
            depth, p = 1, parent
            while p in pending:
                depth, p = depth + 1, pending[p][1]
            self.units[code] = _Unit(code, name, depth, parent)
        for code in self.units:
            self.codes.setdefault(code.casefold(), code)
        self.curated = {k: frozenset(v) for k, v in curated.items() if k}
        # The curated table takes precedence over the other countries.
        self.foreign = {k: frozenset(v) for k, v in foreign.items() if _key(k) not in self.curated}
        del self._curated_raw

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

    def related(self, a: str, b: str) -> bool:
        return a in _ancestor_set(b) or b in _ancestor_set(a)

    def name(self, code: str) -> str:
        unit = self.units.get(code)
        return unit.name if unit is not None else code

    # -- lookups -----------------------------------------------------------
    def code_of(self, text: str) -> str | None:
        s = text.strip()
        if s in self.alpha:  # exact capitals only: "SY", "SYR" (not "is", "in")
            return self.alpha[s]
        if "-" in s or "/" in s:
            return self.codes.get(s.casefold())
        return None

    def exact(self, text: str) -> frozenset[str] | None:
        code = self.code_of(text)
        if code is not None:
            return frozenset([code])
        # No article juggling in the curated table: "Al Hamah" (a Damascus
        # suburb) is not "Hamah". Other countries are matched on the plain
        # key only (no transliteration folding): "Anah" is not Samoa's "A'ana".
        return self.curated.get(_key(text)) or self.foreign.get(_plain_key(text))

    def search(self, text: str) -> tuple[list[frozenset[str]], bool]:
        """Curated aliases inside ``text`` (longest first, left to right), and
        whether non-generic words were left over."""
        tokens = _key(text).split()
        found: list[frozenset[str]] = []
        leftover = False
        i = 0
        while i < len(tokens):
            for n in range(min(self.max_tokens, len(tokens) - i), 0, -1):
                key = " ".join(tokens[i : i + n])
                if key in self.curated and not (n == 1 and key in _GENERIC):
                    found.append(self.curated[key])
                    i += n
                    break
            else:
                leftover = leftover or tokens[i] not in _GENERIC
                i += 1
        return found, leftover

    def foreign_without_admin_words(self, text: str) -> frozenset[str] | None:
        key = _plain_key(text)
        stripped = _strip_words(key, _ADMIN)
        if stripped and stripped != key:
            return self.foreign.get(stripped)
        return None

    # -- splitting ---------------------------------------------------------
    _SPLIT = re.compile(r"\s*(?:[,;/()\[\]|&+،؛]|\s[-–—]\s|[–—]|\band\b|\sو\s)\s*", re.IGNORECASE)

    def split(self, text: str) -> list[str]:
        parts = []
        for part in self._SPLIT.split(text):
            part = part.strip()
            if part:
                parts.extend(self._split_waw(part))
        return parts

    def _split_waw(self, part: str) -> list[str]:
        """Split before a word carrying the Arabic "and" prefix و when the word
        without it begins a known name and the word with it does not."""
        tokens = part.split()
        groups: list[list[str]] = [[]]
        for i, token in enumerate(tokens):
            if i > 0 and len(token) > 2 and token[0] == "و":
                rest, whole = _key(token[1:]).split(), _key(token).split()
                if rest and rest[0] in self.first_tokens and not (whole and whole[0] in self.first_tokens):
                    groups.append([token[1:]])
                    continue
            groups[-1].append(token)
        return [" ".join(g) for g in groups if g]

    # -- resolution --------------------------------------------------------
    def resolve(self, text: str) -> tuple[list[str], list[str]]:
        """(most specific unit codes, unresolved text parts) for one text."""
        matches: list[tuple[frozenset[str], str]] = []
        left: list[str] = []
        whole = self.exact(text)
        if whole:
            matches.append((whole, text))
        else:
            for part in self.split(text):
                found = self.exact(part)
                if found:
                    matches.append((found, part))
                    continue
                inside, leftover = self.search(part)
                if inside:
                    matches.extend((c, part) for c in inside)
                    if leftover:
                        left.append(part)
                    continue
                found = self.foreign_without_admin_words(part)
                if found:
                    matches.append((found, part))
                else:
                    left.append(part)
        units = self._choose(matches, left)
        specific = [u for u in units if not any(u != v and u in _ancestor_set(v) for v in units)]
        return sorted(specific), list(dict.fromkeys(left))

    def _choose(self, matches: list[tuple[frozenset[str], str]], left: list[str]) -> set[str]:
        chosen = {next(iter(c)) for c, _ in matches if len(c) == 1}
        pending = [(c, part) for c, part in matches if len(c) > 1]
        # Each pass decides with the units known before it (order-independent);
        # a unit decided in one pass can disambiguate another in the next.
        while pending:
            picks = [(self._pick(c, chosen), c, part) for c, part in pending]
            if not any(pick for pick, _, _ in picks):
                break
            chosen |= {pick for pick, _, _ in picks if pick}
            pending = [(c, part) for pick, c, part in picks if not pick]
        left.extend(part for _, part in pending)  # unrelated units share the name: not guessed
        return chosen

    def _pick(self, candidates: frozenset[str], context: set[str]) -> str | None:
        near = {u for u in candidates if any(self.related(u, s) for s in context)}
        pool = near or set(candidates)
        if len(pool) == 1:
            return next(iter(pool))
        top = min(self.level(u) for u in pool)
        broadest = [u for u in pool if self.level(u) == top]
        if len(broadest) == 1 and all(self.related(broadest[0], u) for u in pool):
            return broadest[0]
        return None


@functools.lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """The gazetteer, from the on-disk cache when it was built from the same data.

    Building it (every country's subdivisions from pycountry, every spelling
    keyed) takes ~0.4 s: most of a small file's run. The cache is keyed by
    the bundled place tables, pycountry's version and Python's; a cache that
    cannot be read or written is ignored.
    """
    path = _cache_path()
    if path is not None:
        try:
            with path.open("rb") as fh:
                cached = pickle.load(fh)
            if isinstance(cached, _Gazetteer):
                return cached
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            pass
    gazetteer = _Gazetteer()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            with partial.open("wb") as fh:
                pickle.dump(gazetteer, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, path)  # atomic: a concurrent run reads the old file or the new one
        except OSError:
            pass
    return gazetteer


def _cache_path() -> Path | None:
    """``$RECONCILE_CACHE_DIR`` (empty: no cache), else the user's cache folder."""
    folder = os.environ.get("RECONCILE_CACHE_DIR")
    if folder == "":
        return None
    if folder is None:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        folder = Path(base) / "reconcile"
    import pycountry

    digest = hashlib.sha256()
    for name in sorted(p.name for p in data_file("places").glob("*.csv")):
        digest.update(name.encode() + data_file("places", name).read_bytes())
    digest.update(f"{getattr(pycountry, '__version__', '')} {sys.version}".encode())
    digest.update(Path(__file__).read_bytes())  # the code that builds it
    return Path(folder) / f"gazetteer-{digest.hexdigest()[:16]}.pickle"


@functools.lru_cache(maxsize=100_000)
def _ancestor_set(code: str) -> frozenset[str]:
    return frozenset(_gazetteer().ancestors(code))


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def ancestors(code: str) -> tuple[str, ...]:
    """``code`` and all its ancestors, most specific first.

    ``ancestors("SY-LA/jableh") == ("SY-LA/jableh", "SY-LA", "SY")``. A code
    the gazetteer does not know is walked by its shape (``/`` then the ISO
    country prefix).
    """
    return _gazetteer().ancestors(code)


def unit_name(code: str) -> str:
    """Display name of a unit ("Latakia"); the code itself when unknown."""
    return _gazetteer().name(code)


def _resolve_text(text: str) -> tuple[str, str, str, str, str]:
    """The five ``PLACE_COLUMNS`` values for one distinct text."""
    stripped = text.strip()
    if not stripped:
        return ("", "", "", BLANK, "")
    gaz = _gazetteer()
    units, left = gaz.resolve(stripped)
    if not units:
        return ("", "", "", UNRESOLVED, stripped)
    level1 = sorted({gaz.level1(u) for u in units})
    names = ", ".join(gaz.name(u) for u in units)
    status = PARTIAL if left else RESOLVED
    return (SEP.join(units), SEP.join(level1), names, status, "; ".join(left))


def resolve_places(text: pd.Series) -> pd.DataFrame:
    """Resolve place text to units; index-aligned with ``text``.

    Columns (:data:`PLACE_COLUMNS`): ``place_units`` (the most specific units
    found, sorted, ``|``-joined), ``place_level1`` (their first-level units,
    or the country code for a country, ``|``-joined), ``place_names``
    (display names in the order of ``place_units``, ``", "``-joined),
    ``place_status`` (blank / resolved / partial / unresolved) and
    ``place_unresolved`` (the text parts that did not resolve, ``"; "``-joined).
    Each distinct text is resolved once.
    """
    series = _as_series(text)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    rows = [_resolve_text(str(value)) for value in uniques]
    rows.append(("", "", "", BLANK, ""))  # missing values
    table = np.asarray(rows, dtype=object).reshape(len(rows), len(PLACE_COLUMNS))
    picked = table[np.where(codes < 0, len(rows) - 1, codes)]
    return pd.DataFrame(
        {col: pd.Series(picked[:, i], index=series.index, dtype="str") for i, col in enumerate(PLACE_COLUMNS)},
        index=series.index,
    )


@functools.lru_cache(maxsize=1 << 16)
def places_compatible(a: str, b: str) -> bool:
    """One pair of ``place_units`` values; see :func:`units_compatible`."""
    return _compatible(a, b)


def _compatible(a: str, b: str) -> bool:
    if not a or not b:
        return True
    units_b = b.split(SEP)
    for u in a.split(SEP):
        up = _ancestor_set(u)
        for v in units_b:
            if v in up or u in _ancestor_set(v):
                return True
    return False


def units_compatible(units_a: pd.Series, units_b: pd.Series) -> np.ndarray:
    """Element-wise (by position): can the two places be the same place?

    True when either side is "" (an unknown place is compatible with
    anything) or some unit of one equals, contains or lies within some unit
    of the other (``SY-LA/jableh`` within ``SY-LA`` within ``SY``). Computed
    once per distinct pair.
    """
    codes_a, uniq_a = _factorize_strings(units_a)
    codes_b, uniq_b = _factorize_strings(units_b)
    if len(codes_a) != len(codes_b):
        raise ValueError(f"units_compatible: {len(codes_a)} and {len(codes_b)} values")
    if len(codes_a) == 0:
        return np.zeros(0, dtype=bool)
    pair = codes_a * len(uniq_b) + codes_b
    codes_p, uniq_p = pd.factorize(pair)
    verdict = np.fromiter(
        (_compatible(uniq_a[p // len(uniq_b)], uniq_b[p % len(uniq_b)]) for p in uniq_p),
        dtype=bool,
        count=len(uniq_p),
    )
    return verdict[codes_p]


def _as_series(values) -> pd.Series:
    return values if isinstance(values, pd.Series) else pd.Series(values)


def _factorize_strings(values) -> tuple[np.ndarray, list[str]]:
    """Codes (int64) and distinct values as strings; missing values are ""."""
    codes, uniques = pd.factorize(_as_series(values), use_na_sentinel=True)
    strings = [str(v) for v in uniques] + [""]
    return np.where(codes < 0, len(strings) - 1, codes).astype(np.int64), strings
