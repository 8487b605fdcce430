"""Stored projection state: every tariff line after each of its events, kept with the log
(and each meeting, target and figure as the queries see it now: `tracker.meetingcache`,
`tracker.figurecache`).

An as-of answer then reads, per line, the last stored state dated by the day
and the ids of the line's events so far: a few index ranges instead of a
replay. The tables (see `tracker.schema`) are caches: they hold nothing that
the `events` table does not, are rebuilt from it when found behind it (a
writer that did not keep them), and may be dropped or deleted from.

Kept in the append transaction:

- `cache_tariff_events`: each stored tariff event as the queries see it now
  (corrected, or with no line once retracted), and the seq of the last
  correction touching it (`touched_seq`);
- `cache_corrections`: each correction's target (and, for a correction of a
  correction that moves it, the new target), so an event's corrections are
  found without reading the log;
- `cache_tariff_states`: per line, the line's reading view
  (`tariffs.reading_view`) after each of its events in (date, seq) order.

An append re-folds only the lines it touches: those of its new tariff events,
and for each correction the lines its target was on and is on now (so a
correction moving an event to another line or date re-folds both). A query
known on a past moment re-folds just the lines of the events recorded after
it, or touched by corrections recorded after it; every other line is read as
stored. Hindsight (`decided_by` after `as_of`) re-folds the lines asked about
from their stored events. Every answer equals a full replay: a Hypothesis test
checks it on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from tracker.codec import payload_of
from tracker.corrections import CORRECTION_TYPES, correction_effects, resolve
from tracker.figurecache import FIGURE_TYPES, store_figures
from tracker.linecodec import encode_view
from tracker.meetingcache import MEETING_PREFIX, store_meetings
from tracker.model import (
    Correction,
    Event,
    EventCorrected,
    FigureReported,
    MeetingEvent,
    Recorded,
    TargetSet,
    TariffEvent,
)
from tracker.projections import tariffs
from tracker.projections.tariffs import Key
from tracker.schema import (
    WRITE_OPTION,
    cache_corrections,
    cache_meta,
    cache_tariff_events,
    cache_tariff_states,
    events,
    is_read_only,
    metadata,
)
from tracker.stored import decode_stored

# The caches kept, each with its row in cache_meta: a store kept before one of them
# existed has no row for it, and is folded afresh.
NAMES = ("tariffs", "meetings", "figures")
TARIFF_PREFIX = "tariff."
CHUNK = 500
FEW_LINES = 50  # lines an append touches, up to which each is looked up on its own
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # system time is not needed to resolve corrections

# -- keeping the cache -------------------------------------------------------


def cached_seq(conn: Connection) -> int:
    """The last event folded into every cache (0 for none)."""
    return min(_kept_to(conn).values())


def _kept_to(conn: Connection) -> dict[str, int]:
    query = sa.select(cache_meta.c.name, cache_meta.c.seq).where(cache_meta.c.name.in_(NAMES))
    found = {row.name: int(row.seq) for row in conn.execute(query)}
    return {name: found.get(name, 0) for name in NAMES}


def update(conn: Connection, rows: Sequence[tuple[int, str, str, str]]) -> None:
    """Fold appended `(seq, id, type, payload)` rows into the cache, in the caller's
    transaction. Only the events cached and corrections are decoded."""
    if not rows:
        return
    payloads = {seq: payload for seq, _, _, payload in rows}
    appended = [
        (seq, decode_stored(event_id, payload))
        for seq, event_id, kind, payload in rows
        if kind.startswith((TARIFF_PREFIX, MEETING_PREFIX))
        or kind in FIGURE_TYPES
        or kind in CORRECTION_TYPES
    ]
    fixes = [(seq, e) for seq, e in appended if isinstance(e, Correction)]
    _index_corrections(conn, fixes)
    affected: dict[int, Event] = {s: e for s, e in appended if _cached(e)}
    affected |= _cached_targets(conn, fixes)
    # Only events stored before may have corrections stored before, or cached rows.
    old = {seq: event for seq, event in affected.items() if seq < rows[0][0]}
    tree = corrections_of(conn, old, appended)
    tree |= {s: Recorded(seq=s, recorded_at=EPOCH, event=e) for s, e in fixes if s not in tree}
    effects = correction_effects(
        tree.values(), {e.id: s for s, e in affected.items() if e.id} | _ids(tree)
    )
    lines: set[Key] = set(_stored_lines(conn, old))
    versions: dict[int, tuple[Event, Event | None, int]] = {}
    meetings: dict[int, tuple[Event, Event | None, int]] = {}
    figures: dict[int, tuple[Event, Event | None, int]] = {}
    fresh: dict[int, Event] = {}
    by_target = _by_target(tree)
    for seq, event in affected.items():
        current = resolve(event, effects)
        version = (event, current, _last_touch(event, tree, by_target))
        if isinstance(event, MeetingEvent):
            meetings[seq] = version
            continue
        if isinstance(event, TargetSet | FigureReported):
            figures[seq] = version
            continue
        if isinstance(current, TariffEvent):
            lines.add(current.key)
            fresh[seq] = current
        versions[seq] = version
    _store_events(conn, versions, [s for s in old if s in versions], payloads)
    store_meetings(conn, meetings, [s for s in old if s in meetings], payloads)
    store_figures(conn, figures, [s for s in old if s in figures])
    existing = _existing_lines(conn, lines)
    by_line: dict[Key, list[tuple[int, Event]]] = defaultdict(list)
    for seq, event in fresh.items():
        assert isinstance(event, TariffEvent)
        by_line[event.key].append((seq, event))
    states: list[dict[str, Any]] = []
    for key in sorted(lines):
        if key in existing:
            states += _refold(conn, key, line_events(conn, key, fresh), stored=True)
        else:  # a line new with this append: all its events are at hand
            members = sorted(by_line[key], key=lambda item: (item[1].date, item[0]))
            states += _refold(conn, key, members, stored=False)
    if states:
        conn.execute(cache_tariff_states.insert(), states)
    _set_cached_seq(conn, rows[-1][0])


def keep(conn: Connection, rows: list[tuple[int, str, str, str]]) -> None:
    """The append hook: bring the cache up to the rows before these, then fold these in."""
    catch_up(conn, rows[0][0] - 1)
    update(conn, rows)


def fresh(engine: Engine) -> int:
    """Bring the cache up to the log if a writer left it behind; the seq it is kept to.

    A read-only store's cache is left as it is: queries past it replay the log instead.
    """
    with engine.connect() as conn:
        cached, last = cached_seq(conn), _last_seq(conn)
        conn.rollback()
    if cached < last and not is_read_only(engine):
        with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
            if conn.dialect.name == "postgresql":  # the appenders' lock: one keeper at a time
                conn.exec_driver_sql("LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE")
            catch_up(conn, _last_seq(conn))
            cached = cached_seq(conn)
    return cached


def _cached(event: Event) -> bool:
    return isinstance(event, (TariffEvent, MeetingEvent, TargetSet, FigureReported))


def _last_seq(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.max(events.c.seq))).scalar_one() or 0)


def catch_up(conn: Connection, last_seq: int) -> None:
    """Fold what was appended since the cache was last kept (by a writer that did not);
    all of it afresh if one cache is behind another (it is new since they were kept)."""
    kept = _kept_to(conn)
    since = min(kept.values())
    if since >= last_seq:
        return
    if max(kept.values()) > since:
        for table in reversed(metadata.sorted_tables):
            if table.name.startswith("cache_"):
                conn.execute(table.delete())
        since = 0
    query = (
        sa.select(events.c.seq, events.c.id, events.c.type, events.c.payload)
        .where(events.c.seq > since, events.c.seq <= last_seq)
        .order_by(events.c.seq)
    )
    update(conn, [tuple(row) for row in conn.execute(query)])


def _set_cached_seq(conn: Connection, seq: int) -> None:
    conn.execute(sa.delete(cache_meta).where(cache_meta.c.name.in_(NAMES)))
    conn.execute(sa.insert(cache_meta), [{"name": name, "seq": seq} for name in NAMES])


def _index_corrections(conn: Connection, fixes: Sequence[tuple[int, Event]]) -> None:
    entries = set()
    for seq, fix in fixes:
        assert isinstance(fix, Correction)
        entries.add((seq, fix.target))
        if isinstance(fix, EventCorrected) and isinstance(fix.changes.get("target"), str):
            # a correction of a correction that moves it: find it under its new target too
            stored = _rows_by_id(conn, [fix.target])
            if stored and stored[0][2] in CORRECTION_TYPES:
                entries.add((stored[0][0], fix.changes["target"]))
    seqs = sorted({seq for seq, _ in entries})
    known: set[tuple[int, str]] = set()
    for start in range(0, len(seqs), CHUNK):
        query = sa.select(cache_corrections).where(
            cache_corrections.c.seq.in_(seqs[start : start + CHUNK])
        )
        known |= {(row.seq, row.target) for row in conn.execute(query)}
    rows = [{"seq": s, "target": t} for s, t in sorted(entries - known)]
    if rows:
        conn.execute(sa.insert(cache_corrections), rows)


def _rows_by_id(conn: Connection, ids: Sequence[str]) -> list[tuple[int, str, str, str]]:
    """(seq, id, type, payload) of stored events by id."""
    found = []
    for start in range(0, len(ids), CHUNK):
        query = sa.select(events.c.seq, events.c.id, events.c.type, events.c.payload).where(
            events.c.id.in_(ids[start : start + CHUNK])
        )
        found += [tuple(row) for row in conn.execute(query)]
    return found


def _rows_by_seq(conn: Connection, seqs: Sequence[int]) -> list[tuple[int, str, str, str]]:
    found = []
    for start in range(0, len(seqs), CHUNK):
        query = sa.select(events.c.seq, events.c.id, events.c.type, events.c.payload).where(
            events.c.seq.in_(seqs[start : start + CHUNK])
        )
        found += [tuple(row) for row in conn.execute(query)]
    return found


def _cached_targets(conn: Connection, fixes: Sequence[tuple[int, Event]]) -> dict[int, Event]:
    """The stored events of the caches the new corrections reach, through chains of
    corrections."""
    found: dict[int, Event] = {}
    pending = {fix.target for _, fix in fixes if isinstance(fix, Correction)}
    pending |= {
        fix.changes["target"]
        for _, fix in fixes
        if isinstance(fix, EventCorrected) and isinstance(fix.changes.get("target"), str)
    }
    seen: set[str] = set()
    while pending:
        seen |= pending
        rows = _rows_by_id(conn, sorted(pending))
        pending = set()
        for seq, event_id, _kind, payload in rows:
            event = decode_stored(event_id, payload)
            if isinstance(event, Correction):
                pending |= {event.target} - seen
            elif _cached(event):
                found[seq] = event
    return found


def corrections_of(
    conn: Connection, affected: dict[int, Event], appended: Sequence[tuple[int, Event]]
) -> dict[int, Recorded]:
    """Every correction touching the affected events, and every correction of those."""
    new = {seq: e for seq, e in appended if isinstance(e, Correction)}
    tree: dict[int, Recorded] = {}
    pending = {e.id for e in affected.values() if e.id}
    seen: set[str] = set()
    while pending:
        seen |= pending
        ids = sorted(pending)
        seqs: set[int] = set()
        for start in range(0, len(ids), CHUNK):
            query = sa.select(cache_corrections.c.seq).where(
                cache_corrections.c.target.in_(ids[start : start + CHUNK])
            )
            seqs |= set(conn.execute(query).scalars())
        seqs -= tree.keys()
        rows: list[tuple[int, Event]] = [(s, new[s]) for s in seqs if s in new]
        rows += [
            (s, decode_stored(i, p)) for s, i, _, p in _rows_by_seq(conn, sorted(seqs - new.keys()))
        ]
        pending = set()
        for seq, fix in rows:
            tree[seq] = Recorded(seq=seq, recorded_at=EPOCH, event=fix)
            if fix.id and fix.id not in seen:
                pending.add(fix.id)
    return tree


def versions_at(conn: Connection, seqs: Collection[int], up_to: int) -> dict[int, Event | None]:
    """Stored events by seq as the queries saw them when the log ended at `up_to`: with
    the corrections recorded by then (None: recorded after it, or retracted by then)."""
    known = sorted(seq for seq in seqs if seq <= up_to)
    stored = {seq: decode_stored(i, p) for seq, i, _, p in _rows_by_seq(conn, known)}
    tree = {seq: record for seq, record in corrections_of(conn, stored, []).items() if seq <= up_to}
    effects = correction_effects(
        tree.values(), {e.id: s for s, e in stored.items() if e.id} | _ids(tree)
    )
    return {seq: resolve(stored[seq], effects) if seq in stored else None for seq in seqs}


def _ids(tree: dict[int, Recorded]) -> dict[str, int]:
    return {r.id: seq for seq, r in tree.items()}


def _by_target(tree: dict[int, Recorded]) -> dict[str, list[int]]:
    by_target: dict[str, list[int]] = defaultdict(list)
    for seq, record in tree.items():
        assert isinstance(record.event, Correction)
        by_target[record.event.target].append(seq)
    return by_target


def _last_touch(event: Event, tree: dict[int, Recorded], by_target: dict[str, list[int]]) -> int:
    """The seq of the last correction in the event's own tree (0 if none)."""
    last, pending, seen = 0, [event.id], set()
    while pending:
        target = pending.pop()
        if target is None or target in seen:
            continue
        seen.add(target)
        for seq in by_target.get(target, []):
            last = max(last, seq)
            pending.append(tree[seq].id)
    return last


def _stored_lines(conn: Connection, affected: dict[int, Event]) -> Iterator[Key]:
    """The lines the affected events were on before this append."""
    seqs = sorted(affected)
    for start in range(0, len(seqs), CHUNK):
        columns = cache_tariff_events.c
        query = sa.select(columns.imposed_by, columns.applies_to, columns.measure).where(
            columns.seq.in_(seqs[start : start + CHUNK]), columns.measure.is_not(None)
        )
        for row in conn.execute(query):
            yield (row.imposed_by, row.applies_to, row.measure)


def _store_events(
    conn: Connection,
    versions: dict[int, tuple[Event, Event | None, int]],
    old: Iterable[int],
    payloads: dict[int, str],
) -> None:
    """Replace the cached rows of events: (as stored, as the queries see it now, touched);
    `old` are those stored before this append, which may have rows to replace; `payloads`
    those appended now, kept as they are when nothing corrects them."""
    replaced = sorted(old)
    for start in range(0, len(replaced), CHUNK):
        chunk = replaced[start : start + CHUNK]
        conn.execute(sa.delete(cache_tariff_events).where(cache_tariff_events.c.seq.in_(chunk)))
    seqs = sorted(versions)
    rows = []
    for seq in seqs:
        event, current, touched = versions[seq]
        line = current.key if isinstance(current, TariffEvent) else (None, None, None)
        rows.append(
            {"seq": seq, "event_id": event.id, "touched_seq": touched, "imposed_by": line[0],
             "applies_to": line[1], "measure": line[2],
             "date": current.date if current is not None else None,
             "event": None if current is None
             else payloads[seq] if current is event and seq in payloads
             else payload_of(current)}
        )  # fmt: skip
    if rows:
        conn.execute(sa.insert(cache_tariff_events), rows)


def _on_line(table: sa.Table) -> sa.ColumnElement[bool]:
    """A line's rows, by bound parameters: built once, so each use skips compiling."""
    return sa.and_(
        table.c.imposed_by == sa.bindparam("imposed_by"),
        table.c.applies_to == sa.bindparam("applies_to"),
        table.c.measure == sa.bindparam("measure"),
    )


def _line(key: Key) -> dict[str, str]:
    return {"imposed_by": key[0], "applies_to": key[1], "measure": key[2]}


_LINE_EVENTS = (
    sa.select(
        cache_tariff_events.c.seq, cache_tariff_events.c.event_id, cache_tariff_events.c.event
    )
    .where(_on_line(cache_tariff_events))
    .order_by(cache_tariff_events.c.date, cache_tariff_events.c.seq)
)
_DELETE_STATES = sa.delete(cache_tariff_states).where(_on_line(cache_tariff_states))
_LINE_EXISTS = [
    sa.select(table.c.seq).where(_on_line(table)).limit(1)
    for table in (cache_tariff_states, cache_tariff_events)
]


def _existing_lines(conn: Connection, lines: set[Key]) -> set[Key]:
    """Which of `lines` have stored events (or states) already: a query per line for a few,
    one scan of the lines for many (a bulk import)."""
    if len(lines) <= FEW_LINES:
        return {
            key
            for key in lines
            if any(conn.execute(query, _line(key)).first() for query in _LINE_EXISTS)
        }
    columns = cache_tariff_states.c
    query = sa.select(columns.imposed_by, columns.applies_to, columns.measure).distinct()
    found = {(r.imposed_by, r.applies_to, r.measure) for r in conn.execute(query)}
    columns = cache_tariff_events.c
    query = sa.select(columns.imposed_by, columns.applies_to, columns.measure).distinct()
    found |= {(r.imposed_by, r.applies_to, r.measure) for r in conn.execute(query)}
    return lines & found


def line_events(
    conn: Connection, key: Key, decoded: dict[int, Event] | None = None
) -> list[tuple[int, Event]]:
    """The line's events as the queries see them now, in (date, seq) order (`decoded`:
    events already at hand, by seq, not decoded again)."""
    known = decoded or {}
    return [
        (row.seq, known[row.seq] if row.seq in known else decode_stored(row.event_id, row.event))
        for row in conn.execute(_LINE_EVENTS, _line(key))
    ]


def _refold(
    conn: Connection, key: Key, members: list[tuple[int, Event]], *, stored: bool
) -> list[dict[str, Any]]:
    """The line's reading view after each of its events (in (date, seq) order), afresh:
    its stored states deleted, the new ones returned to insert with every other line's."""
    if stored:
        conn.execute(_DELETE_STATES, _line(key))
    state, rows = tariffs.initial(), []
    for seq, event in members:
        state = tariffs.apply(state, event)
        line = state.lines[(key[0], key[1])][key[2]]
        view = tariffs.reading_view(line, event.date)
        rows.append(
            {"imposed_by": key[0], "applies_to": key[1], "measure": key[2], "date": event.date,
             "seq": seq, "event_id": event.id, "state": encode_view(view)}
        )  # fmt: skip
    return rows
