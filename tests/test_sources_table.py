"""Reading files whatever they look like (issue 8): encodings, awkward CSV, spreadsheets and gzip.

Every test checks the two promises: line numbers in ``origin`` are the file's
lines as a person counts them, and every row is accounted for
(rows read = used + rejected + skipped).
"""

from __future__ import annotations

import codecs
import gzip
import json

import pandas as pd
import pytest

from conftest import REALDATA, UCDP, read
from reconcile.errors import InputError, UsageError
from reconcile.sources import ReadOptions, read_files
from reconcile.sources.encoding import detect_encoding
from reconcile.sources.table import read_table

ARABIC = (
    "incident,source,figure,date,place,perpetrator\n"
    "coastal,المرصد السوري,أكثر من 700,2025-03-07,اللاذقية,قوات الحكومة\n"
    "coastal,الشبكة السورية,نحو 125,2025-03-07,طرطوس,\n"
)


def as_json(result) -> dict:
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def accounted(doc: dict) -> bool:
    rows = doc["rows"]
    return rows["read"] == rows["used"] + rows["rejected"] + rows["skipped"] and rows["claims"] == (
        rows["used"] + rows["rejected"]
    )


# 1. Encodings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "said"),
    [
        (ARABIC.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + ARABIC.encode("utf-8"), "UTF-8 with BOM"),
        (ARABIC.encode("utf-16"), "UTF-16 (byte-order mark)"),
        (codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"), "UTF-16 (byte-order mark)"),
        (codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"), "UTF-16 (byte-order mark)"),
        (ARABIC.encode("cp1256"), "Windows-1256 (Arabic), detected"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le", "utf-16-be", "cp1256"],
)
def test_arabic_is_read_unchanged_in_every_encoding(write, encoded, said):
    table = read_table(write("ar.csv", encoded), "ar.csv")
    assert table.frame["source"].tolist() == ["المرصد السوري", "الشبكة السورية"]
    assert table.frame["figure"].tolist() == ["أكثر من 700", "نحو 125"]
    assert table.lines.tolist() == [2, 3]
    assert said in table.notes[0]


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_latin_text_is_detected(write, encoding):
    text = "incident,source,figure,date,place\nx,Médecins Sans Frontières,5,2025-03-07,São Paulo\n"
    table = read_table(write("l.csv", text.encode(encoding)), "l.csv")
    assert table.frame.loc[0, "source"] == "Médecins Sans Frontières"
    assert table.frame.loc[0, "place"] == "São Paulo"
    assert "not UTF-8" in table.warnings[0]


def test_short_arabic_is_not_mistaken_for_latin():
    assert detect_encoding("a,b\nحلب,1\n".encode("cp1256")) == "cp1256"
    assert detect_encoding("a,b\nCafé,1\n".encode("latin-1")) in ("cp1252", "latin_1")


def test_encoding_option_forces_one(write):
    path = write("ar.csv", ARABIC.encode("cp1256"))
    raw = read_files([path], ["ar.csv"], ReadOptions(encoding="cp1256"))
    assert raw.rows["place"].tolist() == ["اللاذقية", "طرطوس"]
    assert raw.notes == ("ar.csv: cp1256 (--encoding), delimiter comma",)
    # the same bytes forced as Latin-1 are read, wrongly but as asked: no guess overrides the user
    forced = read_files([path], ["ar.csv"], ReadOptions(encoding="latin-1"))
    assert forced.rows["place"].iloc[0] != "اللاذقية"


def test_unknown_or_wrong_forced_encoding(write):
    path = write("ar.csv", ARABIC.encode("cp1256"))
    with pytest.raises(UsageError, match="unknown encoding 'klingon'"):
        read_table(path, encoding="klingon")
    with pytest.raises(InputError, match=r"ar.csv:2: not utf-8 text \(byte 0x"):
        read_table(path, encoding="utf-8")


def test_utf8_needs_no_detection(write, monkeypatch):
    def refuse(data):
        raise AssertionError("UTF-8 must not go through the detector")

    monkeypatch.setattr("reconcile.sources.encoding.detect_encoding", refuse)
    assert read_table(write("u.csv", ARABIC.encode("utf-8"))).notes[0].endswith("UTF-8, delimiter comma")


def test_verbose_reports_what_was_detected(here, cli, write):
    write("ar.csv", ARABIC.encode("utf-16"))
    quiet = cli("compare", "ar.csv", "--format", "json")
    assert "read ar.csv" not in quiet.stderr
    loud = cli("compare", "ar.csv", "--format", "json", "--verbose")
    assert "reconcile: read ar.csv: UTF-16 (byte-order mark), delimiter comma" in loud.stderr


def _real_arabic_rows(encoding: str) -> str:
    """40 rows of Airwars' detailed table with an Arabic place name, that ``encoding`` can write."""
    detail = REALDATA / "airwars_syria" / "incidents_detail.csv"
    if not detail.is_file():
        pytest.skip("../shared/realdata is not present")
    frame = pd.read_csv(detail, dtype=str, keep_default_na=False)
    # cp1256 has no letters for a few characters some rows use (typographic quotes ...): leave those rows out
    writable = frame.apply(lambda row: all(_encodes(cell, encoding) for cell in row), axis=1)
    with_arabic = frame.loc[(frame["location_ar"] != "") & writable].head(40)
    assert len(with_arabic) == 40
    return with_arabic.to_csv(index=False)


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize("encoding", ["cp1256", "utf-16"])
def test_real_airwars_rows_round_trip_through_normalise_and_compare(here, cli, write, encoding):
    text = _real_arabic_rows(encoding)
    write("utf8.csv", text.encode("utf-8"))
    write("legacy.csv", text.encode(encoding))
    for fmt in ("csv", "json"):
        assert cli("normalise", "utf8.csv", "-o", f"a.{fmt}").exit_code == 0
        result = cli("normalise", "legacy.csv", "-o", f"b.{fmt}")
        assert result.exit_code == 0, result.stderr
    a_csv, b_csv = (pd.read_csv(here / f"{n}.csv", dtype=str, keep_default_na=False) for n in ("a", "b"))
    assert b_csv["location_ar"].str.contains("[\u0600-\u06ff]").any()
    pd.testing.assert_frame_equal(a_csv.drop(columns="origin"), b_csv.drop(columns="origin"))
    a, b = (json.loads((here / f"{n}.json").read_text(encoding="utf-8")) for n in ("a", "b"))
    assert [{k: v for k, v in r.items() if k != "origin"} for r in a] == [
        {k: v for k, v in r.items() if k != "origin"} for r in b]
    first = cli("compare", "utf8.csv", "--format", "json")
    second = cli("compare", "legacy.csv", "--format", "json")
    assert second.exit_code == 0, second.stderr
    assert first.stdout.replace("utf8.csv", "legacy.csv") == second.stdout


# 2. Awkward CSV ---------------------------------------------------------------------------------

HEAD = "source,figure,date,notes"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_line_endings_and_multiline_cells_keep_line_numbers(here, cli, write, newline):
    lines = [HEAD, 'A,1,2025-03-07,"two', 'lines"', "", "B,oops,2025-03-07,x", "C,3,2025-03-07,y", "", ""]
    write("c.csv", newline.join(lines))
    doc = as_json(cli("compare", "c.csv", "--format", "json"))
    used = sorted(c["origin"] for g in doc["groups"] for c in g["claims"])
    assert used == ["c.csv:2", "c.csv:6"]
    assert [r["origin"] for r in doc["rejected"]] == ["c.csv:5"]
    assert accounted(doc)


SPANNING = (f'{HEAD}\nA,1,2025-03-07,"he said ""two\nlines"""\nB,2,2025-03-07,"three\n\nlines"\n'
            'C,3,2025-03-07,one\n"D","4","2025-03-07","x\ny"')


def exact_and_fast(data: bytes) -> tuple:
    from pathlib import Path

    from reconcile.sources.csv_records import parse_csv_fast, read_records

    return read_records(Path("f.csv"), data.decode("utf-8-sig"), ","), parse_csv_fast(data, ",")


def test_a_cell_spanning_pyarrows_block_boundary_is_one_cell():
    # pyarrow cuts a file into 1 MiB blocks at line breaks when it is told no cell holds one
    data = b"h\n" + b"x\n" * 524286 + b'"a\nb"\nz\n'
    exact, fast = exact_and_fast(data)
    frame, lines = fast
    assert frame["h"].tolist()[-2:] == ["a\nb", "z"] == exact.frame["h"].tolist()[-2:]
    assert lines.tolist() == exact.lines.tolist()


@pytest.mark.parametrize("data", [SPANNING.encode(), (REALDATA / "ucdp_ged_syria" / "ged191_syria.csv").read_bytes()],
                         ids=["written", "ucdp-ged"])
def test_cells_spanning_lines_are_read_fast_with_the_exact_readers_rows_and_lines(data):
    # UCDP GED Syria has 41 records spanning lines: pyarrow reads it in a third of the time
    exact, fast = exact_and_fast(data)
    assert fast is not None
    frame, lines = fast
    assert lines.tolist() == exact.lines.tolist()
    assert frame.astype(object).to_numpy().tolist() == exact.frame.astype(object).to_numpy().tolist()
    assert list(frame.columns) == list(exact.frame.columns) and exact.rejected.empty


@pytest.mark.parametrize("data", [
    SPANNING.replace("C,3", "\nC,3"),  # a blank line
    SPANNING.replace("\n", "\r\n"),  # a lone \r inside a cell would end a line for the exact reader
    SPANNING + '\nE,5,2025-03-07,"never closed\nF,6,2025-03-07,z\n',
    SPANNING.replace("C,3,", "C,3,x,"),  # ragged
    # a quote open to the end of the file, alone and with a blank line whose count it would cancel
    f'{HEAD}\nA,1,2025-03-07,x\nB,2,2025-03-07,"open\nC',
    f'{HEAD}\nA,1,2025-03-07,x\n\nB,2,2025-03-07,"open\n',
    f'{HEAD}\nA,1,2025-03-07,"two\nlines"\n\nB,2,2025-03-07,"open\nC\n',
    f'{HEAD}\nA,1,2025-03-07,x"y\nB,2,2025-03-07,"two\nlines"\nC,3,2025-03-07,z"w\n',  # stray quotes
    f'{HEAD}\nA,1,2025-03-07,"a lone\rreturn"\nB,2,2025-03-07,y\n',  # a line end for the exact reader
    # a quote in an unquoted cell evens the count of an open one at the end
    f'{HEAD}\nA,1,2025-03-07,"two\nlines"\nB,2,20"25,"open',
    'source, ,date\nA,1,2025-03-07\n',  # a blank column name: the exact reader names it
], ids=["blank-line", "crlf", "unclosed-quote", "ragged", "open-at-end", "open-at-end-and-blank",
        "spanning-open-at-end-and-blank", "stray-quotes", "lone-return", "stray-and-open-at-end",
        "blank-name"])
def test_files_the_fast_reader_cannot_count_go_to_the_exact_reader(data):
    assert exact_and_fast(data.encode())[1] is None


def test_ragged_rows_are_rejected_with_origin_and_reason_and_the_rest_is_read(here, cli, write):
    write("r.csv", "\n".join([
        HEAD,
        "A,1,2025-03-07,fine",
        "B,2,2025-03-07",  # too few: pandas would have padded it silently
        'C,3,2025-03-07,"multi',
        'line",extra',  # too many, starting on line 4
        "D,4,2025-03-07,fine",
    ]) + "\n")
    doc = as_json(cli("compare", "r.csv", "--format", "json"))
    assert doc["rows"] == {"read": 4, "used": 2, "rejected": 2, "claims": 4, "skipped": 0}
    rejected = {r["origin"]: r["reason"] for r in doc["rejected"]}
    assert "3 cells where the header has 4" in rejected["r.csv:3"]
    assert "5 cells where the header has 4" in rejected["r.csv:4"]
    used = sorted(c["origin"] for g in doc["groups"] for c in g["claims"])
    assert used == ["r.csv:2", "r.csv:6"]


def test_nul_bytes_reject_their_row(here, cli, write):
    write("n.csv", f"{HEAD}\nA,1,2025-03-07,ok\nB,2,2025-03-07,bad\x00cell\nC,3,2025-03-07,ok\n".encode())
    doc = as_json(cli("compare", "n.csv", "--format", "json"))
    assert doc["rejected"] == [{"origin": "n.csv:3", "reason": "NUL byte in column 'notes' (a damaged file?)"}]
    assert accounted(doc)


def test_a_file_of_nul_bytes_is_binary(here, cli, write):
    write("z.csv", b"source,figure,date\n" + b"\x00" * 200)
    result = cli("compare", "z.csv")
    assert result.exit_code == 2 and "binary" in result.stderr


def test_a_repeated_header_is_a_rejected_row(here, cli, write):
    write("p.csv", f"{HEAD}\nA,1,2025-03-07,x\n\ufeffSource, Figure ,date,NOTES\nB,2,2025-03-07,y\n")
    doc = as_json(cli("compare", "p.csv", "--format", "json"))
    assert doc["rejected"] == [{"origin": "p.csv:3", "reason": "the header row again (files pasted together?)"}]
    assert doc["rows"]["used"] == 2 and accounted(doc)


def test_a_quote_never_closed_is_one_rejected_row(here, cli, write):
    write("q.csv", f'{HEAD}\nA,1,2025-03-07,x\nB,2,2025-03-07,"open\nC,3,2025-03-07,y\n')
    doc = as_json(cli("compare", "q.csv", "--format", "json"))
    assert [r["origin"] for r in doc["rejected"]] == ["q.csv:3"]
    assert "never closed, so lines 3-4 read as one row" in doc["rejected"][0]["reason"]


def test_duplicate_header_names(here, cli, write):
    write("d.csv", "source,figure,date,remark,remark,\nA,1,2025-03-07,x,y,z\n")
    result = cli("normalise", "d.csv", "--format", "json")
    assert result.exit_code == 0, result.stderr
    (claim,) = json.loads(result.stdout)
    assert (claim["remark"], claim["remark_2"], claim["column_6"]) == ("x", "y", "z")
    assert "column 'remark' appears more than once" in result.stderr
    write("f.csv", "source,figure,figure,date\nA,1,2,2025-03-07\n")
    result = cli("compare", "f.csv")
    assert result.exit_code == 2 and "column 'figure' appears more than once" in result.stderr


def test_very_long_fields(here, cli, write):
    long = "x" * 3_000_000  # beyond pyarrow's block and the csv module's default field limit
    write("l.csv", f'{HEAD}\nA,1,2025-03-07,"{long}"\nB,2,2025-03-07,short\n')
    result = cli("normalise", "l.csv", "--format", "json")
    assert result.exit_code == 0, result.stderr
    claims = json.loads(result.stdout)
    assert [c["origin"] for c in claims] == ["l.csv:2", "l.csv:3"]
    assert claims[0]["notes"] == long


def test_leading_blank_lines_before_the_header(here, cli, write):
    write("b.csv", f"\n\n{HEAD}\nA,1,2025-03-07,x\n")
    result = cli("compare", "b.csv", "--format", "json")
    assert [c["origin"] for g in as_json(result)["groups"] for c in g["claims"]] == ["b.csv:4"]
    assert "the header is on line 3" in result.stderr


def test_every_adapter_accounts_for_rejected_rows(here, cli, write):
    ucdp = ("id,type_of_violence,side_a,side_b,date_start,date_end,adm_1,adm_2,deaths_a,deaths_b,"
            "deaths_civilians,low,best,high\n"
            "1,1,A,B,2017-01-01,2017-01-01,Raqqa,Raqqa,1,2,3,6,6,8\n"
            "2,1,A,B,2017-01-02\n")
    write("u.csv", ucdp)
    doc = as_json(cli("compare", "u.csv", "--format", "json"))
    assert doc["rows"]["read"] == 2 and [r["origin"] for r in doc["rejected"]] == ["u.csv:3"]
    assert doc["rows"]["claims"] == doc["rows"]["used"] + doc["rows"]["rejected"]


def test_validate_reports_malformed_rows(here, cli, write):
    write("v.csv", f"{HEAD}\nA,1,2025-03-07,x\nB,2\n{HEAD}\n")
    result = cli("validate", "v.csv", "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert {(e["line"], e["rule"]) for e in doc["errors"]} == {(3, "malformed-row"), (4, "repeated-header")}
    assert doc["rows"]["read"] == 3


# 3. Containers: spreadsheets and gzip ----------------------------------------------------------


def test_xlsx_sheet_is_read_with_sheet_row_numbers(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    import datetime as dt

    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["nothing here"])
    sheet = book.create_sheet("Deaths")
    sheet.append(["source", "figure", "date", "victims"])
    sheet.append(["SOHR", 700, dt.datetime(2025, 3, 7), "civilians"])
    sheet.append([None, None, None, None])
    sheet.append(["SNHR", "approximately 125", "2025-03-07", "civilians"])
    path = tmp_path / "claims.xlsx"
    book.save(path)
    raw = read_files([path], ["claims.xlsx"], ReadOptions(sheet="Deaths"))
    assert raw.rows["origin"].tolist() == ["claims.xlsx[Deaths]:2", "claims.xlsx[Deaths]:4"]
    assert raw.rows["figure"].tolist() == ["700", "approximately 125"]
    assert raw.rows["date"].tolist() == ["2025-03-07", "2025-03-07"]
    assert raw.blank_lines == 1
    assert read_files([path], ["claims.xlsx"], ReadOptions(sheet="2")).rows["source"].tolist() == ["SOHR", "SNHR"]
    with pytest.raises(InputError, match="no sheet 'Dead'; sheets: Notes, Deaths"):
        read_files([path], None, ReadOptions(sheet="Dead"))


def test_sheet_option_on_a_csv_is_a_usage_error(write):
    with pytest.raises(UsageError, match="--sheet"):
        read(write, "c.csv", "source,figure,date\nA,1,2025\n", sheet="x")


def test_csv_gz_reads_like_the_csv(write):
    plain = read(write, "ged.csv", UCDP)
    packed = read(write, "ged.csv.gz", gzip.compress(UCDP.encode()))
    assert packed.formats == ("ucdp",)
    assert packed.rows.drop(columns=["origin", "file"]).equals(plain.rows.drop(columns=["origin", "file"]))
