"""The command palette (ctrl+p): every view and action, and jumps to a counterpart,
a tariff line or a date.

Jump targets are read when the palette opens (in a thread), as of the cursor:
the counterparts met and the tariff lines standing then. Typing a date offers
to move the as-of date to it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tracker.moments import MomentError, parse_date
from tracker.render import printable

if TYPE_CHECKING:
    from tracker.tui.app import TrackerApp

Command = tuple[str, Callable[[], Any], str]

ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Next event date", "step(1)", "]"),
    ("Previous event date", "step(-1)", "["),
    ("A month on", "month(1)", "}"),
    ("A month back", "month(-1)", "{"),
    ("Type an as-of date", "ask_as_of", "a"),
    ("Type a known-on moment", "ask_known_on", "k"),
    ("Known on now", "known_now", "K"),
    ("As of today", "today", "t"),
    ("As of the latest event", "latest", "T"),
    ("Play / stop", "play", "space"),
    ("Copy the selected row with its citation", "copy", "y"),
    ("Export this view (CSV or Markdown)", "export", "e"),
    ("Read the store again", "reload", "r"),
    ("Keys and the four questions", "help", "?"),
)


class TrackerCommands(Provider):
    """Views, actions and jumps, found by what they say."""

    @property
    def tracker_app(self) -> TrackerApp:
        return self.app  # type: ignore[return-value]

    async def startup(self) -> None:
        app = self.tracker_app
        cursor = app.cursor

        def read() -> tuple[list[str], list[tuple[str, str, str]]]:
            meetings = app.tracker.meetings(as_of=cursor.as_of, known_on=cursor.known_on)
            lines = app.tracker.tariffs(as_of=cursor.as_of, known_on=cursor.known_on)
            return (
                [row.counterpart for row in meetings],
                [(line.imposed_by, line.applies_to, line.measure) for line in lines],
            )

        try:
            self.counterparts, self.lines = await asyncio.to_thread(read)
        except Exception:  # jumps need the store; views and actions do not
            self.counterparts, self.lines = [], []

    def commands(self) -> list[Command]:
        app = self.tracker_app
        found: list[Command] = []
        for number, (name, title) in enumerate(app.view_titles(), start=1):
            found.append((f"View: {title}", partial(app.action_view, name), f"key {number}"))
        for title, action, key in ACTIONS:
            found.append((title, partial(app.run_action, action), f"key {key}"))
        for counterpart in self.counterparts:
            text = f"Meetings with {printable(counterpart)}"
            found.append((text, partial(app.jump, "meetings", counterpart), "counterpart"))
        for line in self.lines:
            name = "/".join(line)
            found.append((f"Tariff line {name}", partial(app.jump, "tariffs", name), "tariff line"))
        return found

    async def discover(self) -> Hits:
        for text, command, help_text in self.commands():
            yield DiscoveryHit(Content(text), command, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        try:
            day = parse_date(query.strip())
        except MomentError:
            day = None
        if day is not None:
            text = f"As of {day.isoformat()}"
            yield Hit(1.0, Content(text), partial(self.tracker_app.move_to, day), text=text)
        matcher = self.matcher(query)
        for text, command, help_text in self.commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, text=text, help=help_text)
