"""atheris harness: random bytes as a claims file through every stage, as ``compare`` and
``validate`` run them. Not part of the test suite (pytest collects ``test_*.py`` only).

    pip install atheris
    python tests/fuzz/fuzz_reconcile.py -max_total_time=300 -artifact_prefix=/tmp/ /tmp/corpus tests/fuzz/corpus

(new inputs go to the first folder, the seeds stay as they are; crashes to -artifact_prefix).

A crash is anything but a :class:`~reconcile.errors.ReconcileError` (the
one-line errors of exit code 2), or rows that are not all accounted for.
Keep each crash as a regression test in ``tests/test_fuzz.py`` (``FOUND``).
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

with atheris.instrument_imports(include=["reconcile"]):
    from reconcile.actors import load_aliases
    from reconcile.compare import compare
    from reconcile.errors import ReconcileError
    from reconcile.match import match_incidents
    from reconcile.normalise import normalise
    from reconcile.render import write_comparison
    from reconcile.sources import ReadOptions, read_files
    from reconcile.validate import problems

ALIASES = load_aliases(None)
WORK = Path(tempfile.mkdtemp(prefix="reconcile-fuzz-"))


def one_input(data: bytes) -> None:
    path = WORK / ("fuzz.csv.gz" if data[:2] == b"\x1f\x8b" else "fuzz.csv")
    path.write_bytes(data)
    for options in (ReadOptions(), ReadOptions(input_format="generic")):
        try:
            raw = read_files([path], ["fuzz.csv"], options)
        except ReconcileError:
            continue
        loaded = normalise(raw, ALIASES)
        counts = loaded.rows
        assert counts["claims"] == counts["used"] + counts["rejected"], counts
        if options.input_format == "generic":
            assert counts["read"] == counts["used"] + counts["rejected"] + counts["skipped"], counts
        problems(loaded, files=["fuzz.csv"])
        matched = match_incidents(loaded.claims)
        comparison = compare(matched.claims, loaded.rejected, counts, skipped=loaded.skipped)
        for fmt in ("json", "table", "csv", "markdown"):
            write_comparison(comparison, fmt, io.BytesIO())


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
