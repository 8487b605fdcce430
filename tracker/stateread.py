"""Tariff lines as of a day, read from the stored states of `tracker.statecache`.

A line untouched since `known_on` is its last stored view dated by `as_of`,
with the ids of its events dated by then: two index ranges for all the lines
asked about. A line touched after `known_on` (an event recorded later, or a
correction recorded later of one of its events, which may have moved it in or
out) is re-folded from its events as they were then, through the day only -- and
only if the change, as it was then or as it is now, is dated by the day: a line
as of a day folds nothing dated after it, so its stored states by then stand. Hindsight re-folds the
lines asked about from their stored events. Whatever the path, the lines go
through the same `tariffs.report`, so the answer is the one a replay gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from tracker.linecodec import decode_view
from tracker.model import Event, TariffEvent
from tracker.moments import resolve_decided_by
from tracker.projections import decided, tariffs
from tracker.projections.tariffs import Key, Line, TariffLine, TariffState
from tracker.schema import cache_tariff_events, cache_tariff_states
from tracker.statecache import CHUNK, line_events, versions_at
from tracker.store import driver_rows


def tariff_lines(
    conn: Connection,
    as_of: dt.date,
    up_to: int,
    cached: int,
    on: str | None = None,
    decided_by: dt.date | None = None,
) -> list[TariffLine]:
    """The tariff lines as of `as_of`, as known at `up_to` (a seq), from a cache kept to
    `cached`; with `on`, only the lines that bear on that country are read."""
    wanted = (on, "*") if on is not None else None
    last = resolve_decided_by(as_of, decided_by)
    then = _versions_then(conn, up_to) if up_to < cached else {}
    lines: dict[Key, Line] = {}
    refold: set[Key] = set()
    for now_key, now_date, then_event in then.values():
        # A line as of the day folds only events dated by `last`: a change dated after it
        # in both versions leaves the line's stored states by the day as they were then.
        if now_key and now_date is not None and now_date <= last:
            refold.add(now_key)
        if isinstance(then_event, TariffEvent) and then_event.date <= last:
            refold.add(then_event.key)
    if last > as_of:
        refold |= _all_lines(conn, wanted)
    refold = {key for key in refold if wanted is None or key[1] in wanted}
    for key in refold:
        line = _fold_line(conn, key, then, up_to, as_of, decided_by)
        if line is not None:
            lines[key] = line
    ids: dict[Key, list[str]] = {}
    for key, line, line_ids in _stored_lines(conn, as_of, wanted):
        if key not in refold:
            lines[key], ids[key] = line, line_ids
    nested: dict[tuple[str, str], dict[str, Line]] = {}
    for key, line in lines.items():
        nested.setdefault((key[0], key[1]), {})[key[2]] = line
    return tariffs.report(TariffState(nested), as_of, on, ids)


def _stored_lines(
    conn: Connection, as_of: dt.date, wanted: Sequence[str] | None
) -> Iterable[tuple[Key, Line, list[str]]]:
    """Each line's last stored view dated by `as_of`, and its event ids by then."""
    columns = cache_tariff_states.c
    query = sa.select(
        columns.imposed_by, columns.applies_to, columns.measure, columns.seq, columns.event_id
    ).where(columns.date <= as_of)
    if wanted is not None:
        query = query.where(columns.applies_to.in_(wanted))
    query = query.order_by(
        columns.applies_to, columns.imposed_by, columns.measure, columns.date, columns.seq
    )
    ids: dict[Key, list[str]] = {}
    last: dict[Key, int] = {}
    for imposed_by, applies_to, measure, seq, event_id in driver_rows(conn, query):
        key = (imposed_by, applies_to, measure)
        if key in last:
            ids[key].append(event_id)
        else:
            ids[key] = [event_id]
        last[key] = seq
    views: dict[int, bytes] = {}
    seqs = sorted(last.values())
    for start in range(0, len(seqs), CHUNK):
        chunk = sa.select(columns.seq, columns.state).where(
            columns.seq.in_(seqs[start : start + CHUNK])
        )
        views |= {row.seq: row.state for row in conn.execute(chunk)}
    for key, seq in last.items():
        yield key, decode_view(views[seq]), ids[key]


def _all_lines(conn: Connection, wanted: Sequence[str] | None) -> set[Key]:
    columns = cache_tariff_events.c
    query = sa.select(columns.imposed_by, columns.applies_to, columns.measure).distinct()
    query = query.where(columns.measure.is_not(None))
    if wanted is not None:
        query = query.where(columns.applies_to.in_(wanted))
    return {(row.imposed_by, row.applies_to, row.measure) for row in conn.execute(query)}


Then = dict[int, tuple[Key | None, dt.date | None, Event | None]]


def _versions_then(conn: Connection, up_to: int) -> Then:
    """The tariff events whose version at `up_to` may differ from now: by seq, their line
    and date now (None if retracted now) and their event as known at `up_to` (None: not
    known, or retracted then)."""
    columns = cache_tariff_events.c
    query = sa.select(
        columns.seq, columns.imposed_by, columns.applies_to, columns.measure, columns.date
    ).where(sa.or_(columns.seq > up_to, columns.touched_seq > up_to))
    now: dict[int, tuple[Key | None, dt.date | None]] = {}
    for row in conn.execute(query):
        line = (row.imposed_by, row.applies_to, row.measure) if row.measure else None
        now[row.seq] = (line, row.date if line else None)
    then = versions_at(conn, now, up_to)
    return {seq: (line, day, then[seq]) for seq, (line, day) in now.items()}


def _fold_line(
    conn: Connection,
    key: Key,
    then: Then,
    up_to: int,
    as_of: dt.date,
    decided_by: dt.date | None,
) -> Line | None:
    """The line folded from its events as known at `up_to`, for `as_of` (and `decided_by`)."""
    last = resolve_decided_by(as_of, decided_by)
    members = [(seq, e) for seq, e in line_events(conn, key, through=last) if seq not in then]
    members += [
        (seq, event)
        for seq, (_, _, event) in then.items()
        if isinstance(event, TariffEvent) and event.key == key and seq <= up_to
    ]
    members.sort(key=lambda item: (item[1].date, item[0]))
    log = decided((event for _, event in members), as_of, decided_by, tariffs.reaches_back)
    state = tariffs.initial()
    for event in log:
        state = tariffs.apply(state, event)
    return state.lines.get((key[0], key[1]), {}).get(key[2])
