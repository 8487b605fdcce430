"""From an answer to its sources: a row's fields, the events behind it, its citation. Pure.

`y` copies a row with its citation as one line a reader can paste into a note:
the row's cells, then each distinct source of the events behind it, cited as
`--sources` cites them (publisher, date published, URL).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from attrs import AttrsInstance

from tracker.projections import rows_to_dicts
from tracker.render import printable, to_json

MAX_EVENTS = 200  # the evidence screen lists at most this many events of one row


def shown(value: Any) -> str:
    """A field's value on one line: text as is, anything else as its JSON."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return printable(value)
    text = to_json(value, indent=None)
    return printable(text[1:-1] if text.startswith('"') else text)


def fields_of(row: AttrsInstance) -> tuple[tuple[str, str], ...]:
    """Every field of a result row but `event_ids` (listed as events instead)."""
    data = rows_to_dicts([row])[0]
    return tuple((name, shown(value)) for name, value in data.items() if name != "event_ids")


def citation(summary: str, cited: Sequence[str]) -> str:
    """A row's summary with the distinct citations of its events (`tracker.citations`)."""
    return f"{summary} Sources: {'; '.join(cited)}." if cited else summary


def summary(title: str, cells: Sequence[tuple[str, str]]) -> str:
    """`title: header value, header value`, empty cells left out."""
    shown_cells = ", ".join(f"{name} {value}" for name, value in cells if value)
    return f"{printable(title)}: {shown_cells}." if shown_cells else f"{printable(title)}."
