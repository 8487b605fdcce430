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


def test_the_benchmark_prints_its_figures_as_json() -> None:
    """Only that it runs and reports every figure; speed is judged from its output, not here."""
    import json

    bench = SCRIPT.parent / "bench.py"
    result = subprocess.run(
        [sys.executable, str(bench), "--events", "300"], capture_output=True, text=True, check=True
    )
    figures = json.loads(result.stdout)
    assert figures["events"] == 300
    expected = {"baseline_insert_s", "import_s", "tariffs_as_of_s", "import_vs_baseline"}
    assert expected <= set(figures)
    assert all(figures[key] >= 0 for key in expected)
