"""Benchmark the event log at scale and print JSON.

    python scripts/bench.py --events 100000

Times, in one run on the same synthetic log: a bulk import through the API,
the same rows inserted with plain sqlite3 (the baseline: SQLite's own insert
rate), a full read of the log, and one as-of query per projection. Ratios
against the baseline are what to compare between machines and commits;
absolute seconds depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tracker

MEASURES = ("reciprocal", "autos-232", "steel-aluminium-232", "semiconductors-232")
COUNTRIES = ("KR", "JP", "CN", "EU", "*")
PEOPLE = ("Jamieson Greer", "Howard Lutnick", "Scott Bessent", "Donald Trump")


def synthetic_events(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """A mixed log: tariff decisions, meetings and reported figures over about 27 years."""
    rng = random.Random(seed)
    start = dt.date(2000, 1, 1)
    events: list[dict[str, Any]] = []
    for n in range(count):
        day = (start + dt.timedelta(days=rng.randrange(10_000))).isoformat()
        kind = rng.random()
        if kind < 0.4:
            events.append(
                {
                    "id": f"tariff-{n}",
                    "type": "tariff.announced",
                    "date": day,
                    "title": f"Tariff decision {n}",
                    "imposed_by": "US",
                    "applies_to": rng.choice(COUNTRIES),
                    "measure": rng.choice(MEASURES),
                    "rate_pct": rng.choice((10, 15, 25, 50)),
                }
            )
        elif kind < 0.7:
            events.append(
                {
                    "id": f"meeting-{n}",
                    "type": "meeting.held",
                    "date": day,
                    "title": f"Meeting {n}",
                    "ours": [{"name": "Yeo Han-koo"}],
                    "theirs": [{"name": rng.choice(PEOPLE)}],
                }
            )
        else:
            events.append(
                {
                    "id": f"figure-{n}",
                    "type": "figure.reported",
                    "date": day,
                    "title": f"Figure {n}",
                    "metric": "exports.total",
                    "period": day[:4],
                    "value": rng.randrange(10**9, 10**12),
                    "unit": "USD",
                }
            )
    return events


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def baseline_insert(path: Path, lines: list[str]) -> float:
    """Plain sqlite3, same pragmas, one transaction: the rate a store cannot beat."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(
        "CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT UNIQUE, payload TEXT)"
    )
    rows = [(n, f"e{n}", line) for n, line in enumerate(lines, start=1)]

    def insert() -> None:
        with connection:
            connection.executemany("INSERT INTO events VALUES (?, ?, ?)", rows)

    seconds = timed(insert)
    connection.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000, help="size of the log")
    args = parser.parse_args()
    events = synthetic_events(args.events)
    lines = [json.dumps(event) for event in events]
    as_of = dt.date(2015, 6, 30)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "events.jsonl"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        baseline = baseline_insert(Path(folder) / "baseline.db", lines)
        with tracker.open(Path(folder) / "tracker.db") as store:
            results: dict[str, Any] = {
                "events": args.events,
                "baseline_insert_s": round(baseline, 3),
                "import_s": round(timed(lambda: store.import_file(source)), 3),
                "read_log_s": round(timed(lambda: sum(1 for _ in store.events())), 3),
                "tariffs_as_of_s": round(timed(lambda: store.tariffs(as_of=as_of)), 3),
                "meetings_as_of_s": round(timed(lambda: store.meetings(as_of=as_of)), 3),
                "targets_as_of_s": round(timed(lambda: store.targets(as_of=as_of)), 3),
                "records_as_of_s": round(timed(lambda: store.records(as_of=as_of)), 3),
                "verify_s": round(timed(store.verify), 3),
            }
    results["import_vs_baseline"] = round(results["import_s"] / max(baseline, 1e-9), 1)
    results["tariffs_vs_baseline"] = round(results["tariffs_as_of_s"] / max(baseline, 1e-9), 1)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
