"""The default store: private to its owner, and created once however many start at once."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import tracker
from tracker.api import default_db_path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def run(*args: str) -> subprocess.Popen[str]:
    """The real command, under the most common umask, which would leave files world-readable."""
    return subprocess.Popen(
        [sys.executable, "-m", "tracker", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        umask=0o022,
    )


def finish(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return out


def test_the_default_store_and_the_folders_made_for_it_are_the_owners_only(
    isolated_home: Path,
) -> None:
    data = Path(os.environ["XDG_DATA_HOME"])
    assert not data.exists()
    finish(run("log", "--limit", "1"))  # first use: creates and seeds it
    path = default_db_path()
    assert path.parent.parent == data
    assert (mode(data), mode(path.parent), mode(path)) == (0o700, 0o700, 0o600)
    assert sorted(p.name for p in path.parent.iterdir()) == ["tracker.db"]  # no partial left
    with tracker.open() as t:  # open and writing: the write-ahead log and index too
        t.append([{"type": "note", "date": "2025-01-01", "title": "private", "body": "."}])
        beside = {p.name: mode(p) for p in path.parent.iterdir()}
    assert beside == dict.fromkeys(["tracker.db", "tracker.db-shm", "tracker.db-wal"], 0o600)


def test_folders_that_were_there_already_keep_their_modes(isolated_home: Path) -> None:
    data = Path(os.environ["XDG_DATA_HOME"])
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    finish(run("log", "--limit", "1"))
    assert (mode(data), mode(data / "tracker"), mode(default_db_path())) == (0o755, 0o700, 0o600)


def test_first_uses_at_once_keep_every_append_and_seed_once(isolated_home: Path) -> None:
    notes = [
        {"id": f"first-{n}", "type": "note", "date": "2025-01-01", "title": f"n{n}", "body": "."}
        for n in range(4)
    ]
    files = [isolated_home / f"note{n}.json" for n in range(len(notes))]
    for path, note in zip(files, notes, strict=True):
        path.write_text(json.dumps(note), encoding="utf-8")
    running = [run("append", str(path)) for path in files]
    for process, note in zip(running, notes, strict=True):
        assert finish(process) == f"{note['id']}\n"
    with tracker.open() as t:
        ids = [record.id for record in t.events()]
        assert t.verify().ok
    with tracker.open(isolated_home / "seeded-once.db") as fresh:
        seeded = len(fresh.seed().appended)
    assert sorted(i for i in ids if i.startswith("first-")) == [n["id"] for n in notes]
    assert len(ids) == len(set(ids)) == seeded + len(notes)
    assert sorted(p.name for p in default_db_path().parent.iterdir()) == ["tracker.db"]
