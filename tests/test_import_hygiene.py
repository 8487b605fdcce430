"""The pure core imports no database, terminal or CLI library (the layering of DESIGN.md)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("sqlalchemy", "textual", "click")


@pytest.mark.parametrize("module", ["tracker.model", "tracker.codec", "tracker.render"])
def test_the_core_leaves_heavy_libraries_unloaded(module: str) -> None:
    code = f"import sys, {module}; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_api_does_not_load_the_terminal_ui() -> None:
    code = "import sys, tracker; tracker.open; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
