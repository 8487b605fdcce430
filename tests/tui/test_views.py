"""Views 2-6 driven by their keys across real boundaries of the seed timeline."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from typing import Any

import pytest
from textual.widgets import DataTable, OptionList

from tests.tui.conftest import SIZE, app_at, settle
from tracker.api import Tracker
from tracker.tui.app import TrackerApp
from tracker.tui.screens.choose import ChooseScreen
from tracker.tui.views.table import TableView
from tracker.tui.widgets.step_chart import StepChart

D = dt.date


def view(app: TrackerApp, name: str) -> TableView:
    return app.query_one(f"#{name}", TableView)


def row(app: TrackerApp, name: str, key: str) -> dict[str, str]:
    """The cells of one row as shown: header -> text (marks included)."""
    table = view(app, name).table
    cells = table.get_row(key)
    return {
        str(column.label): str(cell)
        for column, cell in zip(table.ordered_columns, cells, strict=True)
    }


async def choose_country(pilot: Any, app: TrackerApp, code: str) -> None:
    await pilot.press("c")
    await settle(pilot)
    assert isinstance(app.screen, ChooseScreen)
    options = app.screen.query_one(OptionList)
    options.highlighted = [option.id for option in options.options].index(code)
    await pilot.press("enter")
    await settle(pilot)


async def test_korean_cars_go_from_25_to_a_15_percent_floor_marked_as_they_change(
    seeded: Tracker,
) -> None:
    app = app_at(seeded, "2025-11-20")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await choose_country(pilot, app, "KR")
        cars = row(app, "tariffs", "US/*/autos-232")
        assert (cars["status"], cars["rate"]) == ("in effect", "25 %")
        tariffs = view(app, "tariffs")
        tariffs.table.move_cursor(row=tariffs.table.get_row_index("US/*/autos-232"))
        await pilot.press("a", *"2025-12-01", "enter")
        await settle(pilot)
        assert row(app, "tariffs", "US/*/autos-232")["rate"] == "25 %"
        await pilot.press("right_square_bracket")  # 2025-12-03: the cut is published
        await settle(pilot)
        assert app.cursor.as_of == D(2025, 12, 3)
        selected = tariffs.selected()  # the cars line stays selected, now Korea's own
        assert selected is not None and tariffs.row_key(selected) == "US/KR/autos-232"
        cars = row(app, "tariffs", "US/KR/autos-232")
        assert cars["rate"] == "▼ 15 % floor"  # down, and marked for this step
        assert cars["since"].endswith("2025-11-01")
        assert "since 2025-12-01" in str(view(app, "tariffs").query_one(".view-status").render())
        await pilot.press("a", *"2025-12-10", "enter")
        await settle(pilot)
        assert row(app, "tariffs", "US/KR/autos-232")["rate"] == "15 % floor"  # no longer moving


async def test_the_reciprocal_line_is_paused_on_20_april_2025(seeded: Tracker) -> None:
    app = app_at(seeded, "2025-04-20")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        line = row(app, "tariffs", "US/KR/reciprocal")
        assert (line["status"], line["rate"], line["paused to"]) == ("paused", "10 %", "2025-07-09")
        assert row(app, "tariffs", "US/*/reciprocal")["status"] == "in effect"


async def test_the_selected_line_is_charted_with_the_as_of_date(seeded: Tracker) -> None:
    app = app_at(seeded, "2025-12-10")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await choose_country(pilot, app, "KR")
        table = view(app, "tariffs").table
        table.move_cursor(row=table.get_row_index("US/KR/autos-232"))
        await settle(pilot)
        chart = app.query_one(StepChart)
        assert chart.steps is not None
        rates = [(s.start, s.rate_pct) for s in chart.steps.steps if s.rate_pct is not None]
        assert (D(2025, 4, 3), 25) in rates and (D(2025, 12, 3), 15) in rates
        drawn = chart.render().plain
        assert "US on KR, autos-232" in drawn and "▲" in drawn and "25 %" in drawn


def greer(store: Tracker, day: dt.date) -> Any:
    return next(r for r in store.meetings(as_of=day) if r.counterpart == "Jamieson Greer")


async def test_greers_count_goes_up_on_the_day_of_a_meeting(seeded: Tracker) -> None:
    day = D(2025, 5, 15)  # Cheong meets Greer in Jeju
    before = seeded.previous_event_dates(day)[0]
    count = greer(seeded, before).count
    assert greer(seeded, day).count == count + 1  # the seed's fact this test stands on
    app = app_at(seeded, before.isoformat())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await settle(pilot)
        assert row(app, "meetings", "Jamieson Greer")["count"] == str(count)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.cursor.as_of == day
        shown = row(app, "meetings", "Jamieson Greer")
        assert (shown["count"], shown["last"]) == (f"▲ {count + 1}", "● 2025-05-15")
        table = view(app, "meetings").table
        table.move_cursor(row=table.get_row_index("Jamieson Greer"))
        await settle(pilot)
        held = app.query_one("#held", DataTable)
        assert held.row_count == count + 1
        assert str(held.get_row_at(0)[0]) == "2025-05-15"  # the latest first


async def test_meetings_ahead_show_under_those_held_and_titles_get_the_width(
    seeded: Tracker,
) -> None:
    """On 22 July 2025 the 2+2 of the 25th is scheduled; on the 23rd it was called off."""
    app = app_at(seeded, "2025-07-22")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await settle(pilot)
        table = view(app, "meetings").table
        table.move_cursor(row=table.get_row_index("Jamieson Greer"))
        await settle(pilot)
        upcoming = app.query_one("#upcoming", DataTable)
        assert app.query_one("#upcoming-pane").display and upcoming.row_count == 1
        assert str(upcoming.get_row_at(0)[0]) == "2025-07-25"
        held = app.query_one("#held", DataTable)
        assert held.region.width == upcoming.region.width > SIZE[0] - 4  # one above the other
        titles = [str(held.get_row_at(index)[2]) for index in range(held.row_count)]
        longest = max(len(title) for title in titles)
        assert held.ordered_columns[2].width >= min(longest, SIZE[0] - 40)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.cursor.as_of == D(2025, 7, 23)
        assert not app.query_one("#upcoming-pane").display
        title = str(app.query_one("#held-title").render())
        assert (
            title.startswith("Meetings with Jamieson Greer") and "nothing scheduled ahead" in title
        )


async def test_a_status_too_long_for_80_columns_wraps_rather_than_being_cut(
    seeded: Tracker,
) -> None:
    app = app_at(seeded, "2020-01-01")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        status = view(app, "tariffs").query_one(".view-status")
        text = str(status.render())
        assert text.startswith("No tariff lines as of 2020-01-01") and "Press ] to go there" in text
        assert status.size.height == 2  # the whole of it, on two lines


async def test_targets_show_status_gap_and_how_far_the_figure_got(seeded: Tracker) -> None:
    app = app_at(seeded, "2025-01-02")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot)
        target = row(app, "targets", "South Korean government/exports.total/2024")
        assert (target["status"], target["actual"], target["gap"]) == (
            "missed",
            "$683.8bn",
            "-$16.2bn",
        )
        assert target["progress"].startswith("█████████▊") and target["progress"].endswith("98 %")


async def test_records_move_and_appear_with_the_one_they_beat(seeded: Tracker) -> None:
    app = app_at(seeded, "2024-12-31")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        assert row(app, "records", "exports.total")["period"] == "2022"
        await pilot.press("right_square_bracket")  # 2025-01-01: 2024 beats 2022
        await settle(pilot)
        record = row(app, "records", "exports.total")
        assert (record["period"], record["value"]) == ("● 2024", "▲ $683.8bn")
        assert record["previous"] == "● 2022: $683.6bn"
        assert record["beat by"] == "▲ +$200.0m (+0.03 %)"
        await pilot.press("a", *"2025-01-24", "enter")
        await settle(pilot)
        assert "exports.arms" not in [key.value for key in view(app, "records").table.rows]
        await pilot.press("right_square_bracket")  # 2025-01-25: arms exports' record
        await settle(pilot)
        assert row(app, "records", "exports.arms")["metric"] == "+ exports.arms"


async def test_d_picks_the_date_the_diff_compares_with(seeded: Tracker) -> None:
    app = app_at(seeded, "2025-08-07")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await settle(pilot)
        assert "2025-07-07 → 2025-08-07" in str(
            view(app, "diff").query_one(".view-status").render()
        )
        await pilot.press("d", *"2025-04-24", "enter")
        await settle(pilot)
        reciprocal = row(app, "diff", "tariffs/US/KR/reciprocal")
        assert reciprocal["change"] == "changed"
        assert "rate: 10 % -> 15 %" in reciprocal["detail"]
        await pilot.press("left_curly_bracket")  # the picked date stays as the cursor moves
        await settle(pilot)
        status = str(view(app, "diff").query_one(".view-status").render())
        assert "2025-04-24 → 2025-07-07" in status


async def test_only_the_visible_view_reads_and_a_hidden_one_reads_when_shown(
    seeded: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dt.date] = []
    tariffs = seeded.tariffs

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs["as_of"])
        return tariffs(*args, **kwargs)

    monkeypatch.setattr(seeded, "tariffs", counted)
    app = app_at(seeded, "2025-04-20")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert calls == []
        await pilot.press("2")
        await settle(pilot)
        assert calls == [app.cursor.as_of]


async def test_an_answer_for_a_date_already_left_is_dropped(
    seeded: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    tariffs = seeded.tariffs
    release = threading.Event()
    april_read = threading.Event()

    def held_for_april(*args: Any, **kwargs: Any) -> Any:
        if kwargs["as_of"] == D(2025, 4, 20):
            release.wait(10)  # the store answers April only after the user has moved on
            april_read.set()
        return tariffs(*args, **kwargs)

    monkeypatch.setattr(seeded, "tariffs", held_for_april)
    app = app_at(seeded, "2025-04-20")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        app.move_to(D(2025, 8, 7))
        for _ in range(200):  # August is read while April still waits
            await pilot.pause(0.02)
            if view(app, "tariffs").shown is not None:
                break
        release.set()
        assert await asyncio.to_thread(april_read.wait, 10)
        await settle(pilot)
        tariffs_view = view(app, "tariffs")
        assert tariffs_view.shown == (app.cursor, None)
        assert (
            row(app, "tariffs", "US/KR/reciprocal")["rate"] == "15 %"
        )  # unmarked: April never showed
