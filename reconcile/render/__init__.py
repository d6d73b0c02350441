"""Renderers: each turns a :class:`~reconcile.compare.Comparison` into text.

``-o`` only decides where the text goes; the format decides what it is.
"""

from __future__ import annotations

FORMATS = ("table", "json", "csv", "markdown", "github", "junit", "html")


def render_comparison(comparison, fmt: str, width: int | None = None, color: bool = False, review=None,
                      raw: bool = False, view=None) -> str:
    """The comparison as text in ``fmt`` (one of :data:`FORMATS`).

    ``review`` (:class:`~reconcile.gates.Review`, from ``--fail-on`` and
    ``--baseline``) is shown by ``table``, ``json``, ``github`` and ``junit``.
    ``raw`` leaves CSV cells that would run as spreadsheet formulas as they are.
    ``view`` (:class:`~reconcile.triage.View`, from ``--by``, ``--show`` and ``--all``):
    ``table`` and ``markdown`` show its roll-up and groups, ``json`` adds its roll-up,
    ``csv`` is the roll-up instead of the claims when it has one.
    """
    by = view.by if view is not None else ()
    if fmt == "json":
        from reconcile.render.json import comparison_json

        return comparison_json(comparison, review, by)
    if fmt == "github":
        from reconcile.render.github import comparison_github

        return comparison_github(comparison, review)
    if fmt == "junit":
        from reconcile.render.junit import comparison_junit

        return comparison_junit(comparison, review)
    if fmt == "csv":
        from reconcile.render.csv import comparison_csv

        return comparison_csv(comparison, raw=raw, by=by)
    if fmt == "html":
        from reconcile.render.html import comparison_html

        return comparison_html(comparison, view=view)
    if fmt == "markdown":
        from reconcile.render.markdown import comparison_markdown

        return comparison_markdown(comparison, view)
    from reconcile.render.table import comparison_table

    return comparison_table(comparison, width=width, color=color, review=review, view=view)


def write_comparison(comparison, fmt: str, stream, width: int | None = None, color: bool = False, review=None,
                     raw: bool = False, view=None) -> None:
    """Write the comparison in ``fmt`` to a binary ``stream`` (a file opened "wb", ``sys.stdout.buffer``).

    For ``json`` the text is written as it is built, a chunk of groups at a
    time, so the whole document is never in memory at once.
    """
    if fmt == "json":
        from reconcile.render.json import write_comparison_json

        write_comparison_json(comparison, stream, review, view.by if view is not None else ())
        return
    stream.write(render_comparison(comparison, fmt, width=width, color=color, review=review, raw=raw,
                                   view=view).encode("utf-8"))
