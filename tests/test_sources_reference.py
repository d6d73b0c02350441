"""Tables without claims (cited sources, place codes) are named, not "matching no known format"."""

from __future__ import annotations

import pytest

from conftest import one_line_error

SOURCES = (
    "airwars_id,incident_code,incident_date,source_order,source_name,author,platform,published_date,url,"
    "archive_url,monitor_tag\n"
    "1,CS1,2017-06-19,1,Some outlet,Some outlet,,,https://example.org/a,,\n"
)
PCODES = "Location,Admin Level,P-Code,Name,Parent P-Code,Valid from date\nSYR,1,SY01,Damascus,SYR,2020-01-01\n"


@pytest.mark.parametrize("command", ["compare", "validate", "normalise"])
@pytest.mark.parametrize(("name", "text", "said"), [
    ("incident_sources.csv", SOURCES, "incident_sources.csv:1: this is Airwars' cited-sources table"),
    ("pcodes.csv", PCODES, "pcodes.csv:1: this is a place-code gazetteer"),
])
def test_tables_without_figures_say_what_they_are(here, write, cli, command, name, text, said):
    write(name, text)
    args = [command, name] + (["-o", "out.csv"] if command == "normalise" else [])
    line = one_line_error(cli(*args))
    assert line.startswith(f"reconcile: error: {said}")
    assert "no casualty figures" in line and "matches no known format" not in line


def test_cited_sources_message_says_what_to_compare_instead(here, write, cli):
    write("incident_sources.csv", SOURCES)
    assert "compare Airwars' incidents table (incidents.csv" in one_line_error(cli("compare", "incident_sources.csv"))
