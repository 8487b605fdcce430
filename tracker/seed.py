"""Where the curated timeline lives: inside the wheel, or `events/` in a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGED = "_seed_events"  # the wheel carries events/ here (see pyproject.toml)


def seed_dir() -> Path:
    """The folder of `*.jsonl` seed files: packaged data first, then the source tree."""
    packaged = resources.files("tracker") / PACKAGED
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "events"


def seed_files() -> list[Path]:
    return sorted(seed_dir().glob("*.jsonl"))
