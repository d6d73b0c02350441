"""``--format json``: the text written column by column is exactly json.dumps of the document."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from benchmarks.generate import generate, write_csv
from conftest import EXAMPLES, HEADER
from reconcile.pipeline import run_compare
from reconcile.render.json import comparison_document, comparison_json, comparison_json_bytes


def reference(comparison) -> str:
    return json.dumps(comparison_document(comparison), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("example", ["coastal-2025.csv", "syria-monitors.csv"])
@pytest.mark.parametrize("as_of", [None, "2024-12-31"])
def test_examples(example, as_of):
    comparison = run_compare([EXAMPLES / example], as_of=pd.Timestamp(as_of) if as_of else None)
    assert comparison_json(comparison) == reference(comparison)


@pytest.mark.parametrize("labelled", [True, False])
def test_generated_claims(tmp_path, labelled):
    path = tmp_path / "claims.csv"
    write_csv(generate(3_000, seed=2, labelled=labelled), path)
    comparison = run_compare([path])
    text = comparison_json(comparison)
    assert text == reference(comparison)
    assert comparison_json_bytes(comparison) == text.encode("utf-8")


def test_quotes_backslashes_control_characters_and_unicode(claims_file):
    path = claims_file(
        'a "quoted" one,SOHR,"more than 700 ""civilians""",2025-03-06,2025-03-08,civilians,"the ""Tiger"" forces",'
        '"Latakia\\Tartus",2025-03-09',
        'a "quoted" one,SNHR,approximately 125,2025-03-06,2025-03-08,civilians,government forces,'
        '"tab\there",2025-03-09',
        'a "quoted" one,SNHR,"نحو ١٢٥",2025-03-06,2025-03-08,total,,"two\nlines",2025-03-10',
        "other,SOHR,dozens,2025-03-06,,children,قوات النظام,اللاذقية,",
        "other,SOHR,many,2025-03-06,,children,,,",
    )
    comparison = run_compare([path])
    assert comparison_json(comparison) == reference(comparison)


def test_header_only_file(claims_file):
    comparison = run_compare([claims_file()])
    assert comparison_json(comparison) == reference(comparison)
    assert json.loads(comparison_json(comparison))["groups"] == []


def test_every_claim_lands_in_its_group(write):
    path = write("c.csv", HEADER + "".join(
        f"inc-{i % 7},S{i % 3},{i + 1},2025-01-0{1 + i % 5},,civilians,,,2025-02-01\n" for i in range(60)
    ))
    comparison = run_compare([path])
    document = json.loads(comparison_json(comparison))
    assert sum(len(g["claims"]) for g in document["groups"]) == len(comparison.claims)
    for group in document["groups"]:
        assert len({c["source"] for c in group["claims"]}) == len(group["claims"])


def test_text_built_in_small_chunks_is_the_same(tmp_path, monkeypatch):
    path = tmp_path / "claims.csv"
    write_csv(generate(2_000, seed=4), path)
    comparison = run_compare([path])
    monkeypatch.setattr("reconcile.render.json_text.CHUNK", 7)
    assert comparison_json(comparison) == reference(comparison)


def test_written_to_a_stream_as_built(tmp_path):
    import io

    from reconcile.render import write_comparison

    comparison = run_compare([EXAMPLES / "syria-monitors.csv"])
    for fmt in ("json", "markdown"):
        stream = io.BytesIO()
        write_comparison(comparison, fmt, stream)
        from reconcile.render import render_comparison

        assert stream.getvalue() == render_comparison(comparison, fmt).encode("utf-8")


def test_the_cli_streams_json_with_a_gate_or_a_baseline_and_builds_the_document_only_to_explain(
        cli, monkeypatch, tmp_path):
    """What a review adds is streamed like the rest (at 100k claims, building the document took 5x
    the time and 2.6x the memory); --explain's reasons still go through the document."""
    import reconcile.render.json as render_json

    built = []
    real = render_json.comparison_document
    monkeypatch.setattr(render_json, "comparison_document", lambda *a, **k: built.append(1) or real(*a, **k))
    example = str(EXAMPLES / "coastal-2025.csv")
    streamed = cli("compare", example, "--format", "json")
    assert streamed.exit_code == 0 and built == []
    gated = cli("compare", example, "--format", "json", "--fail-on", "disjoint")
    assert gated.exit_code == 1 and built == []
    assert json.loads(gated.stdout)["groups"] and json.loads(gated.stdout)["gate"]["failed"]
    assert json.loads(streamed.stdout)["groups"] == [
        {k: v for k, v in g.items() if k != "triggered"} for g in json.loads(gated.stdout)["groups"]
    ]
    (tmp_path / "old.json").write_text(streamed.stdout)
    against = cli("compare", example, "--format", "json", "--baseline", str(tmp_path / "old.json"),
                  "--fail-on", "new")
    assert against.exit_code == 0 and built == [] and json.loads(against.stdout)["baseline"]
    explained = cli("compare", example, "--format", "json", "--explain")
    assert explained.exit_code == 0 and built == [1]


@pytest.mark.parametrize("gate", [["disjoint"], ["ratio>=3", "overlapping"], ["attribution", "ratio>=1.5"]])
@pytest.mark.parametrize("by", [(), ("perpetrator",)])
def test_a_gate_streamed_is_what_json_dumps_writes_of_the_document(tmp_path, gate, by):
    from reconcile.gates import parse_gate, review

    path = tmp_path / "claims.csv"
    write_csv(generate(3_000, seed=3, labelled=False), path)
    for source in (path, EXAMPLES / "syria-monitors.csv"):
        comparison = run_compare([source])
        verdict = review(comparison, parse_gate(gate), None, None)
        expected = json.dumps(comparison_document(comparison, verdict, by), ensure_ascii=False, indent=2)
        assert comparison_json(comparison, verdict, by) == expected + "\n"


def test_both_encoders_read_one_field_list():
    """The document's members, a group's and an incident's fields come from one list each (issue #16)."""
    from reconcile.render.json import GROUP_FIELDS, INCIDENT_FIELDS, SECTIONS

    comparison = run_compare([EXAMPLES / "syria-monitors.csv"])
    streamed = json.loads(comparison_json(comparison))
    document = comparison_document(comparison)
    assert tuple(streamed) == tuple(document) == SECTIONS
    assert list(streamed["groups"][0]) == [*GROUP_FIELDS, "claims"]
    assert list(streamed["incidents"][0]) == list(INCIDENT_FIELDS) == list(document["incidents"][0])


def test_each_encoding_writes_what_json_dumps_writes_per_value():
    """The column encoders encode each distinct value once, vectorised (dates by numpy, floats by repr,
    escapes found in the bytes): per value, the text must be json.dumps's."""
    import numpy as np

    from reconcile.render.json_text import as_is, days, finite, strings, text_or_null
    from reconcile.render.numbers import day

    texts = pd.Series(["", "plain", 'a "quote"', "back\\slash", "tab\there", "\x1f", "\x7f", "نحو ١٢٥",
                       "two\nlines", None, "plain", "é\u2028"], dtype=str)
    assert as_is(texts).to_pylist() == [
        "NaN" if pd.isna(v) else json.dumps(v, ensure_ascii=False) for v in texts]
    assert text_or_null(texts).column().to_pylist() == [
        "NaN" if pd.isna(v) else json.dumps(v or None, ensure_ascii=False) for v in texts]
    in_chunks = pd.concat([texts.iloc[:4], texts.iloc[4:]], ignore_index=True)
    assert strings(in_chunks, "NaN").column().to_pylist() == as_is(texts).to_pylist()
    assert as_is(pd.Series([None, None], dtype=str)).to_pylist() == ["NaN", "NaN"]

    open_and_before_1970 = ["0001-01-01T23:59:59", "0999-05-05", "1969-12-31T12:00:00", "NaT"]
    for moments, unit in [(open_and_before_1970, "s"), (open_and_before_1970, "us"),
                          (["1969-12-31T23:59:59", "2012-07-01T13:00:00", "NaT"], "ns")]:
        dates = pd.Series(np.array(moments, dtype=f"datetime64[{unit}]"))
        assert days(dates).column().to_pylist() == [json.dumps(day(v) or None) for v in dates]
    aware = pd.Series(pd.to_datetime(["2025-03-06T23:30:00+00:00", None], utc=True))
    aware = aware.dt.tz_convert("Asia/Damascus")
    assert days(aware).column().to_pylist() == [json.dumps(day(v) or None) for v in aware]

    numbers = pd.Series([0.0, 1e16, 1e-7, 0.1 + 0.2, 125, float("inf"), float("-inf"), None, 2.5, 1e300])
    assert finite(numbers).column().to_pylist() == [
        json.dumps(float(v)) if np.isfinite(v) else "null" for v in numbers]


def test_groups_and_claims_laid_out_in_chunks_of_one_group(monkeypatch):
    """Each chunk's matrix puts a group's row before its claims' rows: chunks of a single group, and of
    groups with one claim and with several, give the same text."""
    comparison = run_compare([EXAMPLES / "syria-monitors.csv"])
    whole = comparison_json(comparison)
    assert whole == reference(comparison)
    for size in (1, 2, 3):
        monkeypatch.setattr("reconcile.render.json_text.CHUNK", size)
        assert comparison_json(comparison) == whole


@pytest.mark.parametrize("gate", [[], ["new"], ["disjoint", "new"], ["ratio>=2"]])
def test_a_baseline_streamed_is_what_json_dumps_writes_of_the_document(tmp_path, gate):
    """Groups new, changed (status or figures) and unchanged, and groups gone since the baseline."""
    from reconcile.gates import baseline_from_json, parse_gate, review

    before, after = tmp_path / "before.csv", tmp_path / "after.csv"
    write_csv(generate(3_000, seed=4, labelled=False), before)
    claims = generate(3_000, seed=4, labelled=False)
    figure = claims["figure"].astype(str).where(claims.index % 7 != 0, "999")
    claims = claims.assign(figure=figure).iloc[200:]  # some groups gone, some figures changed
    write_csv(claims, after)
    old = json.loads(comparison_json(run_compare([before])))
    comparison = run_compare([after])
    verdict = review(comparison, parse_gate(gate), baseline_from_json(old), "before.json")
    assert verdict.changes["change"].nunique() == 3 and len(verdict.resolved)
    expected = json.dumps(comparison_document(comparison, verdict), ensure_ascii=False, indent=2)
    assert comparison_json(comparison, verdict) == expected + "\n"
