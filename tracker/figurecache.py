"""Stored targets and figures: each as the queries see it now, by key, kept with the log.

The targets state is, per target (metric, set_by, period), its latest revision,
and per (metric, period, unit) the latest figure; the records state is per
(metric, period) the latest figure (see `projections.targets`, `.records`).
Each is a last-write-wins map, so the state of a key after an event is that
event: the rows of `cache_figures` are the states, one per event, keyed by the
columns a report groups by, and an as-of answer reads the last row of each key
dated by the day (`tracker.figureread`), decoding only those it reports.

`tracker.statecache` keeps this table in the append transaction: a new target
or figure adds its row, and a correction or retraction rewrites the row of the
event it reaches, so a moved date, metric or period moves the row to its new
place. The payload is kept only when a correction changed it; otherwise the
event's own stored payload is read. Like every cache table it holds nothing the
`events` table does not, and may be dropped and rebuilt.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from tracker.codec import payload_of
from tracker.model import Event, FigureReported, TargetSet
from tracker.projections.targets import period_end
from tracker.schema import cache_figures

CHUNK = 500
FIGURE_TYPES = (TargetSet.type, FigureReported.type)
_EMPTY = dict.fromkeys(
    ("type", "date", "metric", "period", "period_end", "unit", "set_by", "all_time_high", "event")
)


def store_figures(
    conn: Connection, versions: dict[int, tuple[Event, Event | None, int]], old: Iterable[int]
) -> None:
    """Replace the rows of targets and figures: `versions` by seq (as stored, as the
    queries see it now, the seq of its last correction); `old` those stored before this
    append, which may have rows."""
    replaced = sorted(old)
    for start in range(0, len(replaced), CHUNK):
        chunk = replaced[start : start + CHUNK]
        conn.execute(sa.delete(cache_figures).where(cache_figures.c.seq.in_(chunk)))
    rows = [_row(seq, *versions[seq]) for seq in sorted(versions)]
    if rows:
        conn.execute(sa.insert(cache_figures), rows)


def _row(seq: int, event: Event, current: Event | None, touched: int) -> dict[str, Any]:
    row: dict[str, Any] = {"seq": seq, "event_id": event.id, "touched_seq": touched} | _EMPTY
    if isinstance(current, TargetSet | FigureReported):
        row |= {"type": current.type, "date": current.date, "metric": current.metric,
                "period": current.period, "period_end": period_end(current.period),
                "unit": current.unit,
                "event": None if current is event else payload_of(current)}  # fmt: skip
        if isinstance(current, TargetSet):
            row["set_by"] = current.set_by
        else:
            row["all_time_high"] = current.all_time_high
    return row
