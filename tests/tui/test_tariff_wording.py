"""The tariffs view says what the CLI says: promised cuts, every change ahead, the scope."""

from __future__ import annotations

from tests.tui.conftest import SIZE, app_at, settle
from tests.tui.test_views import choose_country, row
from tracker.api import Tracker


async def test_korean_cars_are_promised_15_percent_not_threatened(seeded: Tracker) -> None:
    app = app_at(seeded, "2025-11-20")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        cars = row(app, "tariffs", "US/KR/autos-232")
        assert cars["status"] == "promised"
        assert cars["threat"].startswith("promised 15 %")
        assert cars["products"].startswith("passenger vehicles")


async def test_korea_sees_its_25_percent_ahead_on_3_april_2025(seeded: Tracker) -> None:
    app = app_at(seeded, "2025-04-03")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await choose_country(pilot, app, "KR")
        line = row(app, "tariffs", "US/*/reciprocal")
        assert "25 % from 2025-04-09" in line["pending"]
        assert "10 % from 2025-04-05" in line["pending"]
