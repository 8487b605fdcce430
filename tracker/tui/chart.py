"""A step chart in box-drawing characters: a tariff line's rate over time. Pure: no I/O.

`draw` lays the chart out as rows of (character, role) cells; the widget only
colours each role from the theme, so the chart stays crisp in any terminal and
in SVG screenshots. Rows, top to bottom: the plot (rate on the y axis, 0 at the
bottom; a dotted floor where no rate applies), a row marking each day a decision
was made (`•`) and the as-of date (`▲`), and a row of dates.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from tracker.projections.tariff_steps import Step, TariffSteps
from tracker.render import format_pct

Role = Literal["blank", "axis", "label", "line", "paused", "none", "decision", "cursor"]
Cell = tuple[str, Role]

# How a step joins the next: (rising?) -> (char at the old level, char at the new level)
RISE = ("┘", "┌")
FALL = ("┐", "└")


def _top(steps: Sequence[Step]) -> Decimal:
    rates = [step.rate_pct for step in steps if step.rate_pct is not None]
    highest = max(rates, default=Decimal(10))
    return Decimal(max(5, math.ceil(highest / 5) * 5))


def _day(start: dt.date, end: dt.date, column: int, columns: int) -> dt.date:
    if columns <= 1:
        return start
    return start + dt.timedelta(days=(end - start).days * column // (columns - 1))


def _column(start: dt.date, end: dt.date, day: dt.date, columns: int) -> int | None:
    """The first column whose day (by `_day`) is `day` or later: where a step on `day` shows."""
    span = (end - start).days
    if not start <= day <= end or span == 0:
        return 0 if day == start else None
    return min(columns - 1, -(-(day - start).days * (columns - 1) // span))


def draw(
    data: TariffSteps, start: dt.date, end: dt.date, as_of: dt.date, width: int, height: int
) -> list[list[Cell]]:
    """The chart of `data` from `start` to `end`, `width` by `height` cells."""
    plot = height - 2
    top = _top(data.steps)
    label_width = max(len(format_pct(top)), 3)
    columns = width - label_width - 1
    if plot < 2 or columns < 8:
        return []
    grid: list[list[Cell]] = [[(" ", "blank")] * width for _ in range(height)]
    for row in range(plot):
        label = format_pct(top) if row == 0 else ("0 %" if row == plot - 1 else "")
        for x, char in enumerate(label.rjust(label_width)):
            grid[row][x] = (char, "label")
        grid[row][label_width] = ("│", "axis")

    def level(step: Step | None) -> int | None:
        if step is None or step.rate_pct is None:
            return None
        return plot - 1 - round(float(step.rate_pct / top) * (plot - 1))

    previous: int | None = None
    for column in range(columns):
        x = label_width + 1 + column
        step = data.at(_day(start, end, column, columns))
        y = level(step)
        role: Role = "paused" if step is not None and step.status == "paused" else "line"
        if y is None:
            if step is not None:
                grid[plot - 1][x] = ("┈", "none")
        elif previous is None or previous == y:
            grid[y][x] = ("─", role)
        else:
            old, new = RISE if y < previous else FALL
            grid[previous][x] = (old, role)
            grid[y][x] = (new, role)
            for between in range(min(y, previous) + 1, max(y, previous)):
                grid[between][x] = ("│", role)
        previous = y

    marks, dates = grid[plot], grid[plot + 1]
    for decision in data.decisions:
        spot = _column(start, end, decision.date, columns)
        if spot is not None:
            marks[label_width + 1 + spot] = ("•", "decision")
    at = _column(start, end, as_of, columns)
    if at is not None:
        x = label_width + 1 + at
        marks[x] = ("▲", "cursor")
        for row in range(plot):
            if grid[row][x][1] == "blank":
                grid[row][x] = ("┊", "cursor")
    _write(dates, label_width + 1, start.isoformat(), "label")
    _write(dates, width - 10, end.isoformat(), "label")
    if at is not None:
        x = min(max(label_width + 1, label_width + 1 + at - 5), width - 10)
        if x >= label_width + 12 and x + 10 <= width - 11:
            _write(dates, x, as_of.isoformat(), "cursor")
    return grid


def _write(row: list[Cell], x: int, text: str, role: Role) -> None:
    for offset, char in enumerate(text):
        if 0 <= x + offset < len(row):
            row[x + offset] = (char, role)
