"""Candidate pairs (reconcile/blocking.py): which claims matching compares at all.

Each test reads a small claims file (places resolved by the gazetteer, as in a real run) and
names the claims by their ``notes`` cell; a pair is the two notes, in alphabetical order.
"""

from __future__ import annotations

import itertools

import pandas as pd

from conftest import read_claims
from reconcile.blocking import candidate_pairs
from reconcile.match import MatchOptions

HEADER = "notes,source,figure,date_start,date_end,victims,perpetrator,place\n"


def normalised(write, *rows: str) -> pd.DataFrame:
    """The normalised claims of a file with these rows, each
    ``notes,source,date_start,date_end,perpetrator,place`` (date_end blank: the start day)."""
    lines = []
    for row in rows:
        notes, source, start, end, perpetrator, place = row.split(",")
        lines.append(f"{notes},{source},10,{start},{end or start},civilians,{perpetrator},{place}\n")
    _, result = read_claims(write, "claims.csv", HEADER + "".join(lines))
    assert result.rejected.empty
    return result.claims


def pairs(claims: pd.DataFrame, **options) -> set[tuple[str, str]]:
    found, too_vague = candidate_pairs(claims, MatchOptions(**options))
    assert len(too_vague) == 0
    notes = claims["notes"].to_numpy()
    named = [tuple(sorted((notes[a], notes[b]))) for a, b in found[["a", "b"]].itertuples(index=False)]
    assert len(named) == len(set(named))  # each pair once, however many blocks the two share
    return set(named)


def test_claims_pair_in_one_first_level_unit_within_the_date_window(write):
    claims = normalised(
        write,
        "latakia-6,SOHR,2025-03-06,,ISIS,Latakia",
        "jableh-7,SNHR,2025-03-07,,government forces,Jableh",  # a town of Latakia governorate, the day after
        "latakia-8,VDC,2025-03-08,,ISIS,Latakia",
        "tartus-6,SOHR,2025-03-06,,ISIS,Tartus",  # another governorate, the same day
    )
    assert set(claims["place_level1"]) == {"SY-LA", "SY-TA"}
    # One day apart (slack_days=1) is close enough, two days are not; the perpetrator plays no part here.
    assert pairs(claims) == {("jableh-7", "latakia-6"), ("jableh-7", "latakia-8")}
    assert pairs(claims, slack_days=2) == {("jableh-7", "latakia-6"), ("jableh-7", "latakia-8"),
                                           ("latakia-6", "latakia-8")}
    assert pairs(claims, slack_days=0) == set()


def test_a_country_wide_claim_meets_every_unit_of_its_country_and_no_other_country(write):
    claims = normalised(
        write,
        "syria,SOHR,2025-03-06,,ISIS,Syria",
        "syria-2,SNHR,2025-03-06,,ISIS,Syria",
        "latakia,VDC,2025-03-06,,ISIS,Latakia",
        "tartus,VDC,2025-03-06,,ISIS,Tartus",
        "coast,SOHR,2025-03-06,,ISIS,Latakia and Tartus",
        "baghdad,IBC,2025-03-06,,ISIS,Baghdad",
        "iraq,IBC,2025-03-06,,ISIS,Iraq",
    )
    assert claims.set_index("notes")["place_level1"].to_dict() == {
        "syria": "SY", "syria-2": "SY", "latakia": "SY-LA", "tartus": "SY-TA", "coast": "SY-LA|SY-TA",
        "baghdad": "IQ-BG", "iraq": "IQ"}
    syrian = set(itertools.combinations(sorted(["syria", "syria-2", "latakia", "tartus", "coast"]), 2))
    assert pairs(claims) == (syrian - {("latakia", "tartus")}) | {("baghdad", "iraq")}


def test_the_sweep_reaches_from_a_start_to_the_end_of_the_period_plus_slack(write):
    claims = normalised(
        write,
        "toll,SOHR,2025-03-01,2025-03-10,ISIS,Latakia",
        "before,SNHR,2025-02-27,,ISIS,Latakia",  # ends two days before the toll starts
        "eve,SNHR,2025-02-28,,ISIS,Latakia",
        "inside,SNHR,2025-03-05,,ISIS,Latakia",
        "after,SNHR,2025-03-11,,ISIS,Latakia",
        "late,SNHR,2025-03-12,,ISIS,Latakia",  # starts two days after the toll ends
    )
    assert pairs(claims) == {("eve", "toll"), ("inside", "toll"), ("after", "toll"), ("before", "eve"),
                             ("after", "late")}


def test_a_long_toll_is_no_candidate_for_a_short_event_within_it(write):
    # match's "long" rule forbids such a pair (the event covers less than half the toll): it is not even made.
    claims = normalised(
        write,
        "quarter,SOHR,2025-01-01,2025-03-31,ISIS,Latakia",
        "fortnight,SNHR,2025-03-01,2025-03-20,ISIS,Latakia",
        "day,VDC,2025-03-06,,ISIS,Latakia",
    )
    assert pairs(claims) == {("day", "fortnight"), ("fortnight", "quarter")}


def test_an_unplaced_claim_meets_its_perpetrators_claims_anywhere_and_an_anonymous_one_only_its_like(write):
    claims = normalised(
        write,
        "isis-nowhere,SOHR,2025-03-06,,ISIS,",
        "isis-latakia,SNHR,2025-03-06,,ISIS,Latakia",
        "isis-baghdad,IBC,2025-03-06,,ISIS,Baghdad",
        "government-latakia,VDC,2025-03-06,,government forces,Latakia",
        "anonymous,SNHR,2025-03-06,,,",
        "anonymous-2,VDC,2025-03-07,,,",
        "anonymous-far,VDC,2025-03-09,,,",
        "anonymous-latakia,SOHR,2025-03-06,,,Latakia",  # placed: in Latakia's block, not with the unplaced
    )
    latakia = {("government-latakia", "isis-latakia"), ("anonymous-latakia", "government-latakia"),
               ("anonymous-latakia", "isis-latakia")}
    assert pairs(claims) == latakia | {("isis-latakia", "isis-nowhere"), ("isis-baghdad", "isis-nowhere"),
                                       ("anonymous", "anonymous-2")}


def test_the_sweep_finds_what_comparing_all_pairs_would_find_in_any_row_order(write):
    places = ["Latakia", "Jableh", "Tartus", "Latakia and Tartus", "Syria", "Baghdad", "Iraq"]
    # 70 claims over 20 days, 1 to 7 days long, in seven places of two countries
    starts = [1 + (7 * i) % 20 for i in range(70)]
    rows = [f"c{i},S{i % 5},2025-03-{day:02d},2025-03-{day + (i % 4) * (i % 3):02d},ISIS,{places[i % 7]}"
            for i, day in enumerate(starts)]
    claims = normalised(write, *rows)
    found = pairs(claims)

    level1 = dict(zip(claims["notes"], claims["place_level1"], strict=True))
    units = {u for value in level1.values() for u in value.split("|") if len(u) > 2}

    def blocks(note):  # a country-wide claim is in every unit of its country (and its country's own block)
        named = set(level1[note].split("|"))
        return named | {u for u in units for c in named if len(c) == 2 and u.startswith(c + "-")}

    days = claims.set_index("notes")[["date_start", "date_end"]]
    expected = set()
    for a, b in itertools.combinations(sorted(level1), 2):
        (start_a, end_a), (start_b, end_b) = days.loc[a], days.loc[b]
        gap = max(start_a - end_b, start_b - end_a)
        if blocks(a) & blocks(b) and gap.days <= 1:
            expected.add((a, b))
    assert 50 < len(expected) < 70 * 69 // 2
    assert found == expected
    assert pairs(claims.iloc[::-1].reset_index(drop=True)) == found
