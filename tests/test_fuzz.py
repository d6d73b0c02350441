"""Fuzzing (issue 8): random and mutated CSV bytes through ``compare`` and ``validate``.

Whatever the bytes, the run ends with exit code 0, 1 or 2, one-line errors and
no traceback or internal error, and every row read is accounted for. The
atheris harness in ``tests/fuzz/`` runs the same property for longer, outside
the default suite.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES
from reconcile.cli import app

SEED = (EXAMPLES / "coastal-2025.csv").read_bytes()
PIECES = [b",", b";", b"\t", b'"', b'""', b"\n", b"\r\n", b"\r", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\xe9",
          b"\xc7\xe1", b"=1+2", b"-", b"[/]", b"\x1b[2J", b"\xd9\xa7\xd9\xa0\xd9\xa0", b"more than ", b"2025-02-30",
          b"source,figure,date\n", b"incident,source,figure,date_start,date_end,victims,perpetrator,place,published\n"]

mutations = st.lists(
    st.tuples(st.sampled_from(["insert", "delete", "replace", "duplicate"]), st.integers(0, len(SEED)),
              st.integers(0, 40), st.one_of(st.sampled_from(PIECES), st.binary(max_size=8))),
    max_size=6,
)


def mutate(data: bytes, steps) -> bytes:
    for kind, at, size, piece in steps:
        at = min(at, len(data))
        if kind == "insert":
            data = data[:at] + piece + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + size:]
        elif kind == "replace":
            data = data[:at] + piece + data[at + len(piece):]
        else:
            data = data[:at] + data[at:at + size] + data[at:]
    return data


inputs = st.one_of(
    mutations.map(lambda steps: mutate(SEED, steps)),
    st.lists(st.sampled_from(PIECES + [b"a", b"1", b"SOHR", b"12-15"]), max_size=30).map(b"".join),
    st.binary(max_size=200),
)


def check(args: list[str], data: bytes, tmp_path) -> dict | None:
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    result = CliRunner().invoke(app, [args[0], str(path), *args[1:]])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), result.exit_code
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    if result.exit_code == 2:
        assert result.stderr.startswith("reconcile: error:") and result.stdout == ""
        return None
    return json.loads(result.stdout)


FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.mark.parametrize(
    "args",
    [["compare", "--format", "json"], ["compare", "--format", "json", "--input-format", "generic"],
     ["validate", "--format", "json"]],
    ids=["compare", "compare-generic", "validate"],
)
@FUZZ
@given(data=inputs)
def test_any_bytes(tmp_path, args, data):
    doc = check(args, data, tmp_path)
    if doc is None:
        return
    rows = doc["rows"]
    assert rows["claims"] == rows["used"] + rows["rejected"]
    if "generic" in args:  # one claim per row: every row is used, rejected or gave no claim
        assert rows["read"] == rows["used"] + rows["rejected"] + rows["skipped"]
    if args[0] == "compare":
        assert len(doc["rejected"]) == rows["rejected"] and len(doc["no_claim"]) == rows["skipped"]


# What the fuzzers found, kept as regression tests --------------------------------------------

FOUND = [
    b"\xe9\xef\xbb\xbf\n",  # a header that is not UTF-8 crashed the fast reader (pyarrow's column names)
    # dateutil read a time zone into "122025-03-06": a tz-aware date among naive ones crashed the date parser
    b"source,figure,date_start\nA,1,122025-03-06\nB,2,7 March 2025\n",
    # ISO times with two different offsets in one column crashed it too
    b"source,figure,date\nA,1,2025-03-06T10:00+02:00\nB,2,2025-03-06T10:00+03:00\nC,3,2025-03-06T10:00\n",
]


def test_what_the_fuzzers_found(tmp_path):
    for data in FOUND:
        for args in (["compare", "--format", "json"], ["validate", "--format", "json"]):
            check(args, data, tmp_path)


def test_json_of_text_columns_concatenated_from_several_frames(tmp_path):
    """atheris: a rejected reason with a control character, among rejected rows of two kinds (a bad
    date, a ragged row), is a pyarrow column in chunks; the JSON writer took it for one array."""
    import pandas as pd

    from reconcile.render.json_text import as_is

    reasons = pd.concat([pd.Series(["date '2025-\x103-06'"], dtype=str), pd.Series(["ragged"], dtype=str)],
                        ignore_index=True)
    assert as_is(reasons).to_pylist() == ['"date \'2025-\\u00103-06\'"', '"ragged"']
    from reconcile.pipeline import run_compare

    path = tmp_path / "c.csv"
    path.write_bytes(b"source,figure,date,notes\nA,1,2025-\x103-06,x\nB,2,2025-03-06\nC,3,2025-03-06,y\n")
    from reconcile.render import render_comparison

    document = json.loads(render_comparison(run_compare([path]), "json"))
    assert [r["origin"].rsplit(":", 1)[1] for r in document["rejected"]] == ["2", "3"]
