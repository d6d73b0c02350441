"""``reconcile actors --suggest``: alias rows learned from what other sources say about the same deaths."""

from __future__ import annotations

import json

import pandas as pd

CO_REPORTED = (
    "a,SOHR,40,2025-03-07,,civilians,government forces,Latakia,",
    "a,SNHR,35,2025-03-07,,civilians,the coastal strike groups,Latakia,",
    "b,SOHR,12,2025-03-09,,civilians,security forces,Tartus,",
    "b,VDC,10,2025-03-09,,civilians,the coastal strike groups,Tartus,",
    "d,SOHR,9,2025-03-14,,civilians,Assad loyalists,Hama,",
    "d,SNHR,8,2025-03-14,,civilians,Zorgon raiders,Hama,",
    "e,SOHR,9,2025-03-15,,civilians,government forces,Hama,",
    "e,VDC,8,2025-03-15,,civilians,Zorgon raiders,Hama,",
    "f,SNHR,5,2025-03-16,,civilians,Nobody Else,Homs,",
)


def test_suggest_writes_a_ready_alias_file_with_its_evidence(here, cli, claims_file, tmp_path):
    claims_file(*CO_REPORTED)
    result = cli("actors", "claims.csv", "--suggest", "-o", tmp_path / "proposed.csv")
    assert result.exit_code == 0, result.stderr
    proposed = pd.read_csv(tmp_path / "proposed.csv", dtype=str, keep_default_na=False)
    assert proposed[["alias", "actor", "country"]].values.tolist() == [
        ["the coastal strike groups", "state:SY@transitional", "SY"]]
    assert proposed.loc[0, "notes"] == ("co-reported in 2 incident(s) (2 claim(s) by SOHR) mapped to "
                                        "Transitional government forces")
    # evidence split evenly is no evidence: said on stderr, not proposed
    assert "Zorgon raiders" in result.stderr and "split evenly" in result.stderr
    # a string nobody else reports on stays out
    assert "Nobody Else" not in result.stderr

    used = json.loads(cli("actors", "claims.csv", "--aliases", tmp_path / "proposed.csv", "-f", "json").stdout)
    coastal = [m for m in used if m["as_written"] == "the coastal strike groups"]
    assert [(m["actor"], m["status"]) for m in coastal] == [("Transitional government forces", "mapped")]


def test_suggest_with_nothing_to_learn_writes_only_the_header(here, cli, claims_file):
    claims_file("f,SNHR,5,2025-03-16,,civilians,Nobody Else,Homs,")
    result = cli("actors", "claims.csv", "--suggest")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "alias,actor,country,valid_from,valid_to,notes"
