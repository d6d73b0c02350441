"""Columns riding along as a row number (reconcile.riding), and compare's use of them."""

from __future__ import annotations

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
