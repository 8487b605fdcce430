"""Targets beside the figures reported for them: met, missed or still open.

Rules where DESIGN.md is silent:

- A figure is only compared with a target in the same unit (no currency or unit
  conversion is guessed); the latest figure in the target's unit is the actual.
- `about` is met within 5 % of the target either way, bounds included; a figure
  outside that band is missed whichever side it falls on. `at_least` is met at or
  above the target, `at_most` at or below.
- A period is over at the end of its last day (31 December, the month's or the
  quarter's last day), so a preliminary figure that falls short is `open` up to
  and including that day and `missed` after. A preliminary figure that already
  reaches the target is `met`: the brief asks whether it reaches it, not how final
  it is. An open row still shows the preliminary `actual` and `reported_on`, but
  no `gap`: a gap to a running figure would read as a verdict.
- Rows are sorted by (set_by, metric, period); `event_ids` are the target's
  latest revision and the figure compared with it, if any.

In hindsight (`decided_by` E after D), a figure reported after D, by E, about a
period over by the end of D decides that period's targets: "did we hit the 2024
target?" asked of 31 December 2024 is answered by the figure of 1 January 2025.
The latest such figure counts, a final one replacing a preliminary one. A figure
about a period still running on D says nothing of D; a target set or revised after
D was not the goal on D.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Literal

from attrs import field, frozen

from tracker.model import EXACT, Comparator, Event, FigureReported, TargetSet
from tracker.projections import Nested, decided, fold, iter_ids

TargetStatus = Literal["met", "missed", "open"]
ABOUT = Decimal("0.05")


@frozen
class TargetsState:
    targets: Mapping[str, Mapping[tuple[str, str], TargetSet]] = field(factory=dict)
    # metric -> (set_by, period) above, metric -> (period, unit) here
    figures: Mapping[str, Mapping[tuple[str, str], FigureReported]] = field(factory=dict)


@frozen
class TargetRow:
    set_by: str
    metric: str
    period: str
    comparator: Comparator
    target: Decimal
    unit: str
    actual: Decimal | None
    reported_on: dt.date | None
    status: TargetStatus
    gap: Decimal | None
    event_ids: tuple[str, ...]


def initial() -> TargetsState:
    return TargetsState()


def apply(state: TargetsState, event: Event) -> TargetsState:
    folder = Folder(state)
    folder.add(event)
    return folder.state()


class Folder:
    """Folds many events at once (see `projections.Accumulator`)."""

    def __init__(self, state: TargetsState) -> None:
        self._start = state
        self._targets = Nested(state.targets)
        self._figures = Nested(state.figures)
        self._changed = False

    def add(self, event: Event) -> None:
        kind = type(event)
        if kind is TargetSet:
            assert isinstance(event, TargetSet)
            self._targets.put(event.metric, (event.set_by, event.period), event)
            self._changed = True
        elif kind is FigureReported:
            assert isinstance(event, FigureReported)
            self._figures.put(event.metric, (event.period, event.unit), event)
            self._changed = True

    def state(self) -> TargetsState:
        if not self._changed:
            return self._start
        return TargetsState(self._targets.result(), self._figures.result())


def period_end(period: str) -> dt.date:
    """The last day of `YYYY`, `YYYY-MM` or `YYYY-Qn`."""
    year = int(period[:4])
    if len(period) == 4:
        return dt.date(year, 12, 31)
    month = 3 * int(period[6]) if period[5] == "Q" else int(period[5:7])
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def reaches_back(event: Event, day: dt.date) -> bool:
    """Whether an event dated after `day` settles something about it: a figure for a
    period over by the end of `day`."""
    return isinstance(event, FigureReported) and period_end(event.period) <= day


def reaches(comparator: Comparator, actual: Decimal, target: Decimal) -> bool:
    if comparator == "at_most":
        return actual <= target
    if comparator == "about":
        return EXACT.abs(EXACT.subtract(actual, target)) <= EXACT.multiply(ABOUT, abs(target))
    return actual >= target


def _row(target: TargetSet, figure: FigureReported | None, as_of: dt.date) -> TargetRow:
    status: TargetStatus = "open"
    gap = None
    if figure is not None:
        if reaches(target.comparator, figure.value, target.value):
            status = "met"
        elif not figure.preliminary or as_of >= period_end(target.period):
            status = "missed"
        if status != "open":
            gap = EXACT.subtract(figure.value, target.value)  # never rounded
    return TargetRow(
        set_by=target.set_by,
        metric=target.metric,
        period=target.period,
        comparator=target.comparator,
        target=target.value,
        unit=target.unit,
        actual=figure.value if figure else None,
        reported_on=figure.date if figure else None,
        status=status,
        gap=gap,
        event_ids=tuple(iter_ids([target] if figure is None else [target, figure])),
    )


def target_rows(
    log: Sequence[Event], as_of: dt.date, *, decided_by: dt.date | None = None
) -> list[TargetRow]:
    """Each target's latest revision as of `as_of`, judged against the latest figure
    (reported by `decided_by`, if about a period over by `as_of`)."""
    return report(fold(Folder, decided(log, as_of, decided_by, reaches_back), initial()), as_of)


def report(state: TargetsState, as_of: dt.date) -> list[TargetRow]:
    """`target_rows` from the state folded over what `decided` gives for `as_of`."""
    targets = sorted(
        (target for by_metric in state.targets.values() for target in by_metric.values()),
        key=lambda target: (target.set_by, target.metric, target.period),
    )
    return [
        _row(target, state.figures.get(target.metric, {}).get((target.period, target.unit)), as_of)
        for target in targets
    ]
