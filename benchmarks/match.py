"""Incident matching at scale: time and peak memory at 100k and 1M unlabelled claims.

Each size runs in a fresh process (so peak RSS is its own) on synthetic claims
spread over first-level units of every country (``generate(places="world")``),
which keeps claims per place-day constant: growth then measures the matcher,
not a denser world. Targets (issue 4): 1M / 100k wall time ≤ 15×, peak RSS
at 1M ≤ 4 GB.

    python benchmarks/match.py [--sizes 100000 1000000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(n: int, folder: Path) -> dict:
    """Generate, read and normalise, then time ``match_incidents`` alone; in this process."""
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(HERE.parent))
    from generate import generate, write_csv

    from reconcile.match import MatchOptions, match_incidents
    from reconcile.pipeline import load_claims

    path = folder / f"world-{n}.csv"
    write_csv(generate(n, seed=1, labelled=False, places="world"), path)
    loaded, _ = load_claims([path])
    began = time.perf_counter()
    matched = match_incidents(loaded.claims, MatchOptions())
    seconds = time.perf_counter() - began
    return {
        "claims": len(loaded.claims),
        "match_seconds": round(seconds, 2),
        "candidate_pairs": len(matched.pairs),
        "incidents": int(matched.claims["incident"].nunique()),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one, args.folder)))
        return 0
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sizes:
            child = subprocess.run(
                [sys.executable, __file__, "--one", str(n), "--folder", folder],
                capture_output=True, text=True, check=True,
            )
            results.append({"n": n, **json.loads(child.stdout.strip().splitlines()[-1])})
            print(json.dumps(results[-1]), file=sys.stderr)
    print("| claims | match (s) | candidate pairs | incidents | peak RSS (MB) |")
    print("|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['claims']:,} | {r['match_seconds']} | {r['candidate_pairs']:,} | {r['incidents']:,} | {r['peak_rss_mb']:,} |")
    if len(results) >= 2:
        growth = results[-1]["match_seconds"] / max(results[0]["match_seconds"], 1e-9)
        size = results[-1]["n"] / results[0]["n"]
        print(f"\ngrowth: {growth:.1f}× time for {size:.0f}× claims (target ≤ 15× for 10×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
