"""Recognising a store before touching it: schema version, foreign tables, non-database files."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest

from tests.backends import raw_database
from tests.conftest import RunCli
from tracker.errors import StoreUnavailable
from tracker.schema import SCHEMA_VERSION
from tracker.store import NewEvent, Store


def note(event_id: str) -> NewEvent:
    return NewEvent(event_id, "note", dt.date(2025, 1, 1), '{"a":1}')


def tables(url: str) -> set[str]:
    with raw_database(url) as raw:
        if raw.backend == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = 'table'"
        else:
            query = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        return {name for (name,) in raw.rows(query)}


def test_a_new_store_records_its_application_and_schema_version(store_url: str) -> None:
    Store.open(store_url).close()
    with raw_database(store_url) as raw:
        info = dict(raw.rows("SELECT key, value FROM tracker_meta"))
    assert info == {"application": "tracker", "schema_version": str(SCHEMA_VERSION)}


@pytest.mark.parametrize(
    ("version", "advice"),
    [("2", "upgrade tracker"), ("999", "upgrade tracker"), ("0", "cannot read"), ("x", "cannot")],
)
def test_an_unknown_schema_version_is_refused_and_left_alone(
    store_url: str, version: str, advice: str
) -> None:
    store = Store.open(store_url)
    store.append([note("a")])
    store.close()
    with raw_database(store_url) as raw:
        raw.execute(f"UPDATE tracker_meta SET value = '{version}' WHERE key = 'schema_version'")
    with pytest.raises(StoreUnavailable, match=f"schema version is '{version}'.*{advice}"):
        Store.open(store_url)
    with raw_database(store_url) as raw:
        assert raw.rows("SELECT value FROM tracker_meta WHERE key = 'schema_version'") == [
            (version,)
        ]
        assert raw.rows("SELECT count(*) FROM events") == [(1,)]


OTHER_APPLICATIONS = {
    "other-tables": ["CREATE TABLE invoices (number INTEGER, total TEXT)"],
    "other-events-table": [
        "CREATE TABLE events (id INTEGER PRIMARY KEY, what TEXT)",
        "INSERT INTO events VALUES (1, 'x')",
    ],
    "other-application": [
        "CREATE TABLE tracker_meta (key TEXT, value TEXT)",
        "INSERT INTO tracker_meta VALUES ('application', 'other')",
    ],
}


@pytest.mark.parametrize(
    "statements", list(OTHER_APPLICATIONS.values()), ids=list(OTHER_APPLICATIONS)
)
def test_another_applications_database_is_refused_and_left_alone(
    store_url: str, statements: list[str]
) -> None:
    with raw_database(store_url) as raw:
        for statement in statements:
            raw.execute(statement)
    before = tables(store_url)
    with pytest.raises(StoreUnavailable, match="left untouched") as caught:
        Store.open(store_url)
    assert "\n" not in str(caught.value)
    assert tables(store_url) == before


def test_a_store_from_before_schema_versions_is_adopted(store_url: str) -> None:
    store = Store.open(store_url)
    store.append([note("a"), note("b")])
    store.close()
    with raw_database(store_url) as raw:
        raw.execute("DROP TABLE tracker_meta")
    store = Store.open(store_url)
    assert [r.id for r in store.read()] == ["a", "b"]
    assert store.verify().ok
    store.close()
    assert "tracker_meta" in tables(store_url)


def test_a_store_missing_its_refusals_gets_them_back_on_opening(store_url: str) -> None:
    Store.open(store_url).close()
    with raw_database(store_url) as raw:
        raw.disable_append_only()
    store = Store.open(store_url)
    store.append([note("a")])
    with raw_database(store_url) as raw, pytest.raises(raw.error, match="append-only"):
        raw.execute("DELETE FROM events")
    store.close()


def fingerprint(path: Path) -> tuple[str, list[str]]:
    """The file's bytes, and every file beside it (a -wal or -journal would show here)."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(
        p.name for p in path.parent.iterdir()
    )


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_bytes(b"this is not sqlite\n" * 100)
    before = fingerprint(junk)
    with pytest.raises(StoreUnavailable, match=r"notes\.txt.*not a SQLite database"):
        Store.open(f"sqlite:///{junk}")
    assert fingerprint(junk) == before


def test_another_applications_sqlite_file_keeps_its_journal_mode(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, what TEXT)")
    connection.commit()
    connection.close()
    before = fingerprint(other)
    with pytest.raises(StoreUnavailable, match="not a tracker's"):
        Store.open(f"sqlite:///{other}")
    assert fingerprint(other) == before
    connection = sqlite3.connect(other)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    connection.close()


def test_other_databases_than_sqlite_and_postgresql_are_refused() -> None:
    with pytest.raises(StoreUnavailable, match="SQLite file or a PostgreSQL database, not mysql"):
        Store.open("mysql+pymysql://localhost/tracker")


@pytest.mark.parametrize("content", [b"PK\x03\x04 a zip file", b"SQLite format 2\x00 old"])
def test_the_command_line_refuses_a_foreign_file_in_one_line_with_exit_3(
    run_cli: RunCli, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "data.db"
    path.write_bytes(content * 50)
    before = fingerprint(path)
    for command in (["log"], ["import", "-"]):
        result = run_cli("--db", str(path), *command, stdin="")
        assert result.returncode == 3
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1
        assert result.stderr.startswith(f"Error: cannot open store {path}: ")
    assert fingerprint(path) == before
