"""An import killed with SIGKILL at 20 random moments, on every backend.

After each kill the store must open, pass SQLite's `integrity_check`, verify,
hold all of the file's events or none of them, and take the next append. The
moments are drawn (seeded) over the length of one uninterrupted import, so they
fall while the file is read, while rows are written and around the commit. Two
imports run at a time, one a core.

The everyday suite kills an import of 20,000 events; the 200,000-event run is
marked `slow` (`pytest -m slow`; CI runs it) since it takes minutes a backend.
`TRACKER_KILL_EVENTS` sets its size.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import sqlalchemy as sa

import tracker
from tests.backends import fresh_store_url

QUICK = 20_000
FULL = int(os.environ.get("TRACKER_KILL_EVENTS", "200000"))
KILLS = 20
AT_ONCE = 2
PEOPLE = ("Jamieson Greer", "Howard Lutnick", "Scott Bessent")


def synthetic(count: int, seed: int = 11) -> Iterator[dict[str, object]]:
    """Mostly notes and meetings, some figures and tariff decisions, over 25 years."""
    rng = random.Random(seed)
    for n in range(count):
        day = f"{2000 + n % 25}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        kind = rng.random()
        base: dict[str, object] = {"id": f"k-{n}", "date": day, "title": f"Event {n}"}
        if kind < 0.02:
            yield base | {"type": "tariff.announced", "imposed_by": "US", "applies_to": "KR",
                          "measure": rng.choice(("reciprocal", "autos-232")),
                          "rate_pct": rng.choice((10, 15, 25))}  # fmt: skip
        elif kind < 0.10:
            yield base | {"type": "figure.reported", "metric": "exports.total",
                          "period": day[:4], "value": rng.randrange(10**9, 10**12),
                          "unit": "USD"}  # fmt: skip
        elif kind < 0.40:
            yield base | {"type": "meeting.held", "ours": [{"name": "Yeo Han-koo"}],
                          "theirs": [{"name": rng.choice(PEOPLE)}]}  # fmt: skip
        else:
            yield base | {"type": "note", "body": "Kept whole, or not at all."}


@pytest.fixture(scope="module")
def event_file(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    """A JSON Lines file of `count` events, written once per size."""
    folder = tmp_path_factory.mktemp("kill")

    def of(count: int) -> Path:
        path = folder / f"events-{count}.jsonl"
        if not path.exists():
            with path.open("w", encoding="utf-8") as out:
                out.writelines(json.dumps(event) + "\n" for event in synthetic(count))
        return path

    return of


def start_import(url: str, path: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "tracker", "--url", url, "import", str(path)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def check_after(url: str, count: int, outcome: str) -> int:
    """The store opens, is sound, holds all or none of the file, and takes an append."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        assert parsed.database
        connection = sqlite3.connect(parsed.database)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)], outcome
        finally:
            connection.close()
    with tracker.open(url) as t:
        held = t.store.count()
        assert held in (0, count), f"{outcome}: {held} of {count} events stored"
        if held:
            assert t.store.get(["k-0", f"k-{count - 1}"]).keys() == {"k-0", f"k-{count - 1}"}
        after = {"type": "note", "date": "2026-01-01", "title": "after", "body": "still writable"}
        assert t.append([after]).appended, outcome
        result = t.verify()  # the whole chain: what the import left, and the append after it
        assert result.ok, (outcome, result.problem)
        assert result.checked == held + 1, outcome
    return held


def run_together(
    backend: str, folder: Path, name: str, path: Path, count: int, moments: list[float | None]
) -> list[tuple[float, int]]:
    """Imports into new stores at once, each killed at its moment (None: let it finish).

    Gives each one's (seconds it ran, events its store held after the kill).
    """
    with ExitStack() as stack:
        urls = [
            stack.enter_context(fresh_store_url(backend, folder, f"{name}-{n}.db"))
            for n in range(len(moments))
        ]
        started = time.monotonic()
        running = [start_import(url, path) for url in urls]
        ran = [0.0] * len(running)
        for n in sorted(range(len(running)), key=lambda n: moments[n] or float("inf")):
            moment = moments[n]
            if moment is None:
                _, error = running[n].communicate(timeout=1800)
                assert running[n].returncode == 0, error.decode()
            else:
                time.sleep(max(0.0, started + moment - time.monotonic()))
                running[n].send_signal(signal.SIGKILL)
                _, error = running[n].communicate(timeout=60)
                assert running[n].returncode in (0, -signal.SIGKILL), error.decode()
            ran[n] = time.monotonic() - started
        return [
            (
                seconds,
                check_after(url, count, f"{name}: killed at {moment:.2f} s" if moment else name),
            )
            for url, seconds, moment in zip(urls, ran, moments, strict=True)
        ]


@pytest.mark.parametrize(
    "count",
    [pytest.param(QUICK, id="20k"), pytest.param(FULL, id="full", marks=pytest.mark.slow)],
)
def test_an_import_killed_at_random_moments_leaves_all_or_nothing(
    backend: str, event_file: Callable[[int], Path], tmp_path: Path, count: int
) -> None:
    path = event_file(count)
    # Uninterrupted first, as many at once as the kills will run: how long one takes.
    whole = run_together(backend, tmp_path, "whole", path, count, [None] * AT_ONCE)
    assert [held for _, held in whole] == [count] * AT_ONCE
    duration = max(seconds for seconds, _ in whole)
    rng = random.Random(f"sigkill-{backend}-{count}")
    moments: list[float | None] = [rng.uniform(0.0, 1.05 * duration) for _ in range(KILLS)]
    outcomes = []
    for first in range(0, KILLS, AT_ONCE):
        chosen = moments[first : first + AT_ONCE]
        outcomes += run_together(backend, tmp_path, f"killed{first}", path, count, chosen)
    assert len(outcomes) == KILLS
    print(f"{backend}, {count} events, one import {duration:.1f} s; kept after each kill:",
          [held for _, held in outcomes])  # fmt: skip
