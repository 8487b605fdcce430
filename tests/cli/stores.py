"""Stores and terminals for CLI tests: a seeded store with corrections, a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import tracker

# Corrections appended to the seeded timeline, so `log` and `show` have something to mark.
FIX_VENUE = {
    "id": "2026-01-20-fix-venue",
    "type": "event.corrected",
    "date": "2026-01-20",
    "title": "The Yeo-Greer meeting was at the USTR offices",
    "target": "2026-01-13-yeo-greer",
    "changes": {"location": "USTR offices, Washington, D.C."},
    "reason": "the release names the USTR headquarters",
}
DROP_ITIF = {
    "id": "2026-01-20-drop-itif",
    "type": "event.retracted",
    "date": "2026-01-20",
    "title": "The ITIF visit was not a negotiation meeting",
    "target": "2026-01-13-yeo-itif",
    "reason": "a courtesy visit, not talks",
}


def seeded_store(path: Path, corrections: bool = True) -> Path:
    """The curated timeline in a real SQLite file, plus two corrections."""
    with tracker.open(path) as store:
        store.seed()
        if corrections:
            store.append([FIX_VENUE, DROP_ITIF])
    return path


def on_terminal(
    args: Sequence[str], columns: int, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """Run `tracker ARGS` with stdout on a pseudo-terminal `columns` wide.

    Returns the exit code, what the terminal showed, and stderr.
    """
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {}), "COLUMNS": str(columns), "LINES": "40"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    _, stderr = process.communicate(timeout=120)
    os.close(leader)
    shown = b"".join(chunks).decode().replace("\r\n", "\n")
    return process.returncode, shown, stderr.decode()
