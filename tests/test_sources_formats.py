"""Choosing a format (reconcile/sources/formats.py): detection from the header, --input-format,
the closest format when none matches, and ``reconcile formats``."""

from __future__ import annotations

import json

import pytest

from conftest import ACLED_2016, ACLED_2020, ACLED_CURRENT, AIRWARS, AIRWARS_BELLIGERENTS, HDX, HXL, UCDP, read


@pytest.mark.parametrize(
    ("text", "expected"),
    [(ACLED_CURRENT, "acled"), (ACLED_2020, "acled"), (ACLED_2016, "acled"), (UCDP, "ucdp"), (AIRWARS, "airwars"),
     (AIRWARS_BELLIGERENTS, "airwars"), (HDX, "hdx_hapi"), (HXL, "hxl"), ("source,figure,date\nA,1,2025\n", "generic")],
)
def test_format_detected_from_the_header(write, text, expected):
    assert read(write, "f.csv", text).formats == (expected,)


def test_a_file_matching_no_format_exits_2_naming_the_closest_and_what_it_lacks(cli, write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("odd.csv", "event_id_cnty,event_date,fatalities,country\nX1,2025-01-01,3,Syria\n")
    result = cli("compare", "odd.csv")
    assert result.exit_code == 2
    assert "closest is acled" in result.stderr and "lacks actor1" in result.stderr
    assert "Traceback" not in result.stderr


def test_input_format_forces_a_format(cli, write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("acled.csv", ACLED_2020)
    as_acled = json.loads(cli("normalise", "acled.csv", "--input-format", "acled", "-f", "json").stdout)
    assert {c["source"] for c in as_acled} == {"ACLED"}
    generic = cli("normalise", "acled.csv", "--input-format", "generic")  # forced: no detection
    assert generic.exit_code == 2 and "'admin1' and 'location' both mean 'place'" in generic.stderr
    bad = cli("compare", "acled.csv", "--input-format", "ucdp")
    assert bad.exit_code == 2 and "not a ucdp file" in bad.stderr and "lacks" in bad.stderr
    unknown = cli("compare", "acled.csv", "--input-format", "nope")
    assert unknown.exit_code == 2 and "no format 'nope'" in unknown.stderr


def test_formats_command_lists_every_format(cli):
    result = cli("formats", "-f", "csv")
    assert result.exit_code == 0
    names = [line.split(",")[0] for line in result.stdout.splitlines()[1:]]
    assert names == ["hxl", "ucdp", "airwars", "hdx_hapi", "acled", "named_victims", "airwars_sources", "pcodes",
                     "war_totals", "war_figures", "wide", "cumulative", "generic", "mapping"]
