"""The example script appends through the public API, as a user's script would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tracker

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "append_meeting.py"


def test_append_meeting_script_appends_once(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    first = subprocess.run(
        [sys.executable, str(SCRIPT), "--db", str(db)], capture_output=True, text=True, check=True
    )
    assert first.stdout == "appended 2026-01-13-yeo-greer\n"
    again = subprocess.run(
        [sys.executable, str(SCRIPT), "--db", str(db)], capture_output=True, text=True, check=True
    )
    assert again.stdout == "already stored: 2026-01-13-yeo-greer\n"
    with tracker.open(db) as store:
        [meeting] = [r.event for r in store.events()]
    assert meeting.title == "Trade Minister Yeo Han-koo meets USTR Jamieson Greer"


def test_the_benchmark_prints_every_figure_as_one_json_object() -> None:
    """Only that it runs and reports every figure; speed is judged from its output, not here."""
    import json

    bench = SCRIPT.parent / "bench.py"
    result = subprocess.run(
        [sys.executable, str(bench), "--events", "300", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(result.stdout)
    assert figures["events"] == 300
    timed = {
        "import_eps", "raw_sqlite_eps", "import_ratio", "replay_s", "floor_s", "replay_ratio",
        "asof_ms_median", "asof_ms_p95", "asof_cold_ms", "checkpoint_speedup", "append_one_ms",
        "verify_s", "cli_start_s", "append_new_ms", "meetings_floor_ms", "meetings_floor_ratio",
        "sqlalchemy_import_s", "asof_tariffs_now_ms_median",
    }  # fmt: skip
    assert timed <= set(figures)
    assert all(figures[key] > 0 for key in timed)
    assert "tui_first_paint_s" in figures
    assert figures["asof_meetings_listed"] > 0  # the seeded log always has meetings by then
    assert {"import", "replay", "asof", "verify"} <= set(figures["peak_rss_mb"])
    assert "raw_sqlite_eps" in result.stderr  # the readable table
