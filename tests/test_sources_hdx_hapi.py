"""HDX HAPI conflict-event aggregates (reconcile/sources/hdx_hapi.py)."""

from __future__ import annotations

from conftest import HDX, read_accounted


def test_hdx_hapi_aggregates(write):
    raw, result = read_accounted(write, "hapi.csv", HDX, 3)
    claims = result.claims
    assert claims[["event_id", "victims", "best", "source"]].values.tolist() == [
        ["Menbij 2025-01", "civilians", 1.0, "ACLED"], ["Menbij 2025-01", "total", 63.0, "ACLED"]]
    assert claims["events"].tolist() == ["11", "34"]
    assert raw.skipped["reason"].tolist() == ["no fatalities figure (demonstration, 0 events)"]
