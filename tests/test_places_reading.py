"""Places as reports write them: qualifiers, locators, descriptive words, precedence, hints.

The phrasings here are not those of the published corpus (tests/test_places_published.py):
they check that the rules, not a list of strings, do the work.
"""

from __future__ import annotations

import pandas as pd
import pytest

from reconcile.places import resolve_places, units_compatible


def one(text: str) -> dict:
    return resolve_places(pd.Series([text])).iloc[0].to_dict()


def units(text: str) -> str:
    row = one(text)
    assert row["place_status"] == "resolved", row
    return row["place_units"]


DAMASCUS_AND_AROUND = "SY-DI|SY-RD"


# --------------------------------------------------------------------------
# Surroundings: the unit and the unit around it
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["the outskirts of Damascus", "Damascus suburbs", "the suburbs of Damascus", "the vicinity of Damascus",
     "la banlieue de Damas", "les faubourgs de Damas", "la périphérie de Damas", "aux portes de Damas",
     "محيط دمشق", "أطراف دمشق", "ضواحي دمشق", "على أطراف دمشق",
     "las afueras de Damasco", "los alrededores de Damasco", "arredores de Damasco", "a periferia de Damasco",
     "Umgebung von Damaskus", "am Stadtrand von Damaskus", "Damascus airport"],
)
def test_surroundings_of_damascus_are_damascus_and_rif_dimashq(text):
    assert units(text) == DAMASCUS_AND_AROUND


@pytest.mark.parametrize(
    "text,code",
    [
        ("the outskirts of Aleppo city", "SY-HL/jebel-saman|SY-HL/jebel-saman/aleppo-city"),  # a city's district
        ("the outskirts of Kramatorsk", "UA-14/kramatorskyi|UA-14/kramatorskyi/kramatorsk"),
        ("outskirts of Sanaa", "YE-SA|YE-SN"),  # the capital and the governorate around it (around.csv)
        ("outskirts of Kabul city", "AF-KAB|AF-KAB/kabul"),
        ("the outskirts of Gaza City", "PS-GZA|PS-GZA/gaza-city"),
        ("outskirts of Aleppo", "SY-HL"),  # a province's outskirts lie within it
        ("countryside of Idlib", "SY-ID"),
        ("ريف حلب", "SY-HL"),
        ("ريف إدلب الجنوبي", "SY-ID"),
        ("Damascus countryside", "SY-RD"),  # the governorate's own name, not "around Damascus"
        ("بلدة داريا وحولها", "SY-RD/darayya"),  # a district's surroundings lie within it
        ("the vicinity of Hamid Karzai International Airport", "AF-KAB/kabul"),  # a site keeps its unit
    ],
)
def test_surroundings_of_other_units(text, code):
    assert units(text) == code


def test_damascus_suburbs_are_compatible_with_damascus_and_rif_dimashq():
    texts = ["the outskirts of Damascus", "Damascus", "Rif Dimashq", "Duma", "Aleppo", "Damascus countryside",
             "Jobar"]
    resolved = dict(zip(texts, resolve_places(pd.Series(texts))["place_units"]))
    pairs = [
        ("the outskirts of Damascus", "Damascus", True),
        ("the outskirts of Damascus", "Rif Dimashq", True),
        ("the outskirts of Damascus", "Duma", True),  # a Rif Dimashq district
        ("the outskirts of Damascus", "Jobar", True),  # a Damascus neighbourhood
        ("the outskirts of Damascus", "Aleppo", False),
        ("Damascus", "Rif Dimashq", False),  # the city and the governorate around it stay apart
        ("Damascus countryside", "Damascus", False),
    ]
    a = pd.Series([resolved[x] for x, _, _ in pairs])
    b = pd.Series([resolved[y] for _, y, _ in pairs])
    expected = [ok for _, _, ok in pairs]
    assert units_compatible(a, b).tolist() == expected
    assert units_compatible(b, a).tolist() == expected


# --------------------------------------------------------------------------
# City, province, district readings; bearings; neighbourhoods
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,code",
    [
        ("the city of Homs", "SY-HI/homs/homs-city"),
        ("ville d'Alep", "SY-HL/jebel-saman/aleppo-city"),
        ("la ciudad de Alepo", "SY-HL/jebel-saman/aleppo-city"),
        ("a cidade de Kharkiv", "UA-63/kharkivskyi/kharkiv"),
        ("die Stadt Mariupol", "UA-14/mariupolskyi/mariupol"),
        ("مدينة حمص", "SY-HI/homs/homs-city"),
        ("the Yemeni city of Saada", "YE-SD/sadah/saada"),
        ("Saada", "YE-SD"),  # alone: the broadest of governorate, district and city
        ("Kabul city", "AF-KAB/kabul"),
        ("Homs province", "SY-HI"),
        ("Hama governorate", "SY-HM"),
        ("la province d'Idleb", "SY-ID"),
        ("la provincia de Saada", "YE-SD"),
        ("in der Provinz Kabul", "AF-KAB"),
        ("محافظة إدلب", "SY-ID"),
        ("Homs district", "SY-HI/homs"),
        ("Jere LGA, Borno", "NG-BO/jere"),  # a district from OCHA's list needs a place of its country
        ("Kramatorskyi raion, Donetsk Oblast", "UA-14/kramatorskyi"),
    ],
)
def test_city_province_and_district_readings(text, code):
    assert units(text) == code


@pytest.mark.parametrize(
    "text,code",
    [
        ("northern Idlib", "SY-ID"),
        ("the eastern half of Raqqa", "SY-RA"),
        ("Alep-Est", "SY-HL"),
        ("neighbourhoods of Hama", "SY-HM/hama/hama-city"),
        ("les quartiers est d'Alep", "SY-HL/jebel-saman/aleppo-city"),  # "est" after a noun: eastern
        ("الأحياء الغربية لحمص", "SY-HI/homs/homs-city"),
        ("four neighbourhoods in western Homs", "SY-HI/homs/homs-city"),
    ],
)
def test_bearings_keep_the_unit_and_neighbourhoods_ask_for_the_city(text, code):
    assert units(text) == code


# --------------------------------------------------------------------------
# Locators: near X, east of X
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,code",
    [
        ("Daraya, west of Damascus", "SY-RD/darayya"),  # the place, not the city it is measured from
        ("Zabarmari, near Maiduguri", "NG-BO/jere/zabarmari"),
        ("in Saraqib city south of Idlib province", "SY-ID/idlib/saraqib"),
        ("near Aleppo", "SY-HL"),  # alone, the place is by Aleppo: the governorate
        ("villages west of Aleppo", "SY-HL"),
        ("near Kramatorsk", "UA-14/kramatorskyi|UA-14/kramatorskyi/kramatorsk"),  # the city or around it
        ("à l'est de Homs", "SY-HI"),
        ("près de Kramatorsk", "UA-14/kramatorskyi|UA-14/kramatorskyi/kramatorsk"),
        ("قرب داريا", "SY-RD/darayya"),
    ],
)
def test_locators(text, code):
    assert units(text) == code


def test_a_locator_far_from_the_place_is_kept_beside_it():
    """"X, north of Y" with X and Y in different provinces: one is likely a namesake,
    so both are kept (the gazetteer's only Shahba is in Suwayda, the text's north of Aleppo)."""
    row = one("the village of Al-Taana in Shahba area, north of Aleppo")
    assert row["place_units"] == "SY-HL|SY-SU/shahba"


# --------------------------------------------------------------------------
# Facility and descriptive words, possessives, demonyms, scripts and cases
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,code",
    [
        ("a market in Sloviansk", "UA-14/kramatorskyi/sloviansk"),
        ("Kramatorsk hospital", "UA-14/kramatorskyi/kramatorsk"),
        ("the crowded bus station in Kharkiv city", "UA-63/kharkivskyi/kharkiv"),
        ("Ukraine's Bucha", "UA-32/buchanskyi/bucha"),
        ("Yemen’s Taiz", "YE-TA"),
        ("the Nigerian town of Baga", "NG-BO/kukawa/baga"),
        ("Syria’s rebel-held Idlib province", "SY-ID"),
        ("a school in Jabalia camp", "PS-NGZ/jabalia"),
        ("Beit Hanoun, northern Gaza", "PS-NGZ/beit-hanoun"),
        ("l'hôpital de Khan Younis", "PS-KYS"),
        ("в Маріуполі", "UA-14/mariupolskyi/mariupol"),  # Ukrainian locative
        ("Мариуполь", "UA-14/mariupolskyi/mariupol"),
        ("في مدينة غزة", "PS-GZA/gaza-city"),
        ("بغزة", "PS-DEB|PS-GZA|PS-KYS|PS-NGZ|PS-RFH"),  # the Gaza Strip
        ("the Donbas region", "UA-09|UA-14"),
    ],
)
def test_words_around_names_do_not_block_them(text, code):
    assert units(text) == code


def test_a_text_naming_no_place_stays_unresolved():
    for text in ["a theatre", "شرق المدينة", "the capital", "le dernier fief rebelle", "the railway station"]:
        row = one(text)
        assert row["place_status"] == "unresolved" and row["place_units"] == "", row


# --------------------------------------------------------------------------
# Precedence: hand-written names, first-level units, then districts; false friends
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Daraa", "SY-DR"),  # not Panjshir's Dara district
        ("Dara, Panjshir", "AF-PAN/dara"),  # unless the text says so
        ("Nawa", "SY-DR/izra/nawa"),
        ("Nawa, Ghazni", "AF-GHA/nawa"),
        ("Ghazni, Nawa", "AF-GHA/nawa"),
        ("Sanaa", "YE-SA"),  # the capital, not the ISO name of the governorate around it
        ("Ekiti", "NG-EK"),  # the state, not Kwara's LGA
        ("Ekiti, Kwara", "NG-KW/ekiti"),
        ("Bali", "ID-BA"),  # Indonesia's, as before Nigeria's LGAs were known
        ("Bali, Taraba", "NG-TA/bali"),
        ("USA", "US"),  # OCHA's "Ussa" is matched on its own spelling only
        ("Kohsan, Herat", "AF-HER/kohsan"),
        ("Daman, Kandahar", "AF-KAN/daman"),
    ],
)
def test_precedence_of_names(text, expected):
    assert units(text) == expected


@pytest.mark.parametrize(
    "text,units_left,reported",
    [
        ("Daman", "", "Daman"),  # a Kandahar district, or a village elsewhere: no other place says which
        ("Kabo, Ouham", "CF-AC", "Kabo"),  # a town of the Central African Republic, not Kano's Kabo
        ("Bouira, Syria", "SY", "Bouira"),  # not Algeria's Bouira
        ("Kalay Dara village, Nangarhar", "AF-NAN", "Kalay Dara village"),  # not Daraa
        ("Jere LGA", "", "Jere LGA"),  # OCHA's district alone: which country's Jere?
        ("Arghandab", "", "Arghandab"),  # two districts of this name (ambiguous.csv)
    ],
)
def test_false_friends_are_reported_not_taken(text, units_left, reported):
    row = one(text)
    assert row["place_units"] == units_left
    assert row["place_unresolved"].startswith(reported), row


# --------------------------------------------------------------------------
# Never guess: the closest known name is a hint only
# --------------------------------------------------------------------------


def test_closest_known_name_is_a_hint_not_a_resolution():
    row = one("Kramatorks railway station")
    assert row["place_status"] == "unresolved" and row["place_units"] == ""
    assert row["place_unresolved"] == "Kramatorks railway station (closest: Kramatorsk)"
    row = one("Pazygyi village, Sagaing Region")
    assert row["place_units"] == "MM-01" and row["place_status"] == "partial"
    assert row["place_unresolved"] == "Pazygyi village (closest: Pazigyi)"
    # a name found but shared by unrelated units gets no hint: it was not misspelt
    assert one("Yarmouk")["place_unresolved"] == "Yarmouk"
    # nothing close enough: no hint
    assert one("Maram Refugee Camp")["place_unresolved"] == "Maram Refugee Camp"


def test_partly_read_text_keeps_its_unknown_words():
    row = one("Kramatorsk railway statoin")
    assert row["place_units"] == "UA-14/kramatorskyi/kramatorsk"
    assert row["place_status"] == "partial"
    assert row["place_unresolved"] == "Kramatorsk railway statoin"
