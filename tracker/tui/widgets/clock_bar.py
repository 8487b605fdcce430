"""The header that never scrolls away: as of, known on, data through, and the store.

So nobody mistakes a stale answer for today's, it says how the as-of date
stands against the store's events: before the first, after the last.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tracker.render import printable
from tracker.tui.clock import Cursor, known_on_label


class ClockBar(Widget):
    """Two lines: the two clocks and the data's reach; then the store and notes."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "clock--label",
        "clock--value",
        "clock--past",
        "clock--warning",
        "clock--playing",
    }

    cursor: reactive[Cursor | None] = reactive(None)
    span: reactive[tuple[dt.date, dt.date] | None] = reactive(None)
    spanned = reactive(False)  # whether `span` was read yet
    playing = reactive(False)
    store = reactive("")

    def render(self) -> Text:
        label = self.get_component_rich_style("clock--label", partial=True)
        value = self.get_component_rich_style("clock--value", partial=True)
        text = Text(no_wrap=True, overflow="ellipsis")
        cursor = self.cursor
        if cursor is None:
            return text
        text.append(" as of ", label)
        text.append(f"{cursor.as_of.isoformat()} {cursor.as_of:%a}", value)
        text.append("   known on ", label)
        past = self.get_component_rich_style("clock--past", partial=True)
        text.append(known_on_label(cursor.known_on), past if cursor.known_on else value)
        text.append("   data through ", label)
        through = self.span[1].isoformat() if self.span else ("no events" if self.spanned else "…")
        text.append(through, value)
        if self.playing:
            text.append(
                "   ▶ playing", self.get_component_rich_style("clock--playing", partial=True)
            )
        text.append("\n")
        text.append(" store ", label)
        text.append(printable(self.store))
        note = self.note()
        if note:
            text.append("   ")
            text.append(note, self.get_component_rich_style("clock--warning", partial=True))
        return text

    def note(self) -> str:
        """How the as-of date stands against the events in the store, when that matters."""
        cursor, span = self.cursor, self.span
        if cursor is None or not self.spanned:
            return ""
        if span is None:
            return "the store holds no events"
        first, last = span
        if cursor.as_of < first:
            return f"before the first event ({first.isoformat()})"
        if cursor.as_of > last:
            days = (cursor.as_of - last).days
            return f"{days} day{'s' if days != 1 else ''} after the latest event"
        return ""
