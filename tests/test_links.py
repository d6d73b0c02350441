"""reconcile.links: the --links file read (headers and decisions as a person writes them) and turned
into pairs of claim positions; linked claims chain into one incident.

The command line's errors for a bad links file are in test_cli_match.py."""

from __future__ import annotations

import pandas as pd
import pytest

from reconcile.errors import InputError
from reconcile.links import link_pairs, read_links
from reconcile.match import MatchOptions, match_incidents


def links(*rows):
    return pd.DataFrame(rows, columns=["origin_a", "origin_b", "decision"])


CLAIMS = pd.DataFrame({"origin": ["c.csv:2", "c.csv:3", "c.csv:4", "c.csv:5"]})


def test_read_links_takes_headers_in_any_spelling_and_strips_cells(write):
    path = write("links.csv", "Origin A;Origin-B;Decision;note\n c.csv:2 ; c.csv:3 ;Same;checked\n"
                              "c.csv:4;c.csv:2; different ;\n")
    frame = read_links(path)
    assert frame.columns.tolist() == ["origin_a", "origin_b", "decision"]
    assert frame.values.tolist() == [["c.csv:2", "c.csv:3", "Same"], ["c.csv:4", "c.csv:2", "different"]]


def test_read_links_without_its_columns_is_an_error_on_the_header_line(write):
    path = write("links.csv", "a,b,decision\nc.csv:2,c.csv:3,same\n")
    needs = "a links file needs the columns origin_a, origin_b, decision"
    with pytest.raises(InputError, match=needs) as caught:
        read_links(path)
    assert caught.value.line == 1


def test_link_pairs_are_positions_smaller_first_with_the_decision_as_reason():
    pairs = link_pairs(CLAIMS, links(("c.csv:4", "c.csv:2", "SAME"), ("c.csv:3", "c.csv:5", " different")))
    assert pairs[["a", "b"]].values.tolist() == [[0, 2], [1, 3]]
    assert pairs["reason"].astype(str).tolist() == ["link_same", "link_different"]
    assert (pairs["overlap_days"] == 0).all() and (pairs["strength"] == 0).all()


def test_links_naming_claims_not_in_the_input_are_ignored():
    pairs = link_pairs(CLAIMS, links(("c.csv:2", "other.csv:2", "same"), ("c.csv:9", "c.csv:3", "same"),
                                     ("c.csv:3", "c.csv:4", "same")))
    assert pairs[["a", "b"]].values.tolist() == [[1, 2]]


def test_no_links_give_an_empty_pair_frame_with_the_usual_columns():
    for nothing in (None, links()):
        pairs = link_pairs(CLAIMS, nothing)
        assert pairs.empty and pairs.columns.tolist() == ["a", "b", "reason", "overlap_days", "strength"]
        assert "link_same" in pairs["reason"].cat.categories  # concatenates with matching's own pairs


def claim(source, day, place):
    code = f"SY-{place[:2].upper()}"  # SY-LA, SY-ID, SY-TA
    return {"source": source, "incident": "", "date_start": pd.Timestamp(day), "date_end": pd.Timestamp(day),
            "place": place, "place_units": code, "place_level1": code,
            "place_names": place, "perpetrator": "ISIS", "victims": "civilians", "published": pd.NaT}


def test_linked_claims_chain_into_one_incident_though_never_compared():
    # weeks and governorates apart: matching alone would never join them; a~b and b~c make a, b, c one
    frame = pd.DataFrame([claim("SOHR", "2025-03-06", "Latakia"), claim("SNHR", "2025-03-20", "Idlib"),
                          claim("VDC", "2025-04-10", "Tartus")])
    frame["origin"] = [f"c.csv:{i + 2}" for i in range(3)]
    alone = match_incidents(frame, MatchOptions())
    assert alone.claims["incident"].nunique() == 3
    chained = match_incidents(frame, MatchOptions(links=links(("c.csv:3", "c.csv:2", "same"),
                                                              ("c.csv:3", "c.csv:4", "Same"))))
    assert chained.claims["incident"].tolist() == ["2025-03-06..2025-04-10 Idlib, Latakia, Tartus"] * 3


def test_the_last_decision_on_a_pair_wins():
    frame = pd.DataFrame([claim("SOHR", "2025-03-06", "Latakia"), claim("SNHR", "2025-03-06", "Latakia")])
    frame["origin"] = ["c.csv:2", "c.csv:3"]
    assert match_incidents(frame, MatchOptions()).claims["incident"].nunique() == 1
    decided = links(("c.csv:2", "c.csv:3", "same"), ("c.csv:3", "c.csv:2", "different"))
    assert match_incidents(frame, MatchOptions(links=decided)).claims["incident"].nunique() == 2
