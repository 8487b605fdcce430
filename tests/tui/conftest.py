"""The app under test: the real factory over a real SQLite file holding the seed timeline."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerState

import tracker
from tests.examples import example
from tracker.api import Tracker
from tracker.tui.app import TrackerApp, make_app
from tracker.tui.views.base import View
from tracker.tui.widgets.clock_bar import ClockBar

SIZE = (120, 40)
BUSY = (WorkerState.PENDING, WorkerState.RUNNING)


@pytest.fixture(scope="session")
def seed_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The curated timeline in a store, built once; each test opens its own copy."""
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    with tracker.open(path) as store:
        store.seed()
        store.store.checkpoint()
    return path


@pytest.fixture
def seeded(seed_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Tracker]:
    """A private copy of the seeded store, opened by a relative name (the header shows it)."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(seed_file, tmp_path / "seed.db")
    with tracker.open("seed.db") as store:
        yield store


def app_at(store: Tracker, day: str, known_on: dt.datetime | None = None) -> TrackerApp:
    return make_app(store, as_of=dt.date.fromisoformat(day), known_on=known_on)


def header(app: TrackerApp) -> str:
    return app.query_one(ClockBar).render().plain


PATIENCE = 120.0  # seconds: a machine shared by many is slow, never this slow


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every read in flight has landed and its messages were handled
    (however loaded the machine: the limit is in seconds, not in tries)."""
    clock = asyncio.get_running_loop()
    deadline = clock.time() + PATIENCE
    while clock.time() < deadline:
        await pilot.pause()
        views = pilot.app.query(View)
        idle = not any(worker.state in BUSY for worker in pilot.app.workers)
        if idle and all(view.settled for view in views):
            await pilot.pause()
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the app's reads did not finish")


async def wait_until(pilot: Pilot[None], done: Callable[[], bool]) -> bool:
    """Let the app run until `done()` holds (True) or PATIENCE runs out (False)."""
    clock = asyncio.get_running_loop()
    deadline = clock.time() + PATIENCE
    while not done():
        if clock.time() > deadline:
            return False
        await pilot.pause(0.05)
    return True


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking caret would make screenshots differ from one run to the next."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "cursor_blink", False)


def misspelt_note(store: Tracker, reason: str = "typo") -> None:
    """A note appended with a misspelt title, then corrected by a later append."""
    store.append([example("note", id="wrong", date="2025-05-01", title="Talks in Seol")])
    fix = {
        "type": "event.corrected",
        "id": "fix",
        "date": "2025-05-03",
        "title": "Spelling",
        "target": "wrong",
        "changes": {"title": "Talks in Seoul"},
        "reason": reason,
    }
    store.append([fix])
