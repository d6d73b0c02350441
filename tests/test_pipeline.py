"""reconcile/pipeline.py: read → normalise → match → compare as the CLI calls it: the stages it reports,
the blank lines and rejected rows it accounts for, read options passed through, --explain's reasons and
the reading notes and warnings a comparison keeps."""

from __future__ import annotations

from conftest import EXAMPLES

from reconcile.pipeline import load_claims, run_compare

GAPPED = "source,figure,date\n\nSOHR,100,2025-03-07\n\nSNHR,many,2025-03-07\nVDC,105,2025-03-07\n"


def test_each_stage_is_announced_in_order(here, write):
    write("gapped.csv", GAPPED)
    stages: list[str] = []
    run_compare(["gapped.csv"], on_stage=stages.append)
    assert stages == ["reading", "normalising", "matching incidents", "comparing"]


def test_load_claims_counts_blank_lines_apart_from_rows_and_keeps_rejected_rows(here, write):
    write("gapped.csv", GAPPED)
    claims, blank_lines = load_claims(["gapped.csv"])
    assert blank_lines == 2
    assert claims.rows == {"read": 3, "used": 2, "rejected": 1, "claims": 3, "skipped": 0}
    assert list(claims.claims["origin"]) == ["gapped.csv:3", "gapped.csv:6"]
    assert list(claims.rejected["origin"]) == ["gapped.csv:5"]


def test_a_comparison_keeps_the_rejected_rows_the_counts_and_the_reading_notes(here, write):
    write("gapped.csv", GAPPED)
    comparison = run_compare(["gapped.csv"])
    assert comparison.rows["rejected"] == 1 and comparison.rows["used"] == 2
    assert comparison.rejected[["origin", "reason"]].values.tolist() == [
        ["gapped.csv:5", "figure 'many': cannot read a number in 'many'"]]
    assert comparison.notes == ("gapped.csv: UTF-8, delimiter comma",)
    assert (comparison.groups["status"].tolist(), comparison.groups["pair"].tolist()) == (
        ["consistent"], ["SOHR vs VDC"])


def test_a_file_not_in_utf8_is_compared_with_a_warning(here, write):
    write("latin.csv", "source,figure,date,perpetrator\nSOHR,12,2025-03-07,forces de sécurité\n"
          .encode("cp1252"))
    comparison = run_compare(["latin.csv"])
    assert comparison.claims["perpetrator_raw"].tolist() == ["forces de sécurité"]
    assert len(comparison.warnings) == 1 and comparison.warnings[0].startswith("latin.csv is not UTF-8")


def test_read_options_and_labels_reach_the_reader():
    comparison = run_compare([EXAMPLES / "coastal-2025.csv"], labels=["coast.csv"], where=["source=SOHR"])
    assert comparison.claims["origin"].tolist() == ["coast.csv:2", "coast.csv:4"]
    assert comparison.rows["skipped"] == 3  # SNHR's two rows and the news report


def test_reasons_are_kept_only_when_explaining():
    path = EXAMPLES / "ahli-hospital-2023.csv"
    assert run_compare([path]).reasons is None
    reasons = run_compare([path], explain=True).reasons
    assert set(reasons["incident"]) == {"2023-10-17 Gaza City"}
    assert "joined" in set(reasons["kind"])
