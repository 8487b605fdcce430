"""The timeline's rows, drawn a line at a time from a window paged in by keyset.

A `ScrollView` with the Line API, as toolong shows log files of millions of
lines: only the rows on screen are rendered (kept in an LRU of strips), and when
the cursor nears an end of the window the widget asks for the next page with a
`RowsWanted` message; the view reads it in a worker and hands it back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tracker.corrections import CorrectionIndex
from tracker.render import printable
from tracker.tui.timeline_rows import Direction, TimelineRow, TimelineWindow

MARKS = {"corrected": "✎", "retracted": "✗", "correction": "↳", "original": " ", "unknown": "·"}
PAGE_MARGIN = 20  # ask for the next page this many rows before the window's end


@dataclass(frozen=True)
class Layout:
    """Column widths for one terminal width; the publisher column goes first when narrow."""

    title: int
    publisher: int

    GUTTER: ClassVar[int] = 3
    DATE: ClassVar[int] = 10
    TYPE: ClassVar[int] = 17

    @classmethod
    def for_width(cls, width: int) -> Layout:
        rest = width - cls.GUTTER - cls.DATE - cls.TYPE - 2
        publisher = 0 if rest < 50 else min(28, max(14, rest // 4))
        title = max(8, rest - (publisher + 1 if publisher else 0))
        return cls(title, publisher)


class TimelineList(ScrollView, can_focus=True):
    """Rows of the timeline; the cursor row is the selected one, as-of rows are highlighted."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--header",
        "timeline--cursor",
        "timeline--cursor-blurred",
        "timeline--as-of",
        "timeline--new",
        "timeline--retracted",
        "timeline--marked",
        "timeline--match",
        "timeline--type",
        "timeline--publisher",
        "timeline--message",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge('start')", "First event", show=False),
        Binding("end", "edge('end')", "Last event", show=False),
        Binding("enter", "choose", "Evidence", show=False),
    ]

    cursor = reactive(0, repaint=False, init=False)

    @dataclass
    class RowsWanted(Message):
        """The cursor nears an end of the window: the page beyond it is wanted."""

        direction: Direction

    @dataclass
    class EdgeWanted(Message):
        """Home or End: the window should move to the first or last event."""

        edge: Literal["start", "end"]

    @dataclass
    class Chosen(Message):
        """Enter (or a double click) on a row: its evidence is wanted."""

        row: TimelineRow

    @dataclass
    class Moved(Message):
        """The cursor moved to another row."""

        row: TimelineRow | None

    def __init__(self, page: int, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.page = page
        self.window = TimelineWindow()
        self.as_of = dt.date.min
        self.since: dt.date | None = None  # the previous as-of: rows after it are new this step
        self.message = ""
        self.pending: set[Direction] = set()
        self.centring = False  # a fresh window is still to be centred once laid out
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)

    # -- what the view hands down -------------------------------------------

    def show_rows(
        self,
        before: list[TimelineRow],
        after: list[TimelineRow],
        as_of: dt.date,
        since: dt.date | None,
    ) -> None:
        """A fresh window: `before` ends at the anchor row, which takes the cursor."""
        self.window.reset(before, after, self.page)
        self.as_of, self.since, self.pending = as_of, since, set()
        self.message = ""
        self._resize()
        self.set_reactive(TimelineList.cursor, max(0, len(before) - 1))
        self.centring = True
        self._centre()
        self.call_after_refresh(self._centred)
        self.refresh()
        self.post_message(self.Moved(self.current))

    def add_rows(self, direction: Direction, rows: list[TimelineRow]) -> int:
        """Add a page at one end; returns how far the rows already shown moved."""
        shift = self.window.extend(direction, rows, self.page)
        self.pending.discard(direction)
        self._resize()
        if shift:
            self.set_reactive(TimelineList.cursor, self.cursor + shift)
            self.scroll_to(y=self.scroll_y + shift, animate=False, immediate=True)
        self.refresh()
        self._want_more()
        return shift

    def relabel(self, index: CorrectionIndex, search: str | None) -> None:
        """The corrections were read: mark and retext the rows where they stand."""
        self.window.relabel(index, search)
        self.refresh()
        self.post_message(self.Moved(self.current))

    def show_message(self, message: str) -> None:
        self.window.reset([], [], self.page)
        self.message = message
        self._resize()
        self.refresh()
        self.post_message(self.Moved(None))

    @property
    def current(self) -> TimelineRow | None:
        rows = self.window.rows
        return rows[self.cursor] if 0 <= self.cursor < len(rows) else None

    # -- moving --------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.window.rows) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._keep_visible()
        self._want_more()
        self.post_message(self.Moved(self.current))

    def action_move(self, rows: int) -> None:
        self.cursor += rows

    def action_page(self, pages: int) -> None:
        self.cursor += pages * max(1, self.size.height - 2)

    def action_edge(self, edge: Literal["start", "end"]) -> None:
        self.post_message(self.EdgeWanted(edge))

    def action_choose(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self.current))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = int(self.scroll_y) + offset.y - 1
        if 0 <= index < len(self.window.rows):
            self.cursor = index
            if event.chain >= 2:
                self.action_choose()

    def _keep_visible(self) -> None:
        visible = max(1, self.size.height - 1)
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, immediate=True)

    def _centred(self) -> None:
        """Centre again once laid out (the scroll range may not have grown before)."""
        self._centre()
        self.centring = False

    def _centre(self) -> None:
        visible = max(1, self.size.height - 1)
        self.scroll_to(y=max(0, self.cursor - visible // 2), animate=False, immediate=True)

    def _want_more(self) -> None:
        window = self.window
        if not window.rows:
            return
        if window.more_before and self.cursor < PAGE_MARGIN and "before" not in self.pending:
            self.pending.add("before")
            self.post_message(self.RowsWanted("before"))
        near_end = self.cursor >= len(window.rows) - PAGE_MARGIN
        if window.more_after and near_end and "after" not in self.pending:
            self.pending.add("after")
            self.post_message(self.RowsWanted("after"))

    def on_focus(self) -> None:
        self._refresh_row(self.cursor)

    def on_blur(self) -> None:
        self._refresh_row(self.cursor)

    def on_resize(self) -> None:
        self._resize()
        self._keep_visible()

    def _resize(self) -> None:
        height = len(self.window.rows) or (2 if self.message else 0)
        self.virtual_size = Size(self.scrollable_content_region.width, height + 1)

    # -- drawing -------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def _refresh_row(self, index: int) -> None:
        y = index - int(self.scroll_y) + 1
        if 0 < y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        layout = Layout.for_width(width)
        if y == 0:
            return self._header(layout, width)
        index = int(self.scroll_y) + y - 1
        rows = self.window.rows
        if not rows:
            if y == 2 and self.message:
                style = self.rich_style + self.get_component_rich_style(
                    "timeline--message", partial=True
                )
                return self._strip(Text(" " + printable(self.message), style), width)
            return Strip.blank(width, self.rich_style)
        if index >= len(rows):
            return Strip.blank(width, self.rich_style)
        row = rows[index]
        flags = (
            index == self.cursor and self.has_focus,
            index == self.cursor,
            row.date == self.as_of,
            self.since is not None and self.since < row.key.date <= self.as_of,
        )
        cache_key = (row.key, row.status, row.title, row.matched, width, *flags)
        strip = self._strips.get(cache_key)
        if strip is None:
            strip = self._strip(self._row_text(row, layout, *flags), width)
            self._strips[cache_key] = strip
        return strip

    def _strip(self, text: Text, width: int) -> Strip:
        """The text as one line of cells, its own style under every cell: rich drops a
        text's style when it has no spans, as on the focused cursor row."""
        style = text.style if isinstance(text.style, Style) else Style()
        return Strip(text.render(self.app.console)).apply_style(style).crop_extend(0, width, style)

    def _header(self, layout: Layout, width: int) -> Strip:
        style = self.rich_style + self.get_component_rich_style("timeline--header", partial=True)
        text = Text(" " * Layout.GUTTER, style=style)
        text.append("date".ljust(Layout.DATE + 1))
        text.append("type".ljust(Layout.TYPE + 1))
        text.append("title".ljust(layout.title + 1))
        if layout.publisher:
            text.append("source")
        text.pad_right(max(0, width - text.cell_len))
        return self._strip(text, width)

    def _row_text(
        self, row: TimelineRow, layout: Layout, focused: bool, chosen: bool, as_of: bool, new: bool
    ) -> Text:
        base = self.rich_style
        if as_of:
            base += self.get_component_rich_style("timeline--as-of", partial=True)
        if chosen:
            base += self.get_component_rich_style(
                "timeline--cursor" if focused else "timeline--cursor-blurred", partial=True
            )
        if row.status == "retracted":
            base += self.get_component_rich_style("timeline--retracted", partial=True)
        text = Text(style=base, no_wrap=True, overflow="ellipsis")

        def span(name: str) -> Style | None:
            """A column's own colour, except on the focused cursor row (its own colours)."""
            if chosen and focused:
                return None
            return self.get_component_rich_style(f"timeline--{name}", partial=True)

        text.append(MARKS[row.status], span("marked"))
        text.append("●" if new else " ", span("new"))
        text.append(" ")
        text.append(row.date.isoformat().ljust(Layout.DATE + 1))
        text.append(_cut(row.type, Layout.TYPE), span("type"))
        text.append(" ")
        text.append(
            _cut(printable(row.title), layout.title), span("match") if row.matched else None
        )
        if layout.publisher:
            text.append(" ")
            text.append(_cut(printable(row.publisher), layout.publisher), span("publisher"))
        return text


def _cut(text: str, width: int) -> str:
    """Exactly `width` cells: cut with an ellipsis, or padded."""
    fitted = Text(text, no_wrap=True, overflow="ellipsis")
    fitted.truncate(width, overflow="ellipsis", pad=True)
    return fitted.plain
