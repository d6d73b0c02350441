"""Place text -> admin units: country -> first-level unit -> district -> locality.

A gazetteer resolves the place text of a claim as reports write it ("Latakia and
Tartus", "Duma town, Rif Dimashq Governorate", "اللاذقية وطرطوس", "a train station
in the eastern Ukrainian city of Kramatorsk", "ville d'Alep", "ريف حلب") to unit codes:

* level 0, a country: its ISO 3166-1 alpha-2 code (``SY``);
* level 1, a first-level unit: its ISO 3166-2 code (``SY-LA`` Latakia, ``YE-SD``
  Sa'dah, ``PS-GZA`` Gaza);
* level 2, a district: ``<level-1 code>/<slug>`` (``SY-LA/jableh``,
  ``UA-14/kramatorskyi``, ``NG-BO/jere``);
* level 3 and below, a locality or area: ``<parent code>/<slug>``
  (``SY-RD/duma/harasta``, ``UA-14/kramatorskyi/kramatorsk``; a few areas hang
  directly from a first-level unit, e.g. ``SY-RD/eastern-ghouta``, and Palestine,
  which has no districts, has its towns at level 2: ``PS-GZA/gaza-city``).

Data (``data/places/``)
-----------------------
* Unit tables, one per country (``code,name,level,parent,aliases[,source]``,
  aliases ``|``-separated): ``syria.csv``, written by hand; ``ukraine``,
  ``palestine``, ``afghanistan``, ``somalia``, ``nigeria``, ``myanmar`` and
  ``yemen.csv``: the ISO 3166-2 first-level units and OCHA's admin-2 units (the
  p-code in ``source``), and below them, written by hand, the localities tolls
  are reported for. A table owns its country: pycountry's ISO names of that
  country are added to its units; every other country and its subdivisions come
  from :mod:`pycountry`, with a few names added by ``countries.csv``.
* ``aliases.csv`` (``code,alias,language,source``): more names of those units,
  the spellings news and datasets use ("Mogadiscio", "Краматорськ", "صعدة",
  ACLED's "Nahri Saraj").
* ``regions.csv``: names covering several units ("Gaza Strip": its five
  governorates; "Donbas": Donetsk and Luhansk oblasts).
* ``sites.csv``: named buildings and sites, read as their locality ("Hamid
  Karzai International Airport" is Kabul city).
* ``around.csv``: the unit(s) around a unit whose surroundings are not in its
  parent (Damascus -> Rif Dimashq, Sana'a city -> Sana'a governorate).
* ``words.csv`` (``word,kind,language``): the known words around names, by kind
  (below), in English, French, Arabic, Spanish, Portuguese, German and Italian,
  and the few that news around Ukrainian places use in Ukrainian, Russian,
  Bulgarian, Macedonian, Greek, Polish and Estonian. Demonyms come from
  ``data/actors/demonyms.csv``.
* ``ambiguous.csv`` documents the names left unresolved because unrelated units
  share them.

Matching rules
--------------
Text is compared through :func:`place_key` (case, accents, Arabic
diacritics/hamza/ta marbuta/alef forms, apostrophes and ayn marks, the English
possessive and Romance elisions ("Yemen's", "d'Alep"), punctuation, the article
forms ``al/el/ar/as/ash/at/az/an/ad/...``, common transliteration variants such as
tall/tell/tal, deir/dayr, doubled letters, ou/u, final -ah/-eh/-a, the Cyrillic soft
sign and one case ending do not matter). That folded key reaches the names written
by hand; names taken from reference lists (OCHA's and ISO's) and other countries'
subdivisions are compared on the plain key only (case, accents, punctuation), so
"Anah" is not Samoa's "A'ana" and "USA" not Nigeria's "Ussa".

For each distinct text:

1. the whole text is looked up as one place: a unit code (``SY-LA``, ``SO-BN``; a
   2- or 3-letter country code only when written in capitals), a name, or another
   country's subdivision;
2. otherwise it is split into parts on ``,`` ``;`` ``/`` ``(`` ``)`` ``&`` ``+``
   `` - `` `` and `` and the Arabic ``و`` (standalone, or as a prefix of the next
   word when that word without it begins a known name); each part is looked up as in 1;
3. a part that still fails is read word by word, left to right: at each word the
   longest name starting there, else the longest known word, else an unknown word.
   A name written by hand is found anywhere ("Al Sakiya street, Raqqa",
   "Latakia-Hama-Idlib axis"); a name from a reference list only between known
   words, names and the ends of the part ("in Jere local government area", not
   "Golan plateau"); a name made of known words only ("Central", "Bay") only as a
   whole part. Arabic prefixes are read as words where they hide one ("بغزة",
   "لحلب", "بريف دمشق"). Names come before known words, so "Damascus countryside"
   (an alias of Rif Dimashq) never becomes "Damascus" and "Rif Dimashq" keeps "Rif";
4. the known words around a name qualify it: a qualifier right after a name
   qualifies it ("Saada province", "Damascus suburbs"); otherwise, and always in
   Arabic, the next name ("the city of Kramatorsk", "ريف حلب"), across articles,
   bearings and descriptive words, not across a building, an unknown word or a
   locator; one with no name after it, the name before it ("بلدة داريا وحولها").

   - ``settlement`` (city, town, village, ville, ciudad, Stadt, مدينة ...) and
     ``neighbourhood`` (neighbourhoods, quartiers, الأحياء ...) ask for the city of
     a name shared with its district or province: the unit named "<name> city" at
     or below it ("ville d'Alep", "الأحياء الشرقية لحلب" -> Aleppo city; "the town of
     Saada" -> Saada city);
   - ``admin1``/``admin2``/``admin3`` (province, governorate, oblast, state, region;
     district, raion, LGA, township; subdistrict) ask for a unit of that level;
   - ``surroundings`` (suburbs, outskirts, countryside, environs, vicinity,
     outside, airport, banlieue, faubourgs, aux portes de, arredores, afueras,
     Umgebung, محيط, أطراف, ريف, ضواحي ...) give the unit *and the unit around it*:
     the ``around.csv`` unit, else a locality's parent (a city's outskirts lie in
     its district), else nothing more (a district's or province's countryside lies
     within it). "The outskirts of Damascus" is ``SY-DI|SY-RD``, compatible with
     Damascus and with Rif Dimashq. A site keeps its unit ("the vicinity of Hamid
     Karzai International Airport" is Kabul city);
   - ``locator`` (near, close to, près de, cerca de, bei, قرب ...) and a bearing
     followed by "of" (east of, au sud de, dans l'est de; غرب right before a name)
     make the next name *relative*: the place is by it, not in it. A relative name
     is dropped beside a place it does not contain in the same first-level unit or
     in the unit around it ("مدينة داريا غرب دمشق" is Daraya, "Eastern Ghouta,
     east of Damascus" the Ghouta); far from it, both are kept (one is likely a
     namesake); alone, it is read with its surroundings ("une localité au sud de
     Damas" -> ``SY-DI|SY-RD``, "near Aleppo" -> Aleppo);
   - ``direction`` (northern, eastern, الشرقية, orientale, -Est), ``facility``
     (railway station, hospital, prison, theatre, gare, مستشفى, вокзал ...),
     ``descriptive`` (besieged, crowded, Kurdish-held, rebel, main, part, half ...)
     and ``function`` words (articles, prepositions) name no place and are not
     reported as unread; a demonym before a settlement or province word names its
     country ("the Ukrainian city of");
5. a part with no name is looked up among the other countries' subdivisions once
   more without administrative words ("Kabul Province"); settlement words and the
   Arabic article are kept, so "Maan village" is not Jordan's Ma'an governorate
   nor "Al Sabha" Libya's Sabha;
6. anything else is kept, verbatim, in ``place_unresolved``: never guessed. After a
   part with unknown words comes the closest known name (rapidfuzz, a hint for the
   reader, never a resolution): "Kramatorks station (closest: Kramatorsk)".

Ambiguity and precedence: a name borne by several units resolves

* first to the readings of the names written by hand, then of countries,
  first-level units and other countries' subdivisions, then of districts from a
  reference list: a later reading unrelated to an earlier one is taken only when
  the text's other places point to it ("Daraa" is not Panjshir's "Dara" district
  but "Dara, Panjshir" is; "Bali" is Indonesia's, "Bali, Taraba" Taraba's LGA;
  "Sanaa" is the capital);
* to the candidate(s) related (same chain) to a unit named unambiguously elsewhere
  in the same text ("Homs, Tadmur" -> Homs governorate, then Tadmur; "the Al-Ahli
  Hospital in Gaza" -> Gaza City, not Hebron's), then
* when the remaining candidates lie on one ancestor chain, to the broadest of them
  (the governorate, not its same-named district; "Gaza" is the Gaza Strip);
  "Homs district", "Homs city" and the qualifiers above name the narrower units;
* otherwise (unrelated units, e.g. "Yarmouk": the Damascus camp or the Daraa basin;
  two districts named "Arghandab") it is left unresolved and reported.

False friends are reported, not taken: a subdivision from a reference list or
abroad in another country than the country the text names ("Bouira, Syria"); a
name in another country than the rest of the text, found in a part left partly
unread ("Mohmand Dara, Nangarhar" is not Daraa) or only on a reference list
("Ariha [Jericho]"); a reference-list district with no other place of its country
in the text ("Daman" alone may be Kandahar's district or a Syrian village; "Kabo,
Ouham" is not Kano's Kabo).

When a text names a unit and one of its ancestors ("Jableh, Latakia"), only the most
specific is kept; so is a locality beside the surroundings it lies in ("Daraya,
dans les faubourgs de Damas" -> Daraya).

All the work is done once per distinct text (million-row inputs name few distinct
places) and per distinct pair of unit lists.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from reconcile.places import loading as _loading
from reconcile.places.choosing import Resolver
from reconcile.places.gazetteer import Gazetteer
from reconcile.places.keys import key as _key
from reconcile.places.keys import plain_key as _plain_key  # noqa: F401 (tests read it)
from reconcile.places.keys import word_key as _word_key
from reconcile.text import spread

__all__ = [
    "BLANK", "PARTIAL", "PLACE_COLUMNS", "RESOLVED", "SEP", "UNRESOLVED", "ancestors", "place_key",
    "places_compatible", "resolve_places", "unit_name", "units_compatible",
]

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

#: A closest known name is shown at this rapidfuzz ``ratio`` (0-100) or above.
HINT_SCORE = 85


# --------------------------------------------------------------------------
# The gazetteer
# --------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _gazetteer() -> Gazetteer:
    """The gazetteer, from the on-disk cache when it was built from the same data."""
    from reconcile.cache import cached

    return cached("gazetteer", _loading.build, Gazetteer.to_json, Gazetteer.from_json)


@functools.lru_cache(maxsize=100_000)
def _ancestor_set(code: str) -> frozenset[str]:
    return frozenset(_gazetteer().ancestors(code))


def _resolver() -> Resolver:
    """Reads texts with the current gazetteer (a Resolver keeps no state of its own)."""
    return Resolver(_gazetteer(), _ancestor_set)


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def place_key(text: pd.Series, *, drop_generic: bool = True) -> pd.Series:
    """Comparison keys of place strings, index-aligned with ``text``.

    Case-folded, accents and Arabic diacritics stripped, apostrophes/ayn marks
    removed, hyphens and punctuation made spaces, article and common
    transliteration variants unified, spaces collapsed. With ``drop_generic``
    (the default) the known words around names (governorate, district, town,
    countryside, northern, station, of, ...) are dropped too, unless nothing
    else is left. Resolution itself tries the full key before dropping
    anything (so "Damascus countryside" stays Rif Dimashq); use this for
    comparing leftover text. Missing values give "".
    """
    series = _as_series(text)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    words = _gazetteer().words if drop_generic else {}
    keys = []
    for value in uniques:
        k = _key(str(value))
        if drop_generic:
            k = " ".join(t for t in k.split() if t not in words) or k
        keys.append(k)
    table = np.asarray(keys + [""], dtype=object)
    return pd.Series(table[np.where(codes < 0, len(keys), codes)], index=series.index, dtype="str")


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
    readings, left = _resolver().resolve(stripped)
    units = sorted({u for r in readings for u in r})
    if not units:
        unknown = [w for _, words in left for w in words]
        return ("", "", "", UNRESOLVED, _with_hint(stripped, unknown))
    level1 = sorted({gaz.level1(u) for u in units})
    names = ", ".join(gaz.name(u) for u in units)
    status = PARTIAL if left else RESOLVED
    return (SEP.join(units), SEP.join(level1), names, status, "; ".join(_with_hint(p, w) for p, w in left))


def _with_hint(text: str, unknown: list[str]) -> str:
    """The text, and the known name closest to its unknown words when one is close enough.

    A hint for the reader (rapidfuzz ``ratio`` of the keys, at least
    :data:`HINT_SCORE`), never a resolution: "Kramatorks station (closest:
    Kramatorsk)". A name shared by unrelated units has no unknown words, so no hint.
    """
    hint = _closest(" ".join(_word_key(w) for w in unknown))
    return f"{text} (closest: {hint})" if hint else text


@functools.lru_cache(maxsize=100_000)
def _closest(residue: str) -> str:
    from rapidfuzz import fuzz, process

    if len(residue) < 4:
        return ""
    choices, names = _hint_choices()
    found = process.extractOne(residue, choices, scorer=fuzz.ratio, score_cutoff=HINT_SCORE)
    return names[found[2]] if found else ""


@functools.lru_cache(maxsize=1)
def _hint_choices() -> tuple[list[str], list[str]]:
    """Every name's key (hand-written and listed), and the name of the unit it names first."""
    gaz = _gazetteer()
    named = {k: readings for k, readings in gaz.listed.items()}
    named = {_key(p): readings for p, readings in named.items()} | dict(gaz.names)
    choices, names = [], []
    for k, readings in sorted(named.items()):
        choices.append(k)
        names.append(" + ".join(gaz.name(u) for u in sorted(readings)[0]))
    return choices, names


def resolve_places(text: pd.Series) -> pd.DataFrame:
    """Resolve place text to units; index-aligned with ``text``.

    Columns (:data:`PLACE_COLUMNS`): ``place_units`` (the units found, sorted,
    ``|``-joined: the most specific named, with the unit around a place read
    with its surroundings, e.g. ``SY-DI|SY-RD`` for "the outskirts of
    Damascus"), ``place_level1`` (their first-level units, or the country code
    for a country, ``|``-joined), ``place_names`` (display names in the order
    of ``place_units``, ``", "``-joined), ``place_status`` (blank / resolved /
    partial / unresolved) and ``place_unresolved`` (the text parts that did
    not resolve, ``"; "``-joined, each with the closest known name as a hint
    when one is close). Each distinct text is resolved once.
    """
    series = _as_series(text)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    rows = [_resolve_text(str(value)) for value in uniques]
    rows.append(("", "", "", BLANK, ""))  # missing values
    table = np.asarray(rows, dtype=object).reshape(len(rows), len(PLACE_COLUMNS))
    picked = np.where(codes < 0, len(rows) - 1, codes)
    return pd.DataFrame({column: spread(table[:, i], picked, series.index)
                         for i, column in enumerate(PLACE_COLUMNS)}, index=series.index)


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
    of the other (``SY-LA/jableh`` within ``SY-LA`` within ``SY``). A place
    read with its surroundings lists both units, so "the outskirts of
    Damascus" (``SY-DI|SY-RD``) is compatible with Damascus and with Rif
    Dimashq. Computed once per distinct pair.
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
