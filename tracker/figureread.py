"""Targets and records as of a day, read from the stored rows of `tracker.figurecache`.

The database finds the last row, in (date, seq) order, of each key among the
targets and figures a report on the day folds (dated by it, or, in hindsight,
a figure dated by `decided_by` about a period over by the day:
`targets.reaches_back`): a window per key, so only the keys' states leave the
database, and only the events the report reads are decoded: every target's
latest revision and the figures they are judged by, or each metric's standing
records. Events recorded after `known_on`, or touched by a correction recorded
after it, are left out of the stored rows and taken as they were then instead.
The states go through the same `targets.report` and `records.report`, so the
answer is a replay's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, TypeVar

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
_COLUMNS = (_C.date, _C.seq, _C.type, _C.metric, _C.set_by, _C.period, _C.unit, _C.all_time_high)
_FOLDED = (  # what `decided` folds (see `targets.reaches_back`), untouched since `up_to`
    _C.type.is_not(None),
    _C.date <= sa.bindparam("last"),
    sa.or_(
        _C.date <= sa.bindparam("as_of"),
        sa.and_(_C.type == FigureReported.type, _C.period_end <= sa.bindparam("as_of")),
    ),
    _C.seq <= sa.bindparam("up_to"),
    _C.touched_seq <= sa.bindparam("up_to"),
)
_CHANGED = sa.select(_C.seq).where(
    sa.or_(_C.seq > sa.bindparam("up_to"), _C.touched_seq > sa.bindparam("up_to"))
)
_FIGURE = FigureReported.type


def _latest(
    kind: str, key: Sequence[sa.ColumnElement[Any]], standing: bool = False
) -> sa.Select[Any]:
    """The last row in (date, seq) order of each `key` among the rows of `kind` folded:
    the key's state, found by the database (a window per key) rather than by reading
    every row; `standing`: only where that row sets an all-time high."""
    rank = sa.func.row_number().over(partition_by=key, order_by=(_C.date.desc(), _C.seq.desc()))
    ranked = sa.select(*_COLUMNS, rank.label("rank")).where(*_FOLDED, _C.type == kind).subquery()
    query = sa.select(*(ranked.c[column.name] for column in _COLUMNS)).where(ranked.c.rank == 1)
    return query.where(ranked.c.all_time_high.is_(True)) if standing else query


_TARGETS = _latest(TargetSet.type, (_C.metric, _C.set_by, _C.period))
_JUDGING = _latest(_FIGURE, (_C.metric, _C.period, _C.unit))
_PERIODS = _latest(_FIGURE, (_C.metric, _C.period))
_STANDING = _latest(_FIGURE, (_C.metric, _C.period), standing=True)


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


K = TypeVar("K")


def target_rows(
    conn: Connection, as_of: dt.date, last: dt.date, up_to: int, cached: int
) -> list[TargetRow]:
    """`targets.report` as of `as_of` in hindsight of `last`, as known at `up_to` (a seq),
    from a cache kept to `cached`."""
    params = {"as_of": as_of, "last": last, "up_to": up_to}
    changed = _changed(conn, as_of, last, up_to, cached)

    def target_key(entry: Entry) -> tuple[str, str | None, str]:
        return entry.metric, entry.set_by, entry.period

    def figure_key(entry: Entry) -> tuple[str, str, str]:
        return entry.metric, entry.period, entry.unit

    latest_target = _last_of(conn, _TARGETS.params(params), changed, TargetSet.type, target_key)
    latest_figure = _last_of(conn, _JUDGING.params(params), changed, _FIGURE, figure_key)
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
    params = {"as_of": as_of, "last": last, "up_to": up_to}
    changed = _changed(conn, as_of, last, up_to, cached)
    # With changed events about, a period's last stored figure may give way to one of
    # them, so every period's is read; else only those that set a record.
    query = (_PERIODS if changed else _STANDING).params(params)
    latest = _last_of(conn, query, changed, _FIGURE, lambda e: (e.metric, e.period))
    standing = sorted((entry for entry in latest.values() if entry.all_time_high), key=_position)
    read = _read_by_report(standing)
    loaded = _events(conn, read)
    state: dict[str, dict[str, tuple[int, FigureReported]]] = {}
    for position, entry in enumerate(read):  # their order is the log's
        figure = loaded[entry.seq]
        assert isinstance(figure, FigureReported)
        state.setdefault(entry.metric, {})[entry.period] = (position, figure)
    return records.report(RecordsState(state, len(read)), as_of)


def _read_by_report(standing: Sequence[Entry]) -> list[Entry]:
    """Of each metric's standing records (in log order), the ones `records.report` can
    read: the latest, and the latest earlier one of its unit and kind of period (the
    record it beat, when it names none). Only these are decoded."""
    by_metric: dict[str, list[Entry]] = {}
    for entry in standing:
        by_metric.setdefault(entry.metric, []).append(entry)
    read = []
    for entries in by_metric.values():
        latest = entries[-1]
        kind = records.period_kind(latest.period)
        beaten = next(
            (
                entry
                for entry in reversed(entries[:-1])
                if entry.unit == latest.unit and records.period_kind(entry.period) == kind
            ),
            None,
        )
        read += [latest] if beaten is None else [beaten, latest]
    return sorted(read, key=_position)


def _last_of(
    conn: Connection,
    query: sa.Select[Any],
    changed: Sequence[Entry],
    kind: str,
    key: Callable[[Entry], K],
) -> dict[K, Entry]:
    """Each key's last entry: the stored one `query` finds, unless a changed event of
    `kind` (as it was then) comes after it."""
    latest = {key(entry): entry for entry in (Entry(*row) for row in driver_rows(conn, query))}
    for entry in changed:
        if entry.type == kind:
            held = latest.get(key(entry))
            if held is None or _position(held) < _position(entry):
                latest[key(entry)] = entry
    return latest


def _position(entry: Entry) -> tuple[dt.date, int]:
    return driver_date(entry.date), entry.seq


def _changed(
    conn: Connection, as_of: dt.date, last: dt.date, up_to: int, cached: int
) -> list[Entry]:
    """The targets and figures recorded or corrected after `up_to`, as they were then,
    that a report on `as_of` in hindsight of `last` folds (the stored rows leave them out)."""
    if up_to >= cached:
        return []
    seqs = list(conn.execute(_CHANGED, {"up_to": up_to}).scalars())
    entries = []
    for seq, event in versions_at(conn, seqs, up_to).items():
        if not isinstance(event, TargetSet | FigureReported) or event.date > last:
            continue
        figure = isinstance(event, FigureReported)
        if event.date <= as_of or (figure and period_end(event.period) <= as_of):
            set_by = event.set_by if isinstance(event, TargetSet) else None
            high = isinstance(event, FigureReported) and event.all_time_high
            entries.append(Entry(event.date, seq, event.type, event.metric, set_by,
                                 event.period, event.unit, high, event))  # fmt: skip
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
        found |= {seq: decode_stored(i, text) for seq, i, text in driver_rows(conn, query)}
    return found
