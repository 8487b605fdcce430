"""Appending rows to the `events` table: ids, the hash chain and inserts, a chunk at a time.

`tracker.store` appends a batch through one `Chain` per transaction. Each chunk
looks up the ids it brings (idempotency: a stored id with the same payload is
skipped, with another payload refused), links every new row to the one before it
by sha256, and is inserted before the next chunk comes, so a later chunk sees the
earlier ones as stored. Only the chain's end and what the caller asks to keep
stay in memory, so a batch of millions of rows costs no more memory than a chunk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from tracker.errors import ConflictingId, InvalidEvent
from tracker.jsontext import canonical_json
from tracker.schema import events

if TYPE_CHECKING:
    from tracker.store import NewEvent

GENESIS_HASH = "0" * 64
ID_CHUNK = 500  # ids per IN (...) query: well under every backend's parameter limit
ID_VARIANTS = 4  # generated-id variants (`base`, `base-2`, ...) looked up at a time
ROWS_PER_INSERT = 100  # rows per SQLite INSERT: 700 parameters, under every build's limit
INSERT_COLUMNS = ("seq", "id", "type", "date", "recorded_at", "payload", "hash")

Progress = Callable[[int], None]
Row = tuple[int, str, str, str]  # (seq, id, type, payload) of an appended row
# Stored ids as (seq, payload), of those asked for: what the transaction sees.
Lookup = Callable[[Sequence[str]], dict[str, tuple[int, str]]]


class AppendedRow(NamedTuple):
    seq: int
    id: str


def iso_utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def chain_link(
    previous: str, seq: int, event_id: str, kind: str, day: str, recorded_at: str, payload: str
) -> str:
    """A row's hash: sha256 over the previous hash, a newline, and the canonical JSON of
    `[seq, id, type, date, recorded_at, payload]` (orjson writes the stdlib's bytes for
    these; what orjson refuses goes the stdlib's way, as `jsontext.fast_canonical_json`)."""
    content = [seq, event_id, kind, day, recorded_at, payload]
    try:
        text = orjson.dumps(content)
    except TypeError:  # orjson.JSONEncodeError included
        text = canonical_json(content).encode("utf-8")
    return hashlib.sha256(previous.encode() + b"\n" + text).hexdigest()


class Chain:
    """The end of the hash chain in one append transaction, and what the batch did so far."""

    def __init__(self, conn: Connection, keeps: Callable[[str], bool] | None) -> None:
        self.conn = conn
        self.keeps = keeps
        if conn.dialect.name == "postgresql":  # appenders one at a time, readers never wait
            conn.exec_driver_sql("LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE")
        last = conn.execute(_LAST_ROW).first()
        self.seq: int = last.seq if last else 0
        self.previous: str = last.hash if last else GENESIS_HASH
        self.first = self.seq + 1
        # System time never runs backwards along seq, even if the clock does.
        self.now = dt.datetime.now(dt.UTC)
        self.latest: dt.datetime | None = last.recorded_at if last else None
        self.batch_time = max(self.now, self.latest) if self.latest else self.now
        self.appended: list[AppendedRow] = []
        self.skipped: list[str] = []
        self.generated: set[str] = set()  # ids this batch generated
        self.insert = Inserter(conn)

    def lookup(self, ids: Sequence[str]) -> dict[str, tuple[int, str]]:
        """Stored ids as (seq, payload): those stored before the batch, and those the batch
        appended under ids of their own (a generated id is not the batch's to name)."""
        found = stored(self.conn, ids)
        return {i: row for i, row in found.items() if i not in self.generated}

    def add(self, chunk: Sequence[NewEvent], progress: Progress | None) -> list[Row]:
        """Check, link and insert one chunk of the batch; the rows `keeps` asks for."""
        taken = taken_ids(self.conn, chunk)
        bind_date, bind_at = self.insert.bind_date, self.insert.bind_at
        batch_iso, batch_bound = iso_utc(self.batch_time), bind_at(self.batch_time)
        values: list[tuple[Any, ...]] = []
        kept: list[Row] = []
        for row in chunk:
            event_id = free_id(row, taken)
            if event_id in taken:
                if taken[event_id] != row.payload:
                    raise ConflictingId(event_id, row.where)
                self.skipped.append(event_id)
                continue
            if row.recorded_at is None:
                recorded_at, at_iso, at_bound = self.batch_time, batch_iso, batch_bound
            else:
                recorded_at = row.recorded_at
                check_recorded_at(event_id, recorded_at, self.latest, self.now)
                at_iso, at_bound = iso_utc(recorded_at), bind_at(recorded_at)
            self.latest = recorded_at
            self.seq += 1
            seq, kind, payload = self.seq, row.type, row.payload
            self.previous = chain_link(
                self.previous, seq, event_id, kind, row.date.isoformat(), at_iso, payload
            )
            values.append(
                (seq, event_id, kind, bind_date(row.date), at_bound, payload, self.previous)
            )
            taken[event_id] = payload
            self.appended.append(AppendedRow(seq, event_id))
            if row.generated:
                self.generated.add(event_id)
            if self.keeps is not None and self.keeps(kind):
                kept.append((seq, event_id, kind, payload))
        self.insert(values)
        if progress:
            progress(len(values))
        return kept


class Inserter:
    """Inserts rows of values into a table through the driver, bound as SQLAlchemy would
    bind them (its own type processors, see `bind`), so rows read back the same whichever
    way they went in: SQLAlchemy's per-row work cost more than the insert itself. SQLite
    takes many rows to a statement: with a trigger on the table, each statement pays for a
    statement journal, which cost more than the row when it held one."""

    def __init__(
        self, conn: Connection, table: sa.Table = events, columns: Sequence[str] = INSERT_COLUMNS
    ) -> None:
        self.conn = conn
        self.table = table
        self.columns = tuple(columns)
        dialect = conn.dialect
        self.marks = {"qmark": "?", "format": "%s", "pyformat": "%s"}.get(dialect.paramstyle)
        self.binds = {name: _processor(table.c[name], dialect) for name in self.columns}
        self.many = max(1, ROWS_PER_INSERT * len(INSERT_COLUMNS) // len(self.columns))
        if dialect.name != "sqlite":
            self.many = 1  # other drivers batch executemany themselves
        self.bind_date = self.binds.get("date", same)
        self.bind_at = self.binds.get("recorded_at", same)

    def bind(self, name: str) -> Callable[[Any], Any]:
        """How the value of column `name` is bound (values given to `__call__` are bound)."""
        return self.binds[name]

    def statement(self, rows: int) -> str:
        one = f"({', '.join([self.marks or ''] * len(self.columns))})"
        return (
            f"INSERT INTO {self.table.name} ({', '.join(self.columns)}) "
            f"VALUES {', '.join([one] * rows)}"
        )

    def __call__(self, values: Sequence[tuple[Any, ...]]) -> None:
        if not values:
            return
        if self.marks is None:  # a driver of another parameter style: SQLAlchemy binds it
            raise NotImplementedError(f"no insert for the {self.conn.dialect.paramstyle} style")
        whole = len(values) - len(values) % self.many
        if whole and self.many > 1:
            flat = itertools.chain.from_iterable
            groups = [
                tuple(flat(values[start : start + self.many]))
                for start in range(0, whole, self.many)
            ]
            self.conn.exec_driver_sql(self.statement(self.many), groups)
            values = values[whole:]
        if values:
            self.conn.exec_driver_sql(self.statement(1), list(values))


def _processor(column: sa.Column[Any], dialect: sa.Dialect) -> Callable[[Any], Any]:
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    return process if process is not None else same


def same(value: Any) -> Any:
    return value


_LAST_ROW = (
    sa.select(events.c.seq, events.c.hash, events.c.recorded_at)
    .order_by(events.c.seq.desc())
    .limit(1)
)
_BY_ID = sa.select(events.c.id, events.c.seq, events.c.payload).where(
    events.c.id.in_(sa.bindparam("ids", expanding=True))
)  # built once: an append's few lookups then skip building and compiling their query


def stored(conn: Connection, ids: Iterable[str]) -> dict[str, tuple[int, str]]:
    """(seq, payload) of stored rows by id, looked up exactly (the unique index)."""
    found: dict[str, tuple[int, str]] = {}
    unique = sorted(set(ids))
    for start in range(0, len(unique), ID_CHUNK):
        rows = conn.execute(_BY_ID, {"ids": unique[start : start + ID_CHUNK]})
        found.update({row[0]: (row[1], row[2]) for row in rows})
    return found


def payloads(conn: Connection, ids: Iterable[str]) -> dict[str, str]:
    return {i: payload for i, (_, payload) in stored(conn, ids).items()}


def taken_ids(conn: Connection, rows: Sequence[NewEvent]) -> dict[str, str]:
    """Payloads of the stored rows holding the ids the rows give, or the generated ids
    (and their numbered variants) they may take: one lookup for all, mostly.

    Exact ids use the unique index on every backend and collation (a `LIKE` scans
    the table). Each generated base needs as many free variants as the rows have of
    it; `free_id` walks `base`, `base-2`, ... and never past the first free one.
    """
    given = [row.id for row in rows if not row.generated]
    needed = Counter(row.id for row in rows if row.generated)
    numbers = range(1, 1 + ID_VARIANTS)
    found = payloads(conn, [*given, *(variant(b, n) for b in needed for n in numbers)])
    while needed:
        for base in list(needed):
            needed[base] -= sum(variant(base, n) not in found for n in numbers)
            if needed[base] <= 0:
                del needed[base]
        numbers = range(numbers.stop, numbers.stop + ID_VARIANTS)
        if needed:
            found |= payloads(conn, (variant(b, n) for b in needed for n in numbers))
    return found


def variant(base: str, number: int) -> str:
    return base if number == 1 else f"{base}-{number}"


def free_id(row: NewEvent, taken: dict[str, str]) -> str:
    """A generated id: the first of `base`, `base-2`, ... free or holding the same payload."""
    if not row.generated:
        return row.id
    number = 1
    while (candidate := variant(row.id, number)) in taken and taken[candidate] != row.payload:
        number += 1
    return candidate


def check_recorded_at(
    event_id: str, recorded_at: dt.datetime, latest: dt.datetime | None, now: dt.datetime
) -> None:
    def refuse(message: str) -> InvalidEvent:
        return InvalidEvent(f"event {event_id}", "recorded_at", message)

    if recorded_at.tzinfo is None:
        raise refuse("must be timezone-aware")
    if recorded_at > now:
        raise refuse(f"may not be in the future, got {iso_utc(recorded_at)}")
    if latest is not None and recorded_at < latest:
        raise refuse(
            f"may not run backwards: {iso_utc(recorded_at)} is before the last one, "
            f"{iso_utc(latest)}"
        )
