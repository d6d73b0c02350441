"""HXL-hashtagged tables: a second header row of tags such as ``#affected+killed``.

The tag row is recognised (most of its cells start with ``#``) and taken out;
line numbers stay the file's. When the first header row is itself a known
format (HDX publishes ACLED and HAPI tables with a tag row), that format reads
the rows. Otherwise the tags map to claim columns (read directly; libhxl is
not needed for this):

==============================  ==============================================
claim column                    tags (attributes in any order, more allowed)
==============================  ==============================================
figure (one claim per column)   ``#affected+killed`` / ``+dead`` / ``+deaths``
                                / ``+fatalities``; victims from ``+civilians``,
                                ``+children``, ``+women``, ``+men``,
                                ``+combatants``, else total
date / date_start / date_end    ``#date`` (``+occurred``), ``#date+start``,
                                ``#date+end``
published                       ``#date+reported`` / ``+published``
source                          ``#org`` (``+reporting``/``+source`` first),
                                ``#meta+source``
perpetrator                     ``#group+perpetrator``, ``#group+first``,
                                ``#group``
place                           ``#adm1+name``, ``#adm1``, ``#adm2+name``,
                                ``#loc+name``, ``#loc``, ``#country+name``
incident                        ``#event+id``, ``#event``
url / notes                     ``#meta+url`` / ``#description``,
                                ``#meta+notes``
==============================  ==============================================
"""

from __future__ import annotations

from reconcile.errors import InputError
from reconcile.sources.claims import RawClaims, assemble
from reconcile.sources.formats import Format
from reconcile.sources.table import Table

KILLED = {"killed", "dead", "deaths", "fatalities"}
#: a row's parsed tags, one per column: (tag, attributes), None for a cell without a tag.
Tags = list[tuple[str, set[str]] | None]
VICTIMS = {"civilians": "civilians", "civ": "civilians", "children": "children", "women": "women",
           "men": "men", "combatants": "combatants", "military": "combatants"}
#: claim column -> candidate (tag, required attributes), best first.
TAGS: dict[str, list[tuple[str, set[str]]]] = {
    "date_start": [("date", {"start"})],
    "date_end": [("date", {"end"})],
    "published": [("date", {"reported"}), ("date", {"published"})],
    "date": [("date", {"occurred"}), ("date", set())],
    "source": [("org", {"reporting"}), ("org", {"source"}), ("org", set()), ("meta", {"source"})],
    "perpetrator": [("group", {"perpetrator"}), ("group", {"first"}), ("group", set())],
    "place": [("adm1", {"name"}), ("adm1", set()), ("adm2", {"name"}), ("loc", {"name"}), ("loc", set()),
              ("country", {"name"})],
    "event_id": [("event", {"id"}), ("event", set())],
    "url": [("meta", {"url"})],
    "notes": [("description", set()), ("meta", {"notes"})],
}


def parse_tag(cell: str) -> tuple[str, set[str]] | None:
    """``#affected +killed+civ`` -> ("affected", {"killed", "civ"}); None for a cell without a tag."""
    text = cell.strip().casefold().replace(" ", "")
    if not text.startswith("#"):
        return None
    name, *attributes = text[1:].split("+")
    return name, set(attributes)


def tag_row(table: Table) -> Tags | None:
    """The parsed tags of the first row when it is an HXL tag row, else None."""
    if not len(table.frame):
        return None
    cells = [str(c) for c in table.frame.iloc[0]]
    filled = [c for c in cells if c.strip()]
    tagged = [c for c in filled if c.strip().startswith("#")]
    if not tagged or len(tagged) * 2 < len(filled):
        return None
    return [parse_tag(c) for c in cells]


def _without_tags(table: Table) -> Table:
    return table.with_frame(table.frame.iloc[1:].reset_index(drop=True), table.lines[1:])


def _known_format(table: Table):
    from reconcile.sources.formats import formats

    for fmt in formats():
        if fmt.name not in ("hxl", "generic") and not fmt.missing(table):
            return fmt
    return None


def _pick(tags: Tags, wanted: list[tuple[str, set[str]]], used: set[int]) -> int | None:
    for name, attributes in wanted:
        for position, tag in enumerate(tags):
            if tag and position not in used and tag[0] == name and attributes <= tag[1]:
                if name == "date" and not attributes and tag[1] & {"start", "end", "reported", "published"}:
                    continue
                return position
    return None


def _figures(tags: Tags) -> dict[int, set[str]]:
    """The attributes of each #affected+killed column, by position."""
    return {i: t[1] for i, t in enumerate(tags) if t and t[0] == "affected" and t[1] & KILLED}


def missing_tags(table: Table) -> list[str]:
    tags = tag_row(table)
    if tags is None:
        return ["a row of HXL #hashtags under the header", "#affected+killed", "#date", "#org"]
    body = _without_tags(table)
    if _known_format(body):
        return []
    missing = [] if _figures(tags) else ["#affected+killed"]
    if _pick(tags, TAGS["date"] + TAGS["date_start"], set()) is None:
        missing.append("#date")
    if _pick(tags, TAGS["source"], set()) is None:
        missing.append("#org")
    return missing


def read_hxl(table: Table) -> RawClaims:
    tags = tag_row(table)
    if tags is None:  # (read_as checks missing_tags first)
        raise InputError(table.path, "not an hxl file: lacks a row of HXL #hashtags under the header", line=1)
    body = _without_tags(table)
    known = _known_format(body)
    if known is not None:
        return known.read(body)
    frame = body.frame
    used: set[int] = set()
    figures = _figures(tags)
    used.update(figures)
    common = {}
    for claim_column, wanted in TAGS.items():
        position = _pick(tags, wanted, used)
        if position is not None:
            used.add(position)
            common[claim_column] = frame.iloc[:, position].str.strip()
    parts = []
    for position, attributes in figures.items():
        kinds = [VICTIMS[a] for a in sorted(attributes) if a in VICTIMS]
        figure = frame.iloc[:, position].str.strip()
        parts.append((figure != "", {**common, "figure": figure, "victims": kinds[0] if kinds else "total"}))
    kept = frame.iloc[:, [i for i in range(len(frame.columns)) if i not in used]]
    kept = kept.rename(columns=lambda c: c if c not in common and c != "figure" else f"hxl_{c}")
    return assemble(body, parts, kept, no_claim="no #affected+killed figure in this row", format_name="hxl")


FORMAT = Format(
    name="hxl",
    title="HXL-hashtagged table (a row of #tags under the header)",
    needs=("#affected+killed", "#date", "#org"),
    claims="one per #affected+killed column with a figure (victims from its attributes)",
    read=read_hxl,
    missing_in=missing_tags,
)
