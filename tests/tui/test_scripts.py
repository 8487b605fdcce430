"""The app's scripts: the README's picture is current, and the first-paint benchmark runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
README = SCRIPTS.parent / "README.md"


def test_the_readme_opens_with_the_picture_the_app_makes_today() -> None:
    sys.path.insert(0, str(SCRIPTS))
    try:
        from screenshot import PICTURE, screenshot  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(SCRIPTS))
    made = screenshot()
    assert made == PICTURE.read_text(encoding="utf-8"), "run scripts/screenshot.py"
    intro = README.read_text(encoding="utf-8").split("\n## ")[0]
    assert f"]({PICTURE.relative_to(README.parent)})" in intro


def test_the_first_paint_benchmark_reports_json() -> None:
    """Only that it runs and reports; how fast is read from its output, never judged here."""
    result = subprocess.run(
        [sys.executable, str(SCRIPTS / "bench_tui.py"), "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    figures = json.loads(result.stdout)
    assert figures["tui_first_paint_s"] > 0
    assert figures["peak_rss_mb"] > 0
