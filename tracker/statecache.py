"""Stored projection state: every tariff line after each of its events, kept with the log
(and each meeting, target and figure as the queries see it now: `tracker.meetingcache`,
`tracker.figurecache`).

An as-of answer then reads, per line, the last stored state dated by the day
and the ids of the line's events so far: a few index ranges instead of a
replay. The tables (see `tracker.schema`) are caches: they hold nothing that
the `events` table does not, are rebuilt from it when found behind it (a
writer that did not keep them) or kept by older fold rules (`RULES`), and may
be dropped or deleted from.

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
import itertools
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any

import orjson
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
from tracker.store import Appended
from tracker.stored import decode_stored
from tracker.writer import Inserter, same

# The caches kept, each with its row in cache_meta: a store kept before one of them
# existed has no row for it, and is folded afresh. RULES is raised whenever a change to
# a fold or to what a state holds makes states stored before it wrong (a tariff line's
# `products` once taken from a threat): the names change with it, so a store kept by
# older code finds no row under them and is folded afresh on first use, as if new.
RULES = 2
NAMES = tuple(f"{name}.{RULES}" for name in ("tariffs", "meetings", "figures"))
TARIFF_PREFIX = "tariff."
CHUNK = 500
STATES_AT_ONCE = 5000  # new states inserted at a time
FEW_LINES = 50  # lines touched, up to which each is read on its own (else one pass over all)
CATCH_UP_ROWS = 5000  # rows read at a time when catching up
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # system time is not needed to resolve corrections
Position = tuple[dt.date, int]  # (date, seq): where an event sits on its line

# -- keeping the cache -------------------------------------------------------


def cached_seq(conn: Connection) -> int:
    """The last event folded into every cache (0 for none)."""
    return min(_kept_to(conn).values())


def _kept_to(conn: Connection) -> dict[str, int]:
    found = {row.name: int(row.seq) for row in conn.execute(_KEPT_TO)}
    return {name: found.get(name, 0) for name in NAMES}


def wants(kind: str) -> bool:
    """The event types the caches hold, and corrections: only these are decoded."""
    return (
        kind.startswith((TARIFF_PREFIX, MEETING_PREFIX))
        or kind in FIGURE_TYPES
        or kind in CORRECTION_TYPES
    )


class Keeper:
    """The cache kept through one append transaction, a chunk of appended rows at a time.

    Each chunk's events and corrections are stored as the queries see them (so a later
    chunk finds them stored, and corrects them like any stored event), and the first
    place each touched line changes is noted; `finish` re-folds every touched line
    once, from that place on, one line at a time. So a batch of any size holds in
    memory a chunk, the touched lines' keys and one line's events, never the batch.
    """

    def __init__(self, conn: Connection, *, caught_up: bool = False) -> None:
        self.conn = conn
        self.caught_up = caught_up
        self.starts: dict[Key, Position] = {}
        self.last = 0

    def add(self, batch: Appended) -> None:
        """Fold in a chunk: its rows of the types the cache `wants` (seqs `first` to `last`)."""
        if not self.caught_up:  # the rows before the batch, if a writer left them out
            catch_up(self.conn, batch.first - 1)
            self.caught_up = True
        if batch.rows:
            _fold_events(self.conn, batch, self.starts)
        self.last = max(self.last, batch.last)

    def finish(self) -> None:
        _refold_lines(self.conn, self.starts)
        self.starts = {}
        _set_cached_seq(self.conn, self.last)


def keeper(conn: Connection) -> Keeper:
    """The append hook (see `store.AfterAppend`): a keeper for one append transaction."""
    return Keeper(conn)


def _fold_events(conn: Connection, batch: Appended, starts: dict[Key, Position]) -> None:
    """Store a chunk's cached events and corrections as the queries see them now, and
    note in `starts` the first place on each line where its states change: an event
    added, corrected or moved there, or corrected or moved away (its stored state's
    place). Before that place a line's events are the same as before, in the same
    order, so its stored states stand."""
    rows = batch.rows
    payloads = {seq: payload for seq, _, _, payload in rows}
    appended = [
        (seq, decode_stored(event_id, payload))
        for seq, event_id, kind, payload in rows
        if wants(kind)
    ]
    fixes = [(seq, e) for seq, e in appended if isinstance(e, Correction)]
    _index_corrections(conn, fixes)
    affected: dict[int, Event] = {s: e for s, e in appended if _cached(e)}
    affected |= _cached_targets(conn, fixes)
    # Only events stored before may have corrections stored before, or cached rows.
    old = {seq: event for seq, event in affected.items() if seq < batch.first}
    tree = corrections_of(conn, old, appended)
    tree |= {s: Recorded(seq=s, recorded_at=EPOCH, event=e) for s, e in fixes if s not in tree}
    effects = correction_effects(
        tree.values(), {e.id: s for s, e in affected.items() if e.id} | _ids(tree)
    )
    places = list(_state_places(conn, old))
    versions: dict[int, tuple[Event, Event | None, int]] = {}
    meetings: dict[int, tuple[Event, Event | None, int]] = {}
    figures: dict[int, tuple[Event, Event | None, int]] = {}
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
            places.append((current.key, (current.date, seq)))
        versions[seq] = version
    _store_events(conn, versions, [s for s in old if s in versions], payloads)
    store_meetings(conn, meetings, [s for s in old if s in meetings], payloads)
    store_figures(conn, figures, [s for s in old if s in figures])
    for key, place in places:
        if key not in starts or place < starts[key]:
            starts[key] = place


def _state_places(conn: Connection, seqs: Iterable[int]) -> Iterator[tuple[Key, Position]]:
    """Where the stored states of these events lie: their line and (date, seq)."""
    wanted = sorted(seqs)
    for start in range(0, len(wanted), CHUNK):
        for row in conn.execute(_STATE_PLACES, {"seqs": wanted[start : start + CHUNK]}):
            yield (row.imposed_by, row.applies_to, row.measure), (row.date, row.seq)


def _refold_lines(conn: Connection, starts: dict[Key, Position]) -> None:
    """Re-fold each touched line from its first change on, a line at a time: the stale
    states deleted in one go, the new ones inserted a few thousand at a time."""
    if not starts:
        return
    conn.execute(
        _DELETE_STATES_FROM,
        [_line(key) | {"date": day, "seq": seq} for key, (day, seq) in sorted(starts.items())],
    )
    states: list[dict[str, Any]] = []
    for key, rows in _touched_lines(conn, starts):
        members, written = _line_members(rows)
        states += _refold(key, members, written, starts[key])
        if len(states) >= STATES_AT_ONCE:
            _insert(conn, cache_tariff_states, states)
            states = []
    _insert(conn, cache_tariff_states, states)


def _touched_lines(
    conn: Connection, starts: dict[Key, Position]
) -> Iterator[tuple[Key, list[Any]]]:
    """Each line in `starts` with its stored event rows in (date, seq) order: a query per
    line for a few, one pass over every line, in key order, for many (a bulk import)."""
    if len(starts) <= FEW_LINES:
        for key in sorted(starts):
            yield key, list(conn.execute(_LINE_EVENTS, _line(key)))
        return
    rows = conn.execute(_ALL_LINES, execution_options={"yield_per": STATES_AT_ONCE})
    for key, group in itertools.groupby(rows, lambda row: (row[0], row[1], row[2])):
        if key in starts:
            yield key, sorted(group, key=lambda row: (row.date, row.seq))


def _line_members(rows: Iterable[Any]) -> tuple[list[tuple[int, Event]], dict[int, dict[str, Any]]]:
    """A line's events from their stored rows, and each one's dict as the stored views
    hold it (by `id()`): its stored payload, read back, rather than each written anew
    for every view it is in."""
    members: list[tuple[int, Event]] = []
    written: dict[int, dict[str, Any]] = {}
    for row in rows:
        event = decode_stored(row.event_id, row.event)
        members.append((row.seq, event))
        written[id(event)] = {"id": row.event_id, **orjson.loads(row.event)}
    return members, written


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
    """Fold what was appended since the cache was last kept (by a writer that did not),
    read a chunk at a time; all of it afresh if one cache is behind another (it is new
    since they were kept)."""
    kept = _kept_to(conn)
    since = min(kept.values())
    if since >= last_seq:
        return
    if since == 0 or max(kept.values()) > since:  # folded afresh: whatever is there goes
        for table in reversed(metadata.sorted_tables):
            if table.name.startswith("cache_"):
                conn.execute(table.delete())
        since = 0
    keeping = Keeper(conn, caught_up=True)
    after = since
    while True:
        rows = [
            (r.seq, r.id, r.type, r.payload)
            for r in conn.execute(_CATCH_UP, {"after": after, "last": last_seq})
        ]
        if not rows:
            break
        keeping.add(Appended(after + 1, rows[-1][0], rows))
        after = rows[-1][0]
    keeping.last = last_seq
    keeping.finish()


_CATCH_UP = (
    sa.select(events.c.seq, events.c.id, events.c.type, events.c.payload)
    .where(events.c.seq > sa.bindparam("after"), events.c.seq <= sa.bindparam("last"))
    .order_by(events.c.seq)
    .limit(CATCH_UP_ROWS)
)


def _set_cached_seq(conn: Connection, seq: int) -> None:
    """Every cache kept up to `seq`: one UPDATE, unless a cache has no row yet."""
    if conn.execute(_SET_SEQ, {"seq": seq}).rowcount < len(NAMES):
        conn.execute(sa.delete(cache_meta).where(cache_meta.c.name.in_(NAMES)))
        conn.execute(sa.insert(cache_meta), [{"name": name, "seq": seq} for name in NAMES])


_SET_SEQ = sa.update(cache_meta).where(cache_meta.c.name.in_(NAMES)).values(seq=sa.bindparam("seq"))
_KEPT_TO = sa.select(cache_meta.c.name, cache_meta.c.seq).where(cache_meta.c.name.in_(NAMES))


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
    _insert(conn, cache_tariff_events, rows)


def _insert(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Rows through the driver, many to a statement (see `writer.Inserter`): SQLAlchemy's
    per-row binding cost more than the inserts themselves on a big import."""
    if not rows:
        return
    insert = Inserter(conn, table, list(rows[0]))
    values = [tuple(row.values()) for row in rows]  # each row's keys in the first one's order
    for index, name in enumerate(insert.columns):
        bind = insert.bind(name)
        if bind is not same:
            values = [(*v[:index], bind(v[index]), *v[index + 1 :]) for v in values]
    insert(values)


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
_LINE_EVENTS_THROUGH = _LINE_EVENTS.where(cache_tariff_events.c.date <= sa.bindparam("through"))
_STATES = cache_tariff_states.c
_ALL_LINES = (
    sa.select(
        cache_tariff_events.c.imposed_by,
        cache_tariff_events.c.applies_to,
        cache_tariff_events.c.measure,
        cache_tariff_events.c.date,
        cache_tariff_events.c.seq,
        cache_tariff_events.c.event_id,
        cache_tariff_events.c.event,
    )
    .where(cache_tariff_events.c.measure.is_not(None))
    .order_by(
        cache_tariff_events.c.applies_to,
        cache_tariff_events.c.imposed_by,
        cache_tariff_events.c.measure,
    )
)
_DELETE_STATES_FROM = sa.delete(cache_tariff_states).where(
    _on_line(cache_tariff_states),
    (_STATES.date > sa.bindparam("date"))
    | ((_STATES.date == sa.bindparam("date")) & (_STATES.seq >= sa.bindparam("seq"))),
)
_STATE_PLACES = sa.select(
    _STATES.imposed_by, _STATES.applies_to, _STATES.measure, _STATES.date, _STATES.seq
).where(_STATES.seq.in_(sa.bindparam("seqs", expanding=True)))


def line_events(
    conn: Connection,
    key: Key,
    decoded: dict[int, Event] | None = None,
    through: dt.date | None = None,
) -> list[tuple[int, Event]]:
    """The line's events as the queries see them now, in (date, seq) order (`decoded`:
    events already at hand, by seq, not decoded again; `through`: only those dated by it)."""
    known = decoded or {}
    query = _LINE_EVENTS if through is None else _LINE_EVENTS_THROUGH
    return [
        (row.seq, known[row.seq] if row.seq in known else decode_stored(row.event_id, row.event))
        for row in conn.execute(
            query, _line(key) | ({} if through is None else {"through": through})
        )
    ]


def _refold(
    key: Key,
    members: list[tuple[int, Event]],
    written: dict[int, dict[str, Any]],
    start: Position,
) -> list[dict[str, Any]]:
    """The line's reading view after each of its events (in (date, seq) order) from
    `start` on (the states before it stand), to insert with other lines'. The fold
    itself starts from the line's first event: a reading view cannot be folded on.
    `written`: see `_line_members`."""
    state, rows = tariffs.initial(), []
    for seq, event in members:
        state = tariffs.apply(state, event)
        if (event.date, seq) < start:
            continue  # its state stands; folded only to go on from it
        line = state.lines[(key[0], key[1])][key[2]]
        view = tariffs.reading_view(line, event.date)
        rows.append(
            {"imposed_by": key[0], "applies_to": key[1], "measure": key[2], "date": event.date,
             "seq": seq, "event_id": event.id, "state": encode_view(view, written)}
        )  # fmt: skip
    return rows
