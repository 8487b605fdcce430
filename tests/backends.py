"""The databases the store contract runs on: a SQLite file and a PostgreSQL database.

PostgreSQL tests need a server whose user may create databases, named by
`TRACKER_TEST_POSTGRES_URL`; `.ci/with-postgres pytest` starts a throwaway one.
Without it they skip, unless `TRACKER_TEST_REQUIRE_POSTGRES=1` (set in CI), when a
missing server is a failure. Every test gets a database of its own, dropped after.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

POSTGRES_URL_ENV = "TRACKER_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "TRACKER_TEST_REQUIRE_POSTGRES"
BACKENDS = ("sqlite", "postgresql")


def postgres_server_url() -> str:
    """The test server's URL; a skip without one, or a failure where one is required."""
    url = os.environ.get(POSTGRES_URL_ENV)
    if url:
        return url
    message = f"no PostgreSQL server: set {POSTGRES_URL_ENV} (or run .ci/with-postgres pytest)"
    if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """A new, empty database on the test server; dropped (connections and all) afterwards."""
    server = sa.make_url(postgres_server_url())
    name = f"tracker_test_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@contextmanager
def fresh_store_url(backend: str, folder: Path, name: str = "store.db") -> Iterator[str]:
    """The URL of a store that does not exist yet, on one backend."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / name}"
    else:
        with fresh_postgres_database() as url:
            yield url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A new store's URL on each backend in turn: the contract tests take this."""
    with fresh_store_url(backend, tmp_path) as url:
        yield url


class RawDatabase:
    """A plain driver connection beside the tracker's, as another program would open one."""

    def __init__(self, url: str) -> None:
        parsed = sa.make_url(url)
        self.backend = parsed.get_backend_name()
        self.connection: Any
        if self.backend == "sqlite":
            assert parsed.database
            self.connection = sqlite3.connect(parsed.database)
            self.error: type[Exception] = sqlite3.DatabaseError
        else:
            import psycopg

            libpq = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
            self.connection = psycopg.connect(libpq)
            self.error = psycopg.Error

    def execute(self, statement: str) -> None:
        """Run one statement and commit it; on an error, roll back and raise it."""
        try:
            self.connection.execute(statement)
            self.connection.commit()
        except Exception:
            self.connection.rollback()
            raise

    def rows(self, query: str) -> list[tuple[Any, ...]]:
        rows = list(self.connection.execute(query).fetchall())
        self.connection.rollback()
        return rows

    def disable_append_only(self) -> None:
        """What someone with full rights can do: take the refusals away."""
        if self.backend == "sqlite":
            triggers = self.rows("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            for (name,) in triggers:
                self.execute(f'DROP TRIGGER "{name}"')
        else:
            self.execute("ALTER TABLE events DISABLE TRIGGER USER")

    def close(self) -> None:
        self.connection.close()


@contextmanager
def raw_database(url: str) -> Iterator[RawDatabase]:
    raw = RawDatabase(url)
    try:
        yield raw
    finally:
        raw.close()
