"""Synthetic claims in the generic format, shaped like real monitor data.

    python benchmarks/generate.py 1000000 -o claims-1m.csv [--seed 7] [--no-labels]

or, from Python (tests, ``benchmarks/run.py``)::

    from benchmarks.generate import generate
    frame = generate(10_000, seed=7)          # pandas DataFrame, every cell text

What the rows look like, and why:

* incidents spread uniformly over ``DAYS`` days from 2012-07-01 and the 14
  governorates, so a file of ``n`` claims has about ``n / (14 * 4700)`` claims
  per governorate-day (1M claims: about 15), the density a blocking matcher
  meets on real data;
* each incident has one to three groups (perpetrator x victim category), each
  group one to five sources (SOHR, SNHR, VDC, ACLED, UCDP, Airwars,
  ministries ...), and some sources revise their figure (same group, later
  ``published``, larger figure);
* figure texts in every phrasing ``reconcile.figures`` reads (exact, number
  words, Arabic-Indic and Eastern Arabic-Indic digits, approximately, more
  than, at least, up to, nearly, ranges, vague quantities, Arabic
  qualifiers), heavily repeated as in real data;
* perpetrators in the many vocabularies of ``data/actors/aliases.csv``, each alias
  used only where its validity covers the incident's dates (so "government
  forces" names Assad's forces before 2024-12-08 and the transitional
  government's after), plus unmapped strings and blanks;
* governorate spelling variants (Latakia/Lattakia/اللاذقية ...);
* about 1 % bad rows: unreadable figures, impossible dates, ``date_end``
  before ``date_start`` (one fault a row, so each is one rejected row).

Everything is vectorised with numpy; text is formatted once per distinct
value and spread with ``take``. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
FIRST_DAY = np.datetime64("2012-07-01")
DAYS = 4_700
TRANSITION = np.datetime64("2024-12-08")
BAD_SHARE = 0.01
COLUMNS = ["incident", "source", "figure", "date_start", "date_end", "victims", "perpetrator", "place",
           "published"]

SOURCES = {
    "SOHR": 0.22, "SNHR": 0.18, "VDC": 0.08, "ACLED": 0.16, "UCDP": 0.10, "Airwars": 0.06,
    "Syrian Ministry of Health": 0.05, "Ministry of Defence": 0.04, "Ministry of Interior": 0.03,
    "OHCHR": 0.04, "news report": 0.04,
}

GOVERNORATES = [
    ["Latakia", "Lattakia", "اللاذقية", "Latakia Governorate"],
    ["Idlib", "Idleb", "إدلب"],
    ["Rif Dimashq", "Rural Damascus", "Damascus countryside", "ريف دمشق"],
    ["Deir ez-Zor", "Deir-ez-Zor", "Deir Ezzor", "دير الزور"],
    ["Tartus", "Tartous", "طرطوس"],
    ["Aleppo", "Halab", "حلب"],
    ["Homs", "حمص"],
    ["Hama", "Hamah", "حماة"],
    ["Daraa", "Dar'a", "Deraa", "درعا"],
    ["Raqqa", "Ar-Raqqa", "Ar Raqqah", "الرقة"],
    ["Al-Hasakah", "Hasakah", "Al Hasakah", "الحسكة"],
    ["As-Suwayda", "Sweida", "Suwayda", "السويداء"],
    ["Quneitra", "Al-Quneitra", "القنيطرة"],
    ["Damascus", "Dimashq", "دمشق"],
]

#: canonical category -> spellings sources use ("" is a blank cell: total).
VICTIMS = {
    "total": ["", "total", "killed", "deaths", "people"],
    "civilians": ["civilians", "civilian", "Civilians", "non-combatants", "مدنيين"],
    "children": ["children", "child", "minors", "أطفال"],
    "women": ["women", "نساء"],
    "combatants": ["combatants", "fighters", "militants", "مقاتلين"],
    "security_personnel": ["security personnel", "police", "security forces personnel", "عناصر الأمن"],
}
VICTIM_WEIGHTS = {"total": 0.40, "civilians": 0.30, "children": 0.10, "women": 0.05, "combatants": 0.10,
                  "security_personnel": 0.05}

#: canonical actor -> weight before and after 2024-12-08 (0: absent in that era).
ACTOR_WEIGHTS = {
    "Assad government forces": (0.34, 0.0),
    "Transitional government forces": (0.0, 0.34),
    "Assad loyalists": (0.0, 0.14),
    "Russian forces": (0.10, 0.01),
    "Iran-backed militias": (0.05, 0.0),
    "ISIS": (0.10, 0.07),
    "HTS": (0.06, 0.02),
    "SNA / armed opposition": (0.10, 0.08),
    "SDF": (0.08, 0.12),
    "US-led coalition": (0.07, 0.04),
    "Israel": (0.04, 0.12),
    "Turkey": (0.06, 0.06),
}
UNMAPPED = ["unidentified gunmen", "unknown assailants", "armed men", "مجهولون", "unidentified aircraft"]
GOVERNMENT_WORDS = "government forces"

_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_EASTERN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
        "sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str:
    """English words for 0 <= n < 1,000,000: 725 -> "seven hundred and twenty-five"."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else "-" + _ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + ("" if rest == 0 else " and " + number_words(rest))
    rest = n % 1000
    return number_words(n // 1000) + " thousand" + ("" if rest == 0 else " " + number_words(rest))


def _ar(n: int) -> str:
    return str(n).translate(_ARABIC_DIGITS)


# Figure templates: (family, weight, formatter of (a, b)). ``a`` is the number,
# ``b`` the upper end of a range. Families are the qualifiers the parser returns.
TEMPLATES = [
    ("exact", 0.30, lambda a, b: str(a)),
    ("exact", 0.06, lambda a, b: f"{a:,}"),
    ("exact", 0.03, lambda a, b: f"{a} killed"),
    ("exact", 0.02, lambda a, b: number_words(a) if a < 1000 else f"{a:,}"),
    ("exact", 0.03, lambda a, b: _ar(a)),
    ("exact", 0.01, lambda a, b: str(a).translate(_EASTERN_DIGITS)),
    ("approximately", 0.04, lambda a, b: f"approximately {a}"),
    ("approximately", 0.02, lambda a, b: f"about {a:,}"),
    ("approximately", 0.02, lambda a, b: f"around {a}"),
    ("approximately", 0.01, lambda a, b: f"some {a}"),
    ("approximately", 0.01, lambda a, b: f"roughly {a}"),
    ("approximately", 0.005, lambda a, b: f"~{a}"),
    ("approximately", 0.005, lambda a, b: f"{a} or so"),
    ("approximately", 0.02, lambda a, b: f"نحو {_ar(a)}"),
    ("approximately", 0.01, lambda a, b: f"حوالي {a}"),
    ("more than", 0.05, lambda a, b: f"more than {a:,}"),
    ("more than", 0.03, lambda a, b: f"over {a:,}"),
    ("more than", 0.01, lambda a, b: f"{a}+"),
    ("more than", 0.01, lambda a, b: f"{a} or more"),
    ("more than", 0.01, lambda a, b: f"more than {a} civilians"),
    ("more than", 0.02, lambda a, b: f"أكثر من {_ar(a)}"),
    ("at least", 0.04, lambda a, b: f"at least {a}"),
    ("at least", 0.01, lambda a, b: f"no fewer than {a}"),
    ("at least", 0.01, lambda a, b: f"a minimum of {a}"),
    ("at least", 0.02, lambda a, b: f"ما لا يقل عن {_ar(a)}"),
    ("up to", 0.02, lambda a, b: f"up to {a}"),
    ("up to", 0.01, lambda a, b: f"as many as {a}"),
    ("up to", 0.01, lambda a, b: f"at most {a}"),
    ("nearly", 0.02, lambda a, b: f"nearly {a}"),
    ("nearly", 0.01, lambda a, b: f"almost {a}"),
    ("nearly", 0.005, lambda a, b: f"just under {a}"),
    ("range", 0.025, lambda a, b: f"{a}-{b}"),
    ("range", 0.01, lambda a, b: f"{a} to {b}"),
    ("range", 0.01, lambda a, b: f"between {a} and {b}"),
    ("range", 0.005, lambda a, b: f"{a}–{b}"),
    ("range", 0.005, lambda a, b: f"بين {_ar(a)} و {_ar(b)}"),
    ("vague", 0.01, lambda a, b: "dozens"),
    ("vague", 0.004, lambda a, b: "tens"),
    ("vague", 0.003, lambda a, b: "scores"),
    ("vague", 0.003, lambda a, b: "hundreds"),
    ("vague", 0.003, lambda a, b: "dozens of civilians"),
    ("vague", 0.003, lambda a, b: "عشرات"),
]
FAMILIES = sorted({family for family, _, _ in TEMPLATES})
BAD_FIGURES = ["many", "several", "unknown", "a few", "700 civilians and 300 fighters", "-5", "n/a"]
IMPOSSIBLE_DATES = ["2019-02-30", "2021-13-01", "2023-04-31", "2016-00-10", "2015-06-31"]


def _weights(values) -> np.ndarray:
    w = np.asarray(list(values), dtype=float)
    return w / w.sum()


def _choice_in(rng: np.random.Generator, pools: list[list[str]], which: np.ndarray) -> np.ndarray:
    """For each row, a uniformly chosen entry of ``pools[which[row]]`` (object array)."""
    flat = np.array([x for pool in pools for x in pool], dtype=object)
    sizes = np.array([len(pool) for pool in pools])
    offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    pick = (rng.random(len(which)) * sizes[which]).astype(np.int64)
    return flat[offsets[which] + pick]


def _day_text(days: np.ndarray, style: np.ndarray | None = None) -> np.ndarray:
    """Day numbers (since FIRST_DAY) -> text; style 0 ISO, 1 "7 March 2025", 2 "07/03/2025".

    Formatted once per distinct (day, style), spread with take.
    """
    style = np.zeros(len(days), dtype=np.int64) if style is None else style
    keys, inverse = np.unique(days * 4 + style, return_inverse=True)
    stamps = pd.to_datetime(FIRST_DAY + keys // 4)
    formats = np.array(["%Y-%m-%d", "%-d %B %Y", "%d/%m/%Y"], dtype=object)
    distinct = np.array(
        [stamp.strftime(fmt) for stamp, fmt in zip(stamps, formats[keys % 4], strict=True)], dtype=object
    )
    return distinct[inverse]


def _alias_pools() -> dict[tuple[str, int], list[str]]:
    """(canonical actor, era) -> the bundled aliases naming it in Syria throughout the era
    (0: before 2024-12-08, 1: from it), as the resolver reads them from the alias table alone."""
    from reconcile.actors import load_aliases, map_actors

    table = load_aliases()
    aliases = table["alias"].drop_duplicates().reset_index(drop=True)
    syria = pd.Series("SY", index=aliases.index)
    pools: dict[tuple[str, int], list[str]] = {}
    for era, days in enumerate((("2012-01-01", "2024-12-07"), ("2024-12-08", "2026-12-31"))):
        first, last = (map_actors(aliases, pd.Series(day, index=aliases.index), pd.Series(day, index=aliases.index),
                                  table, syria, infer=False) for day in days)
        same = (first["actor_status"] == "mapped") & (last["actor_status"] == "mapped") & \
            (first["perpetrator"] == last["perpetrator"])
        for alias, actor in zip(aliases[same], first.loc[same, "perpetrator"], strict=True):
            pools.setdefault((actor, era), []).append(alias)
    return pools


def _figure_texts(value: np.ndarray, template: np.ndarray) -> np.ndarray:
    """Figure text per row from its number and template; each distinct pair formatted once.

    A range runs from the number to 20 % above it (at least one more).
    """
    keys, inverse = np.unique(template.astype(np.int64) << 40 | value, return_inverse=True)
    texts = np.array(
        [TEMPLATES[k >> 40][2](int(a), int(a + max(1, round(a * 0.2)))) for k, a in zip(keys, keys & (2**40 - 1))],
        dtype=object,
    )
    return texts[inverse]


#: claims per place in ``places="world"`` mode: the density stays the same whatever ``n``.
CLAIMS_PER_PLACE = 1_500


def world_places(n: int) -> list[list[str]]:
    """First-level units of every country (ISO 3166-2, from pycountry), as many as keep
    about :data:`CLAIMS_PER_PLACE` claims per unit: name and code as spellings."""
    import pycountry

    units = sorted(pycountry.subdivisions, key=lambda s: s.code)
    units = [u for u in units if u.parent_code is None]
    count = min(len(units), max(len(GOVERNORATES), n // CLAIMS_PER_PLACE))
    step = max(1, len(units) // count)
    return [[u.name, u.code] for u in units[::step][:count]]


def generate(n: int, seed: int = 0, labelled: bool = True, places: str = "syria") -> pd.DataFrame:
    """``n`` synthetic claims (every cell text) in the generic claims format; see the module docstring.

    ``labelled=False`` leaves out the ``incident`` column, so incidents must be matched.
    ``places="world"`` spreads the claims over first-level units of every country,
    more units for more claims, so that claims per place-day stay constant (the shape of a
    global dataset such as UCDP GED, and what near-linear matching is measured on);
    ``"syria"`` puts every claim in one of Syria's 14 governorates.
    """
    rng = np.random.default_rng(seed)
    if n <= 0:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in COLUMNS if labelled or c != "incident"})

    # Incidents: day, length, governorate, main actor, era.
    n_incidents = max(1, int(n / 4.2) + 16)
    start = rng.integers(0, DAYS, n_incidents)
    length = np.where(rng.random(n_incidents) < 0.88, 0,
                      np.where(rng.random(n_incidents) < 0.85, rng.integers(1, 4, n_incidents),
                               rng.integers(4, 30, n_incidents)))
    end = start + length
    place_pool = world_places(n) if places == "world" else GOVERNORATES
    governorate = rng.integers(0, len(place_pool), n_incidents)
    transition_day = int((TRANSITION - FIRST_DAY).astype(int))
    # The era of an incident: where most of its days lie (crossing incidents exercise ambiguity).
    era = ((start + end) / 2 >= transition_day).astype(np.int64)
    actors = list(ACTOR_WEIGHTS)
    actor = np.empty(n_incidents, dtype=np.int64)
    for e in (0, 1):
        rows = np.flatnonzero(era == e)
        actor[rows] = rng.choice(len(actors), size=len(rows), p=_weights(w[e] for w in ACTOR_WEIGHTS.values()))

    # Groups: 1-3 per incident, each a victim category (distinct within the incident).
    groups_per = rng.choice([1, 2, 3], size=n_incidents, p=[0.5, 0.3, 0.2])
    g_incident = np.repeat(np.arange(n_incidents), groups_per)
    g_rank = np.arange(len(g_incident)) - np.repeat(np.cumsum(groups_per) - groups_per, groups_per)
    categories = list(VICTIM_WEIGHTS)
    first = rng.choice(len(categories), size=n_incidents, p=_weights(VICTIM_WEIGHTS.values()))
    g_victims = (first[g_incident] + g_rank) % len(categories)
    g_base = np.clip(np.ceil(np.exp(rng.normal(1.4, 1.3, len(g_incident)))), 1, 5_000).astype(np.int64)

    # Sources per group: 1-5 distinct, weighted (exponential race = weighted sampling without replacement).
    sources = list(SOURCES)
    k = rng.choice([1, 2, 3, 4, 5], size=len(g_incident), p=[0.2, 0.3, 0.28, 0.15, 0.07])
    race = rng.exponential(size=(len(g_incident), len(sources))) / _weights(SOURCES.values())
    order = np.argsort(race, axis=1)
    c_group = np.repeat(np.arange(len(g_incident)), k)
    c_rank = np.arange(len(c_group)) - np.repeat(np.cumsum(k) - k, k)
    c_source = order[c_group, c_rank]

    # Revisions: a later claim by the same source for the same group, with a larger figure.
    revisions = np.where(rng.random(len(c_group)) < 0.08, 1, 0) + np.where(rng.random(len(c_group)) < 0.02, 1, 0)
    copies = 1 + revisions
    c_group = np.repeat(c_group, copies)
    c_source = np.repeat(c_source, copies)
    c_revision = np.arange(len(c_group)) - np.repeat(np.cumsum(copies) - copies, copies)
    if len(c_group) < n:  # the averages above fall short only for tiny n
        extra = rng.integers(0, len(c_group), n - len(c_group))
        c_group, c_source = np.concatenate([c_group, c_group[extra]]), np.concatenate([c_source, c_source[extra]])
        c_revision = np.concatenate([c_revision, c_revision[extra] + 3])
    c_group, c_source, c_revision = c_group[:n], c_source[:n], c_revision[:n]
    inc = g_incident[c_group]

    # Figures: the group's base, each source's own reading, revisions larger; some wild disagreements.
    noise = np.where(rng.random(n) < 0.5, 1.0, np.exp(rng.normal(0, 0.3, n)))
    noise = np.where(rng.random(n) < 0.05, noise * rng.choice([0.2, 5.0], n), noise)
    growth = (1 + rng.uniform(0.1, 0.5, n)) ** c_revision
    value = np.maximum(1, np.round(g_base[c_group] * noise * growth)).astype(np.int64)
    value = np.where(value > 200, np.round(value, -1), value).astype(np.int64)
    template = rng.choice(len(TEMPLATES), size=n, p=_weights(t[1] for t in TEMPLATES))
    figure = _figure_texts(value, template)

    # Dates: mostly ISO, some day-first spellings; single days often without date_end.
    style = rng.choice(3, size=n, p=[0.95, 0.03, 0.02])
    date_start = _day_text(start[inc], style)
    date_end = _day_text(end[inc], style)
    date_end = np.where((length[inc] == 0) & (rng.random(n) < 0.5), "", date_end)
    lag = rng.integers(1, 15, n) + c_revision * rng.integers(3, 60, n)
    published = _day_text(end[inc] + lag)
    published = np.where(rng.random(n) < 0.08, "", published)

    # Perpetrators: an alias valid in the incident's era; "government forces" often; some other
    # actor (attribution conflicts), some unmapped, some blank.
    pools = _alias_pools()
    c_actor = actor[inc].copy()
    other = rng.random(n) < 0.05
    c_actor[other] = rng.integers(0, len(actors), int(other.sum()))
    c_era = era[inc]
    present = np.array([[bool(pools.get((a, e))) for e in (0, 1)] for a in actors])
    absent = ~present[c_actor, c_era]
    c_actor[absent] = actor[inc][absent]  # the incident's own actor always exists in its era
    pool_keys = [(a, e) for a in actors for e in (0, 1)]
    pool_lists = [pools.get(key) or [""] for key in pool_keys]
    perpetrator = _choice_in(rng, pool_lists, c_actor * 2 + c_era)
    governments = np.isin(c_actor, [actors.index("Assad government forces"),
                                    actors.index("Transitional government forces")])
    perpetrator = np.where(governments & (rng.random(n) < 0.3), GOVERNMENT_WORDS, perpetrator)
    roll = rng.random(n)
    perpetrator = np.where(roll < 0.15, "", np.where(roll < 0.18, rng.choice(UNMAPPED, n), perpetrator))

    victims = _choice_in(rng, list(VICTIMS.values()), g_victims[c_group])
    place = _choice_in(rng, place_pool, governorate[inc])
    place = np.where(rng.random(n) < 0.03, "", place)

    # Bad rows, one fault each: figure, impossible date, date_end before date_start.
    bad = np.flatnonzero(rng.random(n) < BAD_SHARE)
    kind = rng.integers(0, 3, len(bad))
    figure[bad[kind == 0]] = rng.choice(BAD_FIGURES, int((kind == 0).sum()))
    date_start[bad[kind == 1]] = rng.choice(IMPOSSIBLE_DATES, int((kind == 1).sum()))
    date_end[bad[kind == 1]] = ""
    backwards = bad[kind == 2]
    date_end[backwards] = _day_text(start[inc[backwards]] - rng.integers(1, 6, len(backwards)))
    date_start[backwards] = _day_text(start[inc[backwards]])

    columns = {
        "incident": _labels(inc) if labelled else None,
        "source": np.array(sources, dtype=object)[c_source],
        "figure": figure,
        "date_start": date_start,
        "date_end": date_end,
        "victims": victims,
        "perpetrator": perpetrator,
        "place": place,
        "published": published,
    }
    return pd.DataFrame(
        {name: pd.Categorical(values) for name, values in columns.items() if values is not None}
    )


def _labels(incident: np.ndarray) -> np.ndarray:
    keys, inverse = np.unique(incident, return_inverse=True)
    return np.array([f"inc-{k:07d}" for k in keys], dtype=object)[inverse]


def _quoted(text: str) -> str:
    """A CSV cell: quoted only where it must be (delimiter, quote, line break, edge spaces)."""
    if any(ch in text for ch in ',"\n\r') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as UTF-8 CSV with a header, quoting like a person's spreadsheet export.

    Cells are quoted once per distinct value; rows are joined by pyarrow, not in Python.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for name in frame.columns:
        codes, uniques = pd.factorize(frame[name])
        cells = pa.array([_quoted(str(u)) for u in uniques] + [""], type=pa.large_string())
        columns.append(pc.take(cells, pa.array(np.where(codes < 0, len(uniques), codes))))
    lines = pc.binary_join_element_wise(*columns, pa.scalar(",", pa.large_string()))
    lines = pc.binary_join_element_wise(lines, pa.scalar("", pa.large_string()), pa.scalar("\n", pa.large_string()))
    lines = lines.combine_chunks() if isinstance(lines, pa.ChunkedArray) else lines
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)[lines.offset:lines.offset + len(lines) + 1]
    body = lines.buffers()[2].to_pybytes()[offsets[0]:offsets[-1]] if len(lines) else b""
    header = ",".join(_quoted(c) for c in frame.columns) + "\n"
    return header.encode() + body


def write_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """Write ``frame`` as a UTF-8 CSV file (see :func:`to_csv_bytes`)."""
    Path(path).write_bytes(to_csv_bytes(frame))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write N synthetic claims in the generic claims format.")
    parser.add_argument("n", type=int, help="number of claims (rows)")
    parser.add_argument("-o", "--output", required=True, type=Path, help="CSV file to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--no-labels", action="store_true", help="leave out the incident column")
    parser.add_argument("--places", choices=["syria", "world"], default="syria",
                        help="syria: 14 governorates; world: first-level units of every country, "
                        "more for more claims (constant density)")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    frame = generate(args.n, seed=args.seed, labelled=not args.no_labels, places=args.places)
    write_csv(frame, args.output)
    print(f"wrote {len(frame):,} claims to {args.output} in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
