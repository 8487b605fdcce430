"""From an answer to its sources: a row's fields, the events behind it, its citation. Pure.

`y` copies a row with its citation as one line a reader can paste into a note:
the row's cells, then each distinct source of the events behind it, cited as
`--sources` cites them (publisher, date published, URL).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from attrs import AttrsInstance

from tracker.diff import Change
from tracker.projections import rows_to_dicts
from tracker.render import printable, to_json

MAX_EVENTS = 200  # the evidence screen lists at most this many events of one row


def shown(value: Any) -> str:
    """A field's value as a reader wants it: text as is, a record as `name value` pairs,
    a list of records one per line (a counterpart's meetings), anything else as its JSON."""
    if isinstance(value, Mapping):
        return (
            ", ".join(f"{name} {shown(item)}" for name, item in value.items() if item is not None)
            or "—"
        )
    if isinstance(value, list | tuple) and any(isinstance(item, Mapping) for item in value):
        return "\n".join(_line(item) for item in value) or "—"
    if isinstance(value, list | tuple):
        return ", ".join(shown(item) for item in value) or "—"
    if value is None:
        return "—"
    if isinstance(value, str):
        return printable(value)
    text = to_json(value, indent=None)
    return printable(text[1:-1] if text.startswith('"') else text)


def _line(item: Any) -> str:
    """One record of a list on one line. A meeting (a record with an id) by its values, the
    id left out (its event is listed); one without (a tariff's change ahead), name by name
    as a single record reads: `rate_pct 25, effective 2025-04-09, ...`."""
    if not isinstance(item, Mapping) or "id" not in item:
        return shown(item)
    return "  ".join(shown(v) for k, v in item.items() if k != "id" and v is not None)


def _count(value: Any) -> str:
    return f"{len(value)} item{'' if len(value) == 1 else 's'}"


def fields_of(row: AttrsInstance) -> tuple[tuple[str, str], ...]:
    """Every field of a result row but `event_ids` (listed as events instead)."""
    if isinstance(row, Change):
        return change_fields(row)
    data = rows_to_dicts([row])[0]
    return tuple((name, shown(value)) for name, value in data.items() if name != "event_ids")


def change_fields(change: Change) -> tuple[tuple[str, str], ...]:
    """A change of the diff field by field: `before → after` where it moved, else the value."""
    before, after = change.before or {}, change.after or {}
    fields = [("projection", change.projection), ("key", change.key), ("change", change.change)]
    for name in [*before, *(name for name in after if name not in before)]:
        if name == "event_ids":
            continue
        old, new = before.get(name), after.get(name)
        if name not in change.fields:
            fields.append((name, shown(new if change.after is not None else old)))
        elif isinstance(old, list) or isinstance(new, list):
            fields.append((name, f"{_count(old or [])} → {_count(new or [])}"))
        else:
            fields.append((name, f"{shown(old)} → {shown(new)}"))
    return tuple(fields)


def citation(summary: str, cited: Sequence[str]) -> str:
    """A row's summary with the distinct citations of its events (`tracker.citations`)."""
    return f"{summary} Sources: {'; '.join(cited)}." if cited else summary


def summary(title: str, cells: Sequence[tuple[str, str]]) -> str:
    """`title: header value, header value`, empty cells left out."""
    shown_cells = ", ".join(f"{name} {value}" for name, value in cells if value)
    return f"{printable(title)}: {shown_cells}." if shown_cells else f"{printable(title)}."
