"""The wheel carries the curated timeline, so a non-editable install seeds too."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tracker.seed import seed_files

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_contains_every_seed_file(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("tracker-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"tracker/_seed_events/{path.name}" for path in (ROOT / "events").glob("*.jsonl")}
    assert expected, "events/ holds the curated timeline"
    assert expected <= names
    assert "tracker/py.typed" in names


def test_the_source_tree_finds_its_seed_files() -> None:
    assert [p.name for p in seed_files()] == sorted(
        p.name for p in (ROOT / "events").glob("*.jsonl")
    )
