"""HXL-tagged tables (reconcile/sources/hxl.py): the tag row says which column is which."""

from __future__ import annotations

from conftest import ACLED_2020, HXL, read, read_accounted


def test_hxl_tags_map_to_claim_columns(write):
    raw, result = read_accounted(write, "hxl.csv", HXL, 2)
    assert raw.formats == ("hxl",)
    claims = result.claims
    assert claims[["origin", "source", "victims", "best", "place"]].values.tolist() == [
        ["hxl.csv:3", "SOHR", "total", 20.0, "Lattakia"],
        ["hxl.csv:3", "SOHR", "civilians", 12.0, "Lattakia"],
        ["hxl.csv:4", "SNHR", "civilians", 5.0, "Tartus"],
    ]
    assert claims["perpetrator"].tolist()[0] == "Transitional government forces"
    assert claims["Other"].tolist() == ["x", "x", "y"]


def test_hxl_tag_row_over_a_known_header_is_read_as_that_format(write):
    lines = ACLED_2020.splitlines(keepends=True)
    tags = ",".join("#date" if c == "event_date" else ("#affected+killed" if c == "fatalities" else "")
                    for c in lines[0].strip().split(",")) + "\n"
    raw = read(write, "acled-hxl.csv", lines[0] + tags + "".join(lines[1:]))
    assert raw.formats == ("acled",)
    assert raw.rows["origin"].tolist() == ["acled-hxl.csv:3", "acled-hxl.csv:4"]
