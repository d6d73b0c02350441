"""Tables recognised only to say what they are: they hold no casualty figures.

Beside its claims, a dataset ships tables that annotate them: the sources an
Airwars incident cites, a gazetteer of place codes. Given to ``compare`` or
``validate`` they would match no format, and "matches no known format" would
send the user looking for a column to add. Recognised, they stop the run
(exit 2) with one line saying what the file is and what to read instead.
"""

from __future__ import annotations

from collections.abc import Callable

from reconcile.errors import InputError
from reconcile.sources.claims import RawClaims
from reconcile.sources.formats import Format
from reconcile.sources.table import Table


def _refuse(what: str) -> Callable[[Table], RawClaims]:
    def read(table: Table) -> RawClaims:
        raise InputError(table.path, what, line=1)

    return read


AIRWARS_SOURCES = Format(
    name="airwars_sources",
    title="Airwars cited-sources table (incident_sources.csv): no figures",
    needs=("airwars_id|incident_code", "source_order", "source_name", "url"),
    claims="none: recognised to say so (exit 2)",
    read=_refuse(
        "this is Airwars' cited-sources table (one row per source an incident cites; no casualty figures); "
        "compare Airwars' incidents table (incidents.csv or incidents_detail.csv), which it annotates"
    ),
)

PCODES = Format(
    name="pcodes",
    title="place-code gazetteer (OCHA p-codes): no figures",
    needs=("p_code", "admin_level", "name"),
    claims="none: recognised to say so (exit 2)",
    read=_refuse(
        "this is a place-code gazetteer (OCHA p-codes and admin-unit names; no casualty figures); "
        "compare claims files: their place names are resolved with reconcile's own gazetteer (data/places)"
    ),
)
