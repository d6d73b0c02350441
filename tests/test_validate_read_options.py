"""validate reads files as compare does (--input-format, --mapping, --sheet); .ods sheets are read."""

from __future__ import annotations

import zipfile
from xml.sax.saxutils import escape

import pytest

from conftest import one_line_error


# validate takes the read options compare takes --------------------------------------------


NEWSROOM = "Day;Outlet;Killed\n06.03.2025;SOHR;more than 700\n06.03.2025;SNHR;approximately 125\n"
MAPPING = '[columns]\nsource = "Outlet"\nfigure = "Killed"\ndate = "Day"\n\n[conventions]\ndate_format = "%d.%m.%Y"\n'


def test_validate_reads_through_a_mapping(here, write, cli):
    write("sheet.csv", NEWSROOM)
    write("sheet.toml", MAPPING)
    assert one_line_error(cli("validate", "sheet.csv")).startswith("reconcile: error: sheet.csv:1: matches no known")
    result = cli("validate", "sheet.csv", "--mapping", "sheet.toml")
    assert result.exit_code == 0, result.stderr
    assert "valid: 0 errors" in result.stdout and "2 rows read" in result.stdout


def test_validate_input_format_forces_a_format(here, write, cli):
    write("claims.csv", "source,figure,date\nSOHR,12,2025-03-07\n")
    assert cli("validate", "claims.csv", "--input-format", "generic").exit_code == 0
    line = one_line_error(cli("validate", "claims.csv", "--input-format", "acled"))
    assert "not a acled file" in line or "not an acled file" in line
    line = one_line_error(cli("validate", "claims.csv", "--input-format", "nope"))
    assert "--input-format: no format 'nope'" in line


# .ods --------------------------------------------------------------------------------------


def write_ods(path, sheets: dict[str, list[list]]) -> None:
    """A minimal OpenDocument spreadsheet (mimetype, manifest, content.xml): odfpy is not a dependency."""
    cells = []
    for name, rows in sheets.items():
        cells.append(f'<table:table table:name="{escape(name)}">')
        for row in rows:
            cells.append("<table:table-row>")
            for value in row:
                if isinstance(value, (int, float)):
                    cells.append(f'<table:table-cell office:value-type="float" office:value="{value}">'
                                 f"<text:p>{value}</text:p></table:table-cell>")
                else:
                    cells.append(f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p>'
                                 "</table:table-cell>")
            cells.append("</table:table-row>")
        cells.append("</table:table>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>" + "".join(cells) + "</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        book.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        book.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)


ODS_SHEETS = {
    "notes": [["read me"], ["not claims"]],
    "claims": [["source", "figure", "date"], ["SOHR", "more than 700", "2025-03-07"], ["SNHR", 125, "2025-03-07"]],
}


@pytest.mark.parametrize("sheet", ["claims", "2"])
def test_ods_sheet_is_read_by_name_or_number(here, cli, sheet):
    import json

    write_ods(here / "book.ods", ODS_SHEETS)
    result = cli("compare", "book.ods", "--sheet", sheet, "--format", "json")
    assert result.exit_code == 0, result.stderr
    claims = json.loads(result.stdout)["groups"][0]["claims"]
    assert sorted((c["source"], c["figure"], c["origin"]) for c in claims) == [
        ("SNHR", "125", "book.ods[claims]:3"), ("SOHR", "more than 700", "book.ods[claims]:2"),
    ]


def test_validate_reads_an_ods_sheet(here, cli):
    write_ods(here / "book.ods", ODS_SHEETS)
    result = cli("validate", "book.ods", "--sheet", "claims")
    assert result.exit_code == 0, result.stderr
    assert "2 rows read, 2 used" in result.stdout
    assert one_line_error(cli("validate", "book.ods", "--sheet", "nope")).startswith("reconcile: error: book.ods")
