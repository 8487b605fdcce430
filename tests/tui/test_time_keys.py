"""Moving in time: every key of the time cursor, at real dates of the seed timeline."""

from __future__ import annotations

import datetime as dt

from tests.tui.conftest import SIZE, app_at, header, settle, wait_until
from tracker.api import Tracker
from tracker.moments import today
from tracker.tui.screens.prompt import PromptScreen
from tracker.tui.widgets.timeline_list import TimelineList

D = dt.date


def latest(store: Tracker) -> dt.date:
    """The date of the seed timeline's latest event (corrections aside)."""
    dates = store.event_dates()
    assert dates is not None
    return dates[1]


async def test_the_header_shows_both_clocks_the_data_and_the_store(seeded: Tracker) -> None:
    app = app_at(seeded, "2025-04-20")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = header(app)
        assert "as of 2025-04-20 Sun" in text
        assert "known on now" in text
        assert f"data through {latest(seeded)}" in text
        assert "store seed.db" in text


async def test_brackets_step_between_event_dates(seeded: Tracker) -> None:
    first, _, third = seeded.next_event_dates(D(2025, 4, 20), limit=3)
    back = seeded.previous_event_dates(third, limit=3)[2]
    app = app_at(seeded, "2025-04-20")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.cursor.as_of == first
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert app.cursor.as_of == third
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert app.cursor.as_of == back < D(2025, 4, 20)
        rows = app.query_one(TimelineList)
        assert rows.current is not None and rows.current.key.date == back


async def test_stepping_past_either_end_stays_put_and_says_so(seeded: Tracker) -> None:
    last = latest(seeded)
    app = app_at(seeded, last.isoformat())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.cursor.as_of == last
        assert any(f"No event after {last}" in n.message for n in app._notifications)


async def test_braces_move_a_month(seeded: Tracker) -> None:
    app = app_at(seeded, "2025-03-31")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_curly_bracket")
        assert app.cursor.as_of == D(2025, 4, 30)
        await pilot.press("left_curly_bracket", "left_curly_bracket")
        assert app.cursor.as_of == D(2025, 2, 28)


async def test_a_types_an_as_of_date_and_refuses_a_bad_one(seeded: Tracker) -> None:
    app = app_at(seeded, "2025-04-20")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"2025-13-01", "enter")  # typing replaces the date shown
        assert isinstance(app.screen, PromptScreen)  # still asking, with the reason
        assert "not an ISO date" in str(app.screen.query_one(".prompt-error").render())
        await pilot.press("ctrl+u", *"2025-12-10", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, PromptScreen)
        assert app.cursor.as_of == D(2025, 12, 10)
        await pilot.press("g", "escape")
        assert app.cursor.as_of == D(2025, 12, 10)


async def test_k_types_a_known_on_moment_and_shift_k_returns_to_now(seeded: Tracker) -> None:
    app = app_at(seeded, "2025-04-20")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("k", *"2025-01-01", "enter")
        await settle(pilot)
        assert app.cursor.known_on == dt.datetime(2025, 1, 1, 23, 59, 59, 999999, tzinfo=dt.UTC)
        assert "known on 2025-01-01 23:59:59Z" in header(app)
        # the seed is recorded as it was published: on 1 January 2025 it reached that day
        assert "data through 2025-01-01" in header(app)
        rows = app.query_one(TimelineList).window.rows
        assert rows and max(row.key.date for row in rows) <= D(2025, 1, 1)
        await pilot.press("k", "ctrl+u", *"2024-01-01", "enter")
        await settle(pilot)
        assert "data through no events" in header(app)
        text = "\n".join(app.query_one(TimelineList).render_line(y).text for y in range(4))
        assert "nothing was recorded by 2024-01-01 23:59:59Z" in text
        await pilot.press("K")
        await settle(pilot)
        assert app.cursor.known_on is None
        assert f"data through {latest(seeded)}" in header(app)


async def test_a_known_on_moment_in_the_future_is_refused(seeded: Tracker) -> None:
    app = app_at(seeded, "2025-04-20")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("k", *"2999-01-01", "enter")
        assert isinstance(app.screen, PromptScreen)
        assert "future" in str(app.screen.query_one(".prompt-error").render())


async def test_t_goes_to_today_and_shift_t_to_the_latest_event(seeded: Tracker) -> None:
    app = app_at(seeded, "2025-04-20")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("T")
        assert app.cursor.as_of == latest(seeded)
        await pilot.press("t")
        assert app.cursor.as_of == today()
        await settle(pilot)
        assert "after the latest event" in header(app)


async def test_space_plays_forward_until_pressed_again(seeded: Tracker) -> None:
    steps = seeded.next_event_dates(D(2025, 4, 20), limit=3)
    app = app_at(seeded, "2025-04-20")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        assert "playing" in header(app)
        visited = [app.cursor.as_of]

        def two_steps_seen() -> bool:  # every half second, or slower when reads are
            if app.cursor.as_of != visited[-1]:
                visited.append(app.cursor.as_of)
            return len(visited) == 3

        assert await wait_until(pilot, two_steps_seen), visited
        await pilot.press("space")
        await settle(pilot)
        assert "playing" not in header(app)
        assert visited[1:] == steps[: len(visited) - 1] and len(visited) == 3
        stopped_at = app.cursor.as_of
        await pilot.pause(0.7)
        assert app.cursor.as_of == stopped_at


async def test_playing_stops_at_the_latest_event(seeded: Tracker) -> None:
    last = latest(seeded)
    app = app_at(seeded, (last - dt.timedelta(days=1)).isoformat())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("space")
        assert await wait_until(pilot, lambda: not app.playing)
        await settle(pilot)
        assert app.cursor.as_of == last
        assert not app.playing
