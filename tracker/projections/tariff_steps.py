"""One tariff line through time: its state on every day it changed, and the decisions behind it.

What a step chart draws. The line as of each day D is exactly what `tariff_lines`
reports as of D (the world as it stood then, `decided_by` = D): a line's state
only changes on one of its events' dates, effective dates or pause ends, so one
pass over its events, evaluating the line on each of those days, gives every
step. With `on`, the line is the one the one-country rule shows for (imposer,
measure): the `*` line until the country's own has begun. Days on which the line
is not listed (its only threat withdrawn) are a step with no status. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from attrs import frozen

from tracker.model import Basis, Event, TariffEvent, TariffPaused
from tracker.projections.tariffs import (
    Key,
    Status,
    TariffLine,
    TariffState,
    apply,
    for_country,
    initial,
    read_lines,
)


@frozen
class Step:
    """The line from `start` until the next step: what `tariffs` reports on those days
    (`status` None: not listed then, as before its first threat)."""

    start: dt.date
    status: Status | None
    rate_pct: Decimal | None
    basis: Basis


@frozen
class Decision:
    """An event of the line, on the day it was made."""

    date: dt.date
    type: str
    id: str | None


@frozen
class TariffSteps:
    steps: tuple[Step, ...]
    decisions: tuple[Decision, ...]

    def at(self, day: dt.date) -> Step | None:
        """The step in force at the end of `day` (None while the line is not listed)."""
        current = None
        for step in self.steps:
            if step.start > day:
                break
            current = step
        return current if current is not None and current.status is not None else None


def _days(event: TariffEvent) -> set[dt.date]:
    """The days on which this event can change what the line reports."""
    days = {event.date}
    effective = getattr(event, "effective", None)
    if effective is not None:
        days.add(effective)
    if isinstance(event, TariffPaused) and event.until is not None:
        days.add(event.until)
    return days


def tariff_steps(
    log: Sequence[Event], imposed_by: str, measure: str, applies_to: str, on: str | None = None
) -> TariffSteps:
    """The steps of line (imposed_by, applies_to, measure), or with `on` of the line the
    one-country rule shows for (imposed_by, measure); `log` is an effective log."""
    # The `*` line is read too: it is what the country pays until its own line begins,
    # which also tells a promised cut from a threat.
    keys: set[Key] = {(imposed_by, on or applies_to, measure), (imposed_by, "*", measure)}
    mine = sorted(
        (e for e in log if isinstance(e, TariffEvent) and e.key in keys),
        key=lambda event: event.date,  # stable: same-day events keep log order
    )
    days = sorted({day for event in mine for day in _days(event)})
    state, folded, steps = initial(), 0, list[Step]()
    for day in days:
        while folded < len(mine) and mine[folded].date <= day:
            state = apply(state, mine[folded])
            folded += 1
        line = _line(state, (imposed_by, applies_to, measure), day, on)
        if line is None and not steps:
            continue
        step = (
            Step(day, line.status, line.rate_pct, line.basis)
            if line is not None
            else Step(day, None, None, "additional")
        )
        if not steps or (steps[-1].status, steps[-1].rate_pct, steps[-1].basis) != (
            step.status,
            step.rate_pct,
            step.basis,
        ):
            steps.append(step)
    decisions = tuple(Decision(e.date, e.type, e.id) for e in mine)
    return TariffSteps(tuple(steps), decisions)


def _line(state: TariffState, key: Key, day: dt.date, on: str | None) -> TariffLine | None:
    lines = read_lines(state, day)
    if on is None:
        return lines.get(key)
    return next(iter(for_country(lines, on).values()), None)
