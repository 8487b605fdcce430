"""Targets and records as of a day, read from the stored rows of `tracker.figurecache`.

One index range gives the key columns of every target and figure a report on
the day folds (dated by it, or, in hindsight, a figure dated by `decided_by`
about a period over by the day: `targets.reaches_back`), in (date, seq)
order. The last row of each key is that key's state; only the events the
report reads are decoded: every target's latest revision and the figures they
are judged by, or each metric's standing records. Events recorded after
`known_on`, or touched by a correction recorded after it, are taken as they
were then instead. The states go through the same `targets.report` and
`records.report`, so the answer is a replay's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from tracker.figurecache import CHUNK
from tracker.model import Event, FigureReported, TargetSet
from tracker.projections import records, targets
from tracker.projections.records import RecordRow, RecordsState
from tracker.projections.targets import TargetRow, TargetsState, period_end
from tracker.schema import cache_figures, events
from tracker.statecache import versions_at
from tracker.store import driver_date, driver_rows
from tracker.stored import decode_stored

_C = cache_figures.c
_ROWS = (
    sa.select(
        _C.date,
        _C.seq,
        _C.type,
        _C.metric,
        _C.set_by,
        _C.period,
        _C.unit,
        _C.all_time_high,
    )
    .where(
        _C.type.is_not(None),
        _C.date <= sa.bindparam("last"),
        sa.or_(  # what `decided` folds: see `targets.reaches_back`
            _C.date <= sa.bindparam("as_of"),
            sa.and_(_C.type == FigureReported.type, _C.period_end <= sa.bindparam("as_of")),
        ),
    )
    .order_by(_C.date, _C.seq)
)
_CHANGED = sa.select(_C.seq).where(
    sa.or_(_C.seq > sa.bindparam("up_to"), _C.touched_seq > sa.bindparam("up_to"))
)
_FIGURE = FigureReported.type


class Entry(NamedTuple):
    """A target's or figure's key columns, and the event itself when already at hand."""

    date: dt.date | str  # as the driver gives it, unless merged with older versions
    seq: int
    type: str
    metric: str
    set_by: str | None
    period: str
    unit: str
    all_time_high: bool | None  # a figure's (SQLite gives 0 or 1)
    event: Event | None = None


def target_rows(
    conn: Connection, as_of: dt.date, last: dt.date, up_to: int, cached: int
) -> list[TargetRow]:
    """`targets.report` as of `as_of` in hindsight of `last`, as known at `up_to` (a seq),
    from a cache kept to `cached`."""
    latest_target: dict[tuple[str, str | None, str], Entry] = {}
    latest_figure: dict[tuple[str, str, str], Entry] = {}
    for entry in _entries(conn, as_of, last, up_to, cached):
        if entry.type == _FIGURE:
            latest_figure[(entry.metric, entry.period, entry.unit)] = entry
        else:
            latest_target[(entry.metric, entry.set_by, entry.period)] = entry
    judged_by = {(t.metric, t.period, t.unit) for t in latest_target.values()}
    figures = [entry for key, entry in latest_figure.items() if key in judged_by]
    loaded = _events(conn, [*latest_target.values(), *figures])
    state_targets: dict[str, dict[tuple[str, str], TargetSet]] = {}
    for entry in latest_target.values():
        target = loaded[entry.seq]
        assert isinstance(target, TargetSet)
        state_targets.setdefault(entry.metric, {})[(target.set_by, entry.period)] = target
    state_figures: dict[str, dict[tuple[str, str], FigureReported]] = {}
    for entry in figures:
        figure = loaded[entry.seq]
        assert isinstance(figure, FigureReported)
        state_figures.setdefault(entry.metric, {})[(entry.period, entry.unit)] = figure
    return targets.report(TargetsState(state_targets, state_figures), as_of)


def record_rows(
    conn: Connection, as_of: dt.date, last: dt.date, up_to: int, cached: int
) -> list[RecordRow]:
    """`records.report` as of `as_of` in hindsight of `last`, as known at `up_to` (a seq),
    from a cache kept to `cached`."""
    latest: dict[tuple[str, str], tuple[int, Entry]] = {}
    figures = (e for e in _entries(conn, as_of, last, up_to, cached) if e.type == _FIGURE)
    for position, entry in enumerate(figures):
        latest[(entry.metric, entry.period)] = (position, entry)
    standing = [(position, e) for position, e in latest.values() if e.all_time_high]
    loaded = _events(conn, [entry for _, entry in standing])
    state: dict[str, dict[str, tuple[int, FigureReported]]] = {}
    for position, entry in standing:
        figure = loaded[entry.seq]
        assert isinstance(figure, FigureReported)
        state.setdefault(entry.metric, {})[entry.period] = (position, figure)
    return records.report(RecordsState(state, len(latest)), as_of)


def _entries(
    conn: Connection, as_of: dt.date, last: dt.date, up_to: int, cached: int
) -> list[Entry]:
    """What a report on `as_of` folds, in hindsight of `last`, in (date, seq) order."""
    then: dict[int, Event | None] = {}
    if up_to < cached:
        then = versions_at(conn, list(conn.execute(_CHANGED, {"up_to": up_to}).scalars()), up_to)
    rows = driver_rows(conn, _ROWS.params(last=last, as_of=as_of))
    if not then:  # the rows as stored, in order: no dates to read
        return [Entry(*row) for row in rows]
    entries = [Entry(driver_date(row[0]), *row[1:]) for row in rows if row[1] not in then]
    for seq, event in then.items():
        if not isinstance(event, TargetSet | FigureReported) or event.date > last:
            continue
        figure = isinstance(event, FigureReported)
        if event.date <= as_of or (figure and period_end(event.period) <= as_of):
            set_by = event.set_by if isinstance(event, TargetSet) else None
            high = isinstance(event, FigureReported) and event.all_time_high
            entries.append(Entry(event.date, seq, event.type, event.metric, set_by,
                                 event.period, event.unit, high, event))  # fmt: skip
    entries.sort(key=lambda entry: (entry.date, entry.seq))
    return entries


def _events(conn: Connection, entries: Sequence[Entry]) -> dict[int, Event]:
    """The events of `entries` by seq: those at hand, and the rest decoded from the
    corrected payload, or the event's own."""
    found = {entry.seq: entry.event for entry in entries if entry.event is not None}
    wanted = sorted(entry.seq for entry in entries if entry.event is None)
    payload = sa.func.coalesce(_C.event, events.c.payload)
    for start in range(0, len(wanted), CHUNK):
        query = (
            sa.select(_C.seq, events.c.id, payload)
            .join(events, events.c.seq == _C.seq)
            .where(_C.seq.in_(wanted[start : start + CHUNK]))
        )
        found |= {seq: decode_stored(i, text) for seq, i, text in conn.execute(query)}
    return found
