"""The alias table: the exact words sources use for an actor.

``data/actors/aliases.csv`` (``alias,actor,country,valid_from,valid_to,notes``),
extended with ``--aliases``. ``actor`` is a catalogue id (``group:sdf``), a
reference (``state:SY``: the claim's dates choose the period) or, in a user
table, a display name; a name the catalogue does not know is a new actor.
``country`` binds an alias to claims in that country; a validity period
limits it to claims in that period.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pandas as pd

from reconcile.actors.tables import read_table
from reconcile.folding import fold
from reconcile.resources import data_file
from reconcile.text import map_distinct

__all__ = ["ALIAS_COLUMNS", "actor_key", "load_aliases"]

ALIAS_COLUMNS: tuple[str, ...] = ("alias", "actor", "country", "valid_from", "valid_to", "notes")
RESULT_COLUMNS = ["alias", "actor", "country", "valid_from", "valid_to", "key", "origin"]

# "Assad's army" -> "Assad army"; "l'armée" -> "l armée"; "Hay'at" -> "Hayat"; "U.S." -> "US".
_POSSESSIVE = re.compile(r"(?<=\w)'s\b")
_ELISION = re.compile(r"\b([ldjmnst]|qu|dell|all|dall|nell|sull)'(?=\w)")
# Turkish case endings after an apostrophe: "PKK'lı" is "PKK", "İsrail'in" "İsrail". Only endings no
# transliterated Arabic name has after its apostrophe ("Hay'at", "Shari'a" keep theirs); the short
# endings only after an acronym ("DEAŞ'ın").
_TURKISH_ENDING = re.compile(
    r"(?<=\w)['\u2019](?:n[ıiuü]n|nd[ae]n|l[ıiuü](?:l[ae]r[ıi]?)?|l[ae]r[ıi]?|[dt][ae]n|y[ae]|y[ıiuü])\b"
    r"|(?<=[A-ZÇĞİÖŞÜ]{2})['\u2019](?:[ıiuü]n|[ae]|[dt][ae]|[ıiuü])\b")
_DELETED = re.compile(r"['.]")
_PUNCTUATION = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
# Arabic li-/wa-/bi-/fa- before the article: "للجيش" is "ل" + "الجيش", "والقوات" "و" + "القوات".
_CLITIC_ARTICLE = re.compile(r"(?<!\w)(?:لل|[وبف]ال)(?=\w{3})")


@functools.lru_cache(maxsize=1 << 16)
def key_of(text: str) -> str:
    """The matching key of one perpetrator string: folded, punctuation as spaces, no leading "the".
    Kept for the strings seen: each is read again in every country a dataset names."""
    text = fold(_TURKISH_ENDING.sub("", text))
    text = _POSSESSIVE.sub("", text)
    text = _ELISION.sub(r"\1 ", text)
    text = _DELETED.sub("", text)
    text = _PUNCTUATION.sub(" ", text)
    text = _CLITIC_ARTICLE.sub("ال", text)
    text = _SPACES.sub(" ", text).strip()
    return text[4:] if text.startswith("the ") else text


def actor_key(text: pd.Series) -> pd.Series:
    """:func:`key_of` of each string, each distinct string once (NaN stays NaN)."""
    return map_distinct(pd.Series(text, copy=False), lambda value: key_of(str(value)))


def _read(path: Path) -> pd.DataFrame:
    table = read_table(path, ALIAS_COLUMNS, ("alias", "actor"), "alias")
    table["key"] = actor_key(table["alias"])
    blank = table["key"] == ""
    if blank.any():
        from reconcile.errors import InputError

        first = table[blank].iloc[0]
        raise InputError(str(path), f"alias {first['alias']!r} has no letters or digits",
                         line=int(first["line"]))
    table["country"] = table["country"].str.upper()
    name = "actors/aliases.csv" if path == data_file("actors", "aliases.csv") else str(path)
    table["origin"] = name + ":" + table["line"].astype(str)
    return table


@functools.lru_cache(maxsize=1)
def _bundled() -> pd.DataFrame:
    """The bundled table, read and keyed once a run, and across runs from the cache on disk."""
    from reconcile.cache import cached_frame

    return cached_frame("aliases", lambda: _read(data_file("actors", "aliases.csv")).reset_index(drop=True))


def load_aliases(extra: str | Path | None = None) -> pd.DataFrame:
    """The bundled alias table with the user's table ``extra`` merged over it.

    A user row replaces every bundled row with the same alias key (all of
    its periods and countries); new keys are added. Columns: ``alias``,
    ``actor``, ``country``, ``valid_from``, ``valid_to`` (text, "" = open),
    ``key`` and ``origin`` (file:line).
    """
    table = _bundled()
    if extra is not None:
        user = _read(Path(extra))
        table = pd.concat([table[~table["key"].isin(user["key"])], user], ignore_index=True)
    return table[RESULT_COLUMNS].reset_index(drop=True)
