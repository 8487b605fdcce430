"""The event store: one append-only `events` table (see `tracker.schema`) behind SQLAlchemy Core.

The store never interprets payloads. It appends batches atomically, makes ids
idempotent by comparing payload text, chains every row to the one before by
a sha256 hash, and lets the database itself refuse UPDATE and DELETE.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import sqlalchemy as sa
from attrs import field, frozen
from sqlalchemy.engine import Connection, Engine

from tracker.errors import StoreBusy, StoreMissing, StoreReadOnly, StoreUnavailable
from tracker.schema import BACKENDS, READ_ONLY_OPTION, WRITE_OPTION, events, is_read_only, prepare
from tracker.writer import GENESIS_HASH as GENESIS_HASH
from tracker.writer import ID_CHUNK, Chain, Inserter, Row, chain_link, iso_utc
from tracker.writer import AppendedRow as AppendedRow
from tracker.writer import Lookup as Lookup
from tracker.writer import Progress as Progress

HASH_PATTERN = re.compile(r"[0-9a-fA-F]{64}")
BUSY_TIMEOUT_MS = 60_000  # how long a SQLite writer waits for another before giving up
APPEND_ATTEMPTS = 4  # a batch is tried this many times when the database is busy
OPTIMIZE_AFTER = 10_000  # rows in one batch after which the planner's statistics are refreshed
INSERT_CHUNK = 5000  # rows per executemany, and per progress step
PAGE = 2000  # rows fetched at a time when streaming a replay
CHAIN_COLUMNS = ("seq", "id", "type", "date", "recorded_at", "payload", "hash")  # as StoredRow


class Appended(NamedTuple):
    """What a chunk of a batch appended: seqs `first` to `last`, and the rows of those
    a keeper asked for."""

    first: int
    last: int
    rows: list[Row]


class Keeper(Protocol):
    """Keeps caches of derived state within one append transaction."""

    def add(self, appended: Appended) -> None:
        """Take in a chunk once its rows are in."""
        ...

    def finish(self) -> None:
        """Complete the caches once the whole batch is in."""
        ...


class AfterAppend(Protocol):
    """Work done in the append's own transaction as its rows go in (keeping caches of
    derived state). A module with these two functions is one."""

    def wants(self, kind: str) -> bool:
        """Whether the keeper needs the appended rows of this event type."""
        ...

    def keeper(self, conn: Connection) -> Keeper: ...


# A batch given a chunk at a time, from within its transaction: `Lookup` finds what is
# stored so far (so a correction may name an event an earlier chunk appended).
Chunks = Callable[[Lookup], Iterable[Sequence["NewEvent"]]]


@frozen
class NewEvent:
    """An event ready to store; a `generated` id may take a `-2`, `-3` suffix to be unique.

    `recorded_at`, when given, is the system time to store instead of now (a copy of
    a store, a timeline recorded as it was published): timezone-aware, not in the
    future, and never before the row stored before it, so system time still never
    runs backwards along `seq`. Without it the row takes the batch's time.
    """

    id: str
    type: str
    date: dt.date
    payload: str
    generated: bool = False
    recorded_at: dt.datetime | None = None
    where: str = field(default="", eq=False)  # where it came from, to name it in errors


@frozen
class StoredRow:
    seq: int
    id: str
    type: str
    date: dt.date
    recorded_at: dt.datetime
    payload: str
    hash: str


@frozen
class AppendResult:
    appended: tuple[AppendedRow, ...]
    skipped: tuple[str, ...]


@frozen
class Head:
    """The last link of the chain, `SEQ:HASH`: kept elsewhere, it proves the tail is all there.

    A hash chain shows a row changed or removed in the middle, but not rows removed
    from its end (the shorter chain is still whole). Checking against a head someone
    kept (`verify --head`) closes that gap.
    """

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Head:
        seq, _, digest = text.strip().partition(":")
        if not (seq.isascii() and seq.isdigit() and HASH_PATTERN.fullmatch(digest)):
            raise ValueError(f"a head is SEQ:HASH (a number, a colon, 64 hex digits), got {text!r}")
        return cls(int(seq), digest.lower())


GENESIS = Head(0, GENESIS_HASH)


@frozen
class VerifyResult:
    ok: bool
    checked: int
    broken_at: StoredRow | None = None
    head: Head = GENESIS  # the last row that fits the chain
    problem: str = ""  # why it is not ok, in words


def row_hash(previous: str, seq: int, row: NewEvent | StoredRow, recorded_at: dt.datetime) -> str:
    """sha256 over the previous hash and this row's canonical content."""
    return chain_link(
        previous, seq, row.id, row.type, row.date.isoformat(), iso_utc(recorded_at), row.payload
    )


def _configure_sqlite(engine: Engine, read_only: bool = False) -> None:
    """Pragmas in one connect hook; BEGIN IMMEDIATE for writes so two writers queue up."""

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's begin hook issues BEGIN
        cursor = dbapi_connection.cursor()
        # Wait for another writer first of all; the journal mode is the schema's business.
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Statement journals (the append-only triggers need one per insert) in memory:
        # in temp files they cost more than the insert itself.
        cursor.execute("PRAGMA temp_store=MEMORY")
        if read_only:
            cursor.execute("PRAGMA query_only=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


_SQLITE_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED (the low byte of extended codes)
_POSTGRES_RETRY = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available
_POSTGRES_NO_PRIVILEGE = "42501"  # a role not granted what the store needs: the database's "no"


def _is_transient(error: BaseException | None) -> bool:
    """Whether the database asks for the transaction to be tried again."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _SQLITE_BUSY
    return getattr(error, "sqlstate", None) in _POSTGRES_RETRY


def _is_read_only_refusal(error: BaseException | None) -> bool:
    """A write refused by a read-only connection (SQLITE_READONLY; SQLSTATE 25006)."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF == sqlite3.SQLITE_READONLY
    return getattr(error, "sqlstate", None) == "25006"


def _report_database_errors(engine: Engine) -> None:
    """A database that fails (gone, full, read-only, busy, not granted) is one line, exit 3.

    Errors of the statements themselves (a constraint, a syntax error) are left alone:
    they are bugs, and the command line reports them as internal errors.
    """
    display = store_name(engine.url)
    read_only = is_read_only(engine)  # else a refusal is the file's own permissions

    @sa.event.listens_for(engine, "handle_error")
    def _on_error(context: sa.engine.ExceptionContext) -> None:
        error = context.sqlalchemy_exception
        reason = context.original_exception
        if read_only and _is_read_only_refusal(reason):
            raise StoreReadOnly(display) from reason
        refused = getattr(reason, "sqlstate", None) == _POSTGRES_NO_PRIVILEGE
        if refused or isinstance(error, sa.exc.OperationalError | sa.exc.InterfaceError):
            kind = StoreBusy if _is_transient(reason) else StoreUnavailable
            raise kind(f"cannot use store {display}: {reason}") from reason


POSTGRES_DRIVER = "psycopg"
# How the README installs tracker (`pip install .` from its folder), with the extra.
POSTGRES_EXTRA = "install tracker's postgres extra (pip install '.[postgres]' in its folder)"


def store_name(url: sa.URL) -> str:
    """How messages name a store: a SQLite file by its path, as the user gave it;
    any other database by its URL, password hidden."""
    database = url.database or ":memory:"
    if url.get_backend_name() == "sqlite" and not database.startswith((":memory:", "file:")):
        return database
    return url.render_as_string(hide_password=True)


def _missing_driver(url: sa.URL, error: ImportError) -> str:
    """One line saying how to get the driver a URL needs (the `postgres` extra)."""
    driver = error.name or url.get_driver_name()
    if url.get_backend_name() != "postgresql":
        return f"its database driver {driver} is not installed"
    if url.get_driver_name() == POSTGRES_DRIVER:
        return f"the PostgreSQL driver is not installed: {POSTGRES_EXTRA}"
    return (
        f"its driver {driver} is not installed; tracker's PostgreSQL driver is psycopg: "
        f"{POSTGRES_EXTRA}, and use a postgresql+psycopg:// URL"
    )


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for a store's URL; `read_only` has the database itself refuse every write."""
    options: dict[str, Any] = {READ_ONLY_OPTION: True} if read_only else {}
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as error:
        raise StoreUnavailable(f"cannot open store {url}: {error}") from None
    display = store_name(parsed)
    if parsed.get_backend_name() not in BACKENDS:
        raise StoreUnavailable(
            f"cannot open store {display}: a store is a SQLite file or a PostgreSQL "
            f"database, not {parsed.get_backend_name()}"
        )
    try:
        if read_only and parsed.get_backend_name() == "postgresql":
            # Every transaction of the session is read-only unless it says otherwise.
            options_arg = "-c default_transaction_read_only=on"
            engine = sa.create_engine(
                parsed, execution_options=options, connect_args={"options": options_arg}
            )
        else:
            engine = sa.create_engine(parsed, execution_options=options)
    except ImportError as error:
        reason = _missing_driver(parsed, error)
        raise StoreUnavailable(f"cannot open store {display}: {reason}") from None
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as error:
        raise StoreUnavailable(f"cannot open store {display}: {error}") from None
    _report_database_errors(engine)
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if database and database != ":memory:" and not database.startswith("file:"):
            path = Path(database).expanduser()
            if read_only and not path.exists():
                engine.dispose()
                raise StoreMissing(path)  # connecting would create the file
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreUnavailable(f"cannot create {database}: {error.strerror}") from None
        _configure_sqlite(engine, read_only)
    return engine


class Store:
    """Append and read rows of the `events` table; nothing else touches it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        try:
            prepare(engine, self.name)
        except StoreUnavailable:
            engine.dispose()
            raise
        except sa.exc.SQLAlchemyError as error:
            engine.dispose()
            reason = getattr(error, "orig", None) or error
            raise StoreUnavailable(f"cannot open store {self.name}: {reason}") from None

    @classmethod
    def open(cls, url: str, *, read_only: bool = False) -> Store:
        return cls(make_engine(url, read_only=read_only))

    @property
    def read_only(self) -> bool:
        return is_read_only(self.engine)

    @property
    def display_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def name(self) -> str:
        """The store as messages name it (`store_name`)."""
        return store_name(self.engine.url)

    def close(self) -> None:
        self.engine.dispose()

    def checkpoint(self) -> None:
        """Fold SQLite's write-ahead log into the main file, so the file alone is complete."""
        if self.engine.dialect.name == "sqlite":
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- writing -------------------------------------------------------------

    def append(
        self,
        batch: Sequence[NewEvent] | Chunks,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
        then: AfterAppend | None = None,
    ) -> AppendResult:
        """Append a batch in one transaction: all of it, or (on any conflict) none of it.

        The batch is a sequence of rows, or (for one too big to hold) a function giving
        its rows a chunk at a time from within the transaction: each chunk is written
        before the next is asked for, and an error in any of them writes nothing at all.
        Tried again, from the start, when the database asks for it (a writer that held
        the lock for longer than the busy timeout, a deadlock): nothing was written then.
        """
        if self.read_only:
            raise StoreReadOnly(self.name)
        chunks: Chunks = (lambda _: [batch]) if isinstance(batch, Sequence) else batch
        for attempt in range(1, APPEND_ATTEMPTS + 1):
            try:
                return self._append_once(chunks, dry_run, progress, then)
            except StoreBusy:
                if attempt == APPEND_ATTEMPTS:
                    raise
                time.sleep(random.uniform(0.1, 1.0) * attempt)
        raise AssertionError("unreachable")

    def _append_once(
        self,
        chunks: Chunks,
        dry_run: bool,
        progress: Progress | None,
        then: AfterAppend | None,
    ) -> AppendResult:
        with self.engine.connect().execution_options(**{WRITE_OPTION: True}) as conn:
            transaction = conn.begin()
            try:
                chain = Chain(conn, then.wants if then is not None else None)
                keeper = then.keeper(conn) if then is not None else None
                for chunk in chunks(chain.lookup):
                    first = chain.seq + 1
                    kept = chain.add(chunk, progress)
                    if keeper is not None and chain.seq >= first:
                        keeper.add(Appended(first, chain.seq, kept))
                result = AppendResult(tuple(chain.appended), tuple(chain.skipped))
                if keeper is not None and result.appended:
                    keeper.finish()
            except BaseException:
                transaction.rollback()
                raise
            if dry_run:
                transaction.rollback()
            else:
                transaction.commit()
        if len(result.appended) >= OPTIMIZE_AFTER:
            self.optimize()
        return result

    def optimize(self) -> None:
        """Refresh the planner's statistics: after a large import, its old ones mislead it."""
        statement = (
            "ANALYZE events" if self.engine.dialect.name == "postgresql" else "PRAGMA optimize"
        )
        with self.engine.connect() as conn:
            conn.exec_driver_sql(statement)
            conn.commit()

    # -- reading -------------------------------------------------------------

    def read(
        self,
        *,
        since_seq: int = 0,
        known_on: dt.datetime | None = None,
        types: Sequence[str] = (),
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        search: str | None = None,
        by_date: bool = False,
    ) -> Iterator[StoredRow]:
        """Rows in append order (or timeline order with `by_date`), streamed in pages."""
        query = _filtered(
            sa.select(events).where(events.c.seq > since_seq),
            known_on=known_on,
            types=types,
            date_from=date_from,
            date_to=date_to,
            search=search,
        )
        order = (events.c.date, events.c.seq) if by_date else (events.c.seq,)
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=1000).execute(query.order_by(*order))
            for row in result:
                yield StoredRow(**row._asdict())

    def read_page(
        self,
        key: tuple[dt.date, int],
        *,
        forward: bool,
        limit: int,
        known_on: dt.datetime | None = None,
        types: Sequence[str] = (),
        search: str | None = None,
    ) -> list[StoredRow]:
        """Up to `limit` rows in timeline order just after (or before) `key` = (date, seq).

        A keyset page, never OFFSET: the (date) index, which holds seq as SQLite's
        rowid, walks straight to the key however deep into the log it lies.
        """
        day, seq = key
        order: tuple[sa.ColumnElement[Any], ...]
        if forward:
            where = (events.c.date >= day) & ((events.c.date > day) | (events.c.seq > seq))
            order = (events.c.date, events.c.seq)
        else:
            where = (events.c.date <= day) & ((events.c.date < day) | (events.c.seq < seq))
            order = (events.c.date.desc(), events.c.seq.desc())
        query = _filtered(
            sa.select(events).where(where), known_on=known_on, types=types, search=search
        )
        with self.engine.connect() as conn:
            rows = [
                StoredRow(**row._asdict())
                for row in conn.execute(query.order_by(*order).limit(limit))
            ]
        return rows if forward else rows[::-1]

    def event_dates(
        self,
        *,
        after: dt.date | None = None,
        before: dt.date | None = None,
        limit: int = 1,
        known_on: dt.datetime | None = None,
        exclude_types: Sequence[str] = (),
    ) -> list[dt.date]:
        """Distinct event dates after `after` (soonest first) or before `before` (latest first)."""
        query = _filtered(sa.select(events.c.date).distinct(), known_on=known_on)
        if exclude_types:
            query = query.where(events.c.type.not_in(list(exclude_types)))
        if after is not None:
            query = query.where(events.c.date > after).order_by(events.c.date)
        else:
            assert before is not None
            query = query.where(events.c.date < before).order_by(events.c.date.desc())
        with self.engine.connect() as conn:
            return [_as_date(value) for value in conn.execute(query.limit(limit)).scalars()]

    def last_seq(self, known_on: dt.datetime | None = None, conn: Connection | None = None) -> int:
        """The last `seq` recorded by `known_on` (0 if none): system time never runs
        backwards along `seq`, so "recorded by T" is exactly "seq <= last_seq(T)".
        Asked on `conn`, it is that transaction's view."""
        query = sa.select(sa.func.max(events.c.seq))
        if known_on is not None:
            query = query.where(events.c.recorded_at <= known_on)
        if conn is not None:
            return int(conn.execute(query).scalar_one() or 0)
        with self.engine.connect() as own:
            return int(own.execute(query).scalar_one() or 0)

    def read_payloads(
        self,
        *,
        up_to_seq: int,
        date_to: dt.date | None = None,
        types: Sequence[str] = (),
        without_types: Sequence[str] = (),
    ) -> Iterator[tuple[int, str, str]]:
        """`(seq, id, payload)` in (date, seq) order, streamed: the lean read a replay needs.

        Only the columns a replay decodes, no row objects, pages from a cursor.
        """
        query = sa.select(events.c.seq, events.c.id, events.c.payload).where(
            events.c.seq <= up_to_seq
        )
        if date_to is not None:
            query = query.where(events.c.date <= date_to)
        if types:
            query = query.where(events.c.type.in_(list(types)))
        if without_types:
            query = query.where(events.c.type.not_in(list(without_types)))
        query = query.order_by(events.c.date, events.c.seq)
        with self.engine.connect() as conn:
            yield from driver_rows(conn, query)

    def get(self, ids: Sequence[str]) -> dict[str, StoredRow]:
        found: dict[str, StoredRow] = {}
        unique = sorted(set(ids))
        with self.engine.connect() as conn:
            for start in range(0, len(unique), ID_CHUNK):
                query = sa.select(events).where(events.c.id.in_(unique[start : start + ID_CHUNK]))
                found.update({row.id: StoredRow(**row._asdict()) for row in conn.execute(query)})
        return found

    def get_seqs(self, seqs: Sequence[int]) -> list[StoredRow]:
        """The rows at these positions, in seq order."""
        found: list[StoredRow] = []
        unique = sorted(set(seqs))
        with self.engine.connect() as conn:
            for start in range(0, len(unique), ID_CHUNK):
                chunk = unique[start : start + ID_CHUNK]
                query = sa.select(events).where(events.c.seq.in_(chunk)).order_by(events.c.seq)
                found += [StoredRow(**row._asdict()) for row in conn.execute(query)]
        return found

    def last_recorded_at(self) -> dt.datetime | None:
        """The system time of the last row appended, or None for an empty store."""
        query = sa.select(events.c.recorded_at).order_by(events.c.seq.desc()).limit(1)
        with self.engine.connect() as conn:
            return conn.execute(query).scalar_one_or_none()

    def count(
        self,
        *,
        known_on: dt.datetime | None = None,
        types: Sequence[str] = (),
        before: tuple[dt.date, int] | None = None,
    ) -> int:
        """How many rows; with `before` = (date, seq), how many come earlier in timeline order."""
        query = _filtered(
            sa.select(sa.func.count()).select_from(events), known_on=known_on, types=types
        )
        if before is not None:
            day, seq = before
            query = query.where(
                (events.c.date <= day) & ((events.c.date < day) | (events.c.seq < seq))
            )
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def _chain_rows(self) -> Iterator[tuple[Any, ...]]:
        """Every row's columns in seq order as plain tuples (no row objects): what a walk
        of the whole chain needs, at the cost of the driver's fetch."""
        columns = [events.c[name] for name in CHAIN_COLUMNS]
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=PAGE).execute(
                sa.select(*columns).order_by(events.c.seq)
            )
            for partition in result.partitions():
                yield from map(tuple, partition)

    def verify(self, anchor: Head | None = None) -> VerifyResult:
        """Walk the hash chain from the first row; the first row that does not fit breaks it.

        With an `anchor` (a head kept from before), the chain must also still hold it:
        the same hash at its seq, so no row up to it was removed from the end or rewritten.
        """
        head = GENESIS
        checked = 0
        last_seq, last_hash = head.seq, head.hash
        for values in self._chain_rows():
            seq, event_id, kind, day, at, payload, digest = values
            link = chain_link(last_hash, seq, event_id, kind, day.isoformat(), iso_utc(at), payload)
            if link != digest:
                problem = (
                    f"hash chain broken at seq {seq} (id {event_id}): the row or one before "
                    f"it was changed or removed after {checked} good rows"
                )
                head = Head(last_seq, last_hash)
                return VerifyResult(False, checked, StoredRow(*values), head, problem)
            last_seq, last_hash = seq, digest
            checked += 1
            if anchor is not None and seq == anchor.seq and digest != anchor.hash:
                row, head = StoredRow(*values), Head(seq, digest)
                problem = (
                    f"the row at seq {row.seq} (id {row.id}) is not the one the head "
                    f"{anchor} was taken from: history up to it was rewritten"
                )
                return VerifyResult(False, checked, row, head, problem)
        head = Head(last_seq, last_hash)
        if anchor is not None and anchor.seq > head.seq:
            problem = (
                f"the chain ends at seq {head.seq}, before the head {anchor}: "
                f"rows were removed from the end"
            )
            return VerifyResult(False, checked, None, head, problem)
        if anchor is not None and anchor.seq == 0 and anchor.hash != GENESIS_HASH:
            return VerifyResult(False, checked, None, head, f"{anchor} is not a head of any chain")
        return VerifyResult(True, checked, None, head)


_CURSORS = itertools.count(1)  # names of server-side cursors, one per read


def driver_rows(conn: Connection, query: sa.Select[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a query as the driver's own tuples, streamed in pages (a server-side
    cursor on PostgreSQL): SQLAlchemy's row objects cost as much as the reading itself.

    For queries of plain columns (integers, text): the driver hands them back as stored,
    without the conversions SQLAlchemy's types would apply. Dates may be bound."""
    dialect = conn.dialect
    compiled = query.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    values = compiled.construct_params()
    as_text = dialect.name == "sqlite"  # SQLite stores dates as ISO text

    def bind(value: Any) -> Any:
        return value.isoformat() if as_text and isinstance(value, dt.date) else value

    params: Any
    if compiled.positional:
        params = tuple(bind(values[name]) for name in compiled.positiontup or ())
    else:
        params = {name: bind(value) for name, value in values.items()}
    driver = conn.connection.driver_connection
    assert driver is not None
    server_side = dialect.name == "postgresql"
    cursor = driver.cursor(name=f"rows_{next(_CURSORS)}") if server_side else driver.cursor()
    try:
        cursor.execute(compiled.string, params)
        while page := cursor.fetchmany(PAGE):
            yield from page
    finally:
        cursor.close()


def driver_date(value: dt.date | str) -> dt.date:
    """A date column as `driver_rows` gives it: SQLite's is ISO text."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _filtered(
    query: sa.Select[Any],
    *,
    known_on: dt.datetime | None = None,
    types: Sequence[str] = (),
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    search: str | None = None,
) -> sa.Select[Any]:
    """The filters every read shares; `search` is a case-insensitive LIKE over payload and id."""
    if known_on is not None:
        query = query.where(events.c.recorded_at <= known_on)
    if types:
        query = query.where(events.c.type.in_(list(types)))
    if date_from is not None:
        query = query.where(events.c.date >= date_from)
    if date_to is not None:
        query = query.where(events.c.date <= date_to)
    if search:
        escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        query = query.where(
            events.c.payload.ilike(pattern, escape="\\") | events.c.id.ilike(pattern, escape="\\")
        )
    return query


def _as_date(value: object) -> dt.date:
    """A date column read through DISTINCT: SQLite may hand back ISO text, PostgreSQL a date."""
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def insert_rows(conn: Connection, rows: Sequence[StoredRow], progress: Progress | None) -> None:
    """Insert stored rows as they are (a copy of a store), through the driver."""
    insert = Inserter(conn)
    bind_date, bind_at = insert.bind_date, insert.bind_at
    for start in range(0, len(rows), INSERT_CHUNK):
        chunk = rows[start : start + INSERT_CHUNK]
        insert(
            [
                (r.seq, r.id, r.type, bind_date(r.date), bind_at(r.recorded_at), r.payload, r.hash)
                for r in chunk
            ]
        )
        if progress:
            progress(len(chunk))
