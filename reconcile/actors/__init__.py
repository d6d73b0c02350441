"""Perpetrator strings as sources write them -> canonical actors of a catalogue.

* :mod:`~reconcile.actors.catalogue`: the actors (kind, country, period, side);
* :mod:`~reconcile.actors.aliases`: exact words for them, and the matching key;
* :mod:`~reconcile.actors.grammar` and :mod:`~reconcile.actors.phrases`: reading
  a phrase ("the Syrian regime's air force", "pro-government militias");
* :mod:`~reconcile.actors.periods`: choosing by the claim's dates;
* :mod:`~reconcile.actors.resolve` and :mod:`~reconcile.actors.lists`: the
  vectorised entry points.
"""

from reconcile.actors.aliases import ALIAS_COLUMNS, actor_key, load_aliases
from reconcile.actors.catalogue import Catalogue, load_catalogue
from reconcile.actors.lists import map_actor_lists
from reconcile.actors.resolve import LIST_SEPARATOR, MAPPING_COLUMNS, UNATTRIBUTED, map_actors

__all__ = [
    "ALIAS_COLUMNS", "LIST_SEPARATOR", "MAPPING_COLUMNS", "UNATTRIBUTED", "Catalogue", "actor_key",
    "load_aliases", "load_catalogue", "map_actor_lists", "map_actors",
]
