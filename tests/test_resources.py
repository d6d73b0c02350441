"""reconcile/resources.py: where the bundled data (alias tables, phrases, places, examples) is found:
``data/`` beside the package in a checkout, ``reconcile/data`` in an installed wheel, whatever the
working directory."""

from __future__ import annotations

import pytest
from conftest import REPO

import reconcile.resources as resources
from reconcile.resources import data_dir, data_file


def test_a_checkout_reads_the_top_level_data_folder():
    assert data_dir() == REPO / "data"
    assert data_file("examples", "coastal-2025.csv") == REPO / "data" / "examples" / "coastal-2025.csv"


@pytest.mark.parametrize("parts", [
    ("actors", "aliases.csv"), ("actors", "catalogue.csv"), ("actors", "demonyms.csv"), ("sources.csv",),
    ("victims.csv",), ("victim_categories.csv",), ("figures", "phrases.csv"), ("figures", "words.csv"),
    ("examples", "coastal-2025.csv"), ("examples", "syria-monitors.csv"),
])
def test_every_table_the_package_reads_is_there(parts):
    assert data_file(*parts).is_file()


def test_an_installed_package_prefers_its_own_data_folder(tmp_path, monkeypatch):
    """A wheel installs data/ as reconcile/data (pyproject.toml), beside resources.py."""
    package = tmp_path / "site-packages" / "reconcile"
    (package / "data" / "examples").mkdir(parents=True)
    monkeypatch.setattr(resources, "__file__", str(package / "resources.py"))
    assert data_dir() == package / "data"
    assert data_file("examples", "x.csv") == package / "data" / "examples" / "x.csv"
    (package / "data" / "examples").rmdir()
    (package / "data").rmdir()
    assert data_dir() == tmp_path / "site-packages" / "data"  # no reconcile/data: the checkout layout


def test_the_demo_finds_its_example_and_names_alias_rows_from_any_folder(here, cli):
    result = cli("demo", "-q")
    assert result.exit_code == 0, result.stderr
    assert "examples/coastal-2025.csv:2" in result.stdout
    actors = cli("actors", data_file("examples", "coastal-2025.csv"), "--format", "csv", "-q").stdout
    assert "alias (actors/aliases.csv:" in actors  # the bundled table by its short name, not a full path
