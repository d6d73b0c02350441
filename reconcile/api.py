"""The Python API: what ``reconcile normalise`` and ``reconcile compare`` do, from Python.

    import reconcile

    comparison = reconcile.compare(["sohr.csv", "snhr.csv"], reconcile.CompareOptions(tolerance=0.2))
    comparison.groups                    # one row per incident × perpetrator × victims
    comparison.summary(by=["perpetrator"])
    comparison.to_html()                 # a notebook shows it by itself

Claims are files (a path, or a list of them, in any format the command line reads) or a pandas
DataFrame in the claims file's columns (README, "Claims file"), read as a file would be: its
rows' origins are ``<frame>:N``, N the row's position (``frame.iloc[N]``). Options are the command
line's, as fields named after its flags (``--max-rows`` is ``max_rows``). Nothing is printed:
rejected rows and what to know about a file (an encoding detected ...) are
:class:`~reconcile.errors.ReconcileWarning` warnings; errors are a
:class:`~reconcile.errors.ReconcileError` (:class:`~reconcile.errors.InputError` for a file,
:class:`~reconcile.errors.UsageError` for an option), ``TypeError`` for an argument of the wrong kind.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar, Union

import pandas as pd

from reconcile.compare import Comparison
from reconcile.errors import (
    InputError,
    ReconcileError,
    ReconcileWarning,
    UsageError,
    library_words,
    reword,
)

__all__ = [
    "ClaimsInput", "CompareOptions", "Comparison", "InputError", "ReadOptions", "ReconcileError",
    "ReconcileWarning", "UsageError", "compare", "read_claims",
]

PathLike = Union[str, os.PathLike]
#: what :func:`read_claims` and :func:`compare` read.
ClaimsInput = Union[PathLike, pd.DataFrame, Sequence[Union[PathLike, pd.DataFrame]]]
#: columns only a frame :func:`read_claims` returned has: :func:`compare` takes it as it is.
NORMALISED = frozenset({"origin", "perpetrator_raw", "victims_raw", "low", "best", "high", "date_start",
                        "date_end"})


@dataclass(frozen=True, kw_only=True)
class ReadOptions:
    """How claims are read and normalised: the read options of ``reconcile normalise``.

    ``input_format`` a format name (``acled``, ``ucdp`` ...; None: detected from each file's
    header); ``mapping`` a TOML column mapping every file is read through; ``sheet`` a
    spreadsheet's sheet (name or 1-based number); ``where`` conditions every claim kept meets
    (``"assessment=Fair"``, ``"date_start>=2025-01"``); ``incident`` one incident label for every
    claim; ``encoding`` of every text file (None: detected); ``max_rows`` more input rows than
    this stop the read. ``aliases``, ``catalogue`` and ``source_aliases`` are your actor alias,
    actor and source-name tables (CSV files) merged over ours; ``exact_actors`` maps perpetrators
    by the alias tables alone. ``tolerance`` is the ± share of "approximately N".
    A DataFrame is read as it is: ``sheet`` and ``encoding`` are for files.
    """

    input_format: str | None = None
    mapping: PathLike | None = None
    sheet: str | int | None = None
    where: tuple[str, ...] = ()
    incident: str | None = None
    encoding: str | None = None
    max_rows: int | None = None
    aliases: PathLike | None = None
    catalogue: PathLike | None = None
    source_aliases: PathLike | None = None
    exact_actors: bool = False
    tolerance: float = 0.1

    def __post_init__(self) -> None:
        # One condition is one condition, not a tuple of its letters.
        where = (self.where,) if isinstance(self.where, str) else tuple(self.where)
        object.__setattr__(self, "where", where)
        if not all(isinstance(condition, str) for condition in where):
            raise TypeError("where: conditions are strings, e.g. 'assessment=Fair'")
        if self.sheet is not None:
            object.__setattr__(self, "sheet", str(self.sheet))
        _number("tolerance", self.tolerance, 0, 1, whole=False)
        if self.max_rows is not None:
            _number("max_rows", self.max_rows, 0)

    def _read(self) -> dict:
        """The keyword arguments of :func:`reconcile.pipeline.load_claims`."""
        return {"aliases": self.aliases, "tolerance": self.tolerance, "catalogue": self.catalogue,
                "infer_actors": not self.exact_actors, "source_aliases": self.source_aliases,
                "input_format": self.input_format, "mapping": self.mapping, "sheet": self.sheet,
                "where": self.where, "incident": self.incident, "encoding": self.encoding,
                "max_rows": self.max_rows}


@dataclass(frozen=True, kw_only=True)
class CompareOptions(ReadOptions):
    """How claims are compared: the options of ``reconcile compare``, the read options included.

    ``tolerance``: best figures within this share of the larger are consistent (and the ± share
    of "approximately N"). ``as_of``: claims published after this day are left out (a
    ``YYYY-MM-DD`` string, a month ``YYYY-MM`` meaning its last day, or a date). Matching claims
    into incidents: ``date_slack`` days two periods may lie apart, ``max_extension`` days an
    incident may stretch beyond its longest claim, ``match_threshold`` the score from which two
    claims are one incident (None: the default, 2), ``links`` your decisions (a CSV file of
    ``origin_a,origin_b,decision``, or such triples). ``explain`` keeps why claims were joined
    (:attr:`Comparison.reasons`).
    """

    as_of: str | dt.date | None = None
    date_slack: int = 1
    max_extension: int = 1
    match_threshold: int | None = None
    links: PathLike | tuple[tuple[str, str, str], ...] | None = None
    explain: bool = False

    def __post_init__(self) -> None:
        super().__post_init__()
        _number("date_slack", self.date_slack, 0)
        _number("max_extension", self.max_extension, 0)
        if self.match_threshold is not None:
            _number("match_threshold", self.match_threshold, None)
        if self.links is not None and not isinstance(self.links, (str, os.PathLike)):
            links = tuple(tuple(link) for link in self.links)
            if any(len(link) != 3 for link in links):
                raise TypeError("links: each link is (origin_a, origin_b, 'same' or 'different')")
            object.__setattr__(self, "links", links)


def _number(name: str, value, low: float | None, high: float | None = None, whole: bool = True) -> None:
    kinds = (int,) if whole else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise TypeError(f"{name}: expected {'a whole number' if whole else 'a number'}, not {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise UsageError(f"{name} must be {bounds}, not {value!r}")


def read_claims(claims: ClaimsInput, options: ReadOptions | None = None) -> pd.DataFrame:
    """The claims read and normalised, one row per claim (the frame ``reconcile normalise`` writes).

    Its columns are listed in ``docs/columns.md``: ``origin`` (``file:line``), ``source``,
    ``figure`` as published and ``low``, ``best``, ``high`` read from it, ``date_start``,
    ``date_end``, ``perpetrator`` (the actor) and ``perpetrator_raw`` (as written), ``victims`` ...
    Rejected rows are left out, each said in a :class:`ReconcileWarning`.
    """
    from reconcile.pipeline import load_claims

    options = _options(options, ReadOptions)
    paths, labels = _inputs(claims)
    with _library_errors():
        loaded, _ = load_claims(paths, labels, **options._read())
    _warn(loaded.warnings, loaded.rejected)
    return loaded.claims.reset_index(drop=True)


def compare(claims: ClaimsInput, options: CompareOptions | ReadOptions | None = None) -> Comparison:
    """Claims lined up per incident × perpetrator × victims, as ``reconcile compare`` does.

    ``claims`` as for :func:`read_claims`, or a frame :func:`read_claims` returned (filtered as you
    like), compared as it is. The :class:`~reconcile.compare.Comparison` has ``groups`` and
    ``claims`` (DataFrames), ``summary(by=...)``, ``to_json()``, ``to_markdown()``, ``to_html()``.
    """
    from reconcile.match import MatchOptions

    options = _options(options, CompareOptions)
    as_of = _as_of(options.as_of)
    with _library_errors():
        matching = MatchOptions(
            slack_days=options.date_slack, max_extension_days=options.max_extension,
            links=_links(options.links),
            **({"threshold": options.match_threshold} if options.match_threshold is not None else {}),
        )
        if isinstance(claims, pd.DataFrame) and NORMALISED <= set(claims.columns):
            comparison = _compare_normalised(claims, options, as_of, matching)
        else:
            from reconcile.pipeline import run_compare

            paths, labels = _inputs(claims)
            read = options._read()
            comparison = run_compare(
                paths, labels, read.pop("aliases"), read.pop("tolerance"), as_of, matching, options.explain,
                **read,
            )
    comparison = dataclasses.replace(comparison, warnings=tuple(map(library_words, comparison.warnings)),
                                     notes=tuple(map(library_words, comparison.notes)))
    _warn(comparison.warnings, comparison.rejected)
    return comparison


def _compare_normalised(claims: pd.DataFrame, options: CompareOptions, as_of, matching) -> Comparison:
    """A frame read already: matched and compared, every row of it used."""
    from reconcile.match import match_incidents
    from reconcile.normalise import Claims
    from reconcile.pipeline import compare_matched

    given = [f.name for f in dataclasses.fields(ReadOptions)
             if f.name != "tolerance" and getattr(options, f.name) != getattr(ReadOptions(), f.name)]
    if given:
        raise UsageError(f"{', '.join(given)}: read options do not apply to a frame read_claims returned "
                         "(give them to read_claims)")
    claims = _checked_normalised(claims.reset_index(drop=True))
    loaded = Claims(claims=claims.iloc[:0], rejected=pd.DataFrame({"origin": pd.Series(dtype=str),
                                                                   "reason": pd.Series(dtype=str)}),
                    rows_read=len(claims))
    rows = {"read": len(claims), "used": len(claims), "rejected": 0, "claims": len(claims), "skipped": 0}
    return compare_matched(match_incidents(claims, matching, pairs=options.explain), loaded, rows, 0,
                           options.tolerance, as_of, matching, options.explain)


#: cells of a read_claims frame that a claim cannot do without
_REQUIRED = ("origin", "source", "perpetrator", "victims", "low", "best", "high", "date_start", "date_end")


def _checked_normalised(claims: pd.DataFrame) -> pd.DataFrame:
    """A frame read_claims returned, perhaps edited since: a blank required cell is an error (a
    claim would be lost or guessed at), other blank text cells are "" as read_claims writes them."""
    for column in _REQUIRED:
        values = claims[column]
        blank = values.isna() | (values.astype(str).str.strip() == "") if values.dtype == object \
            or pd.api.types.is_string_dtype(values) else values.isna()
        if blank.any():
            first = [int(i) for i in blank.to_numpy().nonzero()[0][:5]]
            raise UsageError(f"claims: column '{column}' is blank at row {', '.join(map(str, first))}"
                             f"{' ...' if blank.sum() > 5 else ''}: every claim needs it (read_claims "
                             "writes 'unattributed' for no perpetrator and 'total' for no victim category)")
    text = [c for c in claims.columns if c not in _REQUIRED and (claims[c].dtype == object
                                                                  or pd.api.types.is_string_dtype(claims[c]))]
    return claims.assign(**{c: claims[c].fillna("") for c in text}) if text else claims


_Options = TypeVar("_Options", bound=ReadOptions)


def _options(options: object, kind: type[_Options]) -> _Options:
    if options is None:
        return kind()
    if isinstance(options, kind):
        return options
    if kind is CompareOptions and isinstance(options, ReadOptions):
        return kind(**{f.name: getattr(options, f.name) for f in dataclasses.fields(ReadOptions)})
    raise TypeError(f"options: expected reconcile.{kind.__name__}, not {type(options).__name__}")


def _inputs(claims: ClaimsInput) -> tuple[list, list[str]]:
    """The files (and DataFrames, as tables) to read, and the name origins give each."""
    from reconcile.sources.table import frame_table

    if isinstance(claims, (str, os.PathLike, pd.DataFrame)):
        items = [claims]
    elif isinstance(claims, (bytes, bytearray)) or not isinstance(claims, (Sequence, Iterator)):
        raise TypeError("claims: expected a path, a list of paths or a DataFrame, "
                        f"not {type(claims).__name__}")
    else:
        items = list(claims)
    if not items:
        raise UsageError("claims: no file or DataFrame given")
    frames = sum(isinstance(item, pd.DataFrame) for item in items)
    paths: list = []
    labels: list[str] = []
    for item in items:
        if isinstance(item, pd.DataFrame):
            label = ("<frame>" if frames == 1
                     else f"<frame {1 + sum(label.startswith('<frame') for label in labels)}>")
            if NORMALISED <= set(item.columns):
                raise UsageError(f"claims: {label} is a frame read_claims returned; compare it on its own")
            with _library_errors():
                paths.append(frame_table(item, label))
            labels.append(label)
        elif isinstance(item, (str, os.PathLike)):
            paths.append(Path(item))
            labels.append(str(Path(item)))
        else:
            raise TypeError(f"claims: expected paths or DataFrames, not {type(item).__name__} ({item!r:.40})")
    return paths, labels


def _as_of(value) -> pd.Timestamp | None:
    from reconcile.dates import parse_date

    if value is None:
        return None
    if isinstance(value, dt.date):
        value = value.isoformat()[:10]
    if not isinstance(value, str):
        raise TypeError(f"as_of: expected a date or a 'YYYY-MM-DD' string, not {type(value).__name__}")
    try:
        return parse_date(value)
    except ValueError as exc:
        raise UsageError(f"as_of: {exc}") from None


def _links(links) -> pd.DataFrame | None:
    from reconcile.links import read_links

    if links is None:
        return None
    if isinstance(links, (str, os.PathLike)):
        return read_links(links)
    frame = pd.DataFrame(list(links), columns=["origin_a", "origin_b", "decision"], dtype=str)
    bad = ~frame["decision"].str.strip().str.casefold().isin(["same", "different"])
    if bad.any():
        raise UsageError("links: decision must be 'same' or 'different', "
                         f"not '{frame['decision'][bad].iloc[0]}'")
    return frame


@contextmanager
def _library_errors():
    """Errors worded for the API: option names, not flags."""
    try:
        yield
    except ReconcileError as exc:
        if isinstance(exc, InputError) and exc.path.startswith("<frame") and exc.line == 1:
            exc.line = None  # a file's line 1 is its header: a frame's columns, not its row 1
        reword(exc)
        raise


def _warn(told: Sequence[str], rejected: pd.DataFrame) -> None:
    """What the command line says on stderr, as warnings at the caller's line."""
    for message in told:
        warnings.warn(library_words(message), ReconcileWarning, stacklevel=3)
    if len(rejected):
        first = rejected.iloc[0]
        more = f" (and {len(rejected) - 1} more)" if len(rejected) > 1 else ""
        warnings.warn(f"{len(rejected)} claim{'s' if len(rejected) != 1 else ''} rejected: "
                      f"{first['origin']}: {library_words(first['reason'])}{more}",
                      ReconcileWarning, stacklevel=3)
