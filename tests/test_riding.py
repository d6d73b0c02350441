"""Columns riding along as a row number (reconcile.riding), and compare's use of them."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from reconcile.riding import ROW, narrowed, widened


def wide() -> pd.DataFrame:
    rng = np.random.default_rng(4)
    return pd.DataFrame({
        "notes": pd.Series([f"note {i}" for i in range(50)], dtype="str"),
        "key": rng.integers(0, 5, 50),
        "best": rng.random(50),
        "link": pd.Series([f"https://x/{i}" for i in range(50)], dtype="str"),
    }, index=pd.RangeIndex(100, 150))


def test_the_rows_a_step_keeps_come_back_with_every_column_in_place():
    frame = wide()
    work, riding = narrowed(frame, {"key", "best"})
    assert riding == ["notes", "link"] and list(work.columns) == ["key", "best", ROW]
    # a step reorders, filters and adds a column, reading only its own columns
    kept = work.loc[work["best"] > 0.3].sort_values(["key", "best"]).reset_index(drop=True)
    kept["rank"] = np.arange(len(kept))
    back = widened(kept, frame, riding)
    expected = frame.loc[frame["best"] > 0.3].sort_values(["key", "best"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(back, expected.assign(rank=np.arange(len(expected))))


def test_nothing_riding_gives_the_narrow_frame_back_without_its_row_numbers():
    frame = wide()
    work, riding = narrowed(frame, set(frame.columns))
    assert riding == []
    pd.testing.assert_frame_equal(widened(work, frame, riding), frame)


@pytest.mark.parametrize("claims_of", ["synthetic-world", "real"])
def test_compare_gives_what_it_gives_when_every_column_is_moved(claims_of, tmp_path, monkeypatch):
    """UCDP GED's input columns and our notes ride along through compare and come back on the
    rows compare keeps and on those it leaves out, as when every step moved them."""
    import importlib

    from tests.conftest import matched_to_compare

    module = importlib.import_module("reconcile.compare")
    claims, rejected, rows = matched_to_compare(claims_of, tmp_path)
    riding = module.compare(claims, rejected, rows)
    # our notes ride, and on the real files UCDP GED's and ACLED's input columns too
    assert len(set(claims.columns) - module.COMPARED_COLUMNS) > (40 if claims_of == "real" else 8)
    monkeypatch.setattr(module, "COMPARED_COLUMNS", frozenset(claims.columns))
    moved = module.compare(claims, rejected, rows)
    if claims_of == "synthetic-world":
        assert len(riding.superseded) > 100
    for name in ("groups", "claims", "superseded", "attributions", "inconsistencies", "incidents"):
        pd.testing.assert_frame_equal(getattr(riding, name), getattr(moved, name), obj=name)


NAMES_COMPARE_ADDS = ["group_id", "reason", "superseded_by", "input_order"]
#: three sources, two of them blaming two actors: SNHR's figures are summed into an all-perpetrators row
SUMMED = ("incident,source,figure,date_start,date_end,place,victims,perpetrator\n"
          "coast,SOHR,700,2025-03-06,2025-03-08,Latakia,civilians,\n"
          "coast,SNHR,125,2025-03-06,2025-03-08,Latakia,civilians,government forces\n"
          "coast,SNHR,40,2025-03-06,2025-03-08,Latakia,civilians,ISIS\n")


@pytest.mark.parametrize("name", [*NAMES_COMPARE_ADDS, "parts"])
def test_input_columns_named_like_compares_own_give_every_output(name, here, cli, write):
    """A file's own ``group_id``, ``reason`` or ``parts`` column beside compare's (the sums' count
    of parts) is no duplicate column: every format is written, the sum row among the claims."""
    lines = SUMMED.splitlines()
    write("named.csv", "\n".join([lines[0] + "," + name, *(f"{line},p{i}" for i, line in enumerate(lines[1:]))])
          + "\n")
    for fmt in ("json", "csv", "markdown", "html", "table"):
        result = cli("compare", "named.csv", "--format", fmt, "--all")
        assert result.exit_code in (0, 1), (fmt, result.stderr)
        if fmt == "csv":
            assert "≥ 165 (sum of 2)" in result.stdout


def test_input_columns_named_like_those_compare_adds_are_overwritten_as_before(tmp_path, monkeypatch):
    """compare's own ``group_id`` or ``reason`` overwrites a file's column of that name, as when
    every column was moved: it does not ride along beside compare's own."""
    import importlib

    from reconcile.match import match_incidents
    from reconcile.pipeline import load_claims

    frame = pd.read_csv(io.StringIO(SUMMED), dtype=str, keep_default_na=False)
    path = tmp_path / "named.csv"
    frame.assign(**{name: f"input {name}" for name in NAMES_COMPARE_ADDS}).to_csv(path, index=False)
    loaded = load_claims([path])[0]
    claims = match_incidents(loaded.claims).claims
    module = importlib.import_module("reconcile.compare")
    riding = module.compare(claims, loaded.rejected, loaded.rows)
    assert not riding.claims.columns.has_duplicates and not riding.superseded.columns.has_duplicates
    monkeypatch.setattr(module, "COMPARED_COLUMNS", frozenset(claims.columns))
    moved = module.compare(claims, loaded.rejected, loaded.rows)
    for name in ("claims", "superseded", "groups"):
        pd.testing.assert_frame_equal(getattr(riding, name), getattr(moved, name), obj=name)
