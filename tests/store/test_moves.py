"""Moving a store keeps its history: copy, backup, and the head that anchors the chain's tail."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tracker
from tests.backends import raw_database
from tests.conftest import RunCli
from tracker.api import Tracker
from tracker.errors import ChainBroken, TargetNotEmpty, TrackerError
from tracker.projections import rows_to_json
from tracker.store import GENESIS, Head, StoredRow, row_hash

DAYS = [dt.date(2025, 4, 5), dt.date(2025, 8, 7), dt.date(2026, 3, 31)]
MOMENTS = [dt.date(2025, 4, 6), dt.date(2025, 11, 1), None]  # known on; None: now


def rows(t: Tracker) -> list[StoredRow]:
    return list(t.store.read())


def answers(t: Tracker) -> list[Any]:
    """Every query, as of several days, as known on several moments."""
    found: list[Any] = []
    for day in DAYS:
        for moment in MOMENTS:
            found += [
                rows_to_json(t.tariffs(as_of=day, known_on=moment)),
                rows_to_json(t.meetings(as_of=day, known_on=moment)),
                rows_to_json(t.targets(as_of=day, known_on=moment)),
                rows_to_json(t.records(as_of=day, known_on=moment)),
            ]
    return found


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[Tracker]:
    with tracker.open(tmp_path / "source.db") as t:
        t.seed()
        yield t


def test_copy_sqlite_to_each_backend_and_back_keeps_every_row_and_answer(
    seeded: Tracker, store_url: str, tmp_path: Path
) -> None:
    original = rows(seeded)
    assert len({r.recorded_at for r in original}) > 10  # a history worth keeping
    there = seeded.copy_to(store_url)
    assert there.copied == len(original)
    assert there.head == Head(original[-1].seq, original[-1].hash)
    with tracker.open(store_url) as middle:
        assert rows(middle) == original
        assert answers(middle) == answers(seeded)
        back = middle.copy_to(tmp_path / "back.db")
    assert back.head == there.head
    with tracker.open(tmp_path / "back.db") as returned:
        assert rows(returned) == original
        assert returned.verify(there.head).ok
        assert answers(returned) == answers(seeded)


def test_copy_refuses_a_target_that_holds_events(seeded: Tracker, store_url: str) -> None:
    with tracker.open(store_url) as target:
        target.append([{"type": "note", "date": "2025-01-01", "title": "ours", "body": "."}])
        before = rows(target)
        with pytest.raises(TargetNotEmpty, match="already holds 1 events"):
            seeded.copy_to(store_url)
        assert rows(target) == before


def test_a_broken_source_is_not_copied_at_all(
    seeded: Tracker, tmp_path: Path, store_url: str
) -> None:
    source_url = f"sqlite:///{tmp_path / 'source.db'}"
    with raw_database(source_url) as raw:
        raw.disable_append_only()
        raw.execute("UPDATE events SET payload = '{}' WHERE seq = 200")
    with pytest.raises(ChainBroken, match="broken at seq 200"):
        seeded.copy_to(store_url)
    with tracker.open(store_url) as target:
        assert rows(target) == []


def remove_tail(url: str, count: int) -> None:
    with raw_database(url) as raw:
        raw.disable_append_only()
        raw.execute(f"DELETE FROM events WHERE seq > (SELECT max(seq) - {count} FROM events)")


def forge_last(url: str, t: Tracker) -> None:
    """Rewrite the last row and recompute its hash: what someone with write access can do."""
    *_, before, last = rows(t)
    forged = StoredRow(last.seq, last.id, last.type, last.date, last.recorded_at, '{"x":1}', "")
    digest = row_hash(before.hash, last.seq, forged, last.recorded_at)
    with raw_database(url) as raw:
        raw.disable_append_only()
        raw.execute(
            f"UPDATE events SET payload = '{{\"x\":1}}', hash = '{digest}' WHERE seq = {last.seq}"
        )


@pytest.mark.parametrize("tamper", ["remove the tail", "rewrite the last row"])
def test_a_kept_head_catches_what_the_chain_alone_cannot(store_url: str, tamper: str) -> None:
    with tracker.open(store_url) as t:
        t.append([{"type": "note", "date": "2025-01-01", "title": f"n{n}", "body": "."}
                  for n in range(5)])  # fmt: skip
        head = t.verify().head
        assert head.seq == 5
        if tamper == "remove the tail":
            remove_tail(store_url, 2)
            expected = "the chain ends at seq 3, before the head 5:.*removed from the end"
        else:
            forge_last(store_url, t)
            expected = "at seq 5 .* is not the one the head 5:.*rewritten"
        assert t.verify().ok  # the shorter or forged chain is whole in itself
        result = t.verify(head)
        assert not result.ok
        assert re.search(expected, result.problem), result.problem


def test_a_head_of_an_empty_store_is_the_genesis(store_url: str) -> None:
    with tracker.open(store_url) as t:
        assert t.verify().head == GENESIS
        assert t.verify(GENESIS).ok
        assert not t.verify(Head(0, "f" * 64)).ok


WRITER = """
import sys, tracker
with tracker.open(sys.argv[1]) as t:
    n = 0
    while True:
        t.append([{"type": "note", "date": "2025-01-01", "title": f"live {n}", "body": "."}
                  for _ in range(20)])
        n += 1
"""


def test_a_backup_of_a_live_store_is_consistent_and_private(
    seeded: Tracker, tmp_path: Path
) -> None:
    source = tmp_path / "source.db"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(source)])
    try:
        deadline = time.monotonic() + 60
        while seeded.store.count() < 400:  # the writer is under way
            assert writer.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        result = seeded.backup(tmp_path / "backup.db")
    finally:
        writer.kill()
        writer.wait()
    with tracker.open(tmp_path / "backup.db") as copy:
        copied = rows(copy)
        assert copy.verify(result.head).ok
    assert len(copied) == result.copied >= 400
    assert rows(seeded)[: len(copied)] == copied  # one moment of the live store, whole
    assert stat.S_IMODE(os.stat(tmp_path / "backup.db").st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_backup_never_overwrites(seeded: Tracker, tmp_path: Path) -> None:
    path = tmp_path / "there.db"
    path.write_text("precious")
    with pytest.raises(TrackerError, match="exists: a backup never overwrites"):
        seeded.backup(path)
    assert path.read_text() == "precious"


def test_the_commands_print_the_head_and_check_it(
    run_cli: RunCli, tmp_path: Path, store_url: str
) -> None:
    db = str(tmp_path / "a.db")
    assert run_cli("--db", db, "seed").returncode == 0
    verified = run_cli("--db", db, "verify")
    head = verified.stdout.strip()
    assert verified.returncode == 0 and Head.parse(head).seq > 100
    copied = run_cli("--db", db, "copy", "--to", store_url)
    assert (copied.returncode, copied.stdout.strip()) == (0, head), copied.stderr
    again = run_cli("--db", db, "copy", "--to", store_url)
    assert again.returncode == 1 and "already holds" in again.stderr
    backed = run_cli("--url", store_url, "backup", str(tmp_path / "b.db"))
    assert (backed.returncode, backed.stdout.strip()) == (0, head), backed.stderr
    assert run_cli("--db", str(tmp_path / "b.db"), "verify", "--head", head).returncode == 0
    remove_tail(store_url, 1)
    broken = run_cli("--url", store_url, "verify", "--head", head)
    assert broken.returncode == 4
    assert broken.stderr.startswith("Error: the chain ends at seq")
    assert run_cli("--url", store_url, "verify", "--head", "12:xyz").returncode == 2
