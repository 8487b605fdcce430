"""What a tracker database holds, and how a store is recognised before anything is written.

The `events` table is the log; `tracker_meta` names the application and the
schema version. Opening a store first looks without writing: a file that is
not SQLite, a database holding another application's tables, or a schema
version this code does not know is refused and left exactly as it was. Only
an empty database is given the schema, under a lock (SQLite's write lock,
PostgreSQL's advisory lock), so any number of processes may open a new store
at once. A store written before versions existed (an `events` table of ours
without `tracker_meta`) is adopted as version 1.

Tables beside `events` (caches of derived state) may be added freely: a store
missing one of the tables below gets it, under the same lock. A change that
older code could misread raises `SCHEMA_VERSION`.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from tracker.errors import StoreBusy, StoreUnavailable

APPLICATION = "tracker"
SCHEMA_VERSION = 1
SQLITE_HEADER = b"SQLite format 3\x00"
_ADVISORY_LOCK = 0x7472_6163_6B65_72  # "tracker": one schema creator at a time, per database
WAL_SWITCH_SECONDS = 60  # how long opening a new SQLite store tries to switch it to WAL
WRITE_OPTION = "tracker_write"  # execution option: take the write lock when the transaction begins
READ_ONLY_OPTION = "tracker_read_only"  # engine option: the database refuses every write


def is_read_only(engine: Engine) -> bool:
    """Whether the store was opened read-only: nothing, not even a cache, may be written."""
    return bool(engine.get_execution_options().get(READ_ONLY_OPTION))


class UTCDateTime(sa.types.TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps them as naive text)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: sa.Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("recorded_at must be timezone-aware")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


metadata = sa.MetaData()
events = sa.Table(
    "events",
    metadata,
    sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column("id", sa.String(200), nullable=False, unique=True),
    sa.Column("type", sa.String(40), nullable=False),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("recorded_at", UTCDateTime, nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Index("ix_events_date", "date"),
    sa.Index("ix_events_type", "type"),
    sa.Index("ix_events_recorded_at", "recorded_at"),
)
meta = sa.Table(
    "tracker_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)
# Caches of derived state (see tracker.statecache): rebuilt from `events` at will, so
# they may be deleted from; the append-only refusals stay on `events` alone.
_KEY = sa.String(200)
cache_meta = sa.Table(
    "cache_meta",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),  # the last event folded into the cache
)
cache_corrections = sa.Table(
    "cache_corrections",
    metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("target", _KEY, primary_key=True, index=True),  # as stored, or as corrected
)
cache_tariff_events = sa.Table(
    "cache_tariff_events",
    metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("event_id", _KEY, nullable=False),
    sa.Column("touched_seq", sa.BigInteger, nullable=False, index=True),  # its last correction
    sa.Column("applies_to", _KEY),  # the line of the effective event; null once retracted
    sa.Column("imposed_by", _KEY),
    sa.Column("measure", _KEY),
    sa.Column("date", sa.Date),
    sa.Column("event", sa.Text),  # the effective event's payload
    sa.Index("ix_cache_tariff_events_line", "applies_to", "imposed_by", "measure"),
)
cache_tariff_states = sa.Table(
    "cache_tariff_states",
    metadata,
    sa.Column("applies_to", _KEY, primary_key=True),
    sa.Column("imposed_by", _KEY, primary_key=True),
    sa.Column("measure", _KEY, primary_key=True),
    sa.Column("date", sa.Date, primary_key=True),
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False, index=True),
    sa.Column("event_id", _KEY, nullable=False),
    sa.Column("state", sa.LargeBinary, nullable=False),  # the line's reading view after it
)
cache_meetings = sa.Table(
    "cache_meetings",
    metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("event_id", _KEY, nullable=False),
    sa.Column("touched_seq", sa.BigInteger, nullable=False, index=True),  # its last correction
    sa.Column("type", sa.String(32)),  # the effective event's; null once retracted
    sa.Column("date", sa.Date),
    sa.Column("for_date", sa.Date),  # a scheduling's or cancellation's
    sa.Column("scheduled", _KEY),  # the scheduling a cancellation names
    sa.Column("title", sa.Text),
    sa.Column("format", sa.String(32)),
    sa.Column("ours", sa.Text),  # the people on each side, as JSON
    sa.Column("theirs", sa.Text),
    sa.Column("event", sa.Text),  # a scheduling's or cancellation's effective payload
    sa.Index("ix_cache_meetings_when", "type", "date", "seq"),
)
cache_figures = sa.Table(
    "cache_figures",
    metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("event_id", _KEY, nullable=False),
    sa.Column("touched_seq", sa.BigInteger, nullable=False, index=True),  # its last correction
    sa.Column("type", sa.String(32)),  # the effective event's; null once retracted
    sa.Column("date", sa.Date),
    sa.Column("metric", sa.Text),
    sa.Column("period", sa.String(16)),
    sa.Column("period_end", sa.Date),
    sa.Column("unit", sa.Text),
    sa.Column("set_by", sa.Text),  # a target's
    sa.Column("all_time_high", sa.Boolean),  # a figure's
    sa.Column("event", sa.Text),  # the effective payload, when a correction changed it
    sa.Index("ix_cache_figures_when", "type", "date", "seq"),
)
EVENT_COLUMNS = frozenset(column.name for column in events.columns)

# The database itself refuses to change history: (name, DDL) of each trigger, per backend.
# The DDL goes through the driver with parameters, so a literal % is written %%.
# Rows may only be added after the last one: SQLite's REPLACE (and INSERT OR REPLACE,
# upserts) deletes the row it conflicts with without firing DELETE triggers, so the
# insert itself is refused when its seq or id is taken, or its seq is not past the end.
_ONLY_AFTER_THE_LAST = "events is append-only: a row may only be added after the last one"
_TRIGGERS: dict[str, list[tuple[str, str]]] = {
    "sqlite": [
        *(
            (
                f"events_no_{op.lower()}",
                f"CREATE TRIGGER IF NOT EXISTS events_no_{op.lower()} BEFORE {op} ON events "
                f"BEGIN SELECT RAISE(ABORT, 'events is append-only: {op} is not allowed'); END",
            )
            for op in ("UPDATE", "DELETE")
        ),
        (
            "events_only_after_last",
            "CREATE TRIGGER IF NOT EXISTS events_only_after_last BEFORE INSERT ON events "
            "WHEN NEW.seq <= (SELECT max(seq) FROM events) "
            "OR EXISTS (SELECT 1 FROM events WHERE id = NEW.id) "
            f"BEGIN SELECT RAISE(ABORT, '{_ONLY_AFTER_THE_LAST}'); END",
        ),
    ],
    "postgresql": [
        (
            "",
            """CREATE OR REPLACE FUNCTION events_append_only() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'events is append-only: %% is not allowed', TG_OP; END $$""",
        ),
        (
            "",
            f"""CREATE OR REPLACE FUNCTION events_only_after_last() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.seq <= (SELECT max(seq) FROM events) THEN
                    RAISE EXCEPTION '{_ONLY_AFTER_THE_LAST}';
                END IF;
                RETURN NEW;
            END $$""",
        ),
        (
            "events_no_change",
            """CREATE OR REPLACE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events
            FOR EACH ROW EXECUTE FUNCTION events_append_only()""",
        ),
        (
            "events_no_truncate",
            """CREATE OR REPLACE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
            FOR EACH STATEMENT EXECUTE FUNCTION events_append_only()""",
        ),
        (
            "events_only_after_last",
            """CREATE OR REPLACE TRIGGER events_only_after_last BEFORE INSERT ON events
            FOR EACH ROW EXECUTE FUNCTION events_only_after_last()""",
        ),
    ],
}
BACKENDS = tuple(_TRIGGERS)  # where the refusals can be enforced: the only databases a store uses
_TRIGGER_QUERIES = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'",
    # A disabled trigger refuses nothing: it counts as missing, and is enabled again.
    "postgresql": "SELECT tgname FROM pg_trigger "
    "WHERE tgrelid = 'events'::regclass AND NOT tgisinternal AND tgenabled <> 'D'",
}


def prepare(engine: Engine, display: str) -> None:
    """Make sure the database is a tracker store of a known version, creating it if empty."""
    if engine.dialect.name == "sqlite":
        _check_sqlite_file(engine.url.database, display)
    with engine.connect() as conn:
        ready = _recognise(conn, display)
        conn.rollback()
    if not ready and is_read_only(engine):
        raise StoreUnavailable(
            f"cannot open store {display} read-only: it is empty or needs its tables "
            "completed; open it once without --read-only (left untouched)"
        )
    if not ready:
        with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_ADVISORY_LOCK)))
            if not _recognise(conn, display):
                _create(conn)
    if engine.dialect.name == "sqlite" and not is_read_only(engine):
        _use_wal(engine)


def _check_sqlite_file(database: str | None, display: str) -> None:
    """Refuse a file that is not SQLite before the driver opens it (and might write to it)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database).expanduser()
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except (FileNotFoundError, IsADirectoryError):
        return  # a new store, or the driver's own error
    except OSError as error:
        raise StoreUnavailable(f"cannot open store {display}: {error.strerror}") from None
    if header and header != SQLITE_HEADER:
        raise StoreUnavailable(
            f"cannot open store {display}: the file is not a SQLite database (left untouched)"
        )


def _recognise(conn: Connection, display: str) -> bool:
    """True if the database is a complete store of this version; False if it needs creating.

    Raises `StoreUnavailable` for anything else, having written nothing.
    """
    inspector = sa.inspect(conn)
    tables = set(inspector.get_table_names()) | set(inspector.get_view_names())
    if not tables:
        return False
    if meta.name in tables:
        info = {row.key: row.value for row in conn.execute(sa.select(meta.c.key, meta.c.value))}
        if info.get("application") != APPLICATION:
            raise _foreign(display, tables)
        _check_version(info.get("schema_version"), display)
    elif events.name in tables:
        columns = {column["name"] for column in inspector.get_columns(events.name)}
        if columns != EVENT_COLUMNS:
            raise StoreUnavailable(
                f"cannot open store {display}: it has an `events` table that is not a "
                "tracker's (left untouched)"
            )
        return False  # a store from before schema versions: adopt it
    else:
        raise _foreign(display, tables)
    if not set(metadata.tables) <= tables:
        return False
    triggers = set(conn.exec_driver_sql(_TRIGGER_QUERIES[conn.dialect.name]).scalars())
    return {name for name, _ in _TRIGGERS[conn.dialect.name] if name} <= triggers


def _check_version(version: str | None, display: str) -> None:
    if version == str(SCHEMA_VERSION):
        return
    newer = version is not None and version.isdigit() and int(version) > SCHEMA_VERSION
    advice = "upgrade tracker to open it" if newer else "this tracker cannot read it"
    raise StoreUnavailable(
        f"cannot open store {display}: its schema version is {version!r}, and this tracker "
        f"knows version {SCHEMA_VERSION} only ({advice}; left untouched)"
    )


def _foreign(display: str, tables: set[str]) -> StoreUnavailable:
    names = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
    return StoreUnavailable(
        f"cannot open store {display}: it holds another application's tables ({names}); "
        "a tracker store needs a database of its own (left untouched)"
    )


def _create(conn: Connection) -> None:
    """Create what is missing (all of it, for a new store), refusals included; stamp the version."""
    metadata.create_all(conn)
    for name, ddl in _TRIGGERS[conn.dialect.name]:
        conn.exec_driver_sql(ddl)
        if conn.dialect.name == "postgresql" and name:
            conn.exec_driver_sql(f"ALTER TABLE events ENABLE TRIGGER {name}")
    stamped = {row.key for row in conn.execute(sa.select(meta.c.key))}
    rows = [
        {"key": key, "value": value}
        for key, value in (("application", APPLICATION), ("schema_version", str(SCHEMA_VERSION)))
        if key not in stamped
    ]
    if rows:
        conn.execute(meta.insert(), rows)


def _use_wal(engine: Engine) -> None:
    """Readers never wait for the writer: switch a new store's file to write-ahead logging.

    Done after the schema check, never in the connect hook, so a file that is not
    ours is never switched; the mode is kept in the file, so once is enough. Outside
    any transaction, on the driver's connection, as SQLite requires. The switch needs
    the file to itself and SQLite does not wait for that, so it is tried again.
    """
    deadline = time.monotonic() + WAL_SWITCH_SECONDS
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        while cursor.execute("PRAGMA journal_mode").fetchone()[0] not in ("wal", "memory"):
            try:
                cursor.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode & 0xFF not in (
                    sqlite3.SQLITE_BUSY,
                    sqlite3.SQLITE_LOCKED,
                ):
                    raise
                if time.monotonic() > deadline:
                    raise StoreBusy(
                        f"cannot switch {engine.url.database} to WAL: {error}"
                    ) from None
                time.sleep(random.uniform(0.01, 0.05))
        cursor.close()
    finally:
        connection.close()
