"""One name per source: "SOHR", "the Syrian Observatory for Human Rights" and "OSDH" are SOHR.

``data/sources.csv`` (``alias,source,country,notes``), extended with
``--source-aliases FILE``, maps the names monitors, agencies, UN offices and
ministries are cited under to one canonical name. Each distinct (name,
claim country) is read once, in this order:

1. **alias**: the name is an alias, compared through the actor key (case,
   accents, quotes, punctuation and a leading article do not matter).
   Aliases written in capitals ("UN", "WHO", "AP") match only in capitals,
   so the French "un" is never the UN. ``country`` binds an alias to claims in
   that country: "the health ministry" is Gaza's in PS and Syria's in SY.
2. **both names**: "Name (ABBR)" or "ABBR (Name)", each part looked up; both
   known and agreeing, or one known and the other an abbreviation in capitals
   ("Airwars (named victims)" is not Airwars' incident table).
3. **named in**: a longer string holding exactly one known alias as whole
   words ("the spokesman of the Gaza health ministry, Ashraf al-Qudra"),
   unless it joins several sources ("X and local sources").
4. otherwise the name stays **as written**. No fuzzy matching: a source is
   never merged with another by spelling alone.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from reconcile.actors.aliases import key_of
from reconcile.actors.tables import read_table
from reconcile.arrays import distinct_pairs
from reconcile.errors import InputError
from reconcile.folding import fold
from reconcile.resources import data_file
from reconcile.text import spread

__all__ = ["SOURCE_COLUMNS", "SourceTable", "load_sources", "resolve_sources"]

#: The columns :func:`resolve_sources` returns.
SOURCE_COLUMNS = ("source", "source_written", "source_rule")
_TABLE_COLUMNS = ("alias", "source", "country", "notes")
_ARTICLE = re.compile(r"^(?:l |le |la |les |el |los |las |o |os |a |as |der |die |das )")
_CAPITALS = re.compile(r"[A-Z]{2,6}|(?:[A-Z]\.){2,5}")
_LEADING_ARTICLE = re.compile(r"^(?:l['’]\s*|(?:the|le|la|les|el|los|o|a|der|die|das)\s+)", re.I)
_ABBREVIATION = re.compile(r"[A-Z][A-Z.\-]{1,9}")
_BOTH = re.compile(r"^(?P<a>[^()]+?)\s*\((?P<b>[^()]+)\)\s*$")
# A string joining several sources is not one source, whatever it names.
_JOINED = re.compile(r"(?<!\w)(?:and|et|y|e|und|ve|و)(?!\w)|&|/|\+")


def source_key(text: str) -> str:
    """The key a source name is compared by: the actor key without a leading article."""
    return _ARTICLE.sub("", key_of(text))


@dataclass(frozen=True)
class SourceTable:
    """The alias rows, indexed: by key, and by capitals for abbreviations."""

    rows: pd.DataFrame  # alias, source, country, origin, key, capitals
    by_key: dict[str, list[tuple[str, str, str]]]  # key -> [(source, country, origin)]
    by_capitals: dict[str, list[tuple[str, str, str]]]

    # compiled on first use: most names are an alias and never need them (50 ms)
    @functools.cached_property
    def named_in(self) -> re.Pattern:
        return _words(self.by_key)

    @functools.cached_property
    def capitals_in(self) -> re.Pattern:
        return _words(self.by_capitals)


def _read(path: Path, name: str) -> pd.DataFrame:
    table = read_table(path, _TABLE_COLUMNS, ("alias", "source"), "source alias")
    table["country"] = table["country"].str.upper()
    table["capitals"] = table["alias"].map(lambda a: bool(_CAPITALS.fullmatch(a)))
    table["key"] = table["alias"].map(source_key)
    blank = table["key"] == ""
    if blank.any():
        first = table[blank].iloc[0]
        raise InputError(str(path), f"alias {first['alias']!r} has no letters or digits",
                         line=int(first["line"]))
    table["origin"] = name + ":" + table["line"].astype(str)
    return table


def _index(rows: pd.DataFrame, capitals: bool) -> dict[str, list[tuple[str, str, str]]]:
    picked = rows[rows["capitals"] == capitals]
    index: dict[str, list[tuple[str, str, str]]] = {}
    for key, source, country, origin in zip(picked["alias" if capitals else "key"], picked["source"],
                                            picked["country"], picked["origin"], strict=False):
        index.setdefault(key, []).append((source, country, origin))
    return index


def _words(keys, flags: int = 0) -> re.Pattern:
    alternation = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation or '(?!)'})(?!\w)", flags)


def _build(rows: pd.DataFrame) -> SourceTable:
    by_key, by_capitals = _index(rows, False), _index(rows, True)
    return SourceTable(rows, by_key, by_capitals)


@functools.lru_cache(maxsize=1)
def _bundled() -> pd.DataFrame:
    """The bundled table, read and keyed once a run, and across runs from the cache on disk."""
    from reconcile.cache import cached_frame

    return cached_frame("sources",
                        lambda: _read(data_file("sources.csv"), "sources.csv").reset_index(drop=True))


def load_sources(extra: str | Path | None = None) -> SourceTable:
    """The bundled source table, with the user's rows replacing ours for the same alias."""
    rows = _bundled()
    if extra is not None:
        user = _read(Path(extra), str(extra))
        rows = pd.concat([rows[~rows["key"].isin(user["key"])], user], ignore_index=True)
    return _build(rows)


def _pick(candidates: list[tuple[str, str, str]], country: str) -> tuple[str, str] | None:
    """The one source the rows give in ``country``: rows bound to it first, then unbound rows."""
    bound = {(s, o) for s, c, o in candidates if c and c == country}
    free = {(s, o) for s, c, o in candidates if not c}
    for found in (bound, free):
        sources = {s for s, _ in found}
        if len(sources) > 1:
            return None
        if sources:
            return sources.pop(), min(o for _, o in found)
    return None


def _alias(table: SourceTable, name: str, country: str) -> tuple[str, str] | None:
    bare = _LEADING_ARTICLE.sub("", name.strip())
    if bare in table.by_capitals:
        return _pick(table.by_capitals[bare], country)
    return _pick(table.by_key.get(source_key(name), []), country)


def _named_in(table: SourceTable, name: str, country: str) -> tuple[str, str] | None:
    key = source_key(name)
    if _JOINED.search(fold(name)):
        return None
    found = {_pick(table.by_key[m.group()], country) for m in table.named_in.finditer(key)}
    found |= {_pick(table.by_capitals[m.group()], country) for m in table.capitals_in.finditer(name)}
    named = {hit for hit in found if hit is not None}
    return named.pop() if len({s for s, _ in named}) == 1 else None


def _resolve_one(table: SourceTable, name: str, country: str) -> tuple[str, str]:
    """(source, rule) for one distinct name in one country."""
    hit = _alias(table, name, country)
    if hit:
        return hit[0], f"alias ({hit[1]})"
    both = _BOTH.match(name)
    if both:  # both parts known and agreeing, or one known and the other an abbreviation
        parts = [_alias(table, both[p], country) for p in ("a", "b")]
        sources = {p[0] for p in parts if p}
        unknown = [both[p] for p, hit in zip("ab", parts, strict=False) if hit is None]
        if len(sources) == 1 and all(_ABBREVIATION.fullmatch(u.strip()) for u in unknown):
            return sources.pop(), "both names"
    hit = None if both else _named_in(table, name, country)  # "Airwars (named victims)" stays apart
    if hit:
        return hit[0], f"named in ({hit[1]})"
    return name, ""


def resolve_sources(names: pd.Series, countries: pd.Series, table: SourceTable | None = None) -> pd.DataFrame:
    """Each claim's canonical source, aligned on ``names.index``.

    Columns :data:`SOURCE_COLUMNS`: ``source`` (canonical, or the name as
    written), ``source_written`` and ``source_rule`` ("" when left as
    written). ``countries`` is each claim's ISO code ("" when unknown).
    """
    table = table or load_sources()
    pairs = pd.DataFrame({"name": names.astype(str),
                          "country": countries.reindex(names.index).fillna("").astype(str)})
    # each distinct (name, country) resolved once, found by integer codes (not a MultiIndex of tuples)
    name_code, names_seen = pd.factorize(pairs["name"])
    country_code, countries_seen = pd.factorize(pairs["country"])
    name_of, country_of, codes = distinct_pairs(name_code, country_code, len(countries_seen))
    results = [_resolve_one(table, names_seen[n], countries_seen[c])
               for n, c in zip(name_of.tolist(), country_of.tolist(), strict=True)]
    source, rule = (spread([result[i] for result in results], codes, names.index) for i in (0, 1))
    return pd.DataFrame({"source": source, "source_written": pairs["name"], "source_rule": rule},
                        index=names.index)
