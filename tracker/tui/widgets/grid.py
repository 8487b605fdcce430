"""Filling a DataTable whole, with each column sized before the rows go in.

DataTable measures its columns when idle; a paint in between can cache rows cut
to the headers' widths (seen after a modal screen closed). Sizing the columns
from the cells first leaves nothing to measure later. One column may be capped
to the room left, so a long title is cut with an ellipsis rather than scrolled.
`flexible` columns give way in their order, each to no less than `MIN_FLEXIBLE`
cells; what still does not fit scrolls sideways.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from tracker.render import display_width

MIN_FLEXIBLE = 12


def fill_table(
    table: DataTable[Any],
    headers: Sequence[str],
    rows: Sequence[Sequence[Text]],
    keys: Sequence[str],
    *,
    flexible: Sequence[int] = (),
    room: int = 0,
) -> None:
    widths = [
        max([display_width(header), *(row[index].cell_len for row in rows)])
        for index, header in enumerate(headers)
    ]
    padding = 2 * table.cell_padding * len(headers) + 2  # and a scrollbar
    for index in flexible if room else ():
        over = sum(widths) + padding - room
        if over <= 0:
            break
        widths[index] = max(min(widths[index], MIN_FLEXIBLE), widths[index] - over)
    table.clear(columns=True)
    for header, width in zip(headers, widths, strict=True):
        table.add_column(header, width=width, key=header)
    for row, key in zip(rows, keys, strict=True):
        for cell in row:
            cell.no_wrap, cell.overflow = True, "ellipsis"
        table.add_row(*row, key=key)
