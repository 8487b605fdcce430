"""A store opened read-only: the database refuses writes, and answers stay whole."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
import sqlalchemy as sa

import tracker
from tests.backends import raw_database
from tests.examples import example
from tracker.errors import StoreMissing, StoreReadOnly, StoreUnavailable
from tracker.schema import metadata

CACHE_TABLES = [name for name in metadata.tables if name.startswith("cache_")]


def _seeded(url: str) -> None:
    with tracker.open(url) as writable:
        writable.seed()


def test_appends_are_refused_and_nothing_is_written(store_url: str) -> None:
    _seeded(store_url)
    with tracker.open(store_url, read_only=True) as reader:
        before = reader.store.count()
        with pytest.raises(StoreReadOnly, match="read-only"):
            reader.append([example("meeting.held", id="read-only-probe")])
        assert reader.store.count() == before
        assert reader.verify().ok


def test_the_database_itself_refuses_a_write_on_the_connection(store_url: str) -> None:
    _seeded(store_url)
    with (
        tracker.open(store_url, read_only=True) as reader,
        reader.store.engine.connect() as conn,
        pytest.raises(StoreReadOnly),
    ):
        conn.exec_driver_sql("CREATE TABLE probe (x INTEGER)")
    with raw_database(store_url) as raw:
        names = raw.rows(
            "SELECT name FROM sqlite_master WHERE name = 'probe'"
            if raw.backend == "sqlite"
            else "SELECT tablename FROM pg_tables WHERE tablename = 'probe'"
        )
    assert names == []


def test_a_cache_left_behind_is_not_written_and_answers_equal_a_writable_store(
    store_url: str,
) -> None:
    """Caches are the one thing reads may write: read-only, queries replay instead."""
    _seeded(store_url)
    with raw_database(store_url) as raw:  # caches may be emptied: as if never kept
        for name in CACHE_TABLES:
            raw.execute(f"DELETE FROM {name}")
    days = [dt.date(2025, 4, 5), dt.date(2025, 8, 7), dt.date(2026, 3, 1)]

    def answers(t: tracker.Tracker) -> list[object]:
        return [(t.tariffs(d, on="KR"), t.meetings(d), t.targets(d), t.records(d)) for d in days]

    with tracker.open(store_url, read_only=True) as reader:
        read_only = answers(reader)
        history = reader.history("2025-01-01-exports-2024-record")
    with raw_database(store_url) as raw:
        assert raw.rows("SELECT count(*) FROM cache_meta") == [(0,)]
    with tracker.open(store_url) as writable:  # catches the cache up, then answers from it
        assert answers(writable) == read_only
        assert writable.history("2025-01-01-exports-2024-record") == history
    with raw_database(store_url) as raw:
        assert raw.rows("SELECT count(*) FROM cache_meta") != [(0,)]


def test_a_read_only_sqlite_file_is_left_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    _seeded(str(path))

    def digest() -> str:
        return "".join(
            hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(tmp_path.iterdir())
        )

    before = digest()
    with tracker.open(path, read_only=True) as reader:
        reader.tariffs("2025-08-07")
        reader.meetings("2025-08-07")
        list(reader.log())
    assert digest() == before


def test_a_missing_store_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.db"
    with pytest.raises(StoreMissing):
        tracker.open(path, read_only=True)
    with pytest.raises(StoreMissing):
        tracker.open(f"sqlite:///{path}", read_only=True)
    assert not path.exists()


def test_an_empty_database_is_refused_untouched(backend: str, store_url: str) -> None:
    if backend == "sqlite":
        sa.create_engine(store_url).connect().close()  # an empty file
    with pytest.raises(StoreUnavailable, match="read-only"):
        tracker.open(store_url, read_only=True)
    with raw_database(store_url) as raw:
        tables = raw.rows(
            "SELECT name FROM sqlite_master"
            if raw.backend == "sqlite"
            else "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        )
    assert tables == []
