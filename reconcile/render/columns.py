"""Column widths for the terminal tables: no word split, no column cut, at any width.

rich shrinks columns below their longest word, and past a point cuts the last ones off
(a Status column read ``Stat``, ``sing``). :func:`fit_columns` gives every column at least
its longest word and takes the room it lacks from the widest columns first; when even the
longest words do not fit, it says so and the caller prints the rows another way.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text


def _plain(renderable) -> str:
    return renderable.plain if isinstance(renderable, Text) else str(renderable)


def longest_word(texts) -> int:
    """Width a column needs so that no word or number in it is ever split."""
    return max((cell_len(word) for text in texts for word in _plain(text).split()), default=1)


def _longest_line(texts) -> int:
    return max((cell_len(line) for text in texts for line in _plain(text).split("\n")), default=1)


def _overhead(table: Table) -> int:
    """Borders and padding: the width a table takes besides its cells' text."""
    return table._extra_width + sum(table._get_padding_width(index) for index in range(len(table.columns)))


def fit_columns(table: Table, width: int) -> bool:
    """Set column widths so the table is at most ``width`` wide without splitting a word.

    A column's own ``min_width`` is kept too. Columns narrower than their text give up
    room widest first, down to their longest word. False, and nothing changed, when the
    longest words alone are wider than ``width``.
    """
    texts = [[column.header, *column.cells] if table.show_header else list(column.cells)
             for column in table.columns]
    minimum = [max(longest_word(cells), column.min_width or 0) for cells, column in zip(texts, table.columns,
                                                                                        strict=True)]
    natural = [max(_longest_line(cells), low) for cells, low in zip(texts, minimum, strict=True)]
    room = width - _overhead(table)
    if sum(minimum) > room:
        return False
    if sum(natural) > room:
        def total(cap: int) -> int:
            return sum(max(low, min(high, cap)) for low, high in zip(minimum, natural, strict=True))

        low_cap, high_cap = 0, max(natural)  # the widest cap with total(cap) <= room
        while low_cap < high_cap:
            middle = (low_cap + high_cap + 1) // 2
            low_cap, high_cap = (middle, high_cap) if total(middle) <= room else (low_cap, middle - 1)
        widths = [max(low, min(high, low_cap)) for low, high in zip(minimum, natural, strict=True)]
        spare = room - sum(widths)
        for index, (shown, high) in enumerate(zip(widths, natural, strict=True)):
            if spare and shown < high:
                widths[index] += 1
                spare -= 1
        for column, shown in zip(table.columns, widths, strict=True):
            column.width = shown
    for column, low in zip(table.columns, minimum, strict=True):
        column.min_width = low
    return True
