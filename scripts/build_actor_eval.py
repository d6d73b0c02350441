"""Build tests/data/actor_phrases.csv from the two labelled lists beside it.

``actor_phrases_published.csv`` (phrases copied from published pages, each
with its URL and sentence), ``actor_phrases_realdata.csv`` (every distinct
actor string of ../shared/realdata) and ``actor_phrases_heldout.csv`` (more
published phrases, compiled after the grammar was tuned on the first file and
never used to tune it) and ``actor_phrases_heldout2.csv`` (a second held-out
set, compiled blind to the resolver after the first held-out set had been read) and
``actor_phrases_heldout3.csv`` (a third, compiled blind after the second had been tuned on) and
``actor_phrases_heldout4.csv`` and ``actor_phrases_heldout5.csv`` (a fourth and a fifth, likewise) carry labels of ``ACTOR_LABELS.md``. Here
they become catalogue references (``state:SY``, ``group:hts``) or
``unmapped``; a named group the catalogue does not hold stays
``absent:<name>`` (the right answer is an actor we do not have: mapping it
to anything is wrong, leaving it unmapped is a coverage miss).

Syrian opposition factions and pro-Assad militias that the bundled alias
table files under the umbrella actors (``group:syrian-opposition``,
``aligned:SY``) are labelled so, with a note: the catalogue's granularity.

Run from the repository root: ``python scripts/build_actor_eval.py``.
"""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
GROUPS = {
    "Rapid Support Forces": "group:rsf", "Houthis": "group:houthis", "Islamic State": "group:islamic-state",
    "Saudi-led coalition": "group:saudi-coalition", "al-Shabaab": "group:al-shabaab", "M23": "group:m23",
    "Boko Haram": "group:boko-haram", "ISWAP": "group:iswap", "ISKP": "group:iskp", "Arakan Army": "group:arakan-army",
    "Hamas": "group:hamas", "Taliban": "group:taliban", "Hezbollah": "group:hezbollah", "JNIM": "group:jnim",
    "US-led coalition": "group:us-coalition", "Syrian armed opposition": "group:syrian-opposition",
    "Palestinian Islamic Jihad": "group:pij", "SDF": "group:sdf", "Wagner Group": "group:wagner",
    "AU mission in Somalia": "group:amisom", "Somaliland": "group:somaliland", "Hayat Tahrir al-Sham": "group:hts",
    "Jabhat al-Nusra": "group:nusra", "Turkistan Islamic Party": "group:tip", "PKK": "group:pkk",
    "Tigray forces": "group:tplf", "Kachin Independence Army": "group:kia",
    "People's Defence Force (Myanmar)": "group:pdf", "People's Defence Force": "group:pdf",
    "Southern Transitional Council": "group:stc", "al-Qaeda in the Arabian Peninsula": "group:aqap",
    "Fano": "group:fano", "Libyan National Army": "group:lna", "Ansar al-Sunna": "group:ansar-al-sunna",
    "CODECO": "group:codeco", "Allied Democratic Forces": "group:adf",
    "Union for Peace in the Central African Republic": "group:upc-cf", "SPLA-IO": "group:splm-io",
}
#: "X and allied forces" read as X's side (ACTOR_LABELS.md): the labellers left these unmapped.
SIDES = {
    "Syrian government / Assad regime and allies": "state:SY",
    "Syrian government forces and pro-government Shabiha, according to UN investigators and cited reports": "state:SY",
    "State of Guatemala and allied forces": "state:GT",
    "Government of Sri Lanka and allied security forces": "state:LK",
    "Sudanese Armed Forces (SAF) and allied forces": "state:SD",
    "Government of El Salvador and allied forces": "state:SV",
    "Russian Federation and allied/proxy forces": "state:RU",
    "FRELIMO-led Government of Mozambique and allied forces": "state:MZ",
    "Government of South Sudan / SPLA-SSPDF and allied forces": "state:SS",
    "Government of Sudan and allied Janjaweed / RSF-type forces": "state:SD",
    "Congolese central government and pro-government forces": "state:CD",
    "Somali governments and allied international forces": "state:SO",
    "regime forces and allied gunmen": "state:SY",
    "Al-Shabaab and allied jihadist or Islamist insurgent forces": "group:al-shabaab",
    "SPLM/A-IO and allied opposition forces": "group:splm-io",
    "Amal Movement and allied Shi'a/Lebanese units": "group:amal",
    "the terrorist groups Nusra Front [al-Qaeda's affiliate in Syria] and its allies": "group:nusra",
    "the paramilitaries and allied militias": "group:rsf",  # Sudan 2023: the RSF's side
    "Operation Peace Spring": "state:TR",  # ACLED's actor: Turkey's operation with its SNA factions
}
UMBRELLA = {"group:syrian-opposition", "aligned:SY@assad"}
COLUMNS = ["text", "date", "country", "place", "language", "expected", "label", "part", "url", "quote", "file",
           "notes"]


def _reference(label: str) -> str:
    """A label as a catalogue reference: a state's period id ("state:SY@assad") counts as its
    reference, a group's name or id ("group:Islamic State", "group:islamic-state") as the id."""
    if label == "unmapped" or label.startswith(("state:", "aligned:", "loyalists:")):
        return label.split("@")[0]
    if label in GROUPS.values():
        return label
    name = label.split(":", 1)[1]
    return GROUPS.get(name) or _catalogue_names().get(name.casefold(), f"absent:{name}")


def _catalogue_names() -> dict[str, str]:
    """The bundled catalogue's display names (folded) -> ids: a group the labellers named that the
    catalogue holds under that name."""
    path = DATA.parents[1] / "data" / "actors" / "catalogue.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["name"].casefold(): row["id"] for row in csv.DictReader(handle)}


def _umbrella(text: str) -> str | None:
    """The umbrella actor the bundled alias table files ``text`` under, if any."""
    import sys

    sys.path.insert(0, str(DATA.parents[1]))
    from reconcile.actors import actor_key, load_aliases

    table = load_aliases()
    key = actor_key(__import__("pandas").Series([text])).iloc[0]
    hits = set(table.loc[table["key"] == key, "actor"])
    return next(iter(hits)) if len(hits) == 1 and hits <= UMBRELLA else None


def _lists(rows: list[dict]) -> None:
    """A list ("YPG, Russian Military") whose every part is labelled on its own row (same country)
    is expected to map to its parts' actors, as the tool blames one claim on all of them."""
    import re

    labelled = {(r["text"].strip(), r["country"]): r["expected"] for r in rows}
    for row in rows:
        parts = [p.strip() for p in re.split(r"\s*[;,]\s*", row["text"]) if p.strip()]
        if len(parts) < 2 or row["expected"] != "unmapped":
            continue
        found = [labelled.get((part, row["country"])) or _umbrella(part) for part in parts]
        found = [f.split("@")[0] if f else f for f in found]
        if all(f and not f.startswith(("unmapped", "absent")) for f in found):
            row["expected"] = "; ".join(sorted(set(found)))
            row["notes"] = (row["notes"] + "; " if row["notes"] else "") + "a list: each part's own label"


def main() -> None:
    rows = []
    parts = (("published", "actor_phrases_published.csv"), ("realdata", "actor_phrases_realdata.csv"),
             ("heldout", "actor_phrases_heldout.csv"), ("heldout2", "actor_phrases_heldout2.csv"),
             ("heldout3", "actor_phrases_heldout3.csv"), ("heldout4", "actor_phrases_heldout4.csv"),
             ("heldout5", "actor_phrases_heldout5.csv"))
    for part, name in parts:
        with open(DATA / name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                expected = _reference(row["expected"])
                notes = row.get("notes", "")
                umbrella = _umbrella(row["text"]) if expected.startswith("absent:") else None
                if umbrella:
                    expected = umbrella.split("@")[0]
                    notes = (notes + "; " if notes else "") + \
                        f"{row['expected'][6:]} is filed under {umbrella} (the catalogue's granularity)"
                if row["text"] in SIDES:
                    expected = SIDES[row["text"]]
                    notes = (notes + "; " if notes else "") + "relabelled: 'X and allied forces' is X's side"
                rows.append({**{c: row.get(c, "") for c in COLUMNS}, "expected": expected, "label": row["expected"],
                             "part": part, "notes": notes})
    _lists(rows)
    with open(DATA / "actor_phrases.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} rows")


if __name__ == "__main__":
    main()
