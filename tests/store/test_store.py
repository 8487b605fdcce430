"""The store contract, written once and run on every backend (a SQLite file, PostgreSQL).

Append-only in the database itself, atomic batches, idempotent ids, a hash chain.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.backends import raw_database
from tracker.errors import ConflictingId, StoreUnavailable
from tracker.store import NewEvent, Store


def row(event_id: str, payload: str = '{"a":1}', generated: bool = False) -> NewEvent:
    return NewEvent(event_id, "note", dt.date(2025, 1, 1), payload, generated)


@pytest.fixture
def raw_store(store_url: str) -> Iterator[Store]:
    opened = Store.open(store_url)
    yield opened
    opened.close()


def test_rows_come_back_in_append_order_with_aware_utc_times(raw_store: Store) -> None:
    raw_store.append([row("a"), row("b")])
    raw_store.append([row("c")])
    rows = list(raw_store.read())
    assert [(r.seq, r.id) for r in rows] == [(1, "a"), (2, "b"), (3, "c")]
    assert all(r.recorded_at.tzinfo is not None for r in rows)
    assert all(r.recorded_at.utcoffset() == dt.timedelta(0) for r in rows)
    assert rows[0].recorded_at <= rows[2].recorded_at


def test_the_same_id_and_payload_is_skipped(raw_store: Store) -> None:
    raw_store.append([row("a")])
    result = raw_store.append([row("a"), row("b")])
    assert result.skipped == ("a",)
    assert [r.id for r in result.appended] == ["b"]
    assert raw_store.count() == 2


def test_a_conflicting_id_writes_nothing_of_the_batch(raw_store: Store) -> None:
    raw_store.append([row("a")])
    with pytest.raises(ConflictingId) as caught:
        raw_store.append([row("b"), row("a", '{"a":2}')])
    assert caught.value.event_id == "a"
    assert [r.id for r in raw_store.read()] == ["a"]


def test_generated_ids_are_made_unique_and_stay_idempotent(raw_store: Store) -> None:
    raw_store.append([row("2025-01-01-x", '{"a":1}', True), row("2025-01-01-x", '{"a":2}', True)])
    assert [r.id for r in raw_store.read()] == ["2025-01-01-x", "2025-01-01-x-2"]
    again = raw_store.append([row("2025-01-01-x", '{"a":2}', True)])
    assert again.skipped == ("2025-01-01-x-2",)
    assert raw_store.count() == 2


def test_generated_ids_take_as_many_numbered_variants_as_a_batch_needs(raw_store: Store) -> None:
    """Variants are looked up by exact id, a few at a time: a long run must still number on."""
    base = "2025-01-01-x"
    raw_store.append([row(base, f'{{"n":{n}}}', True) for n in range(1, 11)])
    raw_store.append([row(f"{base}-prefix", '{"other":1}')])  # shares the prefix, not a variant
    again = raw_store.append([row(base, f'{{"n":{n}}}', True) for n in (5, 11, 12)])
    assert again.skipped == (f"{base}-5",)
    assert [r.id for r in again.appended] == [f"{base}-11", f"{base}-12"]
    ids = [r.id for r in raw_store.read()]
    assert ids == [base, *(f"{base}-{n}" for n in range(2, 11)), f"{base}-prefix",
                   f"{base}-11", f"{base}-12"]  # fmt: skip


def test_dry_run_writes_nothing(raw_store: Store) -> None:
    result = raw_store.append([row("a")], dry_run=True)
    assert [r.id for r in result.appended] == ["a"]
    assert raw_store.count() == 0


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE events SET payload = '{}' WHERE id = 'a'",
        "UPDATE events SET date = '1999-01-01'",
        "DELETE FROM events WHERE id = 'a'",
        "DELETE FROM events",
    ],
)
def test_the_database_itself_refuses_update_and_delete(
    raw_store: Store, store_url: str, statement: str
) -> None:
    raw_store.append([row("a")])
    with raw_database(store_url) as raw, pytest.raises(raw.error, match="append-only"):
        raw.execute(statement)  # a second connection, not the API
    assert [r.payload for r in raw_store.read()] == ['{"a":1}']


def forged(seq: int, event_id: str, backend: str) -> str:
    moment = "2025-01-01 00:00:00" + ("+00" if backend == "postgresql" else ".000000")
    return f"({seq}, '{event_id}', 'note', '2025-01-01', '{moment}', '{{}}', 'forged')"


WAYS_ROUND = {
    "sqlite": [
        "REPLACE INTO events VALUES {a1}",
        "INSERT OR REPLACE INTO events VALUES {a1}",
        "INSERT OR REPLACE INTO events VALUES {a9}",
        "INSERT OR REPLACE INTO events VALUES {z1}",
        "INSERT INTO events VALUES {a9} ON CONFLICT (id) DO UPDATE SET payload = excluded.payload",
        "INSERT INTO events VALUES {z2} ON CONFLICT (seq) DO UPDATE SET payload = excluded.payload",
        "UPDATE OR REPLACE events SET seq = 1 WHERE id = 'b'",
        "INSERT INTO events VALUES {z0}",
    ],
    "postgresql": [
        "INSERT INTO events VALUES {a9} ON CONFLICT (id) DO UPDATE SET payload = excluded.payload",
        "INSERT INTO events VALUES {z2} ON CONFLICT (seq) DO UPDATE SET payload = excluded.payload",
        "TRUNCATE events",
        "TRUNCATE events CASCADE",
        "MERGE INTO events e USING (SELECT 'a' AS id) s ON e.id = s.id "
        "WHEN MATCHED THEN UPDATE SET payload = '{{}}'",
        "MERGE INTO events e USING (SELECT 'a' AS id) s ON e.id = s.id WHEN MATCHED THEN DELETE",
        "INSERT INTO events VALUES {z0}",
    ],
}


@pytest.mark.parametrize(
    ("backend", "statement"),
    [(backend, sql) for backend, statements in WAYS_ROUND.items() for sql in statements],
)
def test_the_database_refuses_every_way_round_append_only(
    raw_store: Store, store_url: str, backend: str, statement: str
) -> None:
    raw_store.append([row("a"), row("b")])
    before = list(raw_store.read())
    rows = {f"{i}{seq}": forged(seq, i, backend) for i in "az" for seq in (0, 1, 2, 9)}
    sql = statement.format(**rows)  # {a1}: a forged row with id 'a' at seq 1
    with raw_database(store_url) as raw, pytest.raises(raw.error, match="append-only"):
        raw.execute(sql)
    assert list(raw_store.read()) == before
    assert raw_store.verify().ok


def test_the_hash_chain_verifies(raw_store: Store) -> None:
    raw_store.append([row("a"), row("b")])
    raw_store.append([row("c")])
    result = raw_store.verify()
    assert result.ok
    assert result.checked == 3


@pytest.mark.parametrize(
    ("statement", "broken_id"),
    [
        ("UPDATE events SET payload = '{\"a\":9}' WHERE id = 'b'", "b"),
        ("UPDATE events SET recorded_at = '2020-01-01 00:00:00.000000' WHERE id = 'a'", "a"),
        ("DELETE FROM events WHERE id = 'b'", "c"),
    ],
)
def test_a_tampered_row_breaks_the_chain(
    raw_store: Store, store_url: str, statement: str, broken_id: str
) -> None:
    raw_store.append([row("a"), row("b"), row("c")])
    with raw_database(store_url) as raw:
        raw.disable_append_only()
        raw.execute(statement)
    result = raw_store.verify()
    assert not result.ok
    assert result.broken_at is not None
    assert result.broken_at.id == broken_id


def test_a_file_that_is_not_a_database_is_unavailable(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreUnavailable, match=r"junk\.db"):
        Store.open(f"sqlite:///{junk}")


WRITER = """
import datetime as dt, sys
from tracker.store import NewEvent, Store
store = Store.open(sys.argv[1])
for i in range(40):
    store.append([NewEvent(f"{sys.argv[2]}-{i}", "note", dt.date(2025, 1, 1), "{}")])
"""


def test_two_writers_wait_for_each_other_instead_of_failing(store_url: str) -> None:
    Store.open(store_url).close()
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, store_url, name], stderr=subprocess.PIPE)
        for name in ("left", "right")
    ]
    errors = [w.communicate(timeout=120)[1].decode() for w in writers]
    assert [w.returncode for w in writers] == [0, 0], errors
    store = Store.open(store_url)
    assert store.count() == 80
    assert store.verify().ok
    store.close()
