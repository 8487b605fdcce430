"""All-time highs: per metric, the latest record and the one it beat.

Rules where DESIGN.md is silent:

- A later figure for the same (metric, period) supersedes an earlier one, so a
  record whose period is re-reported without `all_time_high` no longer stands,
  and a final figure replacing a preliminary record is one record, not two.
- When the event gives no `previous_high`, the record it beat is the latest
  earlier record of the same metric, unit and kind of period (year, quarter,
  month): a monthly high never "beats" an annual one.
- "Latest" is (date, seq) order; rows are sorted by metric; `event_ids` are the
  record and, when `previous` comes from the log, the record it beat.

In hindsight (`decided_by` E after D), as for targets: a figure reported after D, by
E, about a period over by the end of D counts (the record it sets was set by D,
only reported later; its `date` still says when); one about a period still running
on D does not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from attrs import field, frozen

from tracker.model import Event, FigureReported
from tracker.projections import Nested, decided, fold, iter_ids
from tracker.projections.targets import reaches_back


@frozen
class RecordsState:
    # metric -> period -> the latest figure, with its position in the log
    figures: Mapping[str, Mapping[str, tuple[int, FigureReported]]] = field(factory=dict)
    count: int = 0


@frozen
class Previous:
    period: str
    value: Decimal


@frozen
class RecordRow:
    metric: str
    period: str
    value: Decimal
    unit: str
    date: dt.date
    previous: Previous | None
    event_ids: tuple[str, ...]


def initial() -> RecordsState:
    return RecordsState()


def apply(state: RecordsState, event: Event) -> RecordsState:
    folder = Folder(state)
    folder.add(event)
    return folder.state()


class Folder:
    """Folds many events at once (see `projections.Accumulator`)."""

    def __init__(self, state: RecordsState) -> None:
        self._start = state
        self._figures = Nested(state.figures)
        self._count = state.count

    def add(self, event: Event) -> None:
        if type(event) is FigureReported:
            assert isinstance(event, FigureReported)
            self._figures.put(event.metric, event.period, (self._count, event))
            self._count += 1

    def state(self) -> RecordsState:
        if self._count == self._start.count:
            return self._start
        return RecordsState(self._figures.result(), self._count)


def period_kind(period: str) -> str:
    return "year" if len(period) == 4 else "quarter" if "Q" in period else "month"


def _row(records: Sequence[FigureReported]) -> RecordRow:
    """The last of a metric's records (in log order), with the one it beat."""
    latest = records[-1]
    beaten = None
    previous: Previous | None
    if latest.previous_high is not None:
        previous = Previous(latest.previous_high.period, latest.previous_high.value)
    else:
        earlier = [
            record
            for record in records[:-1]
            if record.unit == latest.unit
            and period_kind(record.period) == period_kind(latest.period)
        ]
        beaten = earlier[-1] if earlier else None
        previous = Previous(beaten.period, beaten.value) if beaten else None
    return RecordRow(
        metric=latest.metric,
        period=latest.period,
        value=latest.value,
        unit=latest.unit,
        date=latest.date,
        previous=previous,
        event_ids=tuple(iter_ids([latest] if beaten is None else [latest, beaten])),
    )


def record_rows(
    log: Sequence[Event], as_of: dt.date, *, decided_by: dt.date | None = None
) -> list[RecordRow]:
    """One row per metric that has an all-time high as of `as_of`, in hindsight of
    `decided_by`."""
    return report(fold(Folder, decided(log, as_of, decided_by, reaches_back), initial()), as_of)


def report(state: RecordsState, as_of: dt.date) -> list[RecordRow]:
    """`record_rows` from the state folded over what `decided` gives for `as_of`."""
    rows = []
    for metric in sorted(state.figures):
        ordered = sorted(state.figures[metric].values(), key=lambda item: item[0])
        records = [figure for _, figure in ordered if figure.all_time_high]
        if records:
            rows.append(_row(records))
    return rows
