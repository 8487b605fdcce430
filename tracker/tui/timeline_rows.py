"""The timeline as a screen holds it: a window of rows paged in by keyset. Pure: no I/O.

A row shows the event as the queries see it (corrected text) and says what
happened to it. The window keeps at most `limit` rows: paging on drops rows
from the far end, so a long scroll through a million events holds no more than
a few pages, and the widget shifts its cursor by what was added or dropped.

Rules: the timeline is ordered by each event's date as stored (keyset order);
a correction that moves an event's date is shown in its row and detail, but
does not move the row. Correction events are rows of their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from attrs import field, frozen

from tracker.api import TimelineKey, matches
from tracker.corrections import CorrectionIndex
from tracker.model import Correction, Event, Recorded

RowStatus = Literal["original", "corrected", "retracted", "correction", "unknown"]
MAX_ROWS = 2000


@frozen
class TimelineRow:
    """One event as the timeline shows it; `record` is kept to label it again when the
    corrections are read (`unknown` until then)."""

    record: Recorded = field(eq=False, repr=False)
    key: TimelineKey
    id: str
    date: dt.date  # as the queries see it: a corrected date shows here
    type: str
    title: str
    publisher: str
    status: RowStatus
    matched: bool = False  # the current search finds it


def timeline_row(
    record: Recorded, index: CorrectionIndex | None, search: str | None
) -> TimelineRow:
    """The row of `record`; with no `index` (corrections not read yet) as it was stored."""
    status: RowStatus = "unknown"
    effective: Event | None = record.event
    if index is not None:
        effective = index.effective(record)
        status = index.status(record)
        if status == "original" and isinstance(record.event, Correction):
            status = "correction"
    event = effective or record.event
    source = event.source
    return TimelineRow(
        record=record,
        key=TimelineKey.of(record),
        id=record.id,
        date=event.date,
        type=record.event.type,
        title=event.title,
        publisher=(source.publisher or "") if source else "",
        status=status,
        matched=bool(search) and matches(record, search or ""),
    )


Direction = Literal["before", "after"]


class TimelineWindow:
    """Consecutive rows of the timeline, with whether more lie before and after them."""

    def __init__(self, limit: int = MAX_ROWS) -> None:
        self.limit = limit
        self.rows: list[TimelineRow] = []
        self.more_before = False
        self.more_after = False

    def reset(self, before: Sequence[TimelineRow], after: Sequence[TimelineRow], page: int) -> None:
        """Rows around an anchor: `before` ends at it, `after` follows it; a full page has more."""
        self.rows = [*before, *after]
        self.more_before = len(before) >= page
        self.more_after = len(after) >= page

    def edge_key(self, direction: Direction) -> TimelineKey | None:
        if not self.rows:
            return None
        return self.rows[0].key if direction == "before" else self.rows[-1].key

    def extend(self, direction: Direction, rows: Sequence[TimelineRow], page: int) -> int:
        """Add a page at one end; returns how far existing rows moved down (negative: up).

        Rows beyond `limit` are dropped from the other end, which then has more again.
        """
        more = len(rows) >= page
        if direction == "after":
            self.rows.extend(rows)
            self.more_after = more
            dropped = max(0, len(self.rows) - self.limit)
            if dropped:
                del self.rows[:dropped]
                self.more_before = True
            return -dropped
        self.rows[:0] = rows
        self.more_before = more
        dropped = max(0, len(self.rows) - self.limit)
        if dropped:
            del self.rows[-dropped:]
            self.more_after = True
        return len(rows)

    def relabel(self, index: CorrectionIndex, search: str | None) -> None:
        """Label every row with the corrections now read, in place (the cursor stays)."""
        self.rows = [timeline_row(row.record, index, search) for row in self.rows]

    def index_at(self, key: TimelineKey) -> int:
        """The last row at or before `key` (0 when all come after it)."""
        index = 0
        for number, row in enumerate(self.rows):
            if row.key <= key:
                index = number
            else:
                break
        return index
