"""The README shows real output: every `$ tracker ...` block matches the command run today."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "readme_examples.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("readme_examples", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_readme_shows_the_questions_the_issue_asks_about() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [example.command for example in load().examples(text)]
    assert any(c.startswith("tracker show ") for c in commands)
    assert any("--sources" in c for c in commands)
    assert any("--csv" in c for c in commands)
    assert any("--ours" in c and "--with" in c for c in commands)


def test_every_shown_output_is_the_real_output() -> None:
    """If this fails, run `python scripts/readme_examples.py --write` and read the diff."""
    result = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr


def test_the_excerpt_rules_can_fail() -> None:
    module = load()
    real = ["a", "b", "c", "d"]
    assert module.matches(["a", "b", "c", "d"], real)
    assert module.matches(["a", "...", "d"], real)
    assert module.matches(["a", "...", "c", "..."], real)
    assert not module.matches(["a", "...", "x", "..."], real)
    assert not module.matches(["a", "b"], real)
    assert not module.matches(["b", "..."], real)
    assert module.refreshed(["a", "...", "z"], ["a", "b", "c"]) == ["a", "...", "c"]
    assert module.matches(["a...", "...", "d"], ["abc", "b", "c", "d"])
    assert module.matches(["x: ...; y: 2"], ["x: 1; y: 2"])
    assert not module.matches(["x: ...; y: 2"], ["x: 1; y: 3"])
