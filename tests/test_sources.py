"""Reading the generic claims CSV: headers, delimiters, encodings, line numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from reconcile.errors import InputError
from reconcile.sources import read_files
from reconcile.sources.generic import header_key, read_generic


@pytest.mark.parametrize(
    ("header", "canonical"),
    [("Monitor", "source"), ("Reported-By", "source"), ("FATALITIES", "figure"), ("figure_text", "figure"),
     ("Event Date", "date"), ("period_start", "date_start"), ("Killed By", "perpetrator"),
     (" victim-category ", "victims"), ("Admin1", "place"), ("as_of", "published"), ("Incident ID", "incident")],
)
def test_header_synonyms(write, header, canonical):
    columns = {"source": "source", "figure": "figure", "date": "date"}
    columns[canonical if canonical in columns else "extra"] = header
    if canonical == "date_start":
        del columns["date"]
    path = write("c.csv", ",".join(columns.values()) + "\n" + ",".join(["SOHR"] * len(columns)) + "\n")
    rows = read_generic(path).rows
    assert canonical in rows.columns
    assert header not in rows.columns or header == canonical


def test_header_key_ignores_case_spaces_hyphens_underscores():
    assert header_key(" Victim-Category_ ") == header_key("victimcategory")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters_detected(write, delimiter):
    text = delimiter.join(["source", "figure", "date"]) + "\n" + delimiter.join(["SOHR", "1,000", "2025-03-07"]) + "\n"
    if delimiter == ",":
        text = 'source,figure,date\nSOHR,"1,000",2025-03-07\n'
    rows = read_generic(write("c.csv", text)).rows
    assert rows.loc[0, "figure"] == "1,000"
    assert rows.loc[0, "source"] == "SOHR"


def test_bom_is_dropped(write):
    rows = read_generic(write("c.csv", "\ufeffsource,figure,date\nSOHR,5,2025-03-07\n")).rows
    assert "source" in rows.columns


def test_origin_counts_lines_as_a_person_does(write):
    text = 'source,figure,date,notes\nA,1,2025-01-01,"two\nlines"\n\nB,2,2025-01-02,x\n\n'
    raw = read_generic(write("c.csv", text), label="c.csv")
    assert raw.rows["origin"].tolist() == ["c.csv:2", "c.csv:5"]
    assert raw.blank_lines == 2


def test_unknown_columns_are_kept(write):
    rows = read_generic(write("c.csv", "source,figure,date,my_column\nA,1,2025-01-01,keep me\n")).rows
    assert rows.loc[0, "my_column"] == "keep me"


def test_several_files_union_their_columns(write):
    a = write("a.csv", "source,figure,date,url\nA,1,2025-01-01,http://x\n")
    b = write("b.csv", "source;figure;date;victims\nB;2;2025-01-01;children\n")
    rows = read_files([a, b]).rows
    assert rows["origin"].str.rsplit(":", n=1).str[1].tolist() == ["2", "2"]
    assert rows["url"].tolist() == ["http://x", ""]
    assert rows["victims"].tolist() == ["", "children"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"source,figure,date\nSOHR,5,2025\n\x00\x00\x00\x00\x00\x00", "binary"),
        (b"monitor,count\nSOHR,5\n", "missing required column(s) date"),
        (b"figure,date\n5,2025-01-01\n", "missing required column(s) source"),
        (b"source,deaths,killed,date\nA,1,2,2025-01-01\n", "both mean 'figure'"),
    ],
)
def test_unusable_files_raise_input_error(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_generic(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_missing_columns_message_lists_found_and_accepted(write):
    with pytest.raises(InputError) as caught:
        read_generic(write("c.csv", "who,how_many,when\nA,1,2025\n"))
    text = str(caught.value)
    assert "Columns found: who, how_many, when" in text
    assert "monitor" in text and "fatalities" in text
    assert caught.value.line == 1


def test_directory_is_not_a_file(tmp_path):
    with pytest.raises(InputError, match="directory"):
        read_generic(tmp_path)


# The fast reader (pyarrow) and the exact reader must give the same rows --------------------

FAST_OR_NOT = [
    "source,figure,date\nSOHR,5,2025-03-07\nSNHR,\"1,000\",2025-03-08\n",
    "source;figure;date\nSOHR;5;2025-03-07\r\nSNHR;7;2025-03-08\r\n",
    "\ufeffsource,figure,date,notes\nA,1,2025-01-01, spaced \nB,2,2025-01-02,\"say \"\"hi\"\"\"\n",
    "source,figure,date\n,,\nA,1,2025-01-01\n,,\n",  # rows of empty cells are blank lines
    "source,figure,date\nA,1,2025-01-01",  # no final newline
    "source,figure,date\n",  # header only
    "source,figure,date,notes\nA,1,2025-01-01,\"two\nlines\"\n\nB,2,2025-01-02,x\n",  # exact reader only
    "Monitor,Deaths,Event Date,origin\nA,٧٠٠,2025-01-01,mine\n",
]


@pytest.mark.parametrize("text", FAST_OR_NOT)
def test_fast_and_exact_readers_agree(write, monkeypatch, text):
    path = write("c.csv", text)
    fast = read_generic(path, label="c.csv")
    monkeypatch.setattr("reconcile.sources.table.parse_csv_fast", lambda data, delimiter: None)
    exact = read_generic(path, label="c.csv")
    pd.testing.assert_frame_equal(fast.rows, exact.rows)
    assert fast.blank_lines == exact.blank_lines


def test_ragged_rows_are_rejected_and_the_rest_is_read(write):
    path = write("c.csv", "source,figure,date\nA,1,2025-01-01\nB,2,2025-01-02,extra\nC,3\nD,4,2025-01-04\n")
    raw = read_generic(path, label="c.csv")
    assert raw.rows["origin"].tolist() == ["c.csv:2", "c.csv:5"]
    assert raw.rejected["origin"].tolist() == ["c.csv:3", "c.csv:4"]
    assert "4 cells where the header has 3" in raw.rejected["reason"].iloc[0]
    assert "2 cells where the header has 3" in raw.rejected["reason"].iloc[1]
    assert raw.read == 4
