"""compare without incident labels: matching, --explain, --links, --date-slack, as a user runs them."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLES


@pytest.fixture
def unlabelled(write):
    """The bundled coastal example with its incident column removed."""
    lines = (EXAMPLES / "coastal-2025.csv").read_text(encoding="utf-8").splitlines()
    return write("coastal.csv", "\n".join(line.split(",", 1)[1] for line in lines) + "\n")


def _json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_coastal_example_without_labels_gives_the_same_comparison(cli, unlabelled):
    document = _json(cli("compare", unlabelled, "--format", "json"))
    assert [i["incident"] for i in document["incidents"]] == ["2025-03-06..2025-03-08 Latakia, Tartus"]
    civilians = next(g for g in document["groups"] if g["victims"] == "civilians")
    assert civilians["status"] == "disjoint"
    assert civilians["perpetrator"] == "Transitional government forces"
    assert {c["source"] for c in civilians["claims"]} == {"SOHR", "SNHR"}
    assert civilians["incident_places"] == "Latakia, Tartus"
    assert len(document["groups"]) == 3  # the 16 security personnel by Assad loyalists belong to the same clashes


def test_explain_says_why_claims_were_joined(cli, unlabelled):
    result = cli("compare", unlabelled, "--explain")
    assert result.exit_code == 0, result.stderr
    assert "Joined:" in result.stdout
    assert "same place (Latakia, Tartus)" in result.stdout
    reasons = _json(cli("compare", unlabelled, "--explain", "--format", "json"))["incidents"][0]["reasons"]
    assert {r["kind"] for r in reasons} == {"joined"}
    assert any("same perpetrator (Transitional government forces)" in r["text"] for r in reasons)


def test_links_keep_claims_apart(cli, unlabelled, write):
    links = write("links.csv", f"origin_a,origin_b,decision\n{unlabelled}:2,{unlabelled}:3,different\n")
    document = _json(cli("compare", unlabelled, "--links", links, "--format", "json"))
    civilians = [g for g in document["groups"] if g["victims"] == "civilians"]
    assert len(civilians) == 2 and {g["status"] for g in civilians} == {"single-source"}
    explained = _json(cli("compare", unlabelled, "--links", links, "--explain", "--format", "json"))
    texts = [r["text"] for i in explained["incidents"] for r in i["reasons"]]
    assert "kept apart by --links" in texts


def test_bad_links_file_is_a_one_line_error(cli, unlabelled, write):
    links = write("links.csv", "origin_a,origin_b,decision\na:2,b:3,maybe\n")
    result = cli("compare", unlabelled, "--links", links)
    assert result.exit_code == 2
    assert "links.csv:2" in result.stderr and "'same' or 'different'" in result.stderr
    assert "Traceback" not in result.stderr


def test_date_slack_decides_whether_two_sources_a_day_apart_match(cli, claims_file):
    path = claims_file(",SOHR,12,2025-03-06,2025-03-06,civilians,ISIS,Idlib,",
                       ",SNHR,12,2025-03-07,2025-03-07,civilians,ISIS,Idleb,")
    joined = _json(cli("compare", path, "--format", "json"))
    assert len(joined["incidents"]) == 1 and joined["groups"][0]["status"] == "consistent"
    apart = _json(cli("compare", path, "--format", "json", "--date-slack", "0"))
    assert len(apart["incidents"]) == 2


def test_places_in_different_governorates_never_match(cli, claims_file):
    path = claims_file(",SOHR,12,2025-03-06,2025-03-06,civilians,ISIS,Idlib,",
                       ",SNHR,40,2025-03-06,2025-03-06,civilians,ISIS,Daraa,")
    document = _json(cli("compare", path, "--format", "json"))
    assert sorted(i["incident"] for i in document["incidents"]) == ["2025-03-06 Daraa", "2025-03-06 Idlib"]


def test_links_file_errors_name_the_line_as_counted_in_the_file(cli, unlabelled, write):
    links = write("links.csv", "origin_a;origin_b;decision\n\na:2;b:3;maybe\n")
    result = cli("compare", unlabelled, "--links", links)
    assert result.exit_code == 2
    assert "links.csv:3" in result.stderr  # the blank line counts
    ragged = write("ragged.csv", "origin_a,origin_b,decision\na:2,b:3,same,extra\n")
    result = cli("compare", unlabelled, "--links", ragged)
    assert result.exit_code == 2 and "ragged.csv:2" in result.stderr and "malformed row" in result.stderr


def test_an_unplaced_claim_among_too_many_candidates_is_explained_on_its_own(cli, write):
    governorates = ["Latakia", "Tartus", "Idlib", "Hama", "Homs", "Aleppo", "Raqqa", "Daraa"]
    rows = [f"S{i % 3},{5 + i},2025-03-06,{governorates[i % 8]},ISIS,civilians" for i in range(60)]
    claims = write("vague.csv", "source,figure,date,place,perpetrator,victims\n" + "\n".join(rows)
                   + "\nSNHR,12,2025-03-06,,ISIS,civilians\n")
    result = cli("compare", claims, "--explain")
    assert result.exit_code == 0, result.stderr
    assert f"On its own: {claims}:62: no known place, and too many claims in its days it could belong to" in " ".join(
        result.stdout.split())
    document = _json(cli("compare", claims, "--explain", "--format", "json"))
    alone = [(i["incident"], r) for i in document["incidents"] for r in i.get("reasons", []) if r["kind"] == "alone"]
    assert [r["origin_a"] for _, r in alone] == [f"{claims}:62"]
    (incident,) = [i for i in document["incidents"] if i["incident"] == alone[0][0]]
    sources = {c["source"] for g in document["groups"] if g["incident"] == incident["incident"] for c in g["claims"]}
    assert sources == {"SNHR"}
