"""Where the bundled data (alias tables, examples) lives.

In a wheel, ``data/`` is installed as ``reconcile/data``; in a source checkout
or an editable install it is the top-level ``data/`` folder beside the package.
"""

from __future__ import annotations

from pathlib import Path


def data_dir() -> Path:
    """The folder holding ``actors/``, ``victims.csv`` and ``examples/``."""
    package = Path(__file__).resolve().parent
    installed = package / "data"
    if installed.is_dir():
        return installed
    return package.parent / "data"


def data_file(*parts: str) -> Path:
    return data_dir().joinpath(*parts)
