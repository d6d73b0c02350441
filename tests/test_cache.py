"""The tables built from bundled data, kept on disk between runs: read back as built, rebuilt when
unreadable or when what they are built from changes, never written with no cache folder."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from reconcile import cache, source_names
from reconcile.actors import aliases, catalogue, grammar

#: each cached table: its name, how a run loads it, and how it is built without the cache
TABLES = {
    "aliases": (lambda: aliases.load_aliases(),
                lambda: aliases._read(aliases.data_file("actors", "aliases.csv"))[aliases.RESULT_COLUMNS]
                .reset_index(drop=True)),
    "catalogue": (lambda: catalogue.load_catalogue().actors,
                  lambda: catalogue._built(catalogue._bundled()).actors),
    "grammar": (lambda: grammar.load_grammar(), lambda: grammar._built()),
    "sources": (lambda: source_names.load_sources().rows,
                lambda: source_names._read(source_names.data_file("sources.csv"), "sources.csv")
                .reset_index(drop=True)),
}


def _forget_this_run():
    for function in (aliases._bundled, catalogue._bundled_actors, grammar.load_grammar, source_names._bundled,
                     cache._digest):
        function.cache_clear()


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("RECONCILE_CACHE_DIR", str(tmp_path))
    _forget_this_run()
    yield tmp_path
    _forget_this_run()


def _same(loaded, built):
    if isinstance(loaded, pd.DataFrame):
        pd.testing.assert_frame_equal(loaded, built)
    else:
        assert loaded == built and list(loaded.phrases) == list(built.phrases)


@pytest.mark.parametrize("name", TABLES)
def test_a_table_is_written_as_json_and_read_back_as_it_was_built(name, folder):
    load, build = TABLES[name]
    first = load()  # built, and written
    (written,) = folder.glob(f"{name}-*.json")  # JSON: data, never code, is read back
    _forget_this_run()
    read_back = load()
    assert read_back is not first
    _same(read_back, build())
    written.write_text("{not json")
    _forget_this_run()
    _same(load(), build())  # an unreadable cache is built again, and written again
    assert written.read_text(encoding="utf-8").startswith("{\"")


def test_a_cache_that_reads_but_is_wrong_in_shape_is_rebuilt(folder):
    aliases.load_aliases()
    (written,) = folder.glob("aliases-*.json")
    written.write_text('{"columns": [["alias", "str"]]}')  # a column without values
    _forget_this_run()
    _same(aliases.load_aliases(), TABLES["aliases"][1]())


def test_no_cache_folder_writes_nothing_and_gives_the_same_tables(tmp_path, monkeypatch):
    monkeypatch.setenv("RECONCILE_CACHE_DIR", "")
    _forget_this_run()
    try:
        assert cache.cache_path("aliases") is None
        for load, build in TABLES.values():
            _same(load(), build())
    finally:
        _forget_this_run()


def test_changed_bundled_data_is_another_cache_wherever_the_data_lives(tmp_path, monkeypatch, folder):
    data = tmp_path / "examples" / "data"  # a folder named like the examples the key leaves out
    shutil.copytree(cache.data_dir(), data)
    monkeypatch.setattr(cache, "data_dir", lambda: data)
    cache._digest.cache_clear()
    before = cache.cache_path("aliases")
    with (data / "actors" / "aliases.csv").open("a", encoding="utf-8") as fh:
        fh.write("Some New Brigade,armed:new,SY,,,a test row\n")
    cache._digest.cache_clear()
    changed = cache.cache_path("aliases")
    (data / "examples" / "coastal-2025.csv").write_text("an example is not built from\n")
    cache._digest.cache_clear()
    assert before != changed == cache.cache_path("aliases")
