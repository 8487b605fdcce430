"""Benchmark the tracker on a realistic synthetic log; every figure beside its baseline.

    python scripts/bench.py --events 100000 [--json]

One run generates a log (see synthetic_log.py), imports it through the API,
appends a tail of late events and corrections in small batches, then measures
each figure beside a baseline taken in the same run on the same rows:

- import: events per second through `Tracker.import_file`, against stdlib
  sqlite3 inserting the same stored rows into a table of the store's shape
  with its indexes, in one transaction (`import_ratio` = ours / theirs); and
  the bound under it, parsing and validating alone (`validate_eps`);
- replay: a full replay of all four projections, against a stdlib scan and
  `json.loads` of every payload (`replay_ratio`); and the bound under it, the
  same scan decoding every payload into model events (`decode_s`);
- as-of queries (tariffs `--on` a country, and meetings) at 50 random dates
  and known-on moments, in process, against the same queries answered by a
  full replay (`checkpoint_speedup`); each kind's median apart, the tariff
  queries also known now (`asof_tariffs_now_ms_median`: stored states only,
  nothing re-folded), and targets and records at the first 10 of those
  dates and moments;
- meetings beside their floor: the answer lists every meeting held by the
  day, so its cost is bounded by reading those rows alone (stdlib sqlite3,
  `meetings_floor_ms`, at the same days; `asof_meetings_listed`, how many);
- CLI start-up and one CLI query beyond it, beside the bound under any query:
  importing SQLAlchemy (`sqlalchemy_import_s`);
- appending one event, with and without an id (a late tariff decision, which
  re-folds its line, `append_one_ms`), and an everyday one (a meeting held
  today, `append_new_ms`); `verify`; the app's first paint, where
  scripts/bench_tui.py exists.

Every process runs with Python's bytecode caches written, as `pip install`
writes them: where the environment sets PYTHONDONTWRITEBYTECODE, every start
would otherwise compile the package afresh and time that instead.

Each phase runs in its own process, so `peak_rss_mb` is that phase's own peak.
With `--json` the JSON object goes to stdout and the table to stderr. Speed
targets live here, never in the tests; absolute seconds depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from synthetic_log import COUNTRIES, synthetic_events

HERE = Path(__file__).resolve().parent
T = TypeVar("T")
TAIL_BATCHES = 20
QUERIES = 50
KIND_QUERIES = 10  # targets and records, beside the two kinds
ONLY = ("tariffs", "meetings")  # what the as-of queries ask
TARGETS = {  # the targets at 1,000,000 events: (key, comparison, bound)
    "asof_ms_median": ("<=", 50),
    "checkpoint_speedup": (">=", 500),
    "import_ratio": (">=", 0.5),
    "replay_ratio": ("<=", 2.0),
    "append_one_ms": ("<=", 1),
    "cli_start_s": ("<=", 0.15),
    "cli_query_s": ("<=", 0.25),
    "tui_first_paint_s": ("<=", 1.0),
}


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def answered(action: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[float, T]:
    """The seconds `action` took, and what it returned."""
    started = time.perf_counter()
    answer = action(*args, **kwargs)
    return time.perf_counter() - started, answer


def timed(action: Callable[..., object], *args: Any, **kwargs: Any) -> float:
    return answered(action, *args, **kwargs)[0]


def write_jsonl(path: Path, events: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for event in events:
            out.write(json.dumps(event) + "\n")


def generate(folder: Path, count: int) -> None:
    """The bulk of the log in one file, and a tail of late appends in small batches."""
    tail = min(max(count // 100, TAIL_BATCHES), 5_000)
    events = synthetic_events(count)
    write_jsonl(folder / "events.jsonl", (next(events) for _ in range(count - tail)))
    write_jsonl(folder / "tail.jsonl", events)


def store_url(folder: Path) -> str:
    return str(folder / "tracker.db")


# -- phases, each in its own process ----------------------------------------


def phase_import(folder: Path) -> dict[str, Any]:
    import tracker

    with tracker.open(store_url(folder)) as store:
        seconds = timed(store.import_file, folder / "events.jsonl")
        count = store.store.count()
        lines = (folder / "tail.jsonl").read_text(encoding="utf-8").splitlines()
        size = -(-len(lines) // TAIL_BATCHES)
        moments = []
        for start in range(0, len(lines), size):
            store.import_text("\n".join(lines[start : start + size]), "tail")
            moments.append(dt.datetime.now(dt.UTC).isoformat())
    (folder / "moments.json").write_text(json.dumps(moments[:-1]))
    return {"import_s": seconds, "import_eps": count / seconds} | validation_rate(folder)


def validation_rate(folder: Path, limit: int = 50_000) -> dict[str, Any]:
    """The bound on any import: parsing and validating events alone, nothing stored."""
    from tracker.codec import decode_event
    from tracker.jsontext import parse_json

    with (folder / "events.jsonl").open(encoding="utf-8") as lines:
        sample = [line for _, line in zip(range(limit), lines, strict=False)]
    seconds = timed(lambda: [decode_event(parse_json(line)) for line in sample])
    return {"validate_eps": len(sample) / seconds}


def phase_baseline(folder: Path) -> dict[str, Any]:
    """Stdlib sqlite3: the stored rows, into the store's own table shape and indexes."""
    source = sqlite3.connect(store_url(folder))
    ddl = [
        sql
        for (sql,) in source.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'events' AND type IN "
            "('table', 'index') AND sql IS NOT NULL ORDER BY type DESC"
        )
    ]
    columns = [row[1] for row in source.execute("PRAGMA table_info(events)")]
    rows = source.execute(f"SELECT {', '.join(columns)} FROM events ORDER BY seq").fetchall()
    source.close()
    target = folder / "baseline.db"
    connection = sqlite3.connect(target, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    for statement in ddl:
        connection.execute(statement)
    marks = ", ".join("?" * len(columns))

    def insert() -> None:
        connection.execute("BEGIN")
        connection.executemany(f"INSERT INTO events VALUES ({marks})", rows)
        connection.execute("COMMIT")

    seconds = timed(insert)
    connection.close()
    target.unlink()
    return {"raw_sqlite_eps": len(rows) / seconds}


def phase_floor(folder: Path) -> dict[str, Any]:
    """The replay floor, and the bound under it: decoding every payload into model events."""
    from tracker.stored import decode_stored

    def scan(decode: Callable[[str, str], object]) -> None:
        connection = sqlite3.connect(store_url(folder))
        for event_id, payload in connection.execute("SELECT id, payload FROM events"):
            decode(event_id, payload)
        connection.close()

    return {
        "floor_s": timed(scan, lambda _, payload: json.loads(payload)),
        "decode_s": timed(scan, decode_stored),
    }


def phase_replay(folder: Path) -> dict[str, Any]:
    import tracker

    day = dt.date(2026, 12, 31)
    with tracker.open(store_url(folder)) as store:
        seconds = timed(store.replay, day)
    return {"replay_s": seconds}


def _queries(folder: Path) -> list[tuple[dt.date, dt.datetime | None, str]]:
    moments = [
        dt.datetime.fromisoformat(m) for m in json.loads((folder / "moments.json").read_text())
    ]
    rng = random.Random(11)
    first = dt.date(1990, 1, 1)
    return [
        (
            first + dt.timedelta(days=rng.randrange(37 * 365)),
            rng.choice([*moments, None]) if moments else None,
            rng.choice(COUNTRIES),
        )
        for _ in range(QUERIES)
    ]


def phase_asof(folder: Path) -> dict[str, Any]:
    import tracker

    queries = _queries(folder)
    with tracker.open(store_url(folder)) as store:
        cold = []
        for day, known_on, country in queries[:3]:
            cold.append(timed(store.replay, day, known_on, on=country, only=ONLY))
        tariffs, meetings, targets, records, listed, now = [], [], [], [], [], []
        for day, known_on, country in queries:
            tariffs.append(timed(store.tariffs, day, known_on, on=country))
            now.append(timed(store.tariffs, day, None, on=country))  # stored states only
            seconds, rows = answered(store.meetings, day, known_on)
            meetings.append(seconds)
            listed.append(sum(row.count for row in rows))
        for day, known_on, _ in queries[:KIND_QUERIES]:
            targets.append(timed(store.targets, day, known_on))
            records.append(timed(store.records, day, known_on))
    connection = sqlite3.connect(store_url(folder))
    floor = [timed(_listed_meetings, connection, day) for day, _, _ in queries]
    connection.close()
    both = sorted(tariffs + meetings)
    median = statistics.median(both) * 1000
    return {
        "asof_ms_median": median,
        "asof_ms_p95": both[int(len(both) * 0.95) - 1] * 1000,
        "asof_tariffs_ms_median": statistics.median(tariffs) * 1000,
        "asof_tariffs_now_ms_median": statistics.median(now) * 1000,
        "asof_meetings_ms_median": statistics.median(meetings) * 1000,
        "asof_targets_ms_median": statistics.median(targets) * 1000,
        "asof_records_ms_median": statistics.median(records) * 1000,
        "asof_cold_ms": statistics.median(cold) * 1000,
        "checkpoint_speedup": statistics.median(cold) * 1000 / median,
        "asof_meetings_listed": statistics.median(listed),
        "meetings_floor_ms": statistics.median(floor) * 1000,
    }


def _listed_meetings(connection: sqlite3.Connection, day: dt.date) -> None:
    """The floor under a meetings answer: the meetings held by the day, read as plain rows
    by stdlib sqlite3 (on a connection already open, as the store's is), one Python tuple
    each, nothing grouped."""
    connection.execute(
        "SELECT event_id, date, title, format, theirs FROM cache_meetings "
        "WHERE type = 'meeting.held' AND date <= ?",
        (day.isoformat(),),
    ).fetchall()


def phase_append(folder: Path) -> dict[str, Any]:
    import tracker

    def note(n: int, with_id: bool) -> dict[str, Any]:
        day = dt.date(1995, 1, 1) + dt.timedelta(days=97 * n)  # late: dated among the log
        event = {"type": "tariff.announced", "date": day.isoformat(), "title": f"Late {n}",
                 "imposed_by": "US", "applies_to": "KR", "measure": "autos-232",
                 "rate_pct": 10 + n}  # fmt: skip
        return event | ({"id": f"late-{n}"} if with_id else {})

    today = dt.datetime.now(dt.UTC).date().isoformat()

    def held(n: int) -> dict[str, Any]:
        return {"type": "meeting.held", "date": today, "title": f"Met {n}",
                "ours": [{"name": "Yeo Han-koo", "country": "KR"}],
                "theirs": [{"name": "Jamieson Greer", "org": "USTR", "country": "US"}]}  # fmt: skip

    with tracker.open(store_url(folder)) as store:
        with_id = [timed(lambda n=n: store.append([note(n, True)])) for n in range(20)]
        without = [timed(lambda n=n: store.append([note(100 + n, False)])) for n in range(20)]
        new = [timed(lambda n=n: store.append([held(n)])) for n in range(20)]
    return {
        "append_one_ms": max(statistics.median(with_id), statistics.median(without)) * 1000,
        "append_one_id_ms": statistics.median(with_id) * 1000,
        "append_one_no_id_ms": statistics.median(without) * 1000,
        "append_new_ms": statistics.median(new) * 1000,
    }


def phase_verify(folder: Path) -> dict[str, Any]:
    import tracker

    with tracker.open(store_url(folder)) as store:
        seconds = timed(store.verify)
    return {"verify_s": seconds}


def phase_tui(folder: Path) -> dict[str, Any]:
    sys.path.insert(0, str(HERE))
    from bench_tui import first_paint_seconds  # type: ignore[import-not-found]

    return {"tui_first_paint_s": first_paint_seconds(f"sqlite:///{store_url(folder)}")}


PHASES: dict[str, Callable[[Path], dict[str, Any]]] = {
    "import": phase_import,
    "baseline": phase_baseline,
    "floor": phase_floor,
    "replay": phase_replay,
    "asof": phase_asof,
    "verify": phase_verify,
    "append": phase_append,
}


def installed_env() -> dict[str, str]:
    """This environment, with bytecode caches written as an installed package has them."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run_phase(name: str, folder: Path) -> dict[str, Any]:
    """One phase in a fresh process: its figures, and its own peak memory."""
    result = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--dir", str(folder)],
        capture_output=True, text=True, check=False, env=installed_env(),
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"bench phase {name} failed:\n{result.stderr}")
    figures: dict[str, Any] = json.loads(result.stdout)
    return figures


def tracker_command() -> list[str]:
    script = Path(sys.executable).with_name("tracker")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tracker"]


def command_seconds(args: list[str], runs: int = 5) -> float:
    """The median of `runs` runs, after one that writes the bytecode caches it needs."""
    env = installed_env()
    subprocess.run(args, capture_output=True, check=True, env=env)
    return statistics.median(
        timed(subprocess.run, args, capture_output=True, check=True, env=env) for _ in range(runs)
    )


def measure_cli(folder: Path) -> dict[str, Any]:
    command = tracker_command()
    start = command_seconds([*command, "--version"])
    query = [*command, "--db", store_url(folder), "tariffs", "--on", "KR", "--as-of",
             "2010-06-30", "--json"]  # fmt: skip
    bare = command_seconds([sys.executable, "-c", "pass"])
    database = command_seconds([sys.executable, "-c", "import sqlalchemy"]) - bare
    return {
        "cli_start_s": start,
        "cli_query_s": max(command_seconds(query) - start, 0.0),
        "sqlalchemy_import_s": max(database, 0.0),  # the bound under a query's start
    }


def run(count: int) -> dict[str, Any]:
    results: dict[str, Any] = {"events": count}
    peaks: dict[str, float] = {}
    folder = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    try:
        generate(folder, count)
        phases = list(PHASES)
        if (HERE / "bench_tui.py").exists():
            phases.append("tui")
        warm = "import tracker.api, tracker.cli, tracker.tui.app"  # writes the bytecode caches
        subprocess.run([sys.executable, "-c", warm], check=True, env=installed_env())
        for name in phases:
            print(f"bench: {name}", file=sys.stderr, flush=True)
            figures = run_phase(name, folder)
            peaks[name] = figures.pop("peak_rss_mb")
            results |= figures
        results |= measure_cli(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    results["import_ratio"] = results["import_eps"] / results["raw_sqlite_eps"]
    results["replay_ratio"] = results["replay_s"] / results["floor_s"]
    results["validate_ratio"] = results["validate_eps"] / results["raw_sqlite_eps"]
    results["decode_ratio"] = results["decode_s"] / results["floor_s"]
    results["meetings_floor_ratio"] = (
        results["asof_meetings_ms_median"] / results["meetings_floor_ms"]
    )
    results.setdefault("tui_first_paint_s", None)
    results["peak_rss_mb"] = peaks
    return {
        key: round(value, 3) if isinstance(value, float) else value
        for key, value in results.items()
    }


ROWS = [  # (figure, its baseline or None, the ratio or None)
    ("import_eps", "raw_sqlite_eps", "import_ratio"),
    ("validate_eps", "raw_sqlite_eps", "validate_ratio"),
    ("replay_s", "floor_s", "replay_ratio"),
    ("decode_s", "floor_s", "decode_ratio"),
    ("asof_ms_median", "asof_cold_ms", "checkpoint_speedup"),
    ("asof_ms_p95", None, None),
    ("asof_tariffs_ms_median", None, None),
    ("asof_tariffs_now_ms_median", None, None),
    ("asof_meetings_ms_median", "meetings_floor_ms", "meetings_floor_ratio"),
    ("asof_meetings_listed", None, None),
    ("asof_targets_ms_median", None, None),
    ("asof_records_ms_median", None, None),
    ("append_one_id_ms", None, None),
    ("append_one_no_id_ms", None, None),
    ("append_new_ms", None, None),
    ("verify_s", None, None),
    ("cli_start_s", None, None),
    ("cli_query_s", None, None),
    ("sqlalchemy_import_s", None, None),
    ("tui_first_paint_s", None, None),
]


def table(results: dict[str, Any]) -> str:
    def target(key: str | None) -> str:
        if key is None or key not in TARGETS:
            return ""
        comparison, bound = TARGETS[key]
        return f"{comparison} {bound}"

    lines = [f"{'figure':<26}{'value':>12}  {'baseline':<16}{'':>12}  {'ratio':>8}  target"]
    for figure, baseline, ratio in ROWS:
        value = results.get(figure)
        base = f"{results[baseline]:>12}" if baseline else ""
        lines.append(
            f"{figure:<26}{value if value is not None else '-':>12}  {baseline or '':<16}"
            f"{base:>12}  {results[ratio] if ratio else '':>8}  {target(ratio or figure)}"
        )
    peaks = ", ".join(f"{name} {mb:g}" for name, mb in results["peak_rss_mb"].items())
    lines.append(f"peak RSS (MB) per phase: {peaks}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000, help="size of the log")
    parser.add_argument("--json", action="store_true", help="print one JSON object to stdout")
    parser.add_argument("--phase", choices=[*PHASES, "tui"], help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        figures = (PHASES.get(args.phase) or phase_tui)(args.dir)
        print(json.dumps(figures | {"peak_rss_mb": peak_rss_mb()}))
        return
    results = run(args.events)
    if args.json:
        print(table(results), file=sys.stderr)
        print(json.dumps(results))
    else:
        print(table(results))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
