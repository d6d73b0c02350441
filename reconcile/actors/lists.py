"""A perpetrator string naming several actors ("Russian Military; Iranian Military")."""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconcile.actors.catalogue import Catalogue
from reconcile.actors.resolve import LIST_SEPARATOR, _mapping_frame, mapped_by, phrase_reader
from reconcile.text import join_per_key

__all__ = ["map_actor_lists"]

#: a list part that only describes the part before it: a participle of backing, an indefinite
#: article ("an Iranian-backed terrorist group"), or a definite one before words that name no actor
_APPOSITIVE = (r"(?i)^(?:(?:backed|supported|sponsored|armed|funded) by|including|among them|notably"
               r"|dont|notamment|incluyendo|incluidos?|darunter"
               r"|(?:affiliated|linked|tied|allied|aligned) (?:with|to)"
               r"|(?:affili[ée]|li[ée]|alli[ée])(?:e|s|es)? (?:à|a|aux|avec)|proches? de"
               r"|(?:vinculad|afiliad|ligad)[oa]s? (?:a|al|con|com)"
               r"|soutenu(?:e|s|es)? par|appuy[ée]s? par"
               r"|respaldad[oa]s? por|apoiad[oa]s? por|apoyad[oa]s? por)\b")
_INDEFINITE = r"(?i)^(?:an?|another|un|une|un autre|une autre|una|uma|um|ein|eine|einer)\s"
_DEFINITE = r"(?i)^(?:the|la|le|les|el|los|las|o|os|il|lo|die|der)\s"


def map_actor_lists(
    perpetrator_raw: pd.Series,
    date_start: pd.Series,
    date_end: pd.Series,
    aliases: pd.DataFrame | None = None,
    country: pd.Series | None = None,
    catalogue: Catalogue | None = None,
    infer: bool = True,
) -> pd.DataFrame:
    """:func:`map_actors`, and a string naming several actors mapped actor by actor.

    A string the table does not know as a whole ("Russian Military; Iranian
    Military", Airwars' contested attribution; "HTS, Southern Front", a UCDP
    side made of several groups) is split on ``;`` and ``,``; when every part
    maps, the claim's perpetrator is the canonical actors, distinct and sorted,
    joined by "; " ("Iran-backed militias; Russian forces"): one claim blamed on
    all of them, never a copy per actor. If any part stays unmapped, the whole
    string does, and the note names the parts that did not map.
    """
    reader = phrase_reader(aliases, catalogue, infer)  # one for the strings and their parts
    places = pd.Series("", index=perpetrator_raw.index) if country is None else pd.Series(country, copy=False)
    result = mapped_by(reader, perpetrator_raw, date_start, date_end, places)
    # Only unmapped strings can be lists worth splitting: test those, not every row.
    listed = (result["actor_status"] == "unmapped").to_numpy().copy()
    if listed.any():
        unmapped = perpetrator_raw.astype(str)[listed]
        listed[listed] = unmapped.str.contains(LIST_SEPARATOR, regex=True).to_numpy(dtype=bool)
    if not listed.any():
        return result
    rows = pd.DataFrame({
        "raw": perpetrator_raw.to_numpy(dtype=object)[listed],
        "s": pd.Series(date_start).to_numpy()[listed],
        "e": pd.Series(date_end).to_numpy()[listed],
        "c": places.fillna("").astype(str).to_numpy(dtype=object)[listed],
    })
    tid = rows.groupby(["raw", "s", "e", "c"], sort=False, dropna=False).ngroup().to_numpy()
    triples = rows.assign(tid=tid).drop_duplicates("tid")
    parts = triples.assign(part=triples["raw"].str.split(LIST_SEPARATOR, regex=True)).explode("part")
    parts = parts.loc[parts["part"].str.strip() != ""].reset_index(drop=True)
    mapped = mapped_by(reader, parts["part"], parts["s"], parts["e"], parts["c"])
    parts = parts.join(mapped)
    parts["ok"] = parts["actor_status"].isin(["mapped", "inferred", "ambiguous"])
    # "Hezbollah, an Iranian-backed group"; "les Houthis, soutenus par l'Iran": the later part describes
    # the first, it names no actor of its own
    later = parts["tid"].duplicated()
    text = parts["part"].str.strip()
    described = text.str.contains(_APPOSITIVE, regex=True) | text.str.contains(_INDEFINITE, regex=True)
    unnamed = ~parts["ok"] & text.str.contains(_DEFINITE, regex=True)
    parts = parts.loc[~(later & (described | unnamed))].reset_index(drop=True)
    per_triple = parts.assign(ambiguous=parts["actor_status"] == "ambiguous").groupby("tid", sort=False).agg(
        ok=("ok", "all"), ambiguous=("ambiguous", "any"))
    per_triple["actors"] = _distinct_joined(parts, "perpetrator")
    unmapped = parts.loc[~parts["ok"]]
    failed = join_per_key(unmapped["tid"], "'" + unmapped["part"] + "'", ", ")
    per_triple["unmapped"] = failed.reindex(per_triple.index).fillna("")
    per_triple = per_triple.reindex(np.arange(tid.max() + 1))

    # a string of separators alone (";") names no parts: it stays as map_actors read it
    named = per_triple["ok"].notna().to_numpy()[tid]
    index, tid = np.flatnonzero(listed)[named], tid[named]
    ok = per_triple["ok"].fillna(False).to_numpy(dtype=bool)[tid]
    perpetrator = result["perpetrator"].to_numpy(dtype=object)
    status = result["actor_status"].to_numpy(dtype=object)
    note = result["actor_note"].to_numpy(dtype=object)
    rule = result["actor_rule"].to_numpy(dtype=object)
    actor_id = result["actor_id"].to_numpy(dtype=object)
    perpetrator[index[ok]] = per_triple["actors"].to_numpy(dtype=object)[tid][ok]
    status[index[ok]] = np.where(per_triple["ambiguous"].to_numpy(dtype=bool)[tid][ok], "ambiguous", "mapped")
    note[index[ok]] = "several actors named: each mapped"
    rule[index[ok]] = "list: each part mapped"
    actor_id[index[ok]] = _distinct_joined(parts, "actor_id").reindex(
        np.arange(len(per_triple))).to_numpy(dtype=object)[tid][ok]
    note[index[~ok]] = ("several actors named; not mapped: "
                        + per_triple["unmapped"].to_numpy(dtype=object)[tid][~ok])
    return _mapping_frame(perpetrator, status, note, rule, actor_id, result.index)


def _distinct_joined(parts: pd.DataFrame, column: str) -> pd.Series:
    """Per list (``tid``), its parts' distinct ``column`` values, sorted and joined by "; "."""
    distinct = parts[["tid", column]].drop_duplicates().sort_values(["tid", column])
    return join_per_key(distinct["tid"], distinct[column], "; ")
