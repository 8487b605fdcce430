"""From any row to its sources: the evidence screen, copy, export, the palette and help."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Static

from tests.tui.conftest import SIZE, app_at, misspelt_note, settle
from tests.tui.test_views import view
from tracker.api import Tracker
from tracker.tui.app import make_app
from tracker.tui.screens.evidence import EvidenceScreen
from tracker.tui.screens.help import HelpScreen
from tracker.tui.widgets.timeline_list import TimelineList

D = dt.date


def plain(renderable: object) -> str:
    from rich.console import Console

    console = Console(width=200, record=True)
    console.print(renderable)
    return console.export_text()


async def test_enter_on_a_row_lists_its_events_sources_urls_and_quotes(seeded: Tracker) -> None:
    app = app_at(seeded, "2026-01-13")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await settle(pilot)
        table = view(app, "meetings").table
        table.move_cursor(row=table.get_row_index("Jamieson Greer"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceScreen)
        texts = [plain(card.content) for card in app.screen.query(".evidence-card").results(Static)]
        greer_row = next(
            r for r in seeded.meetings(as_of=D(2026, 1, 13)) if r.counterpart == "Jamieson Greer"
        )
        assert len(texts) == len(greer_row.event_ids)
        greer = next(text for text in texts if "2026-01-13-yeo-greer" in text)
        record = seeded.history("2026-01-13-yeo-greer").record.event.source
        assert record is not None and record.quote
        assert record.quote[:60] in " ".join(greer.split())
        assert any("url" in text and "https://" in text for text in texts)
        row_text = plain(app.screen.query_one(".evidence-row", Static).content)
        assert "counterpart" in row_text and "Jamieson Greer" in row_text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, EvidenceScreen)
        assert view(app, "meetings").table.cursor_row == table.get_row_index("Jamieson Greer")


async def test_the_evidence_of_a_corrected_event_lists_its_correction(store: Tracker) -> None:
    misspelt_note(store, reason="typo in the city")
    app = make_app(store, as_of=D(2025, 5, 1))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.query_one(TimelineList).current is not None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceScreen)
        (card,) = [plain(c.content) for c in app.screen.query(".evidence-card").results(Static)]
        assert "✎ corrected" in card and "title   Talks in Seoul" in card
        assert "fix corrects it: title = Talks in Seoul (reason: typo in the city)" in card
        assert "no longer counts" not in card


async def test_y_copies_the_row_with_its_citation(seeded: Tracker) -> None:
    app = app_at(seeded, "2025-12-10")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(pilot)
        table = view(app, "tariffs").table
        table.move_cursor(row=table.get_row_index("US/KR/autos-232"))
        await pilot.press("y")
        await settle(pilot)
        copied = app.clipboard
        assert copied.startswith("US/KR/autos-232 as of 2025-12-10: ")
        assert "rate 15 % floor" in copied and "Sources: " in copied
        assert "Korea JoongAng Daily" in copied
        assert any(copied in n.message for n in app._notifications)  # shown on screen too
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")  # the evidence screen copies the same citation
        await settle(pilot)
        assert app.clipboard.startswith("US/KR/autos-232 as of 2025-12-10") and "Sources:" in (
            app.clipboard
        )


async def test_e_exports_the_view_as_csv_and_markdown_with_sources(
    seeded: Tracker, tmp_path: Path
) -> None:
    """The store fixture works in `tmp_path`, so a bare file name lands there."""
    app = app_at(seeded, "2025-12-10")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await settle(pilot)
        target = tmp_path / "m.csv"
        await pilot.press("e", *"m.csv", "enter")
        await settle(pilot)
        rows = list(csv.reader(target.open(encoding="utf-8")))
        assert rows[0][-1] == "sources" and rows[0][0] == "counterpart"
        greer = next(r for r in rows if r[0] == "Jamieson Greer")
        held = next(r for r in seeded.meetings(as_of=D(2025, 12, 10)) if r.counterpart == greer[0])
        assert greer[3] == str(held.count) and "https://" in greer[-1]
        await pilot.press("1")
        await settle(pilot)
        markdown = tmp_path / "t.md"
        await pilot.press("e", *"t.md", "enter")
        await settle(pilot)
        lines = markdown.read_text(encoding="utf-8").splitlines()
        assert lines[0] == "| date | type | status | id | title | sources |"  # as `tracker log`
        assert len(lines) == 2 + seeded.count_events()
        await pilot.press("e", *"x.txt", "enter")
        assert "end the name in .csv or .md" in str(app.screen.query_one(".prompt-error").render())


async def test_served_to_a_browser_e_sends_a_download_and_writes_no_file(
    seeded: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`tracker serve`: the export goes to the browser's downloads, not the server's disk."""
    app = app_at(seeded, "2025-12-10")
    delivered: list[tuple[str, str | None, str | None]] = []

    def deliver_text(
        file: io.StringIO, *, save_filename: str | None = None, mime_type: str | None = None
    ) -> None:
        delivered.append((file.getvalue(), save_filename, mime_type))

    monkeypatch.setattr(type(app), "is_web", property(lambda _: True))
    monkeypatch.setattr(app, "deliver_text", deliver_text)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("e", *"sub/m.csv", "enter")
        error = str(app.screen.query_one(".prompt-error").render())
        assert "a file name only" in error
        await pilot.press(*["backspace"] * len("sub/m.csv"), *"m.csv", "enter")
        await settle(pilot)
    assert not (tmp_path / "m.csv").exists()
    [(content, name, mime)] = delivered
    assert (name, mime) == ("m.csv", "text/csv")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][0] == "counterpart" and rows[0][-1] == "sources"
    assert any(r[0] == "Jamieson Greer" for r in rows)


async def test_the_palette_jumps_to_a_counterpart_and_to_a_date(seeded: Tracker) -> None:
    app = app_at(seeded, "2025-12-10")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"jamieson")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        meetings = view(app, "meetings")
        assert meetings.active
        selected = meetings.selected()
        assert selected is not None and selected.counterpart == "Jamieson Greer"
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"2025-04-24")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.cursor.as_of == D(2025, 4, 24)


async def test_question_mark_shows_the_keys(seeded: Tracker) -> None:
    app = app_at(seeded, "2025-12-10")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(plain(s.content) for s in app.screen.query(Static).results(Static))
        for key in ("[  ]", "{  }", "space", "enter", "ctrl+p", "Four questions"):
            assert key in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
