"""reconcile.text: text joined per group (in input order, empty groups blank), a function mapped once
per distinct value, and comma-separated option choices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reconcile.text import (
    join_by_codes,
    join_per_key,
    map_distinct,
    on_distinct,
    parse_choices,
    rows_of,
    spread,
)


def test_join_by_codes_keeps_each_groups_values_in_input_order():
    codes = np.array([1, 0, 1, 0, 1])
    joined = join_by_codes(codes, pd.Series(["c.csv:2", "c.csv:3", "c.csv:4", "c.csv:5", "c.csv:6"]), ", ")
    assert joined.tolist() == ["c.csv:3, c.csv:5", "c.csv:2, c.csv:4, c.csv:6"]


def test_join_by_codes_agrees_with_a_python_join_per_group_on_many_values():
    rng = np.random.default_rng(7)
    codes = rng.integers(0, 5, size=200)
    values = pd.Series([f"v{i}" for i in range(200)])
    expected = values.groupby(codes).agg(", ".join)
    assert join_by_codes(codes, values, ", ").tolist() == expected.tolist()


def test_join_by_codes_gives_a_blank_for_a_group_without_values():
    # groups=4: groups 1 and 3 have nothing, so they are "", not missing or dropped
    joined = join_by_codes(np.array([2, 0]), pd.Series(["SOHR", "SNHR"]), "; ", groups=4)
    assert joined.tolist() == ["SNHR", "", "SOHR", ""]
    assert join_by_codes(np.array([], dtype=np.int64), pd.Series([], dtype=str), ", ").tolist() == []


def test_join_per_key_is_indexed_by_sorted_keys_and_keeps_repeated_values():
    keys = pd.Series(["i2", "i1", "i2", "i2"], name="incident")
    places = pd.Series(["Tartus", "Idlib", "Latakia", "Tartus"], name="place")
    joined = join_per_key(keys, places, ", ")
    assert joined.to_dict() == {"i1": "Idlib", "i2": "Tartus, Latakia, Tartus"}
    assert (joined.index.name, joined.name) == ("incident", "place")


def test_map_distinct_calls_the_function_once_per_distinct_value_and_keeps_nan_and_index():
    calls = []

    def upper(value):
        calls.append(value)
        return value.upper()

    mapped = map_distinct(pd.Series(["isis", "sdf", "isis", np.nan, "isis"], index=[5, 6, 7, 8, 9]), upper)
    assert calls == ["isis", "sdf"]
    assert mapped.index.tolist() == [5, 6, 7, 8, 9]
    assert mapped.iloc[[0, 1, 2, 4]].tolist() == ["ISIS", "SDF", "ISIS", "ISIS"]
    assert pd.isna(mapped.iloc[3])


def test_parse_choices_reads_repeated_and_comma_separated_values_in_any_case_once_each():
    allowed = ("disjoint", "overlapping", "consistent")
    values = ["Overlapping, DISJOINT", "overlapping,,consistent"]
    chosen = parse_choices(values, allowed, "--show", "status", "x")
    assert chosen == ("overlapping", "disjoint", "consistent")  # first-seen order, no repeats
    # one string is one value, not its letters
    assert parse_choices("disjoint", allowed, "--show", "status", "x") == ("disjoint",)


@pytest.mark.parametrize(("values", "message"), [
    (["disjoint", "disjointed"], "--show: unknown status 'disjointed' (use disjoint, overlapping)"),
    ([" , "], "--show: no status given (use disjoint, overlapping)"),
    ([], "--show: no status given (use disjoint, overlapping)"),
])
def test_parse_choices_names_the_option_and_the_bad_value(values, message):
    with pytest.raises(ValueError) as caught:
        parse_choices(values, ("disjoint", "overlapping"), "--show", "status", "disjoint, overlapping")
    assert str(caught.value) == message


def test_a_missing_key_names_no_group_as_in_a_group_by():
    keys = pd.Series(["b", None, "a", "b"])
    values = pd.Series(["x", "lost", "y", "z"])
    got = join_per_key(keys, values, ", ")
    assert got.to_dict() == values.groupby(keys).agg(", ".join).to_dict() == {"a": "y", "b": "x, z"}


def test_on_distinct_gives_the_whole_column_answer_with_the_index_dtype_and_missing_values():
    values = pd.Series(["SOHR ", "Syrian  Network\tfor Human Rights", None, "SOHR ", "a\u00a0 b"] * 3,
                       index=range(10, 25), dtype=str, name="source")
    seen = []

    def collapse(texts: pd.Series) -> pd.Series:
        seen.append(len(texts))
        return texts.str.replace(r"\s+", " ", regex=True)

    result = on_distinct(values, collapse)
    pd.testing.assert_series_equal(result, collapse(values))
    assert seen[0] == 4  # the four distinct values (missing included), not fifteen rows


def test_spread_gives_each_rows_text_as_a_text_column_on_the_index():
    texts = np.array(["SY-LA", "", "SY-TA|SY-LA", "Latakia, Tartus"], dtype=object)
    codes = np.random.default_rng(1).integers(0, len(texts), 1000)
    index = pd.RangeIndex(5, 1005)
    expected = pd.Series(texts[codes], index=index, dtype="str")
    pd.testing.assert_series_equal(spread(texts, codes, index), expected)
    assert spread(["date", "date_start"], np.array([1, 0]), pd.Index([7, 3])).to_dict() == {7: "date_start", 3: "date"}


def test_items_per_key_sorts_each_keys_distinct_items_and_counts_those_not_shown():
    from reconcile.text import items_per_key

    keys = pd.Series(["b", "a", "a", "c", "b", "d"])
    lists = pd.Series(["Tartus, Latakia", "Jableh", "Latakia, Baniyas, Jableh, Qardaha", "", None, "X, , Y"],
                      dtype="str")
    everything = items_per_key(keys, lists)
    assert everything.to_dict() == {"a": "Baniyas, Jableh, Latakia, Qardaha", "b": "Latakia, Tartus", "d": "X, Y"}
    assert items_per_key(keys, lists, shown=3).to_dict() == {
        "a": "Baniyas, Jableh, Latakia +1 more", "b": "Latakia, Tartus", "d": "X, Y"}
    by_number = items_per_key(np.array([3, 1, 3]), pd.Series(["z; y", "x", "y"]), sep="; ")
    assert by_number.to_dict() == {1: "x", 3: "y; z"}
    assert items_per_key(keys[:1], pd.Series([""], dtype="str")).empty


@pytest.mark.parametrize("dtype", ["str", "int64"])
def test_rows_of_is_get_indexer(dtype):
    among = pd.Series(["b", "a", "c", "é"] if dtype == "str" else [2, 1, 3, 9], dtype=dtype)
    keys = pd.Series(["a", "zz", "é", "b", "a", "c"] if dtype == "str" else [1, 7, 9, 2, 1, 3], dtype=dtype)
    want = pd.Index(among).get_indexer(keys)
    assert np.array_equal(rows_of(keys, among), want) and list(want) == [1, -1, 3, 0, 1, 2]
