"""reconcile.folding.fold: the one spelling every matcher compares (case, accents, quotes, dashes,
Arabic and Persian letter forms, Turkish dotless i, spaces)."""

from __future__ import annotations

import pytest

from reconcile.folding import fold


@pytest.mark.parametrize("written", ["Hay’at Tahrir al-Sham", "HAY'AT TAHRIR AL-SHAM",
                                     "Hay‘at Tahrir al‑Sham", "Hayʼat  Tahrir\tal–Sham"])
def test_quotes_dashes_case_and_spaces_fold_to_one_spelling(written):
    # curly and modifier apostrophes, non-breaking hyphen, en dash, doubled space and tab
    assert fold(written) == "hay'at tahrir al-sham"


def test_the_apostrophe_itself_is_kept_so_hayat_without_it_stays_different():
    # fold only unifies the apostrophe's forms; dropping it is the actor key's job (actors.aliases)
    assert fold("HAYAT") == "hayat" != fold("Hay'at")


def test_latin_accents_and_ligatures_are_spelled_out():
    assert fold("Türkiye") == "turkiye"
    assert fold("Ḥamā") == "hama"
    assert fold("Straße Œuvre Æ") == "strasse oeuvre ae"
    assert fold("ﬁve") == "five"  # compatibility ligature


def test_turkish_dotless_and_dotted_i_both_become_i():
    assert fold("saldırısı") == fold("SALDIRISI") == "saldirisi"
    assert fold("İstanbul") == fold("ISTANBUL") == "istanbul"


def test_arabic_alef_forms_lose_their_hamza_and_madda():
    # أ إ آ ٱ all become ا, so "الإسرائيلي" matches "الاسرائيلي"
    assert {fold(w) for w in ("أحمد", "إحمد", "آحمد", "ٱحمد", "احمد")} == {"احمد"}
    assert fold("الإسرائيلي") == fold("الاسرائيلي")


def test_arabic_harakat_and_tatweel_are_removed():
    assert fold("شُهَداء") == fold("شـهـداء") == "شهداء"


def test_persian_and_final_letter_forms_become_the_arabic_ones():
    assert fold("کرمان") == "كرمان"  # Persian kaf
    assert fold("ی") == fold("ى") == "ي"  # Persian yeh, alef maqsura
    assert fold("مدينة") == "مدينه"  # ta marbuta


def test_guillemets_and_curly_double_quotes_become_straight_quotes():
    assert fold("«Daesh» “ISIS”") == '"daesh" "isis"'
