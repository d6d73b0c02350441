"""The actor catalogue: every canonical actor, with its kind, country, period and side.

``data/actors/catalogue.csv`` lists the actors named in real reporting;
every country's state forces exist besides, built from :mod:`pycountry`
(``state:XX``, "<Country> state forces"). Where a government fell or was
replaced by force, its state forces are split into period rows
(``state:SY@assad`` until 2024-12-07, ``state:SY@transitional`` from
2024-12-08), each citing a public source in ``notes``.

An id names one actor; the part before ``@`` is its *reference*: the words
"government forces" in Syria resolve to the reference ``state:SY``, and the
claim's dates pick the period row. Aliases may point at an id or a
reference.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from reconcile.actors.tables import read_table, to_days
from reconcile.resources import data_file

__all__ = ["CATALOGUE_COLUMNS", "KINDS", "Catalogue", "load_catalogue", "reference_of"]

CATALOGUE_COLUMNS = ("id", "name", "kind", "country", "valid_from", "valid_to", "side", "backed_by", "notes")
KINDS = ("state", "militia", "armed_group", "coalition", "unknown")


def reference_of(actor_id: str) -> str:
    """``state:SY`` for ``state:SY@assad``; an id without ``@`` is its own reference."""
    return actor_id.split("@", 1)[0]


@dataclass(frozen=True)
class Catalogue:
    """The actors as a frame: ``id``, ``name``, ``kind``, ``country``, ``vf``/``vt`` (days), ``side``,
    ``backed_by``, ``ref``; indexed lookups by id, reference and display name."""

    actors: pd.DataFrame

    @functools.cached_property
    def _by_id(self) -> dict[str, int]:
        return {actor_id: i for i, actor_id in enumerate(self.actors["id"])}

    @functools.cached_property
    def _by_ref(self) -> dict[str, list[int]]:
        refs: dict[str, list[int]] = {}
        for i, ref in enumerate(self.actors["ref"]):
            refs.setdefault(ref, []).append(i)
        return refs

    @functools.cached_property
    def _by_name(self) -> dict[str, str]:
        return {name.casefold(): actor_id
                for actor_id, name in zip(self.actors["id"], self.actors["name"], strict=False)}

    @functools.cached_property
    def _cells(self) -> dict[str, list]:
        return {name: self.actors[name].tolist() for name in ("id", "kind", "country", "ref")}

    def cell(self, row: int, column: str):
        """``actors.at[row, column]`` for the id, kind, country or ref, from plain lists: the
        phrase reader asks for a million cells at a million claims (10 µs each by ``at``)."""
        return self._cells[column][row]

    def rows(self, target: str) -> list[int]:
        """Positions of the actors ``target`` (an id or a reference) stands for."""
        if target in self._by_id:
            return [self._by_id[target]]
        return list(self._by_ref.get(target, []))

    def id_of(self, text: str) -> str | None:
        """The id that ``text`` (an id, a reference or a display name) names, if any."""
        if text in self._by_id or text in self._by_ref:
            return text
        return self._by_name.get(text.strip().casefold())

    def backed(self, backer: str, country: str) -> list[int]:
        """Actors backed by state ``backer`` that belong to ``country`` (or to no country)."""
        table = self.actors
        hit = table["backed_by"].eq(backer) & table["kind"].ne("state")
        local = np.flatnonzero(hit & table["country"].eq(country))
        return list(local) if len(local) else list(np.flatnonzero(hit & table["country"].eq("")))


def _generic_states(known: set[str]) -> pd.DataFrame:
    """For every pycountry country the catalogue file does not cover: its state forces
    (``state:XX``) and the militias fighting for them (``aligned:XX``)."""
    import pycountry

    rows = []
    for country in pycountry.countries:
        code = country.alpha_2
        name = getattr(country, "common_name", None) or country.name
        if f"state:{code}" not in known:
            rows.append({"id": f"state:{code}", "name": f"{name} state forces", "kind": "state",
                         "country": code, "valid_from": "", "valid_to": "", "side": "", "backed_by": "",
                         "notes": "generic: the country's state forces (pycountry)"})
        if f"aligned:{code}" not in known:
            rows.append({"id": f"aligned:{code}", "name": f"{name} pro-government militias",
                         "kind": "militia", "country": code, "valid_from": "", "valid_to": "", "side": "",
                         "backed_by": code,
                         "notes": "generic: militias fighting for the country's government"})
    return pd.DataFrame(rows, columns=list(CATALOGUE_COLUMNS))


def _bundled() -> pd.DataFrame:
    return read_table(data_file("actors", "catalogue.csv"), CATALOGUE_COLUMNS, ("id", "name", "kind"),
                      "actor catalogue")


def load_catalogue(extra: str | Path | None = None) -> Catalogue:
    """The bundled catalogue, generic state forces, and the user's catalogue ``extra`` over them.

    A user row replaces the bundled row with the same id.
    """
    if extra is None:  # a copy: each caller has its own frame, as from a build
        return Catalogue(_bundled_actors().copy())
    user = read_table(Path(extra), CATALOGUE_COLUMNS, ("id", "name"), "actor catalogue")
    user["kind"] = user["kind"].where(user["kind"] != "", "unknown")
    table = _bundled()
    return _built(pd.concat([table[~table["id"].isin(user["id"])], user], ignore_index=True))


@functools.lru_cache(maxsize=1)
def _bundled_actors() -> pd.DataFrame:
    """The bundled catalogue's actors, built once a run, and across runs from the cache on disk."""
    from reconcile.cache import cached_frame

    return cached_frame("catalogue", lambda: _built(_bundled()).actors)


def _built(table: pd.DataFrame) -> Catalogue:
    _check_kinds(table)
    refs = set(table["id"].map(reference_of))
    return _catalogue(pd.concat([table, _generic_states(refs)], ignore_index=True))


def _check_kinds(table: pd.DataFrame) -> None:
    from reconcile.errors import InputError

    bad = table.loc[~table["kind"].isin(KINDS)]
    if len(bad):
        row = bad.iloc[0]
        raise InputError(str(row.get("file", "catalogue")),
                         f"kind {row['kind']!r} of actor {row['id']!r} is not one of {', '.join(KINDS)}",
                         line=int(row["line"]) if "line" in row and pd.notna(row["line"]) else None)


def _catalogue(table: pd.DataFrame) -> Catalogue:
    actors = pd.DataFrame({
        "id": table["id"].astype(str).to_numpy(dtype=object),
        "name": table["name"].astype(str).to_numpy(dtype=object),
        "kind": table["kind"].astype(str).to_numpy(dtype=object),
        "country": table["country"].astype(str).str.upper().to_numpy(dtype=object),
        "vf": to_days(table["valid_from"], open_value="from"),
        "vt": to_days(table["valid_to"], open_value="to"),
        "side": table["side"].astype(str).to_numpy(dtype=object),
        "backed_by": table["backed_by"].astype(str).str.upper().to_numpy(dtype=object),
    })
    actors["ref"] = actors["id"].map(reference_of)
    return Catalogue(actors.reset_index(drop=True))
