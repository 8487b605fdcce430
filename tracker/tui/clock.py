"""The time cursor every view follows, and the moves of `[`, `]`, `{`, `}`. Pure: no I/O.

The cursor is one value, `Cursor(as_of, known_on)`, so a view's answer can carry
the cursor it was asked for and a late answer for a date already left is dropped.
Stepping between event dates reads a window of dates around the cursor ahead of
time (`DateSteps`), so `]` held down never waits on the store.
"""

from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from enum import Enum

from attrs import frozen


@frozen
class Cursor:
    """Where the app stands: the world at the end of `as_of`, as known on `known_on`.

    `known_on` None means now: every event recorded so far.
    """

    as_of: dt.date
    known_on: dt.datetime | None = None


def shift_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), kept within a shorter month: 31 Mar -> 30 Apr."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    year = min(max(year, dt.MINYEAR), dt.MAXYEAR)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def known_on_label(known_on: dt.datetime | None) -> str:
    """`now`, or the moment in UTC to the second: `2025-04-06 23:59:59Z`."""
    if known_on is None:
        return "now"
    return known_on.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%SZ")


class Unknown(Enum):
    """The dates around a day are not loaded yet: ask the store."""

    UNKNOWN = "unknown"


UNKNOWN = Unknown.UNKNOWN


class DateSteps:
    """Event dates read around a centre day: every one in [`low`, `high`] is in `dates`."""

    def __init__(self) -> None:
        self.dates: list[dt.date] = []
        self.low = dt.date.max  # nothing is covered until the first load
        self.high = dt.date.min

    def load(
        self, centre: dt.date, before: Sequence[dt.date], after: Sequence[dt.date], limit: int
    ) -> None:
        """`before`: up to `limit` dates before `centre`, latest first; `after`: soonest first.

        Fewer than `limit` on a side means that side reaches the end of the log.
        """
        self.dates = sorted({*before, *after})
        self.low = before[-1] if len(before) >= limit else dt.date.min
        self.high = after[-1] if len(after) >= limit else dt.date.max

    def next(self, day: dt.date) -> dt.date | Unknown | None:
        """The first event date after `day`; None if there is none; UNKNOWN if not loaded."""
        if not self.low <= day < self.high:
            return None if day >= self.high == dt.date.max else UNKNOWN
        index = bisect_right(self.dates, day)
        if index < len(self.dates):
            return self.dates[index]
        return None if self.high == dt.date.max else UNKNOWN

    def previous(self, day: dt.date) -> dt.date | Unknown | None:
        """The last event date before `day`; None if there is none; UNKNOWN if not loaded."""
        if not self.low < day <= self.high:
            return None if day <= self.low == dt.date.min else UNKNOWN
        index = bisect_left(self.dates, day)
        if index > 0:
            return self.dates[index - 1]
        return None if self.low == dt.date.min else UNKNOWN
