"""What each screen looks like at 120x40, as SVG snapshots (looked at before being accepted).

Update with `pytest tests/tui/test_snapshots.py --snapshot-update`, then look at the
SVGs (scripts/screenshot.py writes the README's picture the same way).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import SIZE, app_at, settle
from tracker.api import Tracker
from tracker.tui.views.table import TableView
from tracker.tui.views.tariffs import TariffsView

Compare = Callable[..., bool]
Step = str | Callable[[Pilot[Any]], Awaitable[None]]


def steps(*taken: Step) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Press keys (or run set-up steps) one at a time, letting each step's reads land."""

    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for step in taken:
            if isinstance(step, str):
                await pilot.press(step)
            else:
                await step(pilot)
            await settle(pilot)

    return run


def select(view: str, key: str) -> Step:
    async def move(pilot: Pilot[Any]) -> None:
        table = pilot.app.query_one(f"#{view}", TableView).table
        table.move_cursor(row=table.get_row_index(key))

    return move


async def korea(pilot: Pilot[Any]) -> None:
    """What `c` then choosing KR does (the list of countries grows with the seed)."""
    tariffs = pilot.app.query_one(TariffsView)
    tariffs.country = "KR"
    tariffs.reload()


CASES: dict[str, tuple[str, tuple[Step, ...]]] = {
    "timeline": ("2025-04-24", ("left_square_bracket", "right_square_bracket")),
    "tariffs": ("2025-12-01", ("2", korea, "]", select("tariffs", "US/KR/autos-232"))),
    "meetings": ("2025-05-14", ("3", select("meetings", "Jamieson Greer"), "]")),
    "targets": ("2026-03-12", ("4",)),
    "records": ("2025-12-31", ("5", "right_square_bracket")),
    "diff": ("2025-08-07", ("6",)),
    "help": ("2025-04-24", ("question_mark",)),
    "evidence": ("2025-04-20", ("2", select("tariffs", "US/KR/reciprocal"), "enter")),
}


@pytest.mark.parametrize("name", list(CASES))
def test_screen(snap_compare: Compare, seeded: Tracker, name: str) -> None:
    day, taken = CASES[name]
    assert snap_compare(app_at(seeded, day), terminal_size=SIZE, run_before=steps(*taken))
