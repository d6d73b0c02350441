"""Place resolution: variants, multi-place text, containment, other countries, data integrity, real data."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry
import pytest

from reconcile import places
from reconcile.places import ancestors, place_key, resolve_places, unit_name, units_compatible
from reconcile.resources import data_file

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"


def one(text: str) -> dict:
    return resolve_places(pd.Series([text])).iloc[0].to_dict()


def units(text: str) -> str:
    return one(text)["place_units"]


# --------------------------------------------------------------------------
# Variants
# --------------------------------------------------------------------------

GOVERNORATE_VARIANTS = {
    "SY-LA": ["Latakia", "Lattakia", "al-Ladhiqiyah", "Latakia Governorate", "اللاذقية", "LATTAKIA", "Al Lādhiqīyah"],
    "SY-TA": ["Tartus", "Tartous", "Tartous Governorate", "طرطوس", "Ţarţūs"],
    "SY-DY": ["Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr", "Deir-ez-Zor", "Deir ez Zor Governorate", "Deir el-Zor", "دير الزور"],
    "SY-ID": ["Idlib", "Idleb", "Idlib Governorate", "إدلب", "ادلب"],
    "SY-RD": ["Rif Dimashq", "Rural Damascus", "Damascus countryside", "Reef Damascus", "ريف دمشق",
              "Rif Dimashq Governorate", "Rural Damascus Governorate", "rural damascus"],
    "SY-HA": ["Al-Hasakah", "Al Hassakah", "Al-Hasakeh", "Hasakah", "Hassakeh", "الحسكة"],
    "SY-RA": ["Raqqa", "Ar-Raqqa", "Ar Raqqah", "Al-Raqqa", "Ar Raqqah Governorate", "الرقة"],
    "SY-DR": ["Daraa", "Dar'a", "Deraa", "Dar’a", "درعا"],
    "SY-SU": ["As-Suwayda", "Sweida", "As-Sweida", "Suwayda", "As Suwayda Governorate", "السويداء"],
    "SY-HL": ["Aleppo", "Halab", "حلب", "Aleppo Governorate", "Ḩalab"],
    "SY-HM": ["Hama", "Hamah", "Hamah Governorate", "حماة"],
    "SY-HI": ["Homs", "Hims", "Homs Governorate", "حمص"],
    "SY-DI": ["Damascus", "Dimashq", "Damascus Governorate", "دمشق"],
    "SY-QU": ["Quneitra", "Al Qunaytirah", "Quneitra Governorate", "القنيطرة"],
    "SY": ["Syria", "Syrian Arab Republic", "سوريا", "سورية", "SY"],
}


@pytest.mark.parametrize(
    "text,code", [(t, c) for c, texts in GOVERNORATE_VARIANTS.items() for t in texts]
)
def test_governorate_and_country_variants(text, code):
    row = one(text)
    assert row["place_units"] == code, row
    assert row["place_status"] == "resolved"


@pytest.mark.parametrize(
    "text,code",
    [
        ("Jableh", "SY-LA/jableh"),
        ("Jablah", "SY-LA/jableh"),
        ("جبلة", "SY-LA/jableh"),
        ("Baniyas", "SY-TA/baniyas"),
        ("Banyas", "SY-TA/baniyas"),
        ("Qardaha", "SY-LA/qardaha"),
        ("Duma", "SY-RD/duma"),
        ("Douma", "SY-RD/duma"),
        ("East Ghouta", "SY-RD/eastern-ghouta"),
        ("Eastern Ghouta", "SY-RD/eastern-ghouta"),
        ("Baghuz", "SY-DY/abu-kamal/baghuz"),
        ("Baghuz Fawqani village", "SY-DY/abu-kamal/baghuz"),
        ("Maarat al-Numan", "SY-ID/maarat-al-numan"),
        ("Ma'arrat an-Nu'man", "SY-ID/maarat-al-numan"),
        ("Saraqib", "SY-ID/idlib/saraqib"),
        ("Khan Shaykhun", "SY-ID/maarat-al-numan/khan-shaykhun"),
        ("Khan Sheikhoun", "SY-ID/maarat-al-numan/khan-shaykhun"),
        ("Afrin", "SY-HL/afrin"),
        ("Manbij", "SY-HL/manbij"),
        ("Menbij", "SY-HL/manbij"),
        ("Kobani", "SY-HL/ayn-al-arab"),
        ("Ayn al-Arab", "SY-HL/ayn-al-arab"),
        ("Qamishli", "SY-HA/qamishli"),
        ("Quamishli", "SY-HA/qamishli"),
        ("Palmyra", "SY-HI/tadmur"),
        ("Tadmur/Palmyra town", "SY-HI/tadmur"),
        ("Al-Bab", "SY-HL/al-bab"),
        ("Azaz", "SY-HL/azaz"),
        ("A'zaz", "SY-HL/azaz"),
        ("Jisr al-Shughur", "SY-ID/jisr-al-shughur"),
        ("Jisr ash Shughur district", "SY-ID/jisr-al-shughur"),
        ("Homs city", "SY-HI/homs/homs-city"),
        ("Tabqa", "SY-RA/ath-thawrah"),
        ("Tell Abiad", "SY-RA/tall-abyad"),
        ("Tal Abyad", "SY-RA/tall-abyad"),
        ("Wadi Barada", "SY-RD/az-zabadani/wadi-barada"),
        ("وادي بردى", "SY-RD/az-zabadani/wadi-barada"),  # the و of وادي is not "and"
    ],
)
def test_district_and_locality_variants(text, code):
    assert units(text) == code


def test_place_key_unifies_spellings():
    keys = place_key(pd.Series(["Deir ez-Zor", "Deir-ez-Zor", "Deir ez Zor", "DEIR EL ZOR", "Dayr az Zawr"]))
    assert keys.iloc[0] == keys.iloc[1] == keys.iloc[2] == keys.iloc[3]
    pairs = [("Lattakia", "Latakia"), ("Al-Hasakeh", "Al Hasakah"), ("Tartous", "Tartus"), ("Dar'a", "Daraa"),
             ("Jablah", "Jableh"), ("Tell Abiad", "Tal Abiad"), ("إدلب", "ادلب"), ("حماة", "حماه")]
    for a, b in pairs:
        ka, kb = place_key(pd.Series([a, b]))
        assert ka == kb, (a, b)
    # generic words are dropped by place_key, not by resolution of a full alias
    assert place_key(pd.Series(["Latakia Governorate"])).iloc[0] == place_key(pd.Series(["Latakia"])).iloc[0]
    assert place_key(pd.Series(["Latakia Governorate"]), drop_generic=False).iloc[0] != "latakia"
    assert units("Damascus countryside") == "SY-RD"
    assert place_key(pd.Series([None, ""])).tolist() == ["", ""]


# --------------------------------------------------------------------------
# Multi-place text, most specific, generic words, substrings
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Latakia and Tartus", "Tartus, Latakia", "اللاذقية وطرطوس", "اللاذقية و طرطوس", "Latakia & Tartus",
     "Lattakia; Tartous", "Tartous and Lattakia governorates", "Latakia/Tartus", "Tartus and Latakia"],
)
def test_multi_place_text(text):
    row = one(text)
    assert row["place_units"] == "SY-LA|SY-TA"
    assert row["place_level1"] == "SY-LA|SY-TA"
    assert row["place_names"] == "Latakia, Tartus"
    assert row["place_status"] == "resolved"


def test_multi_place_levels_and_names():
    row = one("Jableh and Baniyas")
    assert row["place_units"] == "SY-LA/jableh|SY-TA/baniyas"
    assert row["place_level1"] == "SY-LA|SY-TA"
    assert row["place_names"] == "Jableh, Baniyas"


@pytest.mark.parametrize(
    "text,code",
    [
        ("Jableh, Latakia", "SY-LA/jableh"),
        ("Latakia, Jableh", "SY-LA/jableh"),
        ("Duma town, Rif Dimashq Governorate", "SY-RD/duma"),
        ("Jableh, Latakia, Syria", "SY-LA/jableh"),
        ("Saraqib, Idlib", "SY-ID/idlib/saraqib"),
        ("Homs, Tadmur", "SY-HI/tadmur"),  # "Homs" is the governorate, which contains Tadmur
        ("Hama city, Hama", "SY-HM/hama/hama-city"),
    ],
)
def test_most_specific_unit_is_kept(text, code):
    assert units(text) == code


def test_named_unit_and_ancestor_in_one_text():
    row = one("Ar Raqqah town, Ar Raqqah Governorate")
    assert row["place_level1"] == "SY-RA"
    assert row["place_units"].startswith("SY-RA")
    assert row["place_status"] == "resolved"


@pytest.mark.parametrize(
    "text,code",
    [
        ("Northern Hamah Governorate", "SY-HM"),
        ("southern countryside of Idlib", "SY-ID"),
        ("Idlib countryside", "SY-ID"),
        ("western Damascus countryside", "SY-RD"),  # the alias is found before "countryside" is dropped
        ("ريف حلب الشمالي", "SY-HL"),
        ("ريف دمشق", "SY-RD"),
        ("Northern Syria", "SY"),
        ("Mintaqat Markaz Hamah district", "SY-HM/hama"),
        ("Markaz Rif Dimashq district", "SY-RD/markaz-rif-dimashq"),
        ("Duma town", "SY-RD/duma"),
    ],
)
def test_generic_words_are_dropped_after_the_full_phrase(text, code):
    row = one(text)
    assert (row["place_units"], row["place_status"]) == (code, "resolved")


def test_alias_found_inside_longer_text_and_rest_reported():
    row = one("Al Sakiya street, Raqqa")
    assert row["place_units"] == "SY-RA"
    assert row["place_status"] == "partial"
    assert row["place_unresolved"] == "Al Sakiya street"
    row = one("village of Qoqfin in Jabal al-Zawiya, Idlib")
    assert row["place_units"] == "SY-ID/ariha/jabal-al-zawiya"
    assert row["place_status"] == "partial"
    assert "Qoqfin" in row["place_unresolved"]
    row = one("Road between Deir ez Zor and Al Hasakah")
    assert row["place_units"] == "SY-DY|SY-HA"


# --------------------------------------------------------------------------
# Ambiguity
# --------------------------------------------------------------------------


def test_district_named_like_its_governorate_prefers_the_governorate():
    assert units("Homs") == "SY-HI"
    assert units("Hama") == "SY-HM"
    assert units("Idlib") == "SY-ID"
    assert units("Homs district") == "SY-HI/homs"
    assert units("Markaz Idlib district") == "SY-ID/idlib"
    assert units("Idlib city") == "SY-ID/idlib/idlib-city"


def test_unrelated_units_sharing_a_name_are_not_guessed():
    row = one("Yarmouk")
    assert row["place_status"] == "unresolved"
    assert row["place_units"] == ""
    assert row["place_unresolved"] == "Yarmouk"
    assert units("Yarmouk, Daraa") == "SY-DR/daraa/yarmouk-basin"
    assert units("Yarmouk, Damascus") == "SY-DI/damascus/yarmouk-camp"


# --------------------------------------------------------------------------
# Other countries (pycountry)
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,code,level1",
    [
        ("Kabul", "AF-KAB", "AF-KAB"),
        ("Kabul Province", "AF-KAB", "AF-KAB"),
        ("SO-BN", "SO-BN", "SO-BN"),
        ("so-bn", "SO-BN", "SO-BN"),
        ("Banaadir", "SO-BN", "SO-BN"),
        ("Baghdad", "IQ-BG", "IQ-BG"),
        ("Turkey", "TR", "TR"),
        ("Somalia", "SO", "SO"),
        ("AF", "AF", "AF"),
        ("Paris", "FR-75C", "FR-IDF"),  # a second-level ISO unit: level 1 is its region
        ("Central, Ghana", "GH-CP", "GH-CP"),  # the country disambiguates a shared name
    ],
)
def test_other_countries_via_pycountry(text, code, level1):
    row = one(text)
    assert (row["place_units"], row["place_level1"]) == (code, level1)


def test_other_country_ambiguity_and_false_friends():
    assert one("Central")["place_status"] == "unresolved"  # many countries have a "Central" region
    assert one("is")["place_status"] == "unresolved"  # lower-case 2-letter words are not codes
    assert one("Maan village")["place_status"] == "unresolved"  # settlement words never map abroad


def test_curated_table_covers_pycountry_syria():
    codes = {s.code for s in pycountry.subdivisions.get(country_code="SY")}
    table = {row["code"] for row in _rows() if row["level"] == "1"}
    assert codes == table
    for sub in pycountry.subdivisions.get(country_code="SY"):
        assert units(sub.name) == sub.code, sub.name
        assert units(sub.code) == sub.code


# --------------------------------------------------------------------------
# Unresolved text, alignment, distinct texts
# --------------------------------------------------------------------------


def test_unresolved_and_blank_are_reported():
    s = pd.Series(["Maram Refugee Camp", "", "   ", None, np.nan, "Deir Balout, Atma, Idlib"])
    r = resolve_places(s)
    assert list(r.columns) == ["place_units", "place_level1", "place_names", "place_status", "place_unresolved"]
    assert r["place_status"].tolist() == ["unresolved", "blank", "blank", "blank", "blank", "partial"]
    assert r["place_unresolved"].iloc[0] == "Maram Refugee Camp"
    assert r["place_units"].iloc[0] == "" and r["place_level1"].iloc[0] == ""
    assert r["place_units"].iloc[5] == "SY-ID/harim/atmeh"
    assert r["place_unresolved"].iloc[5] == "Deir Balout"
    assert (r.iloc[1:5] == ["", "", "", "blank", ""]).all().all()


def test_index_alignment():
    idx = pd.Index(["z", "a", "m", "b"])
    s = pd.Series(["Tartus", "Latakia", None, "Jableh"], index=idx)
    r = resolve_places(s)
    assert r.index.equals(idx)
    assert r.loc["a", "place_units"] == "SY-LA"
    assert r.loc["z", "place_units"] == "SY-TA"
    assert r.loc["m", "place_status"] == "blank"
    assert r.loc["b", "place_units"] == "SY-LA/jableh"
    empty = resolve_places(pd.Series([], dtype="str"))
    assert len(empty) == 0 and list(empty.columns) == list(places.PLACE_COLUMNS)


def test_each_distinct_text_is_resolved_once(monkeypatch):
    calls = []
    original = places._resolve_text

    def counting(text):
        calls.append(text)
        return original(text)

    monkeypatch.setattr(places, "_resolve_text", counting)
    texts = ["Latakia and Tartus", "Homs", "Latakia and Tartus", None, "Homs"] * 20_000
    r = resolve_places(pd.Series(texts))
    assert sorted(calls) == ["Homs", "Latakia and Tartus"]
    assert len(r) == len(texts)
    assert (r["place_units"].iloc[::5] == "SY-LA|SY-TA").all()


# --------------------------------------------------------------------------
# Containment
# --------------------------------------------------------------------------


def test_units_compatible():
    a = pd.Series(["SY-LA/jableh", "SY-LA/jableh", "", "SY-HM", "SY", "SY-LA|SY-TA", "SY-TA/baniyas",
                   "SY-HI/tadmur", "AF-KAB", "SY-RD/duma/harasta", "SY-LA/jableh"])
    b = pd.Series(["SY-LA", "SY-TA", "SY-HL", "", "SY-LA", "SY-TA", "SY-LA|SY-HI",
                   "SY-HI/homs", "AF", "SY-RD", "SY-LA/jableh"])
    expected = [True, False, True, True, True, True, False, False, True, True, True]
    assert units_compatible(a, b).tolist() == expected
    assert units_compatible(b, a).tolist() == expected  # symmetric


def test_units_compatible_is_positional_and_per_distinct_pair(monkeypatch):
    calls = []
    original = places._compatible
    monkeypatch.setattr(places, "_compatible", lambda x, y: calls.append((x, y)) or original(x, y))
    a = pd.Series(["SY-LA/jableh", "SY-HM", None] * 1000, index=range(3000, 0, -1))
    b = pd.Series(["SY-LA", "SY-LA", "SY-LA"] * 1000)
    out = units_compatible(a, b)
    assert isinstance(out, np.ndarray) and out.dtype == bool
    assert out[:3].tolist() == [True, False, True]
    assert len(calls) == 3
    assert units_compatible(pd.Series([], dtype="str"), pd.Series([], dtype="str")).tolist() == []
    with pytest.raises(ValueError):
        units_compatible(pd.Series(["SY"]), pd.Series(["SY", "SY"]))


def test_ancestors_and_names():
    assert ancestors("SY-LA/jableh") == ("SY-LA/jableh", "SY-LA", "SY")
    assert ancestors("SY-RD/duma/harasta") == ("SY-RD/duma/harasta", "SY-RD/duma", "SY-RD", "SY")
    assert ancestors("SY") == ("SY",)
    assert ancestors("FR-75C") == ("FR-75C", "FR-IDF", "FR")
    assert ancestors("AF-KAB") == ("AF-KAB", "AF")
    assert ancestors("SY-LA/unknown-village") == ("SY-LA/unknown-village", "SY-LA", "SY")  # by its shape
    assert unit_name("SY-LA") == "Latakia"
    assert unit_name("SY-TA") == "Tartus"
    assert unit_name("SY-LA/jableh") == "Jableh"
    assert unit_name("AF-KAB") == "Kabul"  # Afghanistan's units come from OCHA's names now (ISO's "Kābul" still resolves)
    assert units("Kābul") == "AF-KAB"
    assert unit_name("XX-nowhere") == "XX-nowhere"


# --------------------------------------------------------------------------
# Data integrity
# --------------------------------------------------------------------------


def _rows() -> list[dict]:
    with data_file("places", "syria.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_data_integrity():
    rows = _rows()
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)), "codes must be unique"
    by_code = {r["code"]: r for r in rows}
    levels = {int(r["level"]) for r in rows}
    assert levels == {0, 1, 2, 3}
    for r in rows:
        level = int(r["level"])
        assert r["name"].strip(), r
        if level == 0:
            assert r["parent"] == "" and r["code"] == "SY"
            continue
        assert r["parent"] in by_code, f"{r['code']}: parent {r['parent']} missing"
        assert int(by_code[r["parent"]]["level"]) < level, r["code"]
        if level == 1:
            assert re.fullmatch(r"SY-[A-Z]{2}", r["code"]) and r["parent"] == "SY"
        else:
            assert re.fullmatch(re.escape(r["parent"]) + r"/[a-z0-9]+(-[a-z0-9]+)*", r["code"]), r["code"]
        for alias in r["aliases"].split("|"):
            assert alias == alias.strip() and alias, (r["code"], alias)
    assert sum(r["level"] == "1" for r in rows) == 14
    assert sum(r["level"] == "2" for r in rows) == 62  # OCHA's Syrian districts


def test_every_name_reaches_one_reading_or_is_documented():
    """A name shared by units none of which contains the others (and not settled by the
    precedence of hand-written names, then first-level units, then districts) is left
    unresolved: each such name is documented in ambiguous.csv, and each documented one is."""
    gaz, resolver = places._gazetteer(), places._resolver()
    with data_file("places", "ambiguous.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    documented = {}
    for r in rows:
        documented[places._key(r["alias"])] = documented[places._plain_key(r["alias"])] = set(r["units"].split("|"))
    undocumented = []
    for index, candidates in ((gaz.names, lambda k: gaz.candidates(k, k)),
                              (gaz.listed, lambda p: gaz.candidates(places._key(p), p))):
        for k in index:
            found, weak = candidates(k)
            readings = found - weak
            if len(readings) < 2 or any(all(resolver.contains(r, o) for o in readings) for r in readings):
                continue  # one reading, or one containing the others: the broadest is taken
            if documented.get(k) != {u for r in readings for u in r}:
                undocumented.append((k, sorted(readings)))
    assert not undocumented, undocumented
    for r in rows:  # and the documented ones really are ambiguous
        assert one(r["alias"])["place_status"] == "unresolved", r["alias"]


def test_bundled_example_places_resolve():
    examples = data_file("examples")
    coastal = examples / "coastal-2025.csv"
    if coastal.exists():
        r = resolve_places(pd.read_csv(coastal, dtype=str)["place"])
        assert (r["place_units"] == "SY-LA|SY-TA").all()
    monitors = examples / "syria-monitors.csv"
    if monitors.exists():
        r = resolve_places(pd.read_csv(monitors, dtype=str)["place"])
        # only text naming no known place (e.g. "Al Sakiya street") stays unresolved
        assert (r["place_status"] != "unresolved").mean() >= 0.9


# --------------------------------------------------------------------------
# Real data
# --------------------------------------------------------------------------


@pytest.fixture
def realdata() -> Path:
    if not REALDATA.is_dir():
        pytest.skip(f"{REALDATA} is not present")
    return REALDATA


def test_ucdp_admin_units_resolve_to_the_right_governorate(realdata):
    ged = pd.read_csv(realdata / "ucdp_ged_syria" / "ged191_syria.csv", usecols=["adm_1", "adm_2"], dtype=str)
    # adm_1: each of the 14 governorates as UCDP spells it
    adm1 = pd.Series(ged["adm_1"].dropna().unique())
    r1 = resolve_places(adm1)
    rate1 = (r1["place_level1"].str.fullmatch(r"SY-[A-Z]{2}") & (r1["place_status"] == "resolved")).mean()
    # adm_2: the governorate it resolves to must be the one its adm_1 names
    pairs = ged.dropna().drop_duplicates().reset_index(drop=True)
    expected = resolve_places(pairs["adm_1"])["place_level1"]
    r2 = resolve_places(pairs["adm_2"])
    right = r2["place_level1"] == expected
    rate2 = right.mean()
    at_district = r2["place_units"].map(lambda u: u.count("/") >= 1).mean()
    print(f"\nUCDP GED Syria: adm_1 {rate1:.1%} of {len(adm1)} distinct values resolve; "
          f"adm_2 {rate2:.1%} of {len(pairs)} distinct values resolve to their adm_1's governorate "
          f"({at_district:.1%} to a district or finer)")
    assert rate1 >= 0.95
    assert rate2 >= 0.90, pairs[~right].assign(got=r2["place_units"][~right])


OCHA_TO_ISO = {
    "SY01": "SY-DI", "SY02": "SY-HL", "SY03": "SY-RD", "SY04": "SY-HI", "SY05": "SY-HM", "SY06": "SY-LA",
    "SY07": "SY-ID", "SY08": "SY-HA", "SY09": "SY-DY", "SY10": "SY-TA", "SY11": "SY-RA", "SY12": "SY-DR",
    "SY13": "SY-SU", "SY14": "SY-QU",
}


def test_ocha_syria_names_all_resolve(realdata):
    ocha = pd.read_csv(realdata / "ocha_pcodes" / "global_pcodes_adm1_2.csv", dtype=str)
    syr = ocha[ocha["Location"] == "SYR"].reset_index(drop=True)
    governorate = syr["P-Code"].str[:4].map(OCHA_TO_ISO)
    assert governorate.notna().all()
    r = resolve_places(syr["Name"])
    wrong = syr[(r["place_level1"] != governorate) | (r["place_status"] != "resolved")]
    assert wrong.empty, wrong
    adm2 = syr[syr["Admin Level"] == "2"].reset_index(drop=True)
    assert len(adm2) == 62
    # named as districts, all 62 reach 62 distinct district units of the right governorate
    d = resolve_places(adm2["Name"] + " district")
    assert (d["place_level1"] == adm2["P-Code"].str[:4].map(OCHA_TO_ISO)).all()
    assert d["place_units"].map(lambda u: u.count("/") == 1).all(), d[d["place_units"].str.count("/") != 1]
    assert d["place_units"].nunique() == 62
    print(f"\nOCHA Syria: {len(syr)} admin-1/admin-2 names, all resolve to the right governorate")


def test_acled_admin_columns_resolve(realdata):
    acled = pd.read_csv(realdata / "acled_samples" / "acled_syria_2020-05.csv", dtype=str)
    expected = resolve_places(acled["admin1"])["place_level1"]
    assert expected.str.fullmatch(r"SY-[A-Z]{2}").all()
    r2 = resolve_places(acled["admin2"])
    assert (r2["place_level1"] == expected).all()


def test_the_gazetteer_is_cached_on_disk_and_rebuilt_when_the_cache_is_unreadable(tmp_path, monkeypatch):
    import reconcile.places as places
    from reconcile.cache import cache_path

    monkeypatch.setenv("RECONCILE_CACHE_DIR", str(tmp_path))
    places._gazetteer.cache_clear()
    built = places._gazetteer()
    (cached,) = tmp_path.glob("gazetteer-*.json")  # JSON: data, never code, is read back
    places._gazetteer.cache_clear()
    loaded = places._gazetteer()
    assert loaded is not built and loaded.to_json() == built.to_json() and loaded.units == built.units
    assert loaded.first_tokens == built.first_tokens and loaded.max_tokens == built.max_tokens
    cached.write_bytes(b"not json")
    places._gazetteer.cache_clear()
    rebuilt = places._gazetteer()
    assert rebuilt.names == built.names
    assert cached.read_bytes() != b"not json"  # written again
    monkeypatch.setenv("RECONCILE_CACHE_DIR", "")  # empty: no cache at all
    places._gazetteer.cache_clear()
    assert cache_path("gazetteer") is None and places._gazetteer().names == built.names
    places._gazetteer.cache_clear()


def test_a_new_gazetteer_cache_removes_caches_unused_for_a_month_and_keeps_the_others(tmp_path, monkeypatch):
    import os
    import time

    import reconcile.places as places
    from reconcile.cache import UNUSED_DAYS

    monkeypatch.setenv("RECONCILE_CACHE_DIR", str(tmp_path))
    stale, recent, other = (tmp_path / "gazetteer-0000000000000000.json", tmp_path / "gazetteer-1111.pickle",
                            tmp_path / "notes.txt")
    for path in (stale, recent, other):
        path.write_text("{}")
    old = time.time() - (UNUSED_DAYS + 1) * 86_400
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    os.utime(recent, (time.time() - 86_400,) * 2)
    places._gazetteer.cache_clear()
    places._gazetteer()  # no cache for these tables yet: built, written, and the unused ones removed
    (written,) = [p for p in tmp_path.glob("gazetteer-*.json") if p != stale]
    assert not stale.exists() and recent.exists() and other.exists()
    os.utime(written, (old, old))
    places._gazetteer.cache_clear()
    places._gazetteer()  # read back: its use is its new time, so no later cache removes it
    assert written.stat().st_mtime > old + 86_400
    places._gazetteer.cache_clear()
