"""View 1, the timeline: the as-of row, filters, search, paging, marks and literal text."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import tracker
from tests.examples import example
from tests.tui.conftest import SIZE, app_at, misspelt_note, settle
from tracker.api import Tracker
from tracker.tui.app import make_app
from tracker.tui.screens.choose import TypesScreen
from tracker.tui.views.timeline import PAGE, TimelineView
from tracker.tui.widgets.timeline_list import TimelineList

D = dt.date


def timeline(app: object) -> TimelineList:
    return app.query_one(TimelineList)  # type: ignore[attr-defined, no-any-return]


def screen_text(rows: TimelineList) -> list[str]:
    return [rows.render_line(y).text for y in range(rows.size.height)]


async def test_the_cursor_opens_on_the_as_of_dates_last_event(seeded: Tracker) -> None:
    app = app_at(seeded, "2025-04-24")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = timeline(app)
        assert rows.current is not None
        assert rows.current.id == "2025-04-24-ahn-greer"
        on_the_day = [row.id for row in rows.window.rows if row.date == D(2025, 4, 24)]
        assert on_the_day == ["2025-04-24-2plus2", "2025-04-24-ahn-greer"]
        status = str(app.query_one("#timeline-status").render())
        everything = list(seeded.events(timeline=True))
        place = [r.id for r in everything].index("2025-04-24-ahn-greer") + 1
        assert f"event {place} of {len(everything)}" in status


async def test_the_cursor_row_is_drawn_in_the_cursors_colours_to_the_last_cell(
    seeded: Tracker,
) -> None:
    app = app_at(seeded, "2025-04-24")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = timeline(app)
        await pilot.press("up", "up", "up")  # off the as-of rows, which have a colour of their own
        assert rows.has_focus
        cursor = rows.get_component_rich_style("timeline--cursor").bgcolor
        y = rows.cursor - int(rows.scroll_y) + 1
        for line, expected in ((y, True), (y - 1, False)):
            strip = rows.render_line(line)
            backgrounds = {segment.style.bgcolor if segment.style else None for segment in strip}
            assert (backgrounds == {cursor}) is expected, (line, backgrounds)


async def test_a_step_marks_the_events_that_happened_in_it(seeded: Tracker) -> None:
    start = D(2025, 4, 9)
    [step] = seeded.next_event_dates(start)
    app = app_at(seeded, start.isoformat())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        rows = timeline(app)
        new = [line for line in screen_text(rows) if line[1:2] == "●"]
        in_step = [row for row in rows.window.rows if start < row.date <= step]
        assert new and len(new) == len(in_step)
        assert all(row.date.isoformat() in line for row, line in zip(in_step, new, strict=True))


async def test_f_keeps_only_the_chosen_types(seeded: Tracker) -> None:
    app = app_at(seeded, "2025-06-30")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert isinstance(app.screen, TypesScreen)
        selection = app.screen.query_one("SelectionList")
        selection.select("meeting.held")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        rows = timeline(app)
        assert rows.window.rows
        assert {row.type for row in rows.window.rows} == {"meeting.held"}
        assert rows.current is not None and rows.current.date <= D(2025, 6, 30)
        held = list(seeded.events(types=["meeting.held"]))
        assert f"of {len(held)}" in str(app.query_one("#timeline-status").render())


async def test_f_offers_a_withdrawn_threat_and_keeps_only_those(seeded: Tracker) -> None:
    seeded.append([example("tariff.threat_withdrawn", date="2025-06-20")])
    app = app_at(seeded, "2025-06-30")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert isinstance(app.screen, TypesScreen)
        selection = app.screen.query_one("SelectionList")
        selection.select("tariff.threat_withdrawn")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        rows = timeline(app)
        kept = rows.window.rows
        assert kept and {row.type for row in kept} == {"tariff.threat_withdrawn"}
        assert D(2025, 6, 20) in {row.date for row in kept}, "the one appended is among them"


async def test_search_finds_and_n_and_shift_n_walk_the_matches(seeded: Tracker) -> None:
    greer = [
        r.id
        for r in seeded.events(timeline=True, search="Jamieson Greer")
        if r.event.date > D(2025, 4, 9)
    ]
    app = app_at(seeded, "2025-04-09")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"Jamieson Greer", "enter")
        await settle(pilot)
        rows = timeline(app)
        assert rows.current is not None and rows.current.id == greer[0]
        assert rows.current.matched
        await pilot.press("n")
        await settle(pilot)
        assert rows.current.id == greer[1]
        await pilot.press("n", "N")
        await settle(pilot)
        assert rows.current.id == greer[1]
        assert "search: Jamieson Greer" in str(app.query_one("#timeline-status").render())


async def test_equals_moves_the_as_of_date_to_the_rows_date(seeded: Tracker) -> None:
    app = app_at(seeded, "2025-04-24")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("up", "up", "up")
        rows = timeline(app)
        assert rows.current is not None
        day = rows.current.date
        await pilot.press("equals_sign")
        await settle(pilot)
        assert app.cursor.as_of == day < D(2025, 4, 24)


async def test_the_timeline_pages_through_a_long_log_and_home_end_reach_its_ends(
    store: Tracker,
) -> None:
    events = [
        example("note", id=f"n{n:04}", date=(D(2020, 1, 1) + dt.timedelta(days=n)).isoformat())
        for n in range(3 * PAGE)
    ]
    store.append(events)
    app = make_app(store, as_of=D(2020, 1, 1))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = timeline(app)
        assert len(rows.window.rows) == PAGE + 1  # the first day's event, then a page after
        for _ in range(2 * PAGE // 30):
            await pilot.press("pagedown")
            await settle(pilot)
        assert rows.current is not None
        ids = [row.id for row in rows.window.rows]
        assert ids == sorted(ids) and len(ids) > PAGE + 1
        assert rows.current.id == f"n{rows.window.rows.index(rows.current):04}"
        await pilot.press("end")
        await settle(pilot)
        assert rows.current is not None and rows.current.id == f"n{3 * PAGE - 1:04}"
        await pilot.press("home")
        await settle(pilot)
        assert rows.current is not None and rows.current.id == "n0000"


async def test_store_text_is_shown_literally_and_controls_never_reach_the_screen(
    store: Tracker,
) -> None:
    title = "[SEOUL] talks [/] end [bold]x\x1b[31m"
    store.append([example("note", id="odd", date="2025-05-01", title=title)])
    app = make_app(store, as_of=D(2025, 5, 1))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = "\n".join(screen_text(timeline(app)))
        assert "[SEOUL] talks [/] end [bold]x\\x1b[31m" in lines
        assert "\x1b" not in lines


async def test_store_text_copied_or_searched_is_shown_literally_in_notices(store: Tracker) -> None:
    title = "[SEOUL] talks [/] end [bold]x"
    store.append([example("note", id="odd", date="2025-05-01", title=title)])
    app = make_app(store, as_of=D(2025, 5, 1))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard.startswith(title)
        await pilot.press("slash", *"[/] nowhere", "enter")
        await settle(pilot)
        rack = app.screen.get_child_by_id("textual-toastrack")
        shown = [toast.render().plain for toast in rack.query("Toast")]  # type: ignore[attr-defined]
        assert any(text.startswith(f"Copied\n{title}") for text in shown), shown
        assert "No event has '[/] nowhere'." in shown


async def test_corrected_and_retracted_events_are_marked(store: Tracker) -> None:
    misspelt_note(store)
    store.append([example("note", id="gone", date="2025-05-02", title="A rumour")])
    store.append(
        [
            {
                "type": "event.retracted",
                "id": "drop",
                "date": "2025-05-03",
                "title": "Not so",
                "target": "gone",
                "reason": "false",
            },
        ]
    )
    app = make_app(store, as_of=D(2025, 5, 3))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = {row.id: row for row in timeline(app).window.rows}
        assert rows["wrong"].status == "corrected" and rows["wrong"].title == "Talks in Seoul"
        assert rows["gone"].status == "retracted"
        assert rows["fix"].status == rows["drop"].status == "correction"
        lines = screen_text(timeline(app))
        assert any(line.startswith("✎") and "Talks in Seoul" in line for line in lines)
        assert any(line.startswith("✗") and "A rumour" in line for line in lines)


async def test_an_empty_store_says_so(store: Tracker) -> None:
    app = make_app(store, as_of=D(2025, 5, 1))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = "\n".join(screen_text(timeline(app)))
        assert "the store holds no events yet" in text


async def test_a_date_before_the_first_event_says_where_the_log_begins(seeded: Tracker) -> None:
    app = app_at(seeded, "1999-01-01")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = timeline(app)
        assert rows.current is not None and rows.current.date == D(2024, 6, 19)
        assert "before the first event (2024-06-19)" in str(app.query_one("ClockBar").render())


async def test_an_unreadable_store_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    with tracker.open(path) as store:
        store.append([example("note", id="fine", date="2025-05-01")])
    with sqlite3.connect(path) as raw:  # a row no version of the codec can read
        raw.execute(
            "INSERT INTO events (seq, id, type, date, recorded_at, payload, hash) "
            "VALUES (2, 'bad', 'note', '2025-05-02', '2025-05-02 00:00:00', '{not json', 'x')"
        )
    with tracker.open(path) as store:
        app = make_app(store, as_of=D(2025, 5, 2))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            notice = str(app.query_one(TimelineView).query_one(".notice").render())
            assert notice.startswith("Cannot read the store: ")
            assert app.is_running
