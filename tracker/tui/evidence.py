"""From an answer to its sources: a row's fields, the events behind it, its citation. Pure.

`y` copies a row with its citation as one line a reader can paste into a note:
the row's cells, then each distinct source of the events behind it (publisher,
title, date published, URL), as the evidence screen shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from attrs import AttrsInstance

from tracker.diff import Change
from tracker.model import Event, Source
from tracker.projections import rows_to_dicts
from tracker.render import format_date, printable, to_json

MAX_EVENTS = 200  # the evidence screen lists at most this many events of one row


def ids_of(row: AttrsInstance) -> tuple[str, ...]:
    """The events a row was derived from; for a diff row, those new on its later side first."""
    if isinstance(row, Change):
        before = tuple((row.before or {}).get("event_ids", ()))
        after = tuple((row.after or {}).get("event_ids", ()))
        new = tuple(event_id for event_id in after if event_id not in before)
        return new or after or before
    return tuple(getattr(row, "event_ids", ()))


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


def cite(source: Source | None) -> str:
    """`Yonhap, "Title", 2025-12-04, https://…`: what a reader needs to find it again."""
    if source is None:
        return "no source given"
    parts = [
        source.publisher,
        f'"{source.title}"' if source.title else None,
        format_date(source.published) or None,
        source.url,
    ]
    return printable(", ".join(part for part in parts if part)) or "no source given"


def citation(summary: str, events: Sequence[Event]) -> str:
    """A row's summary with the distinct sources of its events."""
    sources = list(dict.fromkeys(cite(event.source) for event in events))
    if not sources:
        return summary
    return f"{summary} Sources: {'; '.join(sources)}."


def summary(title: str, cells: Sequence[tuple[str, str]]) -> str:
    """`title: header value, header value`, empty cells left out."""
    shown_cells = ", ".join(f"{name} {value}" for name, value in cells if value)
    return f"{printable(title)}: {shown_cells}." if shown_cells else f"{printable(title)}."
