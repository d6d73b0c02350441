"""Renderers: each turns a :class:`~reconcile.compare.Comparison` into text.

``-o`` only decides where the text goes; the format decides what it is.
"""

from __future__ import annotations

FORMATS = ("table", "json", "csv", "markdown")


def render_comparison(comparison, fmt: str, width: int | None = None, color: bool = False) -> str:
    """The comparison as text in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        from reconcile.render.json import comparison_json

        return comparison_json(comparison)
    if fmt == "csv":
        from reconcile.render.csv import comparison_csv

        return comparison_csv(comparison)
    if fmt == "markdown":
        from reconcile.render.markdown import comparison_markdown

        return comparison_markdown(comparison)
    from reconcile.render.table import comparison_table

    return comparison_table(comparison, width=width, color=color)
