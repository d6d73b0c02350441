"""Perpetrator strings -> canonical actors, through a time-aware alias table.

The alias table (``data/actors.csv``, extendable with ``--aliases``) maps the
words a source used ("government forces", "YPG", "Daesh") to one canonical
actor. A row may carry a validity period because the same words name
different actors over time: "government forces" is Assad's army until
2024-12-07 and the transitional government's forces from 2024-12-08.

Matching rule (DESIGN.md, "Actors are time-aware"):

* strings are compared through :func:`actor_key` (case, Unicode form,
  punctuation, spacing and a leading "the" do not matter);
* an alias row applies when its validity overlaps the claim's
  ``[date_start, date_end]`` (inclusive days);
* when rows naming different actors apply, the actor covering the most days
  of the claim wins and the claim is ``ambiguous``, with a note naming the
  other candidate(s) and their coverage;
* when the claim's dates are unknown every row applies; if the key names more
  than one actor the one with the open-ended / most recent validity is chosen
  and the claim is ``ambiguous``;
* a key that is in the table but whose periods all miss the claim's period is
  ``unmapped`` (raw text kept) with a note saying when it names an actor;
* a string not in the table is ``unmapped``, kept verbatim (stripped);
* a blank perpetrator is ``unattributed``.

All work is done on the distinct (key, date_start, date_end) triples, merged
with the alias table; there is no per-row Python loop.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd

from reconcile.errors import InputError
from reconcile.resources import data_file

#: The canonical actors named by the bundled table (a user table may add more).
CANONICAL_ACTORS: tuple[str, ...] = (
    "Assad government forces",
    "Transitional government forces",
    "Assad loyalists",
    "Russian forces",
    "Iran-backed militias",
    "ISIS",
    "HTS",
    "SNA / armed opposition",
    "SDF",
    "US-led coalition",
    "Israel",
    "Turkey",
    # Other states and groups named in the real datasets (Airwars, UCDP, ACLED samples).
    "Jordan",
    "Iraq",
    "United States",
    "United Arab Emirates",
    "Taliban",
    "Afghan government forces",
    "Al Shabaab",
    "Somali government forces",
    "Somaliland forces",
    "Somali clan militias",
    "African Union mission in Somalia",
    "Kenyan government forces",
    "Nigerian government forces",
    "South Sudanese government forces",
    "Libyan government forces",
    "Congolese government forces",
    "Ethiopian government forces",
    "Egyptian government forces",
    "Sudanese government forces",
    "Ugandan government forces",
    "Tanzanian government forces",
    "Rwandan government forces",
    "Central African armed groups",
)

#: First day of the transitional government (Assad fled on 2024-12-08).
TRANSITION_DATE = pd.Timestamp("2024-12-08")

UNATTRIBUTED = "unattributed"
STATUSES: tuple[str, ...] = ("mapped", "ambiguous", "unmapped", "unattributed")

ALIAS_COLUMNS: tuple[str, ...] = ("alias", "actor", "valid_from", "valid_to", "notes")
_RESULT_COLUMNS = ["alias", "actor", "valid_from", "valid_to", "key"]

# Combining marks removed after NFKD: Latin accents, Arabic harakat, hamza and
# madda marks (so أ إ آ all become ا), Quranic marks; plus the tatweel.
_MARKS = (
    "[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]"
)
# Deleted outright, so "U.S." == "US" and "Hay'at" == "Hayat".
_DELETED = "[.'\u2019\u2018\u02bc\u02bb`\u00b4]"

# Sentinels for open validity bounds and unknown claim dates, in days since
# the epoch. Far enough apart that differences never overflow int64.
_OPEN_FROM = np.int64(-(2**40))
_OPEN_TO = np.int64(2**40)
_NAT_DAY = np.iinfo(np.int64).min


def actor_key(text: pd.Series) -> pd.Series:
    """The matching key of each perpetrator string (NaN stays NaN).

    NFKC, casefolded, accents/harakat dropped, ``.`` and apostrophes deleted,
    other punctuation turned into spaces (Arabic letters kept, Arabic
    punctuation removed), spaces collapsed, a leading "the " dropped.
    Arabic alef-maqsura/Persian yeh become yeh and ta marbuta becomes heh.
    """
    s = pd.Series(text, copy=False).astype("str")
    s = (
        s.str.normalize("NFKD")
        .str.replace(_MARKS, "", regex=True)
        .str.normalize("NFKC")
        .str.casefold()
        .str.replace("[\u0649\u06cc]", "\u064a", regex=True)
        .str.replace("\u0629", "\u0647", regex=False)
        .str.replace(_DELETED, "", regex=True)
        .str.replace(r"[^\w\s]|_", " ", regex=True)
        .str.replace(r"\s+", " ", regex=True)
        .str.strip()
        .str.replace(r"^the ", "", regex=True)
    )
    return s


# --------------------------------------------------------------------------
# Loading the alias table


def _canon_column(name: str) -> str:
    return "".join(ch for ch in str(name).strip().lower() if ch not in " -_")


def _read_alias_csv(path: Path) -> pd.DataFrame:
    """Read and validate one alias CSV; raise InputError naming file/line."""
    try:
        raw = pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            encoding="utf-8-sig",
            skip_blank_lines=False,
        )
    except FileNotFoundError:
        raise InputError(str(path), "alias file not found") from None
    except IsADirectoryError:
        raise InputError(str(path), "alias file is a directory") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "alias file is not UTF-8 text") from None
    except pd.errors.EmptyDataError:
        raise InputError(str(path), "alias file is empty") from None
    except pd.errors.ParserError as exc:
        raise InputError(str(path), f"malformed CSV: {exc}") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read alias file: {exc.strerror or exc}") from None

    wanted = {_canon_column(c): c for c in ALIAS_COLUMNS}
    rename = {}
    for col in raw.columns:
        canon = _canon_column(col)
        if canon in wanted and wanted[canon] not in rename.values():
            rename[col] = wanted[canon]
    missing = [c for c in ("alias", "actor") if c not in rename.values()]
    if missing:
        raise InputError(
            str(path),
            "alias file lacks required column(s) " + ", ".join(missing)
            + " (expected alias,actor[,valid_from,valid_to,notes])",
        )
    df = raw[list(rename)].rename(columns=rename)
    for col in ALIAS_COLUMNS:
        if col not in df.columns:
            df[col] = ""
        df[col] = df[col].astype("str").fillna("").str.strip()
    # 1-based file line of each record: header is line 1.
    df["line"] = np.arange(len(df), dtype=np.int64) + 2
    df = df[(df[list(ALIAS_COLUMNS)] != "").any(axis=1)]

    def fail(mask: pd.Series, message: str) -> None:
        if mask.any():
            first = df[mask].iloc[0]
            raise InputError(str(path), message.format(**first.to_dict()), line=int(first["line"]))

    fail(df["alias"] == "", "alias is blank")
    fail(df["actor"] == "", "actor is blank for alias {alias!r}")
    for col in ("valid_from", "valid_to"):
        parsed = pd.to_datetime(df[col].where(df[col] != ""), format="%Y-%m-%d", errors="coerce")
        fail(
            (df[col] != "") & parsed.isna(),
            col + " {" + col + "!r} is not a date (expected YYYY-MM-DD)",
        )
        df[col] = parsed.astype("datetime64[us]")
    fail(
        df["valid_from"].notna() & df["valid_to"].notna() & (df["valid_from"] > df["valid_to"]),
        "valid_from is after valid_to for alias {alias!r}",
    )
    df["key"] = actor_key(df["alias"])
    fail(df["key"] == "", "alias {alias!r} has no letters or digits")
    return df.reset_index(drop=True)


@functools.lru_cache(maxsize=4)
def _bundled(path: str, mtime_ns: int) -> pd.DataFrame:
    return _read_alias_csv(Path(path))


def load_aliases(extra: str | Path | None = None) -> pd.DataFrame:
    """The bundled alias table with the user's table ``extra`` merged over it.

    A user row replaces every bundled row with the same alias key (all of
    that key's periods); new keys are added. Returns columns ``alias``,
    ``actor``, ``valid_from``, ``valid_to`` (datetime64, NaT = open) and
    ``key``. A bad user file raises :class:`InputError` naming the file (and
    the line, for a bad row).
    """
    path = data_file("actors.csv")
    table = _bundled(str(path), path.stat().st_mtime_ns).copy()
    if extra is not None:
        user = _read_alias_csv(Path(extra))
        table = pd.concat(
            [table[~table["key"].isin(user["key"])], user], ignore_index=True
        )
    return table[_RESULT_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------
# Mapping


def _to_days(values: pd.Series | np.ndarray) -> np.ndarray:
    """Dates (datetime64 or ISO strings) -> int64 days since epoch, NaT -> _NAT_DAY."""
    s = pd.Series(values, copy=False)
    if not pd.api.types.is_datetime64_any_dtype(s.dtype):
        s = pd.to_datetime(s, errors="coerce", format="ISO8601")
    if getattr(s.dt, "tz", None) is not None:
        s = s.dt.tz_localize(None)
    return s.to_numpy().astype("datetime64[D]").astype(np.int64)


def _day_str(days: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(days.astype("datetime64[D]"), unit="D").astype(object)


def _period_text(vf: np.ndarray, vt: np.ndarray) -> np.ndarray:
    """'from A', 'until B', 'from A to B' or 'at any time' per alias period."""
    open_f = vf == _OPEN_FROM
    open_t = vt == _OPEN_TO
    f = _day_str(np.where(open_f, 0, vf))
    t = _day_str(np.where(open_t, 0, vt))
    return np.where(
        open_f & open_t,
        "at any time",
        np.where(open_f, "until " + t, np.where(open_t, "from " + f, "from " + f + " to " + t)),
    ).astype(object)


def _alias_days(aliases: pd.DataFrame) -> pd.DataFrame:
    keys = aliases["key"] if "key" in aliases.columns else actor_key(aliases["alias"])
    vf = _to_days(aliases["valid_from"]) if "valid_from" in aliases else np.full(len(aliases), _NAT_DAY)
    vt = _to_days(aliases["valid_to"]) if "valid_to" in aliases else np.full(len(aliases), _NAT_DAY)
    return pd.DataFrame(
        {
            "key": keys.to_numpy(dtype=object),
            "actor": aliases["actor"].astype("str").to_numpy(dtype=object),
            "vf": np.where(vf == _NAT_DAY, _OPEN_FROM, vf),
            "vt": np.where(vt == _NAT_DAY, _OPEN_TO, vt),
        }
    ).dropna(subset=["key", "actor"])


def _join_by_tid(tid: pd.Series, text: pd.Series) -> pd.Series:
    """', '.join of ``text`` per triple id (only called on small subsets)."""
    return text.groupby(tid.to_numpy(), sort=False).agg(", ".join)


def map_actors(
    perpetrator_raw: pd.Series,
    date_start: pd.Series,
    date_end: pd.Series,
    aliases: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Map each perpetrator string to a canonical actor for the claim's dates.

    The three series are aligned by position; the result has the index of
    ``perpetrator_raw`` and columns ``perpetrator``, ``actor_status``
    (mapped / ambiguous / unmapped / unattributed) and ``actor_note``.
    Dates may be datetime64 or ISO strings; a missing end is the start (and
    vice versa); both missing = unknown. ``aliases`` defaults to
    :func:`load_aliases` ().
    """
    n = len(perpetrator_raw)
    if len(date_start) != n or len(date_end) != n:
        raise ValueError("perpetrator_raw, date_start and date_end must have the same length")
    if aliases is None:
        aliases = load_aliases()
    index = perpetrator_raw.index

    # Distinct raw strings -> stripped text and key.
    codes, uniques = pd.factorize(pd.Series(perpetrator_raw, copy=False), use_na_sentinel=True)
    u_text = pd.Series(uniques, dtype=object).astype("str").str.strip()
    u_key = actor_key(u_text)
    u_blank = (u_text.fillna("") == "").to_numpy() | u_key.isna().to_numpy()
    key_codes, key_uniques = pd.factorize(u_key.where(~u_blank), use_na_sentinel=True)
    # A sentinel at the end, so that code -1 (NaN) picks "" / no key.
    row_text = np.append(u_text.fillna("").to_numpy(dtype=object), "")[codes]
    row_key = np.append(key_codes, -1)[codes]

    # Claim dates as day numbers; fill a missing bound from the other one.
    ds = _to_days(date_start)
    de = _to_days(date_end)
    ds, de = np.where(ds == _NAT_DAY, de, ds), np.where(de == _NAT_DAY, ds, de)
    ds, de = np.minimum(ds, de), np.maximum(ds, de)

    perpetrator = row_text.astype(object)
    status = np.full(n, "unmapped", dtype=object)
    note = np.full(n, "", dtype=object)
    unattributed = row_key < 0
    perpetrator[unattributed] = UNATTRIBUTED
    status[unattributed] = "unattributed"

    attributed = np.flatnonzero(~unattributed)
    if len(attributed) and len(aliases):
        alias_days = _alias_days(aliases)
        k, s, e = row_key[attributed], ds[attributed], de[attributed]
        tid = _date_classes(k, s, e, alias_days)
        _, first = np.unique(tid, return_index=True)
        triples = pd.DataFrame({"k": k[first], "s": s[first], "e": e[first], "tid": tid[first]})
        triples["key"] = np.asarray(key_uniques, dtype=object)[triples["k"].to_numpy()]
        t_perp, t_status, t_note, t_reason = _resolve(triples, alias_days, len(first))

        r_perp = t_perp[tid]
        hit = pd.notna(r_perp)
        perpetrator[attributed[hit]] = r_perp[hit]
        status[attributed] = t_status[tid]
        note[attributed] = t_note[tid]
        # Unmapped because of dates: "'<raw text>' names <actor> only <period>".
        r_reason = t_reason[tid]
        why = r_reason != ""
        if why.any():
            idx = attributed[why]
            note[idx] = ("'" + pd.Series(row_text[idx], dtype=object) + "' names "
                         + pd.Series(r_reason[why], dtype=object)).to_numpy(dtype=object)

    return _mapping_frame(perpetrator, status, note, index)


def _mapping_frame(perpetrator: np.ndarray, status: np.ndarray, note: np.ndarray, index: pd.Index) -> pd.DataFrame:
    """The three result columns of a mapping, as text, on ``index``."""
    return pd.DataFrame(
        {
            "perpetrator": pd.Series(perpetrator, index=index, dtype="str"),
            "actor_status": pd.Series(status, index=index, dtype="str"),
            "actor_note": pd.Series(note, index=index, dtype="str"),
        },
        index=index,
    )


def _date_classes(k: np.ndarray, s: np.ndarray, e: np.ndarray, alias_days: pd.DataFrame) -> np.ndarray:
    """Per claim, the id of its class: claims of one class map alike, so each class is resolved once.

    A class is a key with a claim period. Periods that lie between two
    consecutive validity boundaries of the table (every ``valid_from`` and
    the day after every ``valid_to``) are covered wholly or not at all by each
    alias row, so only their length matters, not where they lie: they are
    classed by (key, stretch between boundaries, length). Periods crossing a
    boundary, and unknown dates, keep their own (start, end). This turns a
    million (key, date) pairs into a few thousand classes.
    """
    bounds = np.unique(np.concatenate([
        alias_days["vf"].to_numpy()[alias_days["vf"].to_numpy() != _OPEN_FROM],
        alias_days["vt"].to_numpy()[alias_days["vt"].to_numpy() != _OPEN_TO] + 1,
    ]))
    stretch_s = np.searchsorted(bounds, s, side="right")
    stretch_e = np.searchsorted(bounds, e, side="right")
    within = (s != _NAT_DAY) & (stretch_s == stretch_e)
    first = np.where(within, stretch_s, s)
    second = np.where(within, e - s, e)
    parts = [within.astype(np.int64), k, first, second]
    combined = np.zeros(len(k), dtype=np.int64)
    for part in parts:  # re-numbered after each step, so the ids stay below the row count
        codes, uniques = pd.factorize(part)
        combined = pd.factorize(combined * len(uniques) + codes)[0]
    return combined


def _resolve(triples: pd.DataFrame, alias_days: pd.DataFrame, n_tid: int):
    """Winner, status, note and no-overlap reason for each triple id."""
    t_perp = np.full(n_tid, None, dtype=object)
    t_status = np.full(n_tid, "unmapped", dtype=object)
    t_note = np.full(n_tid, "", dtype=object)
    t_reason = np.full(n_tid, "", dtype=object)

    cand = triples[["tid", "key", "s", "e"]].merge(alias_days, on="key", how="inner")
    if cand.empty:
        return t_perp, t_status, t_note, t_reason

    s = cand["s"].to_numpy()
    e = cand["e"].to_numpy()
    vf = cand["vf"].to_numpy()
    vt = cand["vt"].to_numpy()
    known = s != _NAT_DAY
    overlap = np.where(known, np.maximum(np.minimum(e, vt) - np.maximum(s, vf) + 1, 0), 0)
    cand["ov"] = overlap
    cand["ok"] = (~known) | (overlap > 0)
    cand["known"] = known

    # One line per (triple, actor): days covered, validity span.
    per_actor = (
        cand.groupby(["tid", "actor"], sort=False)
        .agg(ov=("ov", "sum"), ok=("ok", "any"), vf=("vf", "min"), vt=("vt", "max"),
             known=("known", "first"), s=("s", "first"), e=("e", "first"))
        .reset_index()
    )
    days = np.where(per_actor["known"], per_actor["e"] - per_actor["s"] + 1, 0)
    per_actor["ov"] = np.minimum(per_actor["ov"].to_numpy(), days)
    per_actor["days"] = days

    eligible = per_actor[per_actor["ok"]].sort_values(
        ["tid", "ov", "vt", "vf", "actor"], ascending=[True, False, False, False, True],
        kind="stable",
    )
    first = ~eligible["tid"].duplicated()
    winners = eligible[first]
    w_tid = winners["tid"].to_numpy()
    t_perp[w_tid] = winners["actor"].to_numpy(dtype=object)
    t_status[w_tid] = "mapped"

    losers = eligible[~first]
    if len(losers):
        l_tid = losers["tid"]
        coverage = np.where(
            losers["known"],
            losers["ov"].astype(str) + " of " + losers["days"].astype(str) + " days",
            _period_text(losers["vf"].to_numpy(), losers["vt"].to_numpy()),
        )
        pieces = losers["actor"].astype(object) + " (" + pd.Series(coverage, index=losers.index) + ")"
        joined = _join_by_tid(l_tid, pieces)
        a_tid = joined.index.to_numpy()
        t_status[a_tid] = "ambiguous"
        prefix = np.where(triples.set_index("tid").loc[a_tid, "s"].to_numpy() == _NAT_DAY,
                          "claim dates unknown, chose the most recent; also matches ",
                          "also matches ")
        t_note[a_tid] = prefix + joined.to_numpy(dtype=object)

    # Keys in the table whose periods all miss the claim: say when they apply.
    missed = cand[~cand["tid"].isin(w_tid)]
    if len(missed):
        missed = missed.sort_values(["tid", "vf", "actor"], kind="stable")
        pieces = missed["actor"].astype(object) + " only " + pd.Series(
            _period_text(missed["vf"].to_numpy(), missed["vt"].to_numpy()), index=missed.index
        )
        joined = _join_by_tid(missed["tid"], pieces)
        t_reason[joined.index.to_numpy()] = joined.to_numpy(dtype=object)

    return t_perp, t_status, t_note, t_reason


# --------------------------------------------------------------------------
# Lists of actors

#: what separates the actors of a list: "Russian Military; Iranian Military", "HTS, Southern Front".
LIST_SEPARATOR = r"\s*[;,]\s*"


def map_actor_lists(
    perpetrator_raw: pd.Series,
    date_start: pd.Series,
    date_end: pd.Series,
    aliases: pd.DataFrame | None = None,
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
    if aliases is None:
        aliases = load_aliases()
    result = map_actors(perpetrator_raw, date_start, date_end, aliases)
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
    })
    tid = rows.groupby(["raw", "s", "e"], sort=False, dropna=False).ngroup().to_numpy()
    triples = rows.assign(tid=tid).drop_duplicates("tid")
    parts = triples.assign(part=triples["raw"].str.split(LIST_SEPARATOR, regex=True)).explode("part")
    parts = parts.loc[parts["part"].str.strip() != ""].reset_index(drop=True)
    mapped = map_actors(parts["part"], parts["s"], parts["e"], aliases)
    parts = parts.join(mapped)
    parts["ok"] = parts["actor_status"].isin(["mapped", "ambiguous"])
    per_triple = parts.groupby("tid", sort=False).agg(
        ok=("ok", "all"),
        ambiguous=("actor_status", lambda s: (s == "ambiguous").any()),
        actors=("perpetrator", lambda s: "; ".join(sorted(set(s)))),
        unmapped=("part", lambda s: ""),
    )
    failed = parts.loc[~parts["ok"]].groupby("tid", sort=False)["part"].agg(lambda s: ", ".join(f"'{p}'" for p in s))
    per_triple["unmapped"] = failed.reindex(per_triple.index).fillna("")
    per_triple = per_triple.reindex(np.arange(tid.max() + 1))

    index = np.flatnonzero(listed)
    ok = per_triple["ok"].fillna(False).to_numpy(dtype=bool)[tid]
    perpetrator = result["perpetrator"].to_numpy(dtype=object)
    status = result["actor_status"].to_numpy(dtype=object)
    note = result["actor_note"].to_numpy(dtype=object)
    perpetrator[index[ok]] = per_triple["actors"].to_numpy(dtype=object)[tid][ok]
    status[index[ok]] = np.where(per_triple["ambiguous"].to_numpy(dtype=bool)[tid][ok], "ambiguous", "mapped")
    note[index[ok]] = "several actors named: each mapped"
    note[index[~ok]] = "several actors named; not mapped: " + per_triple["unmapped"].to_numpy(dtype=object)[tid][~ok]
    return _mapping_frame(perpetrator, status, note, result.index)
