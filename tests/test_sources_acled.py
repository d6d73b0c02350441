"""ACLED exports (reconcile/sources/acled.py): the current, 2020 and 2016 column sets.

The files are synthetic (ACLED's terms forbid copying its data into the project); the real
files are read in test_realdata.py.
"""

from __future__ import annotations

import pandas as pd

from conftest import ACLED_2016, ACLED_2020, ACLED_CURRENT, claims_of, read_accounted


def test_acled_current_export_one_claim_per_event(write):
    raw, result = read_accounted(write, "acled.csv", ACLED_CURRENT, 4)
    assert raw.formats == ("acled",)
    assert result.rows["rejected"] == 0
    claims = result.claims.set_index("event_id")
    assert set(claims["source"]) == {"ACLED"}
    assert claims.loc["SYR1", ["victims", "best", "perpetrator_raw"]].tolist() == [
        "civilians", 12.0, "Military Forces of Syria (2024-)"]
    assert claims.loc["SYR1", "acled_source"] == "SOHR; SNHR"
    assert claims.loc["SYR1", "place"] == "Jablah, Lattakia"
    assert claims.loc["SYR1", "admin2"] == "Jablah"  # every other column kept
    # A battle: actor1, total; zero deaths is a claim, not a rejected row.
    assert claims.loc["SYR2", ["victims", "best", "perpetrator_raw"]].tolist() == ["total", 0.0, "Islamic State (Syria)"]
    # Protests and unidentified actors are unattributed; civilian targeting makes the victims civilians.
    assert claims.loc["SYR3", "perpetrator"] == "unattributed"
    assert claims.loc["SYR4", ["perpetrator", "victims", "actor1"]].tolist() == [
        "unattributed", "civilians", "Unidentified Armed Group (Syria)"]


def test_acled_2020_export_dates_and_quoting(write):
    result = claims_of(write, "acled.csv", ACLED_2020)
    claims = result.claims.set_index("event_id")
    assert claims.loc["SYR10", "date_start"] == pd.Timestamp("2020-05-09")
    assert claims.loc["SYR11", "date_start"] == pd.Timestamp("2020-03-21")
    assert claims.loc["SYR10", "victims"] == "civilians"  # no civilian_targeting column: the event type says so
    assert claims.loc["SYR11", "victims"] == "total"
    assert claims.loc["SYR11", "notes"] == "Clashes, shelling."


def test_acled_legacy_2016_columns(write):
    result = claims_of(write, "acled.csv", ACLED_2016)
    assert result.rows["rejected"] == 0
    claims = result.claims.set_index("event_id")
    assert claims.loc["8087RTA", ["perpetrator_raw", "best", "place"]].tolist() == ["Al Shabaab", 2.0, "Baydhabo, Bay"]
    assert claims.loc["8188RTA", "perpetrator"] == "unattributed"
