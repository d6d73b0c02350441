"""The place tables in data/places/: unit tables, aliases, sites, regions, surroundings, words."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pycountry
import pytest

from reconcile.places import gazetteer, loading, resolve_places
from reconcile.resources import data_file

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
#: The tables besides Syria's: their country and the OCHA ISO3 code of their p-codes.
TABLES = {"afghanistan.csv": ("AF", "AFG"), "myanmar.csv": ("MM", "MMR"), "nigeria.csv": ("NG", "NGA"),
          "palestine.csv": ("PS", "PSE"), "somalia.csv": ("SO", "SOM"), "ukraine.csv": ("UA", "UKR"),
          "yemen.csv": ("YE", "YEM")}


def rows(name: str) -> list[dict]:
    with data_file("places", name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def all_units() -> dict[str, dict]:
    return {r["code"]: r for table in loading.unit_tables() for r in rows(table)}


def test_the_unit_tables_are_found():
    assert loading.unit_tables() == ["syria.csv", *sorted(TABLES)]


@pytest.mark.parametrize("table", sorted(TABLES))
def test_unit_table_integrity(table):
    country, _ = TABLES[table]
    table_rows = rows(table)
    codes = [r["code"] for r in table_rows]
    assert len(codes) == len(set(codes)), "codes must be unique"
    by_code = {r["code"]: r for r in table_rows}
    for r in table_rows:
        level = int(r["level"])
        assert r["name"].strip() and r["source"].strip(), r
        if level == 0:
            assert r["code"] == country and r["parent"] == ""
            continue
        assert r["parent"] in by_code, f"{r['code']}: parent {r['parent']} missing"
        assert int(by_code[r["parent"]]["level"]) == level - 1, r["code"]
        if level == 1:
            assert re.fullmatch(rf"{country}-[A-Z0-9]{{2,3}}", r["code"]) and r["parent"] == country
        else:
            assert re.fullmatch(re.escape(r["parent"]) + r"/[a-z0-9]+(-[a-z0-9]+)*", r["code"]), r["code"]
        for alias in r["aliases"].split("|") if r["aliases"] else []:
            assert alias == alias.strip() and alias, (r["code"], alias)
    # the first-level units are ISO 3166-2's, all of them
    iso = {s.code for s in pycountry.subdivisions.get(country_code=country)}
    assert {r["code"] for r in table_rows if r["level"] == "1"} == iso


def test_aliases_sites_regions_and_surroundings_name_known_units():
    units = all_units()
    for r in rows("aliases.csv"):
        assert r["code"] in units and r["alias"].strip() and r["language"] and r["source"], r
    for r in rows("sites.csv"):
        assert r["code"] in units and r["site"] and r["source"], r
    for r in rows("regions.csv"):
        assert all(u in units for u in r["units"].split("|")) and r["source"], r
    for r in rows("around.csv"):
        assert r["code"] in units and all(u in units for u in r["around"].split("|")) and r["source"], r


def test_words_have_a_known_kind_and_name_no_place_of_their_own():
    kinds = set(gazetteer.WORD_KINDS)
    table = rows("words.csv")
    assert {r["kind"] for r in table} == kinds
    # a known word is never a place of the tables ("city", "north", "hospital"); alone, a few
    # are other countries' subdivisions, as they were before ("North": Cameroon's North region)
    r = resolve_places(pd.Series([w["word"] for w in table]))
    owned = {"SY", *(country for country, _ in TABLES.values())}
    named = r.loc[r["place_units"].str[:2].isin(owned)]
    assert named.empty, named


@pytest.fixture
def ocha() -> pd.DataFrame:
    path = REALDATA / "ocha_pcodes" / "global_pcodes_adm1_2.csv"
    if not path.exists():
        pytest.skip(f"{path} is not present")
    return pd.read_csv(path, dtype=str)


def test_every_ocha_district_of_the_tables_is_a_unit(ocha):
    """OCHA's admin-2 p-codes of the seven countries are all in the tables (Palestine's are
    its ISO governorates), each cited in the ``source`` column."""
    cited = {}
    for table in TABLES:
        for r in rows(table):
            for pcode in re.findall(r"OCHA (\w+)", r["source"]):
                cited[pcode] = r["code"]
    adm2 = ocha[ocha["Location"].isin([iso3 for _, iso3 in TABLES.values()]) & (ocha["Admin Level"] == "2")
                & (ocha["Name"] != "Unspecified")]
    missing = adm2.loc[~adm2["P-Code"].isin(cited.keys()), ["P-Code", "Name"]]
    assert missing.empty, missing
