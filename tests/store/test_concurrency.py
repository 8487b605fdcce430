"""Many processes appending at once to a store that does not exist yet, on every backend."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import tracker
from tracker import store as store_module
from tracker.errors import ExitCode, StoreBusy
from tracker.store import NewEvent, Store

PROCESSES = 8
EVENTS_EACH = 2_000
BATCH_SIZES = (1, 7, 50, 142)  # 200 events a round: single events and bulk batches interleave

# Each child imports what it needs, says "ready" and waits for "go": they start together.
READY = """
import sys
print("ready", flush=True)
sys.stdin.readline()
"""

WRITER = (
    "import tracker, tracker.api"
    + READY
    + """
url, name, sizes, total = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
events = [
    {"id": f"{name}-{n}", "type": "note", "date": "2025-01-01", "title": f"{name} {n}", "body": "."}
    for n in range(total)
]
with tracker.open(url) as t:
    done = 0
    while done < total:
        for size in map(int, sizes.split(",")):
            t.append(events[done : done + size])
            done += size
"""
)


def start_together(scripts: list[list[str]], timeout: float) -> list[tuple[int, str, str]]:
    """Run `python -c` children that begin with READY, release them at once; (code, out, err)."""
    children = [
        subprocess.Popen(
            [sys.executable, "-c", *script],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for script in scripts
    ]
    for child in children:
        assert child.stdout is not None
        child.stdout.readline()
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    results = []
    for child in children:
        out, err = child.communicate(timeout=timeout)
        results.append((child.returncode, out, err))
    return results


def test_eight_writers_on_a_fresh_store_store_every_event_exactly_once(store_url: str) -> None:
    sizes = ",".join(map(str, BATCH_SIZES))
    results = start_together(
        [[WRITER, store_url, f"w{n}", sizes, str(EVENTS_EACH)] for n in range(PROCESSES)],
        timeout=600,
    )
    assert results == [(0, "", "")] * PROCESSES
    with tracker.open(store_url) as t:
        records = list(t.events())
        assert t.verify().ok
    assert [r.seq for r in records] == list(range(1, PROCESSES * EVENTS_EACH + 1))
    assert sorted(r.id for r in records) == sorted(
        f"w{p}-{n}" for p in range(PROCESSES) for n in range(EVENTS_EACH)
    )
    for p in range(PROCESSES):  # each writer's events in the order it appended them
        mine = [int(r.id.split("-")[1]) for r in records if r.id.startswith(f"w{p}-")]
        assert mine == list(range(EVENTS_EACH))


OPENER = (
    """
from tracker.store import Store
"""
    + READY
    + """
Store.open(sys.argv[1]).close()
"""
)


def test_processes_opening_a_new_store_at_the_same_moment_all_succeed(store_url: str) -> None:
    results = start_together([[OPENER, store_url]] * PROCESSES, timeout=120)
    assert results == [(0, "", "")] * PROCESSES
    with tracker.open(store_url) as t:
        assert t.verify().ok


def note(event_id: str) -> NewEvent:
    return NewEvent(event_id, "note", dt.date(2025, 1, 1), "{}")


def test_a_writer_held_up_longer_than_the_busy_timeout_tries_again(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 100)
    store = Store.open(f"sqlite:///{db_path}")
    holder = sqlite3.connect(db_path, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock for a while
    release = threading.Timer(0.5, holder.rollback)
    release.start()
    try:
        result = store.append([note("a")])
    finally:
        release.join()
        holder.close()
    assert [r.id for r in result.appended] == ["a"]
    assert store.count() == 1
    store.close()


def test_a_lock_that_never_ends_is_one_line_exit_3_and_nothing_written(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(store_module, "APPEND_ATTEMPTS", 2)
    store = Store.open(f"sqlite:///{db_path}")
    holder = sqlite3.connect(db_path)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreBusy, match="database is locked") as caught:
            store.append([note("a")])
    finally:
        holder.rollback()
        holder.close()
    assert caught.value.exit_code == ExitCode.STORE_UNAVAILABLE
    assert "\n" not in str(caught.value)
    assert store.count() == 0
    store.close()
