"""Incident matching: each rule, the chaining guard, revisions, links, labels, blocking."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reconcile.match import MatchOptions, candidate_pairs, match_incidents

PLACES = {
    "Latakia": ("SY-LA", "SY-LA", "Latakia"),
    "Jableh": ("SY-LA/jableh", "SY-LA", "Jableh"),
    "Tartus": ("SY-TA", "SY-TA", "Tartus"),
    "Latakia and Tartus": ("SY-LA|SY-TA", "SY-LA|SY-TA", "Latakia, Tartus"),
    "Idlib": ("SY-ID", "SY-ID", "Idlib"),
    "Syria": ("SY", "SY", "Syria"),
    "": ("", "", ""),
}


def claim(source, start, end=None, place="Latakia", perpetrator="ISIS", victims="civilians", incident="",
          published=None, line=None):
    units, level1, names = PLACES[place]
    return {
        "origin": f"f.csv:{line or 0}",
        "source": source,
        "incident": incident,
        "date_start": pd.Timestamp(start),
        "date_end": pd.Timestamp(end or start),
        "place": place,
        "place_units": units,
        "place_level1": level1,
        "place_names": names,
        "perpetrator": perpetrator,
        "victims": victims,
        "published": pd.Timestamp(published) if published else pd.NaT,
    }


def incidents(*claims, **options):
    frame = pd.DataFrame([{**c, "origin": f"f.csv:{i + 2}"} for i, c in enumerate(claims)])
    return match_incidents(frame, MatchOptions(**options))


def groups(result) -> list[list[int]]:
    """Incidents as sorted lists of input positions, for readable assertions."""
    by_incident = result.claims.groupby("incident").apply(lambda g: sorted(g.index.tolist()), include_groups=False)
    return sorted(by_incident.tolist())


def test_two_sources_one_event_one_day_apart_join():
    result = incidents(claim("SOHR", "2025-03-06", "2025-03-08"), claim("SNHR", "2025-03-07", "2025-03-09"),
                       claim("VDC", "2025-03-10", place="Latakia"))
    # VDC's day after would stretch the incident to 5 days, 2 beyond its longest claim: the guard says no
    assert groups(result) == [[0, 1], [2]]
    assert result.claims["incident"].iloc[0] == "2025-03-06..2025-03-09 Latakia"


def test_slack_is_configurable():
    a, b = claim("SOHR", "2025-03-06"), claim("SNHR", "2025-03-08")
    assert groups(incidents(a, b)) == [[0], [1]]
    assert groups(incidents(a, b, slack_days=2, max_extension_days=2)) == [[0, 1]]


def test_places_must_be_compatible():
    result = incidents(claim("SOHR", "2025-03-06", place="Latakia"), claim("SNHR", "2025-03-06", place="Idlib"))
    assert groups(result) == [[0], [1]]
    assert result.pairs.empty  # different first-level units are never even candidates (blocking)


@pytest.mark.parametrize("other", ["Jableh", "Latakia and Tartus", "", "Syria"])
def test_contained_or_unknown_places_are_compatible(other):
    assert groups(incidents(claim("SOHR", "2025-03-06", place="Latakia"), claim("SNHR", "2025-03-06", place=other))) == [[0, 1]]


def test_two_actors_for_the_same_victims_weigh_against_a_match_but_do_not_forbid_it():
    # The same day and place: one incident, whose attribution conflict compare shows (2 + 3 - 3).
    disputed = incidents(claim("SOHR", "2025-03-06", perpetrator="ISIS"), claim("SNHR", "2025-03-06", perpetrator="SDF"))
    assert groups(disputed) == [[0, 1]]
    assert disputed.pairs[["w_dates", "w_places", "w_actors", "score"]].values.tolist() == [[2, 3, -3, 2]]
    # A town within its governorate is weaker evidence: two blames there stay apart (2 + 1 - 3).
    contradict = incidents(claim("SOHR", "2025-03-06", perpetrator="ISIS"),
                           claim("SNHR", "2025-03-06", perpetrator="SDF", place="Jableh"))
    assert groups(contradict) == [[0], [1]]
    assert set(contradict.pairs["reason"]) == {"actors"}
    open_ = incidents(claim("SOHR", "2025-03-06", perpetrator="ISIS"), claim("SNHR", "2025-03-06", perpetrator="unattributed"))
    assert groups(open_) == [[0, 1]]


def test_same_source_separate_days_stay_apart_but_revisions_and_other_categories_join():
    daily = incidents(claim("SOHR", "2025-03-06"), claim("SOHR", "2025-03-07"))
    assert groups(daily) == [[0], [1]]
    assert set(daily.pairs["reason"]) == {"same_source"}
    revision = incidents(
        claim("SOHR", "2025-03-06", "2025-03-07", published="2025-03-07"),
        claim("SOHR", "2025-03-06", "2025-03-09", published="2025-03-09"),
        claim("SOHR", "2025-03-06", "2025-03-07", victims="children"),
    )
    assert groups(revision) == [[0, 1, 2]]


def test_chaining_guard_keeps_daily_strikes_apart():
    # Two sources reporting strikes on consecutive days: each day's pair joins, the month does not.
    days = pd.date_range("2025-01-01", periods=10)
    claims = [claim(src, d) for d in days for src in ("SOHR", "SNHR")]
    result = incidents(*claims)
    spans = result.claims.groupby("incident").agg(first=("date_start", "min"), last=("date_end", "max"))
    assert ((spans["last"] - spans["first"]).dt.days <= 1).all()
    assert len(spans) >= 5
    assert (result.pairs["reason"] == "chain").any()


def test_a_long_running_toll_still_joins_the_days_it_covers():
    claims = [claim("SNHR", "2025-03-06", "2025-03-17")] + [claim("SOHR", d) for d in pd.date_range("2025-03-06", "2025-03-16", freq="2D")]
    assert groups(incidents(*claims)) == [list(range(len(claims)))]


def test_a_cumulative_toll_does_not_swallow_events():
    result = incidents(claim("SOHR", "2011-03-15", "2025-03-15", place="Syria"),
                       claim("SNHR", "2011-03-15", "2024-03-15", place="Syria"),
                       claim("SOHR", "2020-05-01"))
    assert groups(result) == [[0, 1], [2]]


def test_user_labels_are_kept_and_never_merged_with_other_labels():
    result = incidents(claim("SOHR", "2025-03-06", incident="coast"), claim("SNHR", "2025-03-06", incident="other"),
                       claim("VDC", "2025-03-06"))
    labels = result.claims["incident"].tolist()
    assert labels[:2] == ["coast", "other"]
    assert labels[2] in ("coast", "other")  # an unlabelled claim joins a labelled incident


def test_links_override_automatic_decisions():
    a, b, c = claim("SOHR", "2025-03-06"), claim("SNHR", "2025-03-06"), claim("VDC", "2025-03-20", place="Idlib")
    links = pd.DataFrame({"origin_a": ["f.csv:2", "f.csv:2"], "origin_b": ["f.csv:3", "f.csv:4"],
                          "decision": ["different", "same"]})
    result = incidents(a, b, c, links=links)
    assert groups(result) == [[0, 2], [1]]


def test_labels_are_deterministic_and_unique():
    def event(event_id):  # one dataset's two events: never one incident
        return {**claim("UCDP", "2025-03-06", place="Idlib"), "event_id": event_id}

    one = incidents(event("1"), event("2"))
    assert sorted(one.claims["incident"]) == ["2025-03-06 Idlib", "2025-03-06 Idlib (2)"]
    again = incidents(event("1"), event("2"))
    assert one.claims["incident"].tolist() == again.claims["incident"].tolist()


def test_candidate_pairs_are_blocked_not_all_pairs():
    days = pd.date_range("2020-01-01", periods=2000)
    frame = pd.DataFrame([claim("S", d, place=p) for d in days for p in ("Latakia", "Idlib")])
    pairs, _ = candidate_pairs(frame, MatchOptions())
    n = len(frame)
    assert len(pairs) < 5 * n  # all pairs would be n*(n-1)/2 = 8 million
    assert len(pairs) > 0


def test_a_claim_without_place_is_matched_through_its_perpetrator():
    placed = claim("SOHR", "2025-03-06", place="Idlib", perpetrator="ISIS")
    named = claim("SNHR", "2025-03-06", place="", perpetrator="ISIS")
    anonymous = claim("VDC", "2025-03-06", place="", perpetrator="unattributed")
    result = incidents(placed, named, anonymous)
    # the unplaced ISIS claim joins the Idlib one; the claim with neither place nor perpetrator
    # is only a candidate for other claims with neither
    assert groups(result) == [[0, 1], [2]]
    pairs, _ = candidate_pairs(pd.DataFrame([placed, anonymous]), MatchOptions())
    assert pairs.empty  # never swept with every placed claim of its days


def test_an_unplaced_claim_with_too_many_partners_stays_alone_and_says_why():
    # ISIS is blamed in 6 places on the day: an unplaced ISIS claim could belong to any of them
    placed = [claim(f"S{i}", "2025-03-06", place=p, perpetrator="ISIS", line=i)
              for i, p in enumerate(["Latakia", "Idlib", "Tartus", "Jableh", "Syria", "Latakia and Tartus"])]
    unplaced = claim("SNHR", "2025-03-06", place="", perpetrator="ISIS", line=9)
    few = incidents(*placed[:2], unplaced, unplaced_limit=2)
    assert [0, 2] in groups(few) or [1, 2] in groups(few)  # two partners: within the limit, it joins one
    many = incidents(*placed, unplaced, unplaced_limit=5)
    assert [6] in groups(many)
    (vague,) = many.pairs.loc[many.pairs["reason"] == "vague"].itertuples()
    assert (vague.a, vague.b) == (6, 6)
    frame = pd.DataFrame([*placed, unplaced])
    pairs, too_vague = candidate_pairs(frame, MatchOptions(unplaced_limit=5))
    assert too_vague.tolist() == [6]
    assert not ((pairs["a"] == 6) | (pairs["b"] == 6)).any()  # no pair is even made for it


def test_unplaced_claims_make_at_most_the_limit_of_pairs_each():
    # 400 claims blaming ISIS on one day in two places, 20 of them unplaced: without the limit every
    # unplaced claim would pair with all 400 (and each with the others)
    frame = pd.DataFrame([claim(f"S{i}", "2025-03-06", place=("" if i % 20 == 0 else ("Latakia", "Idlib")[i % 2]))
                          for i in range(400)])
    pairs, too_vague = candidate_pairs(frame, MatchOptions(unplaced_limit=50))
    assert len(too_vague) == 20
    unplaced = (frame["place_level1"] == "").to_numpy()
    assert not (unplaced[pairs["a"]] | unplaced[pairs["b"]]).any()
    pairs, too_vague = candidate_pairs(frame, MatchOptions(unplaced_limit=1000))
    assert len(too_vague) == 0
    with_unplaced = unplaced[pairs["a"]] | unplaced[pairs["b"]]
    assert with_unplaced.sum() == 20 * 399 - 20 * 19 // 2  # every pair with an unplaced side, once


def test_unplaced_unattributed_claims_still_match_each_other():
    result = incidents(claim("SOHR", "2025-03-06", place="", perpetrator="unattributed"),
                       claim("SNHR", "2025-03-06", place="", perpetrator="unattributed"))
    assert groups(result) == [[0, 1]]
    # A day apart and nothing else in common is too little evidence.
    apart = incidents(claim("SOHR", "2025-03-06", place="", perpetrator="unattributed"),
                      claim("SNHR", "2025-03-07", place="", perpetrator="unattributed"))
    assert groups(apart) == [[0], [1]]
    assert set(apart.pairs["reason"]) == {"score"}


def test_a_fully_labelled_file_needs_no_candidate_pairs():
    result = incidents(claim("SOHR", "2025-03-06", incident="a"), claim("SNHR", "2025-03-06", incident="b"),
                       claim("VDC", "2025-03-06", incident="a"))
    assert set(result.pairs["reason"].astype(str)) == {"label"}  # only the label chain, nothing judged
    assert result.claims["incident"].tolist() == ["a", "b", "a"]


def test_two_events_of_one_dataset_are_never_joined_directly():
    """ACLED codes the same deaths once: its two events on one day, in one place, by one actor are
    two incidents, however much else agrees (acled_somalia_2025-04: Hawiye-Abgal, Cadale)."""
    one, two = (dict(claim("ACLED", "2025-05-04"), event_id=code, low=2.0, best=2.0, high=2.0)
                for code in ("SOM1", "SOM2"))
    assert groups(incidents(one, two)) == [[0], [1]]
    assert groups(incidents(one, dict(two, event_id="SOM1"))) == [[0, 1]]


def test_the_claims_of_one_event_are_one_incident_even_without_a_place():
    """UCDP's side A, side B and civilian deaths of one event id, with no place to block them
    together, were three incidents (GED event 216201)."""
    side_a, side_b, civilians = (
        dict(claim("UCDP", "2016-01-04", place="", perpetrator=p, victims=v), event_id="216201")
        for p, v in (("ISIS", "combatants"), ("SDF", "combatants"), ("unattributed", "civilians")))
    other = dict(claim("UCDP", "2016-01-04", place="", perpetrator="ISIS"), event_id="216202")
    result = incidents(side_a, side_b, civilians, other)
    assert groups(result) == [[0, 1, 2], [3]]
    reasons = result.pairs.loc[result.pairs["reason"] == "event"]
    assert len(reasons) == 2


@pytest.mark.parametrize("seed", range(4))
def test_decided_pairs_override_judged_ones_as_drop_duplicates_keep_last_would(seed):
    from reconcile.match import _overridden

    rng = np.random.default_rng(seed)
    n = 60
    keys = rng.choice(n * n, size=200, replace=False)  # judged pairs are distinct
    judged = pd.DataFrame({"a": keys // n, "b": keys % n, "reason": "score"})
    picked = rng.choice(keys, size=30)  # labels, events and links: some repeat judged pairs or each other
    decided = pd.DataFrame({"a": picked // n, "b": picked % n, "reason": "label"})
    both = pd.concat([judged, decided], ignore_index=True)
    expected = both.drop_duplicates(["a", "b"], keep="last")
    assert both.loc[~_overridden(n, judged, decided)].equals(expected)


# On several cores -------------------------------------------------------------------------------------------

def _world_claims(tmp_path) -> pd.DataFrame:
    from benchmarks.generate import generate, write_csv
    from reconcile.pipeline import load_claims

    path = tmp_path / "world.csv"
    write_csv(generate(20_000, seed=11, labelled=False, places="world"), path)
    return load_claims([path])[0].claims


def _real_claims(tmp_path) -> pd.DataFrame:
    from tests.conftest import REALDATA, every_real_claim

    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata is not present")
    return every_real_claim(REALDATA)


@pytest.mark.parametrize("claims_of", [_world_claims, _real_claims], ids=["synthetic-world", "real"])
def test_the_guard_compiled_by_numba_matches_as_plain_python_does(claims_of, tmp_path, monkeypatch):
    """The guard's merge runs compiled on many edges and as Python on few: one source, one answer."""
    from reconcile import guard

    claims = claims_of(tmp_path)
    monkeypatch.setattr(guard, "COMPILED_EDGES", 10**12)
    in_python = match_incidents(claims)
    monkeypatch.setattr(guard, "COMPILED_EDGES", 0)
    compiled = match_incidents(claims)
    assert in_python.claims["incident"].nunique() < len(claims)
    assert (in_python.pairs["reason"] == "chain").any()  # the guard ran, and refused
    pd.testing.assert_frame_equal(compiled.claims, in_python.claims)
    pd.testing.assert_frame_equal(compiled.pairs, in_python.pairs)


@pytest.mark.parametrize("claims_of", [_world_claims, _real_claims], ids=["synthetic-world", "real"])
def test_matching_on_two_workers_gives_what_one_process_gives(claims_of, tmp_path, monkeypatch, request):
    """The pairs judged in slices on two workers (however few: the thresholds set to 0), against
    everything in one process."""
    claims = claims_of(tmp_path)
    monkeypatch.setenv("RECONCILE_WORKERS", "1")
    alone = match_incidents(claims)
    split = request.getfixturevalue("on_two_workers")
    shared = match_incidents(claims)
    assert ("reconcile.match", 2) in split
    assert alone.claims["incident"].nunique() < len(claims)
    pd.testing.assert_frame_equal(shared.claims, alone.claims)
    pd.testing.assert_frame_equal(shared.pairs, alone.pairs)


def _labelled_claims(tmp_path) -> pd.DataFrame:
    from reconcile.pipeline import load_claims
    from tests.conftest import EXAMPLES

    claims = load_claims([EXAMPLES / "coastal-2025.csv"])[0].claims
    assert (claims["incident"] != "").all()  # the path that needs no candidate pairs
    return claims


@pytest.mark.parametrize("claims_of", [_world_claims, _real_claims, _labelled_claims],
                         ids=["synthetic-world", "real", "labelled"])
def test_without_pairs_the_incidents_are_the_same_and_the_pairs_frame_is_empty_of_the_same_shape(
        claims_of, tmp_path):
    claims = claims_of(tmp_path)
    full = match_incidents(claims)
    lean = match_incidents(claims, pairs=False)
    assert len(full.pairs) and len(lean.pairs) == 0
    pd.testing.assert_frame_equal(lean.claims, full.claims)
    pd.testing.assert_frame_equal(lean.pairs, full.pairs.iloc[:0])


def test_an_automatic_label_gives_the_days_and_the_first_three_place_names_then_how_many_more():
    from reconcile.match import _auto_labels

    claims = pd.DataFrame({
        "date_start": pd.to_datetime(["2025-03-06", "2025-03-07", "2025-03-07", "2025-03-08", "2025-03-01"]),
        "date_end": pd.to_datetime(["2025-03-06", "2025-03-08", "2025-03-07", "2025-03-08", "2025-03-01"]),
        "place_names": pd.Series(["Tartus, Latakia", "Jableh", "Baniyas, Latakia, Qardaha", "", ""], dtype="str"),
    })
    labels = _auto_labels(claims, np.array([0, 0, 0, 0, 1]))
    assert labels.tolist() == ["2025-03-06..2025-03-08 Baniyas, Jableh, Latakia +2 more", "2025-03-01"]
    two = _auto_labels(claims.iloc[:1], np.array([7]))
    assert two.to_dict() == {7: "2025-03-06 Latakia, Tartus"}
