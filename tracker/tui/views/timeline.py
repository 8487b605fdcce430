"""View 1, the timeline: every stored event by date, paged from the store by keyset.

The window opens on the as-of date (its last event takes the cursor) and pages
on as the cursor nears either end. `f` keeps only some event types; `/` finds
text in title, body, people and quote, and `n`/`N` jump to the next or previous
event that has it (wrapping around the ends); found rows are marked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from attrs import evolve, field, frozen
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static

from tracker.api import TimelineKey, Tracker
from tracker.citations import cite
from tracker.corrections import CorrectionIndex
from tracker.model import TYPES_BY_NAME, Recorded
from tracker.render import printable
from tracker.tables import LOG_COLUMNS
from tracker.tui.clock import Cursor
from tracker.tui.messages import AsOfChosen, EvidenceWanted, RowsLoaded
from tracker.tui.screens.choose import TypesScreen
from tracker.tui.screens.prompt import PromptScreen
from tracker.tui.timeline_rows import Direction, TimelineRow, timeline_row
from tracker.tui.views.base import Exported, Subject, View
from tracker.tui.widgets.timeline_list import TimelineList

PAGE = 200


@frozen
class TimelineRequest:
    cursor: Cursor
    types: tuple[str, ...] = ()
    search: str | None = None
    split: TimelineKey | None = None  # rows up to this key come before the cursor


@frozen
class WindowRead:
    before: list[TimelineRow]
    after: list[TimelineRow]
    empty: str = ""  # why there are no rows, when there are none


@frozen
class Labelled:
    """The corrections were read: label the rows shown (corrected, retracted)."""

    index: CorrectionIndex = field(eq=False)


@frozen
class Counted:
    start: int  # how many events come before the window's first row
    total: int


@dataclass
class PageLoaded(Message):
    request: TimelineRequest
    direction: Direction
    rows: list[TimelineRow]


@dataclass
class MatchFound(Message):
    request: TimelineRequest
    key: TimelineKey | None
    wrapped: bool


class TimelineView(View):
    """The events, a window at a time, with the as-of date's rows highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "filter", "Filter types"),
        Binding("slash", "search", "Search"),
        Binding("n", "find(1)", "Next match"),
        Binding("N", "find(-1)", "Prev match", key_display="N"),
        Binding("equals_sign", "as_of_row", "As of row", key_display="="),
    ]

    def __init__(self, tracker: Tracker, cursor: Cursor) -> None:
        super().__init__(tracker, cursor, id="timeline")
        self.types: tuple[str, ...] = ()
        self.search: str | None = None
        self.split: TimelineKey | None = None
        self.counted: Counted | None = None
        self.finishing = False  # the labels and counts of the rows shown are still to come
        # the corrections as known on each moment asked about (None: now), read once
        self.indexes: dict[dt.datetime | None, CorrectionIndex] = {}
        self.since: dt.date | None = None

    def compose_view(self) -> ComposeResult:
        yield Static("", id="timeline-status", markup=False)
        yield TimelineList(PAGE, id="timeline-list")

    @property
    def rows(self) -> TimelineList:
        return self.query_one(TimelineList)

    def follow(self, cursor: Cursor) -> None:
        self.split = None  # a new date re-opens the window on it
        super().follow(cursor)

    def request(self) -> TimelineRequest:
        return TimelineRequest(self.cursor, self.types, self.search, self.split)

    # -- reading (in a thread) -----------------------------------------------

    def read(self, request: TimelineRequest) -> Iterator[WindowRead | Labelled | Counted]:
        """The window's rows, labelled if the corrections were read before."""
        known_on = request.cursor.known_on
        split = request.split or TimelineKey.end_of(request.cursor.as_of)
        before = self.tracker.timeline_page(
            before=TimelineKey(split.date, split.seq + 1),
            limit=PAGE,
            types=request.types,
            known_on=known_on,
        )
        after = self.tracker.timeline_page(
            after=split, limit=PAGE, types=request.types, known_on=known_on
        )
        empty = ""
        if not before and not after:
            what = "events of these types" if request.types else "events"
            empty = self.why_empty(request.cursor, what)
        yield WindowRead(self._rows(request, before), self._rows(request, after), empty)

    def _rows(self, request: TimelineRequest, records: list[Recorded]) -> list[TimelineRow]:
        index = self.indexes.get(request.cursor.known_on)
        return [timeline_row(record, index, request.search) for record in records]

    def forget(self) -> None:
        """`r`: the store may have changed, so read its corrections again."""
        self.indexes.clear()

    # -- showing -------------------------------------------------------------

    def show(self, request: TimelineRequest, result: WindowRead | Labelled | Counted) -> None:
        if isinstance(result, Labelled):
            self.indexes[request.cursor.known_on] = result.index
            self.rows.relabel(result.index, request.search)
            return
        if isinstance(result, Counted):
            self.finishing = False
            self.counted = result
            self.update_status()
            return
        shown = self.shown
        if isinstance(shown, TimelineRequest) and shown.cursor != request.cursor:
            before = shown.cursor.as_of
            self.since = before if before < request.cursor.as_of else None
        rows = self.rows
        if result.before or result.after:
            rows.show_rows(result.before, result.after, request.cursor.as_of, self.since)
        else:
            rows.show_message(result.empty)
        self.update_status()
        self.finishing = True
        self.call_after_refresh(self.read_more, request, result)

    @property
    def settled(self) -> bool:
        return super().settled and not self.finishing and not self.rows.centring

    def read_more(self, request: TimelineRequest, window: WindowRead) -> None:
        """After the rows are on screen, what they need not wait for: their place in the
        log and, on a large store slower to read than a page, the corrections' labels."""
        rows = window.before or window.after
        first = rows[0] if rows else None
        known_on, types = request.cursor.known_on, request.types
        label = known_on not in self.indexes

        def read() -> None:
            start = total = 0
            try:
                if label:
                    index = self.tracker.corrections(known_on)
                    self.post_message(RowsLoaded(request, Labelled(index)))
                total = self.tracker.count_events(types=types, known_on=known_on)
                if first is not None:
                    start = self.tracker.count_events(
                        types=types, known_on=known_on, before=first.key
                    )
            except Exception:  # the rows are shown; without labels or a place is no harm
                start = total = 0
            self.post_message(RowsLoaded(request, Counted(start, total)))

        self.run_worker(
            read, thread=True, group="timeline-more", exclusive=True, exit_on_error=False
        )

    def update_status(self) -> None:
        parts = ["types: " + (", ".join(self.types) if self.types else "all")]
        if self.search:
            parts.append(f"search: {printable(self.search)} (n/N)")
        counted = self.counted
        if counted is not None and counted.total:
            place = counted.start + self.rows.cursor + 1
            parts.append(f"event {place:,} of {counted.total:,}")
        self.query_one("#timeline-status", Static).update("  ·  ".join(parts))

    @on(TimelineList.Moved)
    def moved(self, event: TimelineList.Moved) -> None:
        event.stop()
        self.update_status()

    # -- paging --------------------------------------------------------------

    @on(TimelineList.RowsWanted)
    def rows_wanted(self, event: TimelineList.RowsWanted) -> None:
        event.stop()
        request = self.shown
        key = self.rows.window.edge_key(event.direction)
        if not isinstance(request, TimelineRequest) or key is None:
            return
        direction = event.direction
        self.run_worker(
            lambda: self._page(request, direction, key),
            thread=True,
            group=f"page-{direction}",
            exclusive=True,
            exit_on_error=False,
        )

    def _page(self, request: TimelineRequest, direction: Direction, key: TimelineKey) -> None:
        after, before = (key, None) if direction == "after" else (None, key)
        try:
            records = self.tracker.timeline_page(
                after=after,
                before=before,
                limit=PAGE,
                types=request.types,
                known_on=request.cursor.known_on,
            )
            rows = self._rows(request, records)
        except Exception:  # the next move asks again; a window that stops short is no harm
            rows = []
        self.post_message(PageLoaded(request, direction, rows))

    @on(PageLoaded)
    def page_loaded(self, message: PageLoaded) -> None:
        message.stop()
        if message.request != self.shown or message.request != self.wanted:
            return
        shift = self.rows.add_rows(message.direction, message.rows)
        index = self.indexes.get(message.request.cursor.known_on)
        if index is not None and any(row.status == "unknown" for row in message.rows):
            self.rows.relabel(index, message.request.search)  # read while they were not
        if self.counted is not None:
            self.counted = evolve(self.counted, start=self.counted.start - shift)
        self.update_status()

    @on(TimelineList.EdgeWanted)
    def edge_wanted(self, event: TimelineList.EdgeWanted) -> None:
        event.stop()
        self.split = (
            TimelineKey(dt.date.min, 0)
            if event.edge == "start"
            else TimelineKey.end_of(dt.date.max)
        )
        self.reload()

    # -- filter, search, find ------------------------------------------------

    def action_filter(self) -> None:
        def chosen(types: tuple[str, ...] | None) -> None:
            if types is not None and types != self.types:
                self.types = types
                self.split = self._cursor_key()
                self.reload()

        self.app.push_screen(TypesScreen(sorted(TYPES_BY_NAME), self.types), chosen)

    def action_search(self) -> None:
        def searched(text: str | None) -> None:
            if text is None:
                return
            self.search = text or None
            if self.search:
                key = self._cursor_key()
                self._find(TimelineKey(key.date, key.seq - 1), 1)
            else:
                self.reload()

        self.app.push_screen(
            PromptScreen(
                "Search title, body, people and quote (Enter finds, empty clears)",
                self.search or "",
                placeholder="text",
            ),
            searched,
        )

    def action_find(self, step: int) -> None:
        if not self.search:
            self.notify("Press / to search first.", severity="warning")
            return
        self._find(self._cursor_key(), step)

    def _cursor_key(self) -> TimelineKey:
        row = self.rows.current
        return row.key if row else TimelineKey.end_of(self.cursor.as_of)

    def _find(self, key: TimelineKey, step: int) -> None:
        request = self.request()
        self.run_worker(
            lambda: self._find_in_thread(request, key, step),
            thread=True,
            group="find",
            exclusive=True,
            exit_on_error=False,
        )

    def _find_in_thread(self, request: TimelineRequest, key: TimelineKey, step: int) -> None:
        filters = {
            "limit": 1,
            "types": request.types,
            "search": request.search,
            "known_on": request.cursor.known_on,
        }
        if step > 0:
            found = self.tracker.timeline_page(after=key, **filters)  # type: ignore[arg-type]
            wrap = {"after": TimelineKey(dt.date.min, 0)}
        else:
            found = self.tracker.timeline_page(before=key, **filters)  # type: ignore[arg-type]
            wrap = {"before": TimelineKey.end_of(dt.date.max)}
        wrapped = not found
        if wrapped:
            found = self.tracker.timeline_page(**wrap, **filters)  # type: ignore[arg-type]
        self.post_message(MatchFound(request, TimelineKey.of(found[0]) if found else None, wrapped))

    @on(MatchFound)
    def match_found(self, message: MatchFound) -> None:
        message.stop()
        if message.request != self.request():
            return
        if message.key is None:
            self.notify(
                f"No event has {printable(self.search or '')!r}.", severity="warning", markup=False
            )
            self.reload()
            return
        if message.wrapped:
            self.notify("Search wrapped around the timeline.")
        self.split = message.key
        self.reload()

    # -- evidence and the as-of date -------------------------------------------

    @on(TimelineList.Chosen)
    def chosen(self, event: TimelineList.Chosen) -> None:
        event.stop()
        self.post_message(EvidenceWanted(f"Event {event.row.id}", (event.row.id,), None))

    def action_as_of_row(self) -> None:
        row = self.rows.current
        if row is not None:
            self.post_message(AsOfChosen(row.date))

    def copy_subject(self) -> Subject | None:
        row = self.rows.current
        if row is None:
            return None
        return row.title, [("on", row.date.isoformat()), ("type", row.type)], (row.id,)

    def export_job(self) -> Callable[[], Exported]:
        """Every event the filter keeps, as `tracker log` lists them (not only the window)."""
        tracker, types, known_on = self.tracker, self.types, self.cursor.known_on

        def job() -> Exported:
            entries = tracker.log(types=types, known_on=known_on)
            cited = [[cite(entry.record.id, entry.event.source)] for entry in entries]
            return LOG_COLUMNS, entries, cited

        return job
